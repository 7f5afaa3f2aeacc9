"""Outcomes to record: ended placements whose situation at the end, or about six months
later, is not written yet (DESIGN.md §3, "Outcomes"). Listed to whoever records them
(Action.DECLARE), each with a link to the form that calls
clauses.operations.placements.record_outcome."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from clauses.enums import OutcomeMoment
from clauses.flags import permission_flag
from clauses.listings.base import Column, Listing, ListingForm, Sort
from clauses.listings.people import placement_columns, territory_field, words_q
from clauses.models import Beneficiary, Outcome, Placement
from clauses.progress import OUTCOME_NOTICE_DAYS, SIX_MONTHS_DAYS
from network.models import Territory
from network.permissions import Action, filter_queryset

MOMENTS = [("", "Toutes"), (OutcomeMoment.END, "À la fin du placement"),
           (OutcomeMoment.SIX_MONTHS, "Environ 6 mois après")]


def _missing(moment: str) -> Exists:
    return ~Exists(Outcome.objects.filter(placement=OuterRef("pk"), moment=moment))


def _six_months_limit(today: datetime.date) -> datetime.date:
    """Placements ended by this day have their 6-month outcome due within a month."""
    return today - datetime.timedelta(days=SIX_MONTHS_DAYS - OUTCOME_NOTICE_DAYS)


def due_q(today: datetime.date, moment: str = "") -> Q:
    end_due = Q(ends_on__lte=today, end_missing=True)
    six_due = Q(ends_on__lte=_six_months_limit(today), six_missing=True)
    if moment == OutcomeMoment.END:
        return end_due
    if moment == OutcomeMoment.SIX_MONTHS:
        return six_due
    return end_due | six_due


def with_missing(placements):
    return placements.annotate(end_missing=_missing(OutcomeMoment.END),
                               six_missing=_missing(OutcomeMoment.SIX_MONTHS))


def outcomes_due(user, today: datetime.date | None = None):
    """The placements whose outcome `user` has to record, at either moment."""
    today = today or timezone.localdate()
    placements = filter_queryset(user, Action.DECLARE,
                                 Placement.objects.filter(ends_on__isnull=False))
    return with_missing(placements).filter(due_q(today))


class OutcomeFilters(ListingForm):
    moment = forms.ChoiceField(label="Sortie", choices=MOMENTS, required=False)
    territoire = territory_field()
    sorts = (
        Sort("fin", "Fin du placement, la plus ancienne d'abord", ("ends_on", "pk")),
        Sort("fin_recente", "Fin du placement, la plus récente d'abord", ("-ends_on", "-pk")),
        Sort("pseudonyme", "Pseudonyme", ("beneficiary__pseudonym", "ends_on", "pk")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = Territory.objects.filter(
            pk__in=self.visible.values("beneficiary__territory")).order_by("name")

    def search(self, rows, words):
        return rows.filter(words_q(words, self.user, "beneficiary", (
            "clause__market__reference", "job_label", "employer__name")))

    def filter(self, rows, data):
        if data.get("moment"):
            rows = rows.filter(due_q(timezone.localdate(), data["moment"]))
        if data.get("territoire"):
            rows = rows.filter(beneficiary__territory=data["territoire"])
        return rows


def _next_moment(p: Placement) -> str:
    return OutcomeMoment.END if p.end_missing else OutcomeMoment.SIX_MONTHS


def _due(p: Placement) -> str:
    today = timezone.localdate()
    due = []
    if p.end_missing:
        due.append("à la fin")
    if p.six_missing and p.ends_on <= _six_months_limit(today):
        due.append("à 6 mois")
    return " et ".join(due)


class OutcomesDueListing(Listing):
    key = "outcomes_due"
    title = "Sorties à renseigner"
    intro = ("Les placements terminés dont la situation de la personne à la fin, ou environ "
             "6 mois après, n'est pas encore renseignée.")
    noun = ("placement", "placements")
    empty = "Aucune sortie à renseigner."
    model = Placement
    form_class = OutcomeFilters
    action = Action.DECLARE
    refusal = ("Les sorties sont renseignées par les facilitateurs du territoire qui suit la "
               "personne et par leurs coordinateurs.")
    log_context = "Sorties à renseigner"

    def rows(self, user):
        return outcomes_due(user)

    def decorate(self, rows, user):
        if "end_missing" not in rows.query.annotations:
            rows = with_missing(rows)
        return rows.select_related(
            "beneficiary", "clause__market", "employer"
        ).annotate(show_personal=permission_flag(
            user, Action.VIEW_PERSONAL_DATA, Beneficiary, "beneficiary"))

    def beneficiary(self, row):
        return row.beneficiary

    def columns(self, user):
        return [
            *placement_columns(),
            Column("Fin du placement", lambda p: p.ends_on),
            Column("Sortie à renseigner", _due),
            Column("Action", lambda p: "Renseigner la sortie", exported=False,
                   link=lambda p: reverse("clauses:outcome_create", args=[p.pk])
                   + f"?moment={_next_moment(p)}"),
        ]
