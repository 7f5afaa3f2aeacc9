"""What the market follow-up tells people, and whom (the workflow of the seeds' convention):

- a forecast submitted or corrected → the coordinators of its region, who study it;
- a market published or awarded → the facilitators of its territories, who prepare the
  people and the companies;
- a placement started on a buyer's market → the buyer's referents (pseudonym only);
- a draft DCE sent for review → the facilitator in charge (or the lead territory's);
- a DCE reviewed → the buyer's referents and whoever sent the versions read.

The operations (clauses.operations) call these after writing; the reminders
(clauses.reminders) use the same kinds and recipients. Recipients come from
network.permissions (role holders among those who may see the object), and no title
or body names a beneficiary: pseudonyms only, whoever reads it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats

from clauses.enums import DceVerdict, MarketStatus
from network.enums import Delivery, Role
from network.notifications import Kind, notify, register_kind
from network.permissions import (
    Action,
    among_viewers,
    coordinators_of,
    facilitators_of,
    holders,
)

_FACILITATION = frozenset({Role.TERRITORY_FACILITATOR, Role.REGIONAL_COORDINATOR})

FORECAST = register_kind(Kind(
    key="prevision_transmise", label="Prévisions de marchés transmises ou corrigées",
    help_text="Un acheteur transmet ou corrige une prévision de marché de votre région : "
              "étudiez la faisabilité d'une clause.",
    roles=frozenset({Role.REGIONAL_COORDINATOR}), order=10,
))
CONSULTATION = register_kind(Kind(
    key="consultation_dce", label="DCE proche sans consultation du facilitateur",
    help_text="Le DCE d'un marché est prévu dans 25 jours, puis 20, sans consultation "
              "du facilitateur enregistrée (règle des 20 jours de la convention).",
    roles=frozenset({Role.BUYER_REFERENT, Role.REGIONAL_COORDINATOR}), order=20,
))
MARKET_LAUNCHED = register_kind(Kind(
    key="marche_lance", label="Marchés publiés ou attribués sur mes territoires",
    help_text="Un marché de vos territoires est publié ou attribué : préparez l'offre "
              "d'insertion et accompagnez l'entreprise titulaire.",
    roles=_FACILITATION, order=30,
))
PLACEMENT_STARTED = register_kind(Kind(
    key="placement_commence", label="Placements commencés sur les marchés de mon organisation",
    help_text="Une personne (désignée par son pseudonyme) commence à travailler au titre "
              "de la clause d'un de vos marchés.",
    roles=frozenset({Role.BUYER_REFERENT}), default=Delivery.DAILY, order=40,
))
HOURS_MISSING = register_kind(Kind(
    key="heures_non_declarees", label="Heures du mois à déclarer",
    help_text="Un mois s'est terminé sans heures déclarées pour des placements en cours "
              "que vous suivez (à partir du 10 du mois suivant).",
    roles=_FACILITATION, order=50,
))
OUTCOME_DUE = register_kind(Kind(
    key="sortie_a_renseigner", label="Sorties à renseigner",
    help_text="Un placement que vous suivez s'est terminé, ou s'est terminé il y a "
              "environ six mois : renseignez la situation de la personne.",
    roles=_FACILITATION, order=60,
))
DCE_TO_REVIEW = register_kind(Kind(
    key="dce_a_relire", label="DCE à relire avant publication",
    help_text="Un acheteur dépose le projet de DCE d'un marché que vous suivez, ou une "
              "nouvelle version : relisez la clause sociale avant la publication.",
    roles=_FACILITATION, order=25,
))
DCE_REVIEWED = register_kind(Kind(
    key="dce_relu", label="Relectures du DCE de mes marchés",
    help_text="Le facilitateur a relu le projet de DCE : clause conforme, ou corrections "
              "à apporter avant la publication.",
    roles=frozenset({Role.BUYER_REFERENT, Role.TERRITORY_FACILITATOR}), order=26,
))
CLAUSE_BEHIND = register_kind(Kind(
    key="clause_en_retard", label="Clauses en retard sur le calendrier",
    help_text="Les heures réalisées d'une clause sont sous 80 % des heures attendues à "
              "cette date (une fois par mois tant que le retard dure).",
    roles=_FACILITATION, order=65,
))


def day(value) -> str:
    return formats.date_format(value, "j F Y") if value else "date non renseignée"


# --- Recipients --------------------------------------------------------------------------


def coordinators_of_market(market) -> QuerySet:
    """The regional coordination of every territory the market concerns."""
    return among_viewers(coordinators_of(market.all_territory_ids), market)


def buyer_referents_of_market(market) -> QuerySet:
    """The buyer's referents: those who submit its forecasts."""
    return holders(Action.SUBMIT_FORECAST, market)


def facilitators_of_market(market) -> QuerySet:
    return among_viewers(facilitators_of(market.all_territory_ids), market)


def in_charge_of_clause(clause) -> QuerySet:
    """The market's facilitator in charge if they may still change it, else the
    facilitators of its lead territory."""
    market = clause.market
    leads = holders(Action.CHANGE, market)
    if market.facilitator_id and leads.filter(pk=market.facilitator_id).exists():
        return leads.filter(pk=market.facilitator_id)
    return among_viewers(facilitators_of([market.lead_territory_id]), market, Action.CHANGE)


def reviewers_of_dce(market) -> QuerySet:
    """The market's facilitator in charge if they may review its DCE, else the
    facilitators of its lead territory."""
    reviewers = holders(Action.REVIEW_DCE, market)
    if market.facilitator_id and reviewers.filter(pk=market.facilitator_id).exists():
        return reviewers.filter(pk=market.facilitator_id)
    return among_viewers(facilitators_of([market.lead_territory_id]), market,
                         Action.REVIEW_DCE)


def in_charge_of_placement(placement) -> QuerySet:
    """Who declares the placement's hours and outcomes: the market's facilitator in
    charge if they may, else the facilitators of the person's territory."""
    declarers = holders(Action.DECLARE, placement)
    facilitator_id = placement.clause.market.facilitator_id
    if facilitator_id and declarers.filter(pk=facilitator_id).exists():
        return declarers.filter(pk=facilitator_id)
    return declarers.filter(
        pk__in=facilitators_of([placement.beneficiary.territory_id]).values("pk")
    )


# --- Events ------------------------------------------------------------------------------


def forecast_received(market, actor, *, corrected: bool = False) -> int:
    what = "Prévision corrigée" if corrected else "Nouvelle prévision de marché"
    verb = "a corrigé" if corrected else "a transmis"
    who = market.buyer.name
    return notify(
        FORECAST, coordinators_of_market(market), about=market, actor=actor,
        url=market.get_absolute_url(), label=str(market), period=f"v{market.version}",
        title=f"{what} : {market}",
        body=f"{who} {verb} la prévision « {market.title} » ({market.lead_territory.name}, "
             f"DCE prévu le {day(market.dce_planned_on)}). Étudiez la faisabilité d'une "
             "clause sociale et répondez à l'acheteur.",
    )


def market_launched(market, status: str, actor) -> int:
    if status == MarketStatus.PUBLISHED:
        title = f"Marché publié : {market}"
        body = ("La consultation est publiée : identifiez les besoins en personnel et "
                "préparez les candidats avec les prescripteurs et les SIAE.")
    elif status == MarketStatus.AWARDED:
        title = f"Marché attribué : {market}"
        body = ("Le marché est attribué : accompagnez l'entreprise titulaire dans ses "
                "recrutements et la mise en œuvre de la clause.")
    else:
        return 0
    return notify(
        MARKET_LAUNCHED, facilitators_of_market(market), about=market, actor=actor,
        url=market.get_absolute_url(), label=str(market), period=str(status),
        title=title, body=body,
    )


def placement_started(placement, actor) -> int:
    market = placement.clause.market
    pseudonym = placement.beneficiary.pseudonym
    return notify(
        PLACEMENT_STARTED, buyer_referents_of_market(market), about=placement, actor=actor,
        url=market.get_absolute_url(), label=str(market),
        title=f"Placement commencé sur le marché {market.reference} : {pseudonym}",
        body=f"{pseudonym} commence le {day(placement.starts_on)} comme "
             f"« {placement.job_label} » chez {placement.employer.name}, au titre de la "
             f"clause du marché « {market.title} ».",
    )


def dce_submitted(market, version, actor) -> int:
    document = version.document
    what = "Nouvelle version du DCE" if version.number > 1 else "DCE à relire"
    return notify(
        DCE_TO_REVIEW, reviewers_of_dce(market), about=market, actor=actor,
        url=reverse("clauses:market_drafting", args=[market.pk]) + "#dce", label=str(market),
        period=f"dce-{version.pk}",
        title=f"{what} : {market}",
        body=f"« {document.title} » (version {version.number}) est déposé pour le marché "
             f"« {market.title} ». Relisez la clause sociale : conforme, ou à corriger.",
    )


def dce_reviewed(market, review, readers, actor) -> int:
    """`readers`: the accounts that sent the versions the review read."""
    recipients = buyer_referents_of_market(market) | holders(Action.VIEW, market).filter(
        pk__in=[getattr(r, "pk", r) for r in readers if r is not None]
    )
    page = reverse("clauses:market_drafting", args=[market.pk])
    verdict = review.get_verdict_display().lower()
    return notify(
        DCE_REVIEWED, recipients, about=market, actor=actor,
        url=f"{page}#relectures", label=str(market),
        period=f"relecture-{review.pk}",
        title=f"DCE relu ({verdict}) : {market}",
        body=(review.comment or "")[:600] or (
            "La clause sociale est conforme : la consultation peut être publiée."
            if review.verdict == DceVerdict.CONFORMING else
            "Des corrections sont demandées : voyez les commentaires par document."),
    )
