"""The words a market is found by in the database search (/recherche/): reference,
title, buyer, lead territory and CPV code, folded (lower case, no accents) and stored on
the market, so that a search reads one column instead of folding every visible market's
text again for each count it makes (two seconds at 20,000 markets on PostgreSQL)."""

from __future__ import annotations

from search.text import words

BATCH = 1000


def market_search_text(reference, title, buyer_name, territory_name, cpv_code) -> str:
    folded = words(" ".join(part or "" for part in (
        reference, title, buyer_name, territory_name, cpv_code)))
    return " " + " ".join(folded) + " "


def text_of(market) -> str:
    return market_search_text(
        market.reference, market.title,
        market.buyer.name if market.buyer_id else "",
        market.lead_territory.name if market.lead_territory_id else "", market.cpv_code,
    )


def refresh(markets) -> int:
    """Store the search text of `markets` (a queryset) again, in batches; returns how
    many changed. For renamed buyers and territories, and rows written in bulk."""
    from clauses.models import Market

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
    from clauses.models import Market

    if sender._meta.model_name == "organisation":
        refresh(Market.objects.filter(buyer=instance))
    else:
        refresh(Market.objects.filter(lead_territory=instance))


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from network.models import Organisation, Territory

    for model in (Organisation, Territory):
        post_save.connect(_renamed, sender=model,
                          dispatch_uid=f"market_search_text_{model._meta.model_name}")
