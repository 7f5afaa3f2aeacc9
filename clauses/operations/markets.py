"""A market once it is followed: its edit, territories and lead, status, deletion, lots and
clauses. Changed from its lead territory only (its facilitators and their coordinators,
Action.CHANGE); co-territories see it and declare for their own people."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from clauses import calculator, notifications, obligations, pipeline
from clauses.enums import ClauseHoursMode, MarketStatus
from clauses.models import Clause, Lot, Market, MarketStatusChange, StaleRecordError
from clauses.operations import dce as dce_ops
from clauses.operations.common import (
    Errors,
    account,
    allowed,
    ensure,
    is_system,
    may,
    model_errors,
)
from clauses.rules import markets as rules
from network.enums import BUYER_KINDS, COMPANY_KINDS
from network.models import Organisation, Territory
from network.permissions import Action, assignable_facilitators

MESSAGE_NOT_LEAD = (
    "Seuls les facilitateurs du territoire pilote de ce marché, et leurs coordinateurs, "
    "le modifient."
)
MESSAGE_NOT_LEAD_CHANGE = (
    "Seuls les facilitateurs du territoire pilote, et leurs coordinateurs, confient le "
    "marché à un autre territoire."
)
MESSAGE_UNKNOWN_LEAD = "Choisissez un territoire que vous suivez."
MESSAGE_UNKNOWN_FACILITATOR = "Choisissez un facilitateur des territoires de ce marché."
MESSAGE_HAS_PLACEMENTS = (
    "Ce marché a des placements : supprimez-les d'abord, ou passez le marché à l'état "
    "« Abandonné »."
)
MESSAGE_CLAUSE_HAS_PLACEMENTS = "Cette clause a des placements : elle ne se supprime pas."
MESSAGE_LOT_NUMBER = "Ce numéro de lot existe déjà pour ce marché."
MESSAGE_LOT_OF_OTHER_MARKET = "Ce lot appartient à un autre marché."
MESSAGE_CONTRACTOR_KIND = (
    "Le titulaire est une entreprise (ou une SIAE, un GEIQ, une EA ou un ESAT), pas un "
    "partenaire du réseau."
)
MESSAGE_BUYER_KIND = (
    "L'acheteur est un acheteur public (service de l'État, collectivité, bailleur social, "
    "établissement public), pas une entreprise ni un partenaire du réseau."
)
CONTRACTOR_KINDS = COMPANY_KINDS
FIELDS = (
    "reference", "title", "buyer", "lead_territory", "programme_year", "category", "cpv_code",
    "procedure", "estimated_amount", "decp_consideration", "forecast_received_on",
    "dce_planned_on", "notes", "facilitator", "facilitator_consulted_on", "published_on",
    "awarded_on", "execution_starts_on", "execution_ends_on", "feasibility",
    "feasibility_reason",
)
RELATIONS = ("buyer", "lead_territory", "facilitator")


def lead_choices(actor, market: Market | None = None) -> QuerySet:
    """Territories a market may be led from: those `actor` follows (and its current lead)."""
    followed = allowed(actor, Action.VIEW, Territory.objects.all())
    if market is not None and market.lead_territory_id:
        return Territory.objects.filter(
            Q(pk__in=followed.values("pk")) | Q(pk=market.lead_territory_id)
        )
    return followed


def contractor_choices() -> QuerySet:
    return Organisation.objects.filter(kind__in=CONTRACTOR_KINDS)


def buyer_choices() -> QuerySet:
    """The buyers a market may be recorded for by its facilitators: any public buyer."""
    return Organisation.objects.filter(kind__in=BUYER_KINDS)


def _buyer_errors(market: Market, errors: Errors, changed: bool) -> None:
    if not market.buyer_id:
        errors.add("buyer", "Ce champ est obligatoire.")
    elif changed and market.buyer.kind not in BUYER_KINDS:
        errors.add("buyer", MESSAGE_BUYER_KIND)


def _apply(market: Market, fields: Mapping) -> list[str]:
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


@transaction.atomic
def create_market(actor, *, territories=(), **fields) -> Market:
    """A market the facilitator records themselves (outside a buyer's forecast): led from
    a territory they follow, in the pipeline from its reception date."""
    market = Market(status=MarketStatus.FORECAST, submitted_by=account(actor))
    _apply(market, fields)
    errors = Errors()
    errors.extend(model_errors(market, exclude=(
        "buyer", "lead_territory", "facilitator", "assessed_by", "submitted_by",
    )))
    if not market.lead_territory_id or not lead_choices(actor).filter(
        pk=market.lead_territory_id
    ).exists():
        errors.add("lead_territory", MESSAGE_UNKNOWN_LEAD)
    _buyer_errors(market, errors, changed=True)
    others = {getattr(t, "pk", t) for t in territories} - {market.lead_territory_id}
    if len(others) != Territory.objects.filter(pk__in=others).count():
        errors.add("territories", "Territoire inconnu.")
    errors.raise_if_any()
    market.save()
    market.territories.set(others)
    pipeline.start_history(market, account(actor), on=market.forecast_received_on)
    return market


@transaction.atomic
def edit_market(actor, market: Market, *, version: int | None, territories=None,
                **fields) -> list[str]:
    """The facilitator's edit of a market read at `version` (everything but its status,
    which moves through `change_status`). Returns the fields changed."""
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    previous_lead = market.lead_territory_id
    changed = _apply(market, fields)
    errors = Errors()
    errors.extend(model_errors(market, exclude=(
        "buyer", "lead_territory", "facilitator", "assessed_by", "submitted_by",
    )))
    if "lead_territory" in changed:
        ensure(actor, Action.CHANGE_LEAD, Market.objects.get(pk=market.pk),
               MESSAGE_NOT_LEAD_CHANGE)
        if not market.lead_territory_id or not lead_choices(actor).filter(
            pk=market.lead_territory_id
        ).exists():
            errors.add("lead_territory", MESSAGE_UNKNOWN_LEAD)
    _buyer_errors(market, errors, changed="buyer" in changed)
    if market.facilitator_id and "facilitator" in changed and not is_system(actor) and not (
        assignable_facilitators(actor, market).filter(pk=market.facilitator_id).exists()
    ):
        errors.add("facilitator", MESSAGE_UNKNOWN_FACILITATOR)
    lead = market.lead_territory_id
    current = set(market.territories.values_list("pk", flat=True))
    others = set(current) if territories is None else {getattr(t, "pk", t) for t in territories}
    others -= {lead}
    if previous_lead != lead and previous_lead not in others and territories is None:
        # The former lead keeps seeing the market it handed over, as a co-territory.
        others.add(previous_lead)
    if len(others) != Territory.objects.filter(pk__in=others).count():
        errors.add("territories", "Territoire inconnu.")
    errors.raise_if_any()
    if others != current:
        changed.append("territories")
    if version is not None:
        market.version = version
    market.save()
    if "territories" in changed:
        market.territories.set(others)
    return changed


def award_error(market: Market) -> str | None:
    lots = [
        rules.LotHolding(number, clauses > 0, contractor is not None)
        for number, clauses, contractor in market.lots.annotate(
            clause_count=Count("clauses")
        ).values_list("number", "clause_count", "contractor_id")
    ]
    return rules.award_error(lots, market.clauses.filter(lot__isnull=True).count())


@transaction.atomic
def change_status(actor, market: Market, new_status: str, *, version: int | None = None,
                  reason: str = "", on: datetime.date | None = None,
                  override: bool = False) -> MarketStatusChange:
    """Move the market through the pipeline (clauses.pipeline). An award needs the
    contractor of every lot with a clause; a publication needs the DCE reviewed
    « clause conforme » since its last version (clauses.rules.dce), or a regional
    coordinator's `override` with its `reason`."""
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    if version is not None and version != market.version:
        # A page built before someone else's change is refused as such, before any rule.
        raise StaleRecordError()
    if new_status == MarketStatus.AWARDED:
        message = award_error(market)
        if message:
            raise ValidationError(message)
    overridden = False
    # Checked only where the pipeline allows a publication, so that a move it refuses
    # anyway gets the pipeline's reason.
    if new_status == MarketStatus.PUBLISHED and new_status in pipeline.TRANSITIONS.get(
        market.status, ()
    ):
        overridden = dce_ops.publication_check(
            actor, market, override=override, reason=reason,
            may_override=may(actor, Action.OVERRIDE_PUBLICATION, market),
        )
    if version is not None:
        market.version = version
    change = pipeline.change_status(market, new_status, account(actor), reason=reason, on=on)
    if overridden:
        change.publication_override = True
        change.save(update_fields=["publication_override"])
    notifications.market_launched(market, new_status, actor)
    return change


@transaction.atomic
def comment_bilan(actor, market: Market, comment: str, *, version: int | None = None) -> bool:
    """The facilitator's comment that closes the market's bilan for its buyer (an empty
    text removes it). Returns whether it changed."""
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    comment = (comment or "").strip().replace("\r\n", "\n")
    message = rules.bilan_comment_error(comment)
    if message:
        raise ValidationError({"bilan_comment": [message]})
    if comment == market.bilan_comment:
        return False
    if version is not None:
        market.version = version
    market.bilan_comment = comment
    market.bilan_comment_by = account(actor)
    market.bilan_comment_at = timezone.now()
    market.save(update_fields=["bilan_comment", "bilan_comment_by", "bilan_comment_at"])
    return True


@transaction.atomic
def delete_market(actor, market: Market) -> None:
    ensure(actor, Action.DELETE, market, MESSAGE_NOT_LEAD)
    if market.clauses.filter(placements__isnull=False).exists():
        raise ValidationError(MESSAGE_HAS_PLACEMENTS)
    market.delete()


# --- Lots and clauses -------------------------------------------------------------------


@transaction.atomic
def save_lot(actor, market: Market, lot: Lot | None = None, **fields) -> Lot:
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    lot = lot or Lot(market=market)
    if lot.market_id != market.pk:
        raise ValidationError({"market": [MESSAGE_LOT_OF_OTHER_MARKET]})
    for name in ("number", "title", "amount", "contractor"):
        if name in fields:
            setattr(lot, name, fields[name])
    errors = Errors()
    errors.extend(model_errors(lot, exclude=("market", "contractor")))
    if lot.number is not None and Lot.objects.filter(
        market=market, number=lot.number
    ).exclude(pk=lot.pk).exists():
        errors.add("number", MESSAGE_LOT_NUMBER)
    if lot.contractor_id and lot.contractor.kind not in CONTRACTOR_KINDS:
        errors.add("contractor", MESSAGE_CONTRACTOR_KIND)
    errors.raise_if_any()
    lot.save()
    return lot


@transaction.atomic
def delete_lot(actor, lot: Lot) -> None:
    ensure(actor, Action.DELETE, lot, MESSAGE_NOT_LEAD)
    if Clause.objects.filter(lot=lot, placements__isnull=False).exists():
        raise ValidationError(MESSAGE_CLAUSE_HAS_PLACEMENTS)
    lot.delete()


@transaction.atomic
def save_clause(actor, market: Market, clause: Clause | None = None, *,
                calculator_inputs: Mapping | None = None, fixed_hours=None,
                **fields) -> Clause:
    """A clause of `market`, its hours computed by the calculator from
    `calculator_inputs` or fixed by hand (`fixed_hours`)."""
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    clause = clause or Clause(market=market)
    for name in ("lot", "legal_basis", "hours_mode", "starts_on", "ends_on", "notes"):
        if name in fields:
            setattr(clause, name, fields[name])
    errors = Errors()
    if clause.lot_id and clause.lot.market_id != market.pk:
        errors.add("lot", MESSAGE_LOT_OF_OTHER_MARKET)
    try:
        if clause.hours_mode == ClauseHoursMode.FIXED:
            if not str(fixed_hours if fixed_hours is not None else "").strip():
                raise ValidationError({"required_hours": [calculator.MESSAGE_REQUIRED]})
            obligations.set_fixed_hours(clause, fixed_hours)
        elif calculator_inputs is not None:
            obligations.apply_calculator(clause, calculator_inputs)
    except ValidationError as error:
        errors.extend(error.message_dict)
    if not errors:
        errors.extend(model_errors(clause, exclude=("market",)))
    errors.raise_if_any()
    clause.save()
    return clause


@transaction.atomic
def delete_clause(actor, clause: Clause) -> None:
    ensure(actor, Action.DELETE, clause, MESSAGE_NOT_LEAD)
    if clause.placements.exists():
        raise ValidationError(MESSAGE_CLAUSE_HAS_PLACEMENTS)
    clause.delete()


# --- An award read from the open data (DECP) ---------------------------------------------

# What the open data say of a market, and an import brings up to date.
AWARD_FIELDS = ("title", "programme_year", "category", "cpv_code", "procedure",
                "estimated_amount", "decp_consideration", "awarded_on")
AWARD_REASON = "Marché attribué, importé des données essentielles de la commande publique (DECP)."
MESSAGE_REFERENCE_TAKEN = (
    "Les références « {reference} » et suivantes sont déjà celles d'autres marchés."
)


def _award_reference(decp_id: str, buyer: Organisation) -> str:
    for reference in (f"DECP-{decp_id}"[:60], f"DECP-{buyer.siret}-{decp_id}"[:60]):
        if not Market.objects.filter(reference=reference).exists():
            return reference
    raise ValidationError({"reference": [MESSAGE_REFERENCE_TAKEN.format(
        reference=f"DECP-{decp_id}"[:60])]})


@transaction.atomic
def record_award(actor, *, buyer: Organisation, decp_id: str, lead_territory: Territory,
                 territories=(), contractor: Organisation, lot_amount=None, notes: str = "",
                 **fields) -> tuple[Market, str]:
    """A market awarded as the open data tell it, recognised by its buyer and DECP id:
    created at the « Attribué » step (its history says where it came from) with its
    contractor on lot 1, or brought up to date (AWARD_FIELDS and lot 1's contractor) by
    whoever may change it. Returns the market and "created", "updated" or "unchanged":
    nothing is written when nothing changed."""
    market = Market.objects.filter(buyer=buyer, decp_id=decp_id).first()
    values = {name: fields[name] for name in AWARD_FIELDS if name in fields}
    lot_fields = {"number": 1, "title": (values.get("title") or "")[:255], "amount": lot_amount,
                  "contractor": contractor}
    if market is None:
        market = Market(status=MarketStatus.AWARDED, buyer=buyer, decp_id=decp_id,
                        lead_territory=lead_territory, submitted_by=account(actor),
                        reference=_award_reference(decp_id, buyer), notes=notes)
        _apply(market, values)
        errors = Errors()
        errors.extend(model_errors(market, exclude=(
            "buyer", "lead_territory", "facilitator", "assessed_by", "submitted_by",
        )))
        if not lead_choices(actor).filter(pk=lead_territory.pk).exists():
            errors.add("lead_territory", MESSAGE_UNKNOWN_LEAD)
        _buyer_errors(market, errors, changed=True)
        errors.raise_if_any()
        market.save()
        market.territories.set({getattr(t, "pk", t) for t in territories} - {lead_territory.pk})
        pipeline.start_history(market, account(actor), on=market.awarded_on, reason=AWARD_REASON)
        save_lot(actor, market, None, **lot_fields)
        notifications.market_launched(market, MarketStatus.AWARDED, actor)
        return market, "created"
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    changed = {name: value for name, value in values.items()
               if getattr(market, name) != value}
    lot = market.lots.filter(number=1).first()
    lot_changed = lot is None or lot.contractor_id != contractor.pk or (
        lot_amount is not None and lot.amount != lot_amount
    )
    if not changed and not lot_changed:
        return market, "unchanged"
    if changed:
        edit_market(actor, market, version=None, **changed)
    if lot_changed:
        # A lot the facilitator has renamed keeps its title.
        kept = {"contractor": contractor, "amount": lot_amount if lot_amount is not None
                else getattr(lot, "amount", None)}
        save_lot(actor, market, lot, **(kept if lot is not None else lot_fields))
    return market, "updated"
