"""The ways a person changes the market follow-up, each driven as that person would: the
member screens, the Wagtail admin, the JSON API and the file imports. The channel × rule
tests try every rule through every channel that exposes it."""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass

from django.urls import reverse
from wagtail.models import APIToken

from clauses.imports.monthly_hours import import_hours


@dataclass
class Answer:
    """What the channel answered: refused or not, and the French text it showed."""

    refused: bool
    text: str


def _page(response, saved_prefix: str = "") -> Answer:
    """A saved form redirects (to `saved_prefix` for the admin, whose refusals redirect
    elsewhere); a form page that comes back, a 403 or a 404 is a refusal."""
    text = html.unescape(response.content.decode())
    saved = response.status_code == 302 and response.url.startswith(saved_prefix)
    return Answer(not saved, text)


def member_declare(client, user, placement, month: str, hours: str, credited=None) -> Answer:
    client.force_login(user)
    response = client.post(reverse("clauses:declaration_create", args=[placement.pk]), {
        "month": month, "hours_worked": hours, "training_hours": "0",
        "credited_clause": (credited or placement.clause).pk,
    })
    return _page(response)


def admin_declare(client, user, placement, month: str, hours: str, credited=None) -> Answer:
    client.force_login(user)
    response = client.post("/admin/heures-declarees/new/", {
        "placement": placement.pk, "month": f"{month}-01", "hours_worked": hours,
        "training_hours": "0", "credited_clause": (credited or placement.clause).pk,
    })
    return _page(response, "/admin/heures-declarees/")


def api_declare(client, user, placement, month: str, hours: str, credited=None) -> Answer:
    token = APIToken.create_token(user=user, name="test")[1]
    payload = {"placement": placement.pk, "mois": month, "heures": hours}
    if credited is not None:
        payload["clause_creditee"] = credited.pk
    response = client.post("/api/v1/declarations", payload, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    return Answer(response.status_code >= 400, json.dumps(response.json(), ensure_ascii=False))


def import_declare(client, user, placement, month: str, hours: str, credited=None) -> Answer:
    lot = placement.clause.lot.number if placement.clause.lot_id else ""
    data = io.BytesIO(
        "marche;lot;beneficiaire;mois;heures;heures_formation\n"
        f"{placement.clause.market.reference};{lot};{placement.beneficiary.pseudonym};"
        f"{month};{hours};\n".encode()
    )
    data.name = "heures.csv"
    report = import_hours(data, user=user)
    return Answer(not report.ok, " ".join(error.message for error in report.errors))


DECLARING_CHANNELS = {
    "écran membre": member_declare,
    "administration": admin_declare,
    "API": api_declare,
    "import": import_declare,
}


def member_place(client, user, market, **data) -> Answer:
    client.force_login(user)
    return _page(client.post(reverse("clauses:placement_create", args=[market.pk]), data))


def admin_place(client, user, market, **data) -> Answer:
    client.force_login(user)
    return _page(client.post("/admin/placements/new/", data), "/admin/placements/")


PLACING_CHANNELS = {"écran membre": member_place, "administration": admin_place}


def _placement_fields(placement) -> dict:
    return {
        "beneficiary": placement.beneficiary_id, "clause": placement.clause_id,
        "employer": placement.employer_id, "modality": placement.modality,
        "contract_type": placement.contract_type, "rome_code": placement.rome_code,
        "job_label": placement.job_label, "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat() if placement.ends_on else "",
    }


def member_change_placement(client, user, placement, **changes) -> Answer:
    client.force_login(user)
    data = {**_placement_fields(placement), "version": placement.version, **changes}
    return _page(client.post(reverse("clauses:placement_edit", args=[placement.pk]), data))


def admin_change_placement(client, user, placement, **changes) -> Answer:
    client.force_login(user)
    data = {**_placement_fields(placement), **changes}
    return _page(client.post(f"/admin/placements/edit/{placement.pk}/", data),
                 "/admin/placements/")


CHANGING_PLACEMENT_CHANNELS = {
    "écran membre": member_change_placement, "administration": admin_change_placement,
}


def member_outcome(client, user, placement, **data) -> Answer:
    client.force_login(user)
    return _page(client.post(reverse("clauses:outcome_create", args=[placement.pk]), data))


def admin_outcome(client, user, placement, **data) -> Answer:
    client.force_login(user)
    return _page(client.post("/admin/sorties/new/", {"placement": placement.pk, **data}),
                 "/admin/sorties/")


OUTCOME_CHANNELS = {"écran membre": member_outcome, "administration": admin_outcome}
