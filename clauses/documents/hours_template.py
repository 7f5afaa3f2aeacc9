"""The monthly-hours import's spreadsheet, pre-filled with a market's placements active in
a month: one line per placement, its hours of the month already declared (if any) in
place, so that the facilitator completes it and imports it back as it is.

Every person is named by their pseudonym, as the import reads them; a "nom" column is
added for the reader when they may see some of these people's names (the import ignores
it), and that reading is written to the personal-data log.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from clauses import audit
from clauses.imports import monthly_hours
from clauses.imports.reading import Column
from clauses.imports.templates import template_xlsx
from clauses.imports.values import InvalidValue
from clauses.imports.values import month as read_month
from clauses.models import Beneficiary, HoursDeclaration, Market, Placement
from network.permissions import Action, filter_queryset

NAME = Column("nom", "Nom de la personne (pour vous repérer ; non lu à l'import)",
              required=False)
EMPLOYER = Column("employeur", "Employeur (non lu à l'import)", required=False)
JOB = Column("poste", "Poste occupé (non lu à l'import)", required=False)
MESSAGE_BAD_MONTH = "Choisissez le mois du modèle, écrit AAAA-MM (par exemple 2025-03)."


class BadMonth(ValueError):
    """The month asked for cannot be read; the message says so in French."""


def parse_month(raw: str | None, today: datetime.date) -> datetime.date:
    """The month asked for ("2025-03"), the current one when none is."""
    if not raw:
        return today.replace(day=1)
    try:
        return read_month(raw.strip())
    except InvalidValue:
        raise BadMonth(MESSAGE_BAD_MONTH) from None


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) \
        - datetime.timedelta(days=1)


def active_placements(market: Market, month: datetime.date):
    """The market's placements running at some day of `month`."""
    return (
        Placement.objects.filter(clause__market=market, starts_on__lte=_month_end(month))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month))
        .select_related("beneficiary", "employer", "clause__lot")
        .order_by("beneficiary__pseudonym", "starts_on", "pk")
    )


def hours_template(user, market: Market, month: datetime.date) -> bytes:
    """The XLSX template of `market` for `month`, as `user` may read it (the caller has
    checked that they may see the market)."""
    placements = list(active_placements(market, month))
    declared = {
        row["placement_id"]: row
        for row in HoursDeclaration.objects.filter(
            placement__in=[p.pk for p in placements], month=month
        ).values("placement_id", "hours_worked", "training_hours")
    }
    opened = set(filter_queryset(
        user, Action.VIEW_PERSONAL_DATA,
        Beneficiary.objects.filter(pk__in={p.beneficiary_id for p in placements}),
    ).values_list("pk", flat=True)) if placements else set()
    rows = []
    for placement in placements:
        hours = declared.get(placement.pk, {})
        lot = placement.clause.lot.number if placement.clause.lot_id else ""
        row = [market.reference, str(lot), placement.beneficiary.pseudonym,
               f"{month:%Y-%m}", hours.get("hours_worked"), hours.get("training_hours")]
        if opened:
            row.append(placement.beneficiary.full_name
                       if placement.beneficiary_id in opened else "")
        rows.append([*row, str(placement.employer), placement.job_label])
    if opened:
        shown = {p.beneficiary_id: p.beneficiary for p in placements
                 if p.beneficiary_id in opened}
        audit.log_view(user, shown.values(),
                       audit.SHOWN_ON_LISTS,
                       context=f"Modèle d'heures du marché {market.reference} ({month:%m/%Y})")
    notes = (NAME, EMPLOYER, JOB) if opened else (EMPLOYER, JOB)
    return template_xlsx(monthly_hours.COLUMNS, "Heures", rows, notes)


def filename(market: Market, month: datetime.date) -> str:
    return f"heures-marche-{market.pk}-{month:%Y-%m}.xlsx"
