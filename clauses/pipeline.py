"""The market pipeline: forecast → study → drafting → published → awarded → execution → end.

Every change of status goes through `change_status`, which checks the transition and
writes a dated MarketStatusChange row. Who may call it is the views' business (they ask
network.permissions); this module only knows the convention's workflow.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clauses.enums import Feasibility, MarketStatus
from clauses.models import Market, MarketStatusChange

S = MarketStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.FORECAST: (S.STUDIED, S.ABANDONED),
    S.STUDIED: (S.DRAFTING, S.ABANDONED),
    S.DRAFTING: (S.PUBLISHED, S.ABANDONED),
    S.PUBLISHED: (S.AWARDED, S.ABANDONED),
    S.AWARDED: (S.IN_EXECUTION, S.ABANDONED),
    S.IN_EXECUTION: (S.COMPLETED, S.ABANDONED),
    S.COMPLETED: (),
    S.ABANDONED: (),
}
ORDER = [S.FORECAST, S.STUDIED, S.DRAFTING, S.PUBLISHED, S.AWARDED, S.IN_EXECUTION, S.COMPLETED]

# The key date a status fills in when it is still empty.
STATUS_DATES = {
    S.PUBLISHED: "published_on",
    S.AWARDED: "awarded_on",
    S.IN_EXECUTION: "execution_starts_on",
    S.COMPLETED: "execution_ends_on",
}
ACTIVE_STATUSES = (S.FORECAST, S.STUDIED, S.DRAFTING, S.PUBLISHED, S.AWARDED, S.IN_EXECUTION)


def next_statuses(market: Market) -> list[str]:
    """The statuses the market may move to now, in pipeline order."""
    allowed = list(TRANSITIONS[market.status])
    if market.status == S.STUDIED and market.feasibility != Feasibility.FEASIBLE:
        allowed.remove(S.DRAFTING)
    return allowed


def _last_change(market: Market) -> MarketStatusChange | None:
    return market.status_changes.order_by("-changed_on", "-recorded_at", "-pk").first()


@transaction.atomic
def start_history(market: Market, user=None, on: datetime.date | None = None,
                  reason: str = "") -> MarketStatusChange:
    """The first row of a new market's history: it enters the pipeline at its status (a
    forecast, or an award read from the open data)."""
    return MarketStatusChange.objects.create(
        market=market, from_status="", to_status=market.status,
        changed_on=on or market.forecast_received_on or timezone.localdate(), changed_by=user,
        reason=reason,
    )


@transaction.atomic
def change_status(
    market: Market,
    new_status: str,
    user=None,
    reason: str = "",
    on: datetime.date | None = None,
    extra_fields: tuple[str, ...] = (),
) -> MarketStatusChange:
    """Move `market` to `new_status` on `on` (today by default) and keep it in the history.

    Raises ValidationError with a French message when the move is not allowed; the
    market is then left unchanged. Raises clauses.models.StaleRecordError when the
    market was changed by someone else since it was read. `extra_fields` are other
    fields set on `market` by the caller, saved with the status in the same update.
    """
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if new_status not in MarketStatus.values:
        raise ValidationError("État inconnu.")
    new_label = MarketStatus(new_status).label
    if new_status == market.status:
        raise ValidationError(f"Le marché est déjà à l'état « {new_label} ».")
    if new_status not in TRANSITIONS[market.status]:
        raise ValidationError(
            f"Un marché à l'état « {market.get_status_display()} » ne peut pas passer "
            f"à l'état « {new_label} »."
        )
    if new_status == S.DRAFTING and market.feasibility != Feasibility.FEASIBLE:
        raise ValidationError(
            "La clause ne peut être rédigée que si l'opportunité a été jugée faisable."
        )
    if new_status == S.ABANDONED and not reason:
        raise ValidationError("Indiquez le motif de l'abandon.")
    if on > timezone.localdate():
        raise ValidationError("La date d'un changement d'état ne peut pas être dans le futur.")
    last = _last_change(market)
    if last is not None and on < last.changed_on:
        raise ValidationError(
            f"La date ne peut pas précéder celle du dernier changement d'état "
            f"({last.changed_on:%d/%m/%Y})."
        )

    previous = market.status
    market.status = new_status
    fields = ["status", "updated_at", *extra_fields]
    date_field = STATUS_DATES.get(new_status)
    if date_field and getattr(market, date_field) is None:
        setattr(market, date_field, on)
        fields.append(date_field)
    try:
        market.save(update_fields=fields)
    except BaseException:
        market.status = previous
        if date_field in fields:
            setattr(market, date_field, None)
        raise
    return MarketStatusChange.objects.create(
        market=market, from_status=previous, to_status=new_status, changed_on=on,
        changed_by=user, reason=reason,
    )


@transaction.atomic
def assess_forecast(
    market: Market, feasibility: str, reason: str, user=None, on: datetime.date | None = None
) -> Market:
    """The regional coordinator's answer on the feasibility of a clause.

    A forecast becomes « opportunité étudiée »; a market already studied keeps its
    status and only gets the new answer.
    """
    reason = (reason or "").strip()
    if feasibility not in Feasibility.values:
        raise ValidationError("Indiquez si une clause est faisable ou non.")
    if feasibility == Feasibility.NOT_FEASIBLE and not reason:
        raise ValidationError("Indiquez pourquoi une clause n'est pas faisable.")
    if market.status not in (S.FORECAST, S.STUDIED):
        raise ValidationError(
            "La faisabilité s'étudie sur une prévision, avant la rédaction de la clause."
        )
    if market.status == S.STUDIED:
        market.feasibility, market.feasibility_reason = feasibility, reason
        market.assessed_by, market.assessed_at = user, timezone.now()
        market.save(update_fields=[
            "feasibility", "feasibility_reason", "assessed_by", "assessed_at", "updated_at",
        ])
        return market
    assessment = {
        "feasibility": feasibility, "feasibility_reason": reason,
        "assessed_by": user, "assessed_at": timezone.now(),
    }
    before = {name: getattr(market, name) for name in assessment}
    for name, value in assessment.items():
        setattr(market, name, value)
    label = Feasibility(feasibility).label.lower()
    try:
        change_status(
            market, S.STUDIED, user,
            reason=f"Clause {label}" + (f" : {reason}" if reason else "."), on=on,
            extra_fields=tuple(assessment),
        )
    except BaseException:
        for name, value in before.items():
            setattr(market, name, value)
        raise
    return market
