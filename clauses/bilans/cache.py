"""The bilans of /espace/bilans/ kept in the shared cache until what they count changes.

A bilan (compute_bilan) depends on its scope and period only, not on its reader: who may
read a scope is decided before (the scope is one the person may choose or name), and
the statistical secrecy is applied after, reader by reader (clauses.bilans.secrecy
`protect`, which logs a detailed reading each time). So one computed bilan serves every
reader of a scope, and nothing of one person's rights reaches another's page.

Freshness: every key carries a generation counter (portal.core.cache) that moves on any
write of what a bilan reads — the markets, their clauses and lots, the organisations,
territories, networks and conventions that name or group them, the people, their
criteria, placements, outcomes and declarations — through the model signals, the market
event (bulk market writes), and the maintained figures' refresh (the hours import,
merges, the scale data), which the writes that bypass the signals call (the purge of
personal data changes nothing a bilan counts: it blurs birth dates within their age
band). It moves now, for the writing transaction's own reads,
and again once that commits, since another request may have computed the bilan from the
rows as they were before. Keys also carry today's date (a placement's planned end turns
into an ended one as days pass). An entry lives at most PAGE_CACHE_SECONDS, a bound for
a write that would escape all of these.

The scopes a person may choose (scope_choices) are kept under the same generation (it
moves on any write of the networks, conventions, territories, organisations, markets and
lots they are drawn from) and keyed by the reader's grants as this request reads them,
so that a role given or taken away shows at once, and two readers share an entry only
when their grants are the same.

The bilan's tables as the page shows them are kept beside the bilan, under its key and
the breakdowns the secrecy hid from this reader: they are drawn from the bilan as the
reader may read it and nothing else, so two readers share them only when the secrecy
left them the same bilan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from clauses import events
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.scopes import Period, Scope, ScopeGroup, scope_choices
from clauses.bilans.secrecy import is_secret, protect
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    GlobalisationAgreement,
    HoursDeclaration,
    Lot,
    Market,
    Outcome,
    Placement,
)
from network import permissions
from network.models import Convention, Network, Organisation, Territory
from portal.core import cache as generations

GENERATION_KEY = "bilans:generation"

# What a bilan reads, directly or through the maintained figures.
MODELS = (Market, Clause, Lot, Placement, HoursDeclaration, Outcome, Beneficiary,
          BeneficiaryCriterion, GlobalisationAgreement, Organisation, Territory, Network,
          Convention)


def generation() -> int:
    return generations.generation(GENERATION_KEY)


def changed(**kwargs) -> None:
    """Every cached bilan is stale: now, and again when the transaction commits."""
    generations.bump_now_and_on_commit(GENERATION_KEY)


def key(scope: Scope) -> str:
    period = scope.period
    raw = "\x1f".join(map(str, (scope.key, period.start, period.end, timezone.localdate())))
    return f"bilans:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_bilan(scope: Scope, entry: str | None = None) -> dict:
    """compute_bilan(scope), from the cache while nothing it counts has changed."""
    return generations.store().get_or_set(
        entry or key(scope), lambda: compute_bilan(scope), settings.PAGE_CACHE_SECONDS
    )


def page_bilan_for(reader, scope: Scope, where: str = "Bilan") -> dict:
    """secrecy.bilan_for, with the bilan itself from the cache: the secrecy stays per
    reader."""
    return protect(cached_bilan(scope), scope, reader, where)


def page_bilan_rendered(
    reader, scope: Scope, render: Callable[[dict], str], where: str = "Bilan"
) -> tuple[dict, SafeString]:
    """page_bilan_for(reader, scope), and `render` of it (HTML) from the cache, keyed
    by the bilan's own key (read once, so that both come from the same generation) and
    by which breakdowns the secrecy hid from this reader."""
    entry = key(scope)
    bilan = protect(cached_bilan(scope, entry), scope, reader, where)
    hidden = "\x1f".join(sorted(
        f"{indicator}.{name}" for indicator, content in bilan.items()
        for name, value in content.items() if is_secret(value)
    ))
    html = generations.store().get_or_set(
        f"{entry}:html:{hashlib.sha256(hidden.encode()).hexdigest()}",
        lambda: str(render(bilan)), settings.PAGE_CACHE_SECONDS,
    )
    return bilan, mark_safe(html)  # noqa: S308 - our own template's output, cached


def page_scope_choices(user, period: Period) -> list[ScopeGroup]:
    """scope_choices(user, period), from the cache while neither the reader's grants nor
    what the scopes are drawn from have changed."""
    if not getattr(user, "is_authenticated", False):
        return scope_choices(user, period)
    entry = f"bilans:{generation()}:choices:{permissions.bilan_reader_fingerprint(user)}"
    groups = generations.store().get_or_set(
        entry, lambda: scope_choices(user, Period()), settings.PAGE_CACHE_SECONDS
    )
    return [
        ScopeGroup(group.label, tuple(scope.with_period(period) for scope in group.scopes))
        for group in groups
    ]


def connect() -> None:
    for model in MODELS:
        name = model._meta.label_lower
        post_save.connect(changed, sender=model, dispatch_uid=f"bilans_cache_saved_{name}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"bilans_cache_deleted_{name}")
    for through in (Market.territories.through, Convention.territories.through,
                    GlobalisationAgreement.clauses.through):
        m2m_changed.connect(changed, sender=through,
                            dispatch_uid=f"bilans_cache_m2m_{through._meta.label_lower}")
    events.markets_changed.connect(changed, dispatch_uid="bilans_cache_markets")
