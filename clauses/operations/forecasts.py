"""A buyer's market forecasts: submitted one by one or by file, corrected by the buyer
until the regional coordination assesses them, and assessed by the coordination."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses import notifications, pipeline
from clauses.enums import MarketStatus
from clauses.models import Market
from clauses.operations.common import Errors, account, allowed, ensure, model_errors
from clauses.rules import markets as rules
from network.enums import BUYER_KINDS
from network.models import Organisation, Territory
from network.permissions import Action

MESSAGE_NOT_BUYER = (
    "Seuls les référents de l'acheteur transmettent et corrigent ses prévisions."
)
MESSAGE_UNKNOWN_BUYER = "Acheteur inconnu, ou pour lequel vous ne transmettez pas de prévisions."
MESSAGE_NOT_COORDINATION = "Seule la coordination régionale étudie la faisabilité des prévisions."
# What a buyer gives of a forecast (the yearly list's columns).
FIELDS = (
    "reference", "title", "buyer", "lead_territory", "programme_year", "category", "cpv_code",
    "procedure", "estimated_amount", "decp_consideration", "forecast_received_on",
    "dce_planned_on", "notes",
)
RELATIONS = ("buyer", "lead_territory")


def buyer_choices(actor) -> QuerySet:
    """The public buyers `actor` submits forecasts for (their referents')."""
    return allowed(actor, Action.SUBMIT_FORECAST, Organisation.objects.filter(kind__in=BUYER_KINDS))


def _apply(market: Market, fields: dict) -> list[str]:
    changed = []
    for name in FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        current = getattr(market, f"{name}_id" if name in RELATIONS else name)
        if current != getattr(value, "pk", value):
            changed.append(name)
        setattr(market, name, value)
    return changed


def _others(lead: Territory | None, territories) -> set[int]:
    ids = {getattr(t, "pk", t) for t in territories or ()}
    return ids - {lead.pk} if lead is not None else ids


def _check(actor, market: Market, others: set[int]) -> Errors:
    errors = Errors()
    errors.extend(model_errors(market, exclude=(
        "buyer", "lead_territory", "facilitator", "assessed_by", "submitted_by",
    )))
    if not market.buyer_id:
        errors.add("buyer", "Ce champ est obligatoire.")
    elif not buyer_choices(actor).filter(pk=market.buyer_id).exists():
        errors.add("buyer", MESSAGE_UNKNOWN_BUYER)
    if not market.lead_territory_id:
        errors.add("lead_territory", "Ce champ est obligatoire.")
    if len(others) != Territory.objects.filter(pk__in=others).count():
        errors.add("territories", "Territoire inconnu.")
    return errors


@transaction.atomic
def submit_forecast(actor, *, territories=(), **fields) -> Market:
    """A new forecast from the buyer, in the pipeline from its reception date."""
    market = Market(status=MarketStatus.FORECAST, submitted_by=account(actor))
    _apply(market, fields)
    if market.forecast_received_on is None:
        market.forecast_received_on = timezone.localdate()
    others = _others(market.lead_territory if market.lead_territory_id else None, territories)
    _check(actor, market, others).raise_if_any()
    market.save()
    market.territories.set(others)
    pipeline.start_history(market, account(actor), on=market.forecast_received_on)
    notifications.forecast_received(market, actor)
    return market


def correction_error(actor, market: Market) -> str | None:
    """Why `actor` cannot correct this forecast (None: they can)."""
    if not buyer_choices(actor).filter(pk=market.buyer_id).exists():
        return MESSAGE_NOT_BUYER
    return rules.forecast_correction_error(market.status, market.assessed_at is not None)


@transaction.atomic
def correct_forecast(actor, market: Market, *, version: int | None, territories=None,
                     **fields) -> list[str]:
    """The buyer corrects their forecast until it is assessed; returns the fields changed
    (none: nothing is written)."""
    ensure(actor, Action.SUBMIT_FORECAST, market, MESSAGE_NOT_BUYER)
    message = rules.forecast_correction_error(market.status, market.assessed_at is not None)
    if message:
        errors = Errors()
        errors.add("__all__", message)
        errors.raise_if_any()
    changed = _apply(market, fields)
    lead = market.lead_territory if market.lead_territory_id else None
    current = set(market.territories.values_list("pk", flat=True))
    others = current - ({lead.pk} if lead else set()) if territories is None else _others(
        lead, territories
    )
    if others != current:
        changed.append("territories")
    _check(actor, market, others).raise_if_any()
    if not changed:
        return []
    if version is not None:
        market.version = version
    market.save()
    if "territories" in changed:
        market.territories.set(others)
    notifications.forecast_received(market, actor, corrected=True)
    return changed


@transaction.atomic
def assess_forecast(actor, market: Market, *, feasibility: str, reason: str = "",
                    on: datetime.date | None = None, version: int | None = None) -> Market:
    """The regional coordination's answer on the feasibility of a clause."""
    ensure(actor, Action.ASSESS_FORECAST, market, MESSAGE_NOT_COORDINATION)
    if version is not None:
        market.version = version
    return pipeline.assess_forecast(market, feasibility, reason, account(actor), on=on)
