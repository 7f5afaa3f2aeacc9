"""What follows a change of markets, or of what their search text is made of: the market
lists' cache generation (clauses.listing_cache) and the stored search text
(clauses.search_text)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from clauses import listing_cache
from clauses.models import Market
from clauses.search_text import BATCH, market_search_text
from network.models import Organisation, Territory


def refresh_search_text(markets) -> int:
    """Store the search text of `markets` (a queryset) again, in batches; returns how
    many changed. For renamed buyers and territories, and rows written in bulk."""
    changed = 0
    rows = markets.order_by("pk").values_list(
        "pk", "reference", "title", "buyer__name", "lead_territory__name", "cpv_code",
        "search_text",
    )
    batch = []
    for pk, reference, title, buyer, territory, cpv, current in rows.iterator(chunk_size=BATCH):
        text = market_search_text(reference, title, buyer, territory, cpv)
        if text != current:
            batch.append(Market(pk=pk, search_text=text))
        if len(batch) >= BATCH:
            changed += Market.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        changed += Market.objects.bulk_update(batch, ["search_text"])
    return changed


def _renamed(sender, instance, **kwargs) -> None:
    if sender is Organisation:
        refresh_search_text(Market.objects.filter(buyer=instance))
    else:
        refresh_search_text(Market.objects.filter(lead_territory=instance))


def _market_saved(**kwargs) -> None:
    # Now, for this transaction's own next reads, and again once it commits: another
    # request may have cached the rows as they were before the commit.
    listing_cache.markets_changed()
    transaction.on_commit(listing_cache.markets_changed)


def connect() -> None:
    for model in (Organisation, Territory):
        post_save.connect(_renamed, sender=model,
                          dispatch_uid=f"market_search_text_{model._meta.model_name}")
    for signal in (post_save, post_delete):
        signal.connect(_market_saved, sender=Market,
                       dispatch_uid=f"markets_generation_{signal is post_save}")
    m2m_changed.connect(_market_saved, sender=Market.territories.through,
                        dispatch_uid="markets_generation_territories")
