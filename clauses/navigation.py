"""The market follow-up's entries in the members' navigation (network/members_nav.py)
and its "Mes tâches" panel of the dashboard: each screen a person's grants open, asked
of network.permissions (no role name is tested here)."""

from __future__ import annotations

from django.urls import reverse

from clauses.listings.outcomes import outcomes_due
from clauses.models import (
    Beneficiary,
    HireProposal,
    HoursDeclaration,
    Market,
    PersonalDataLog,
    Placement,
)
from clauses.operations.hours_review import awaiting
from network.dashboard import Panel, register_panel
from network.members_nav import Entry, register_entry
from network.models import Organisation, Territory
from network.permissions import Action, Anchor, anchor_ids, has_any_anchor, may_manage_companies


def may_read_bilans(user) -> bool:
    return has_any_anchor(user, Action.VIEW, Territory) or has_any_anchor(
        user, Action.VIEW, Organisation)


def may_handle_forecasts(user) -> bool:
    return has_any_anchor(user, Action.SUBMIT_FORECAST, Organisation) or has_any_anchor(
        user, Action.ASSESS_FORECAST, Market)


def _viewer_of(model):
    return lambda user: has_any_anchor(user, Action.VIEW, model)


ENTRIES = (
    Entry("markets", "Marchés", "clauses:market_list", _viewer_of(Market), order=20),
    Entry("forecasts", "Prévisions", "clauses:forecast_list", may_handle_forecasts,
          order=25, prefixes=("/espace/marches/prevision/",)),
    Entry("beneficiaries", "Bénéficiaires", "clauses:beneficiary_list",
          _viewer_of(Beneficiary), order=30),
    Entry("placements", "Placements", "clauses:placement_list", _viewer_of(Placement),
          order=35, prefixes=("/espace/marches/sorties/",)),
    Entry("hours", "Heures", "clauses:hours_list", _viewer_of(HoursDeclaration), order=40,
          prefixes=("/espace/marches/import/",)),
    # The company records (shared reference data) and the DECP import that fills them.
    Entry("companies", "Entreprises", "clauses:company_list", may_manage_companies,
          order=45),
    Entry("bilans", "Bilans", "clauses:bilans", may_read_bilans, order=50),
    # A company referent's own space (their company's clauses, people and hours).
    Entry("company_space", "Mon entreprise", "clauses:company_space",
          lambda user: bool(anchor_ids(user, Action.VIEW, Anchor.COMPANY)), order=15),
    Entry("audit_log", "Journal des accès", "clauses:audit_log",
          lambda user: has_any_anchor(user, Action.VIEW_AUDIT_LOG, PersonalDataLog),
          order=90),
)


def register_entries() -> None:
    for entry in ENTRIES:
        register_entry(entry)


def tasks(user) -> list[dict]:
    """The day's tasks the person's grants open, each one click away; the outcomes to
    record are counted (one query)."""
    found = []

    def add(label, url_name, query="", count=None):
        found.append({"label": label, "url": reverse(url_name) + query, "count": count})

    if has_any_anchor(user, Action.DECLARE, HoursDeclaration):
        add("Saisir les heures d'un placement en cours", "clauses:placement_list",
            "?etat=en_cours")
        add("Importer des heures (CSV, XLSX)", "clauses:hours_import")
    if has_any_anchor(user, Action.VALIDATE_HOURS, HoursDeclaration):
        add("Heures déclarées par les entreprises à valider", "clauses:hours_awaiting",
            count=awaiting(user).count())
    if has_any_anchor(user, Action.DECLARE, HireProposal):
        add("Embauches proposées par les entreprises", "clauses:proposal_list")
    if has_any_anchor(user, Action.DECLARE, Placement):
        add("Sorties à renseigner", "clauses:outcomes_due", count=outcomes_due(user).count())
    if has_any_anchor(user, Action.DECLARE, Beneficiary):
        add("Nouveau bénéficiaire", "clauses:beneficiary_create")
    if has_any_anchor(user, Action.ASSESS_FORECAST, Market):
        add("Prévisions à étudier", "clauses:forecast_list", "?etude=a_etudier")
    if has_any_anchor(user, Action.SUBMIT_FORECAST, Organisation):
        add("Transmettre une prévision", "clauses:forecast_create")
        add("Importer des prévisions (CSV, XLSX)", "clauses:forecast_import")
    if has_any_anchor(user, Action.CHANGE, Market):
        add("Accords de globalisation", "clauses:globalisation_list")
    if may_manage_companies(user):
        add("Importer des marchés attribués (DECP)", "clauses:decp_import")
    if has_any_anchor(user, Action.VIEW, Market):
        add("Marchés à suivre", "clauses:attention")
    return found


def _tasks_context(request) -> dict | None:
    found = tasks(request.user)
    return {"tasks": found} if found else None


def register_dashboard_panel() -> None:
    register_panel(Panel(
        key="clauses_tasks", title="Mes tâches", template_name="clauses/dashboard/tasks.html",
        get_context=_tasks_context, order=1,
    ))
