"""The market follow-up's reminders, produced by `send_reminders` (portal's command):

- a DCE planned within 25 days with no consultation of the facilitator, and again at 20
  days (the convention's 20-day rule) → the buyer's referents and the coordinators;
- a month ended with placements in progress and no hours declared → their facilitator,
  from the 10th of the next month;
- an outcome due at the end of a placement and about six months later → its facilitator;
- a clause behind schedule (clauses.progress: under 80 % of the hours expected at this
  date) → its facilitator and the coordinators, once a month while it lasts.

Each is stored once per person, kind, object and period (network.notifications), so
that running the command again the same day, or the same month, adds nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.utils import formats

from clauses import notifications as news
from clauses import progress
from clauses.enums import MarketStatus, OutcomeMoment
from clauses.models import Clause, HoursDeclaration, Market, Outcome, Placement
from clauses.models.markets import CONSULTATION_MIN_DAYS
from network.notifications import notify

CONSULTATION_FIRST_NOTICE_DAYS = 25
HOURS_DUE_DAY = 10
# Placements ended longer ago than this are history: no reminder for their outcomes.
OUTCOME_HORIZON_DAYS = 365
BEFORE_DCE = (MarketStatus.FORECAST, MarketStatus.STUDIED, MarketStatus.DRAFTING)


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _month_name(month: datetime.date) -> str:
    return formats.date_format(month, "F Y")


def consultations(today: datetime.date) -> int:
    markets = Market.objects.filter(
        status__in=BEFORE_DCE, facilitator_consulted_on__isnull=True,
        dce_planned_on__gte=today,
        dce_planned_on__lte=today + datetime.timedelta(days=CONSULTATION_FIRST_NOTICE_DAYS),
    ).select_related("buyer", "lead_territory").order_by("dce_planned_on", "pk")
    stored = 0
    for market in markets:
        days = (market.dce_planned_on - today).days
        plural = "s" if days > 1 else ""
        if days <= CONSULTATION_MIN_DAYS:
            step = f"j{CONSULTATION_MIN_DAYS}"
            title = (f"Règle des 20 jours : DCE dans {days} jour{plural}, facilitateur non "
                     f"consulté — {market}")
        else:
            step = f"j{CONSULTATION_FIRST_NOTICE_DAYS}"
            title = f"DCE dans {days} jours sans consultation du facilitateur : {market}"
        recipients = (_ids(news.buyer_referents_of_market(market))
                      | _ids(news.coordinators_of_market(market)))
        stored += notify(
            news.CONSULTATION, recipients, about=market, url=market.get_absolute_url(),
            label=str(market), period=f"{market.dce_planned_on.isoformat()}/{step}",
            title=title,
            body=f"Le DCE du marché « {market.title} » est prévu le "
                 f"{news.day(market.dce_planned_on)}. La convention demande de consulter le "
                 "facilitateur au moins 20 jours avant sa préparation : aucune consultation "
                 "n'est enregistrée.",
        )
    return stored


def due_month(today: datetime.date) -> datetime.date:
    """The last month whose hours are due: the previous one from the 10th, else the one before."""
    first = today.replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    if today.day >= HOURS_DUE_DAY:
        return previous
    return (previous - datetime.timedelta(days=1)).replace(day=1)


class _InCharge:
    """Who declares for a placement depends only on its market and the person's
    territory: asked once per pair."""

    def __init__(self):
        self.known: dict[tuple[int, int], set[int]] = {}

    def __call__(self, placement) -> set[int]:
        key = (placement.clause.market_id, placement.beneficiary.territory_id)
        if key not in self.known:
            self.known[key] = _ids(news.in_charge_of_placement(placement))
        return self.known[key]


def _followed_placements():
    return Placement.objects.filter(beneficiary__anonymised_at__isnull=True).exclude(
        clause__market__status=MarketStatus.ABANDONED
    ).select_related("clause__market", "beneficiary", "employer")


def hours_missing(today: datetime.date) -> int:
    month = due_month(today)
    month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    declared = HoursDeclaration.objects.filter(placement=OuterRef("pk"), month=month)
    placements = _followed_placements().filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=month), starts_on__lte=month_end,
    ).exclude(Exists(declared)).order_by("clause__market", "beneficiary__pseudonym")
    in_charge = _InCharge()
    # market → recipient → pseudonyms, then one notification per market and recipients
    # who follow the same people.
    missing: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    markets = {}
    for placement in placements:
        market = placement.clause.market
        markets[market.pk] = market
        for recipient in in_charge(placement):
            missing[market.pk][recipient].append(placement.beneficiary.pseudonym)
    stored = 0
    for market_pk, by_recipient in missing.items():
        market = markets[market_pk]
        groups: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for recipient, pseudonyms in by_recipient.items():
            groups[tuple(sorted(set(pseudonyms)))].add(recipient)
        for pseudonyms, recipients in groups.items():
            count = len(pseudonyms)
            plural = "s" if count > 1 else ""
            stored += notify(
                news.HOURS_MISSING, recipients, about=market, url=market.get_absolute_url(),
                label=str(market), period=month.strftime("%Y-%m"),
                title=f"Heures de {_month_name(month)} à déclarer : {market}",
                body=f"Aucune heure n'est déclarée pour {_month_name(month)} sur {count} "
                     f"placement{plural} en cours : {', '.join(pseudonyms)}.",
            )
    return stored


def outcomes_due(today: datetime.date) -> int:
    horizon = today - datetime.timedelta(days=OUTCOME_HORIZON_DAYS)
    ended = _followed_placements().filter(ends_on__isnull=False, ends_on__lte=today)
    end_recorded = Outcome.objects.filter(placement=OuterRef("pk"), moment=OutcomeMoment.END)
    due = [
        (placement, OutcomeMoment.END)
        for placement in ended.filter(ends_on__gte=horizon).exclude(Exists(end_recorded))
    ] + [
        (placement, OutcomeMoment.SIX_MONTHS)
        for placement in progress.six_month_outcomes_due(ended, today).filter(
            ends_on__gte=horizon - datetime.timedelta(days=progress.SIX_MONTHS_DAYS)
        )
    ]
    in_charge = _InCharge()
    stored = 0
    for placement, moment in due:
        market = placement.clause.market
        pseudonym = placement.beneficiary.pseudonym
        ended_on = news.day(placement.ends_on)
        if moment == OutcomeMoment.END:
            title = f"Sortie de fin de placement à renseigner : {pseudonym} ({market.reference})"
            body = (f"Le placement de {pseudonym} comme « {placement.job_label} » s'est terminé "
                    f"le {ended_on} : renseignez sa situation à la fin du placement.")
        else:
            title = f"Sortie à 6 mois à renseigner : {pseudonym} ({market.reference})"
            body = (f"Le placement de {pseudonym} s'est terminé le {ended_on} : renseignez sa "
                    f"situation environ six mois après, vers le "
                    f"{news.day(progress.six_month_due_date(placement))}.")
        stored += notify(
            news.OUTCOME_DUE, in_charge(placement), about=placement,
            url=placement.get_absolute_url(), label=f"{pseudonym} — {market.reference}",
            period=str(moment), title=title, body=body,
        )
    return stored


def clauses_behind(today: datetime.date) -> int:
    clauses = progress.with_progress(
        Clause.objects.filter(market__status=MarketStatus.IN_EXECUTION), today
    ).filter(is_behind=True).select_related("market", "lot").order_by("market", "pk")
    stored = 0
    for clause in clauses:
        market = clause.market
        expected = clause.required_hours * clause.elapsed_days / clause.period_days
        where = f"lot {clause.lot.number}" if clause.lot_id else "marché"
        recipients = _ids(news.in_charge_of_clause(clause)) | _ids(
            news.coordinators_of_market(market)
        )
        stored += notify(
            news.CLAUSE_BEHIND, recipients, about=clause, url=market.get_absolute_url(),
            label=str(market), period=today.strftime("%Y-%m"),
            title=f"Clause en retard : {market.reference} ({where}), {clause.done_hours:.0f} h "
                  f"réalisées sur {expected:.0f} h attendues à ce jour",
            body=f"La clause du marché « {market.title} » ({where}) demande "
                 f"{clause.required_hours:.0f} h d'ici le {news.day(clause.period_end)}. "
                 f"Au {news.day(today)}, {clause.done_hours:.0f} h sont réalisées : moins de "
                 f"80 % des {expected:.0f} h attendues à cette date.",
        )
    return stored


def produce(today: datetime.date) -> int:
    """Every reminder of the market follow-up due on `today`; returns the notifications stored."""
    return consultations(today) + hours_missing(today) + outcomes_due(today) + clauses_behind(today)
