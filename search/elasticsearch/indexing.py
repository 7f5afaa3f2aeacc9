"""Filling the markets' index: documents built from the database, bulk-indexed into a
fresh index, then the alias swapped (``manage.py rebuild_market_index``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk

from clauses.models import Market
from network.permissions import anchors_of
from search.elasticsearch.documents import MarketDocument, market_index_name

CHUNK_SIZE = 500


def client() -> Elasticsearch:
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)


def _anchor_ids(markets) -> dict[str, dict[int, set[int]]]:
    """Per anchor kind, each market's anchor ids, read along the model's own
    ``permission_anchors`` paths (one query per path)."""
    found: dict[str, dict[int, set[int]]] = {}
    for kind, paths in anchors_of(markets.model).items():
        ids: dict[int, set[int]] = defaultdict(set)
        for path in [paths] if isinstance(paths, str) else paths:
            for pk, value in markets.order_by().values_list("pk", path):
                if value is not None:
                    ids[pk].add(value)
        found[str(kind)] = ids
    return found


def market_documents(markets, index: str | None = None) -> Iterator[MarketDocument]:
    anchors = _anchor_ids(markets)
    rows = markets.select_related("buyer", "lead_territory__network").prefetch_related(
        "territories__network"
    ).order_by("pk")
    for market in rows.iterator(chunk_size=CHUNK_SIZE):
        territories = [market.lead_territory, *market.territories.all()]
        meta = {"id": market.pk}
        if index:
            meta["index"] = index
        yield MarketDocument(
            meta=meta,
            reference=market.reference,
            title=market.title,
            buyer_name=market.buyer.name,
            territory_names=[t.name for t in territories],
            status=market.status,
            category=market.category,
            programme_year=market.programme_year,
            territory_ids=sorted({t.pk for t in territories}),
            network_slugs=sorted({t.network.slug for t in territories if t.network_id}),
            dce_planned_on=market.dce_planned_on,
            **{
                MarketDocument.anchor_field(kind): sorted(ids.get(market.pk, ()))
                for kind, ids in anchors.items()
            },
        )


def rebuild_market_index(es: Elasticsearch, markets=None) -> tuple[str, int]:
    """Index every market into a new index, point the alias at it, drop the old ones.
    Returns the new index's name and the number of markets indexed."""
    if markets is None:
        markets = Market.objects.all()
    alias = market_index_name()
    new_index = f"{alias}_{timezone.now():%Y%m%d%H%M%S%f}"
    MarketDocument.init(index=new_index, using=es)
    indexed, _ = bulk(
        es,
        (doc.to_dict(include_meta=True) for doc in market_documents(markets, new_index)),
        chunk_size=CHUNK_SIZE,
    )
    es.indices.refresh(index=new_index)
    previous = list(es.indices.get_alias(name=alias)) if es.indices.exists_alias(name=alias) else []
    if not previous and es.indices.exists(index=alias):
        es.indices.delete(index=alias)  # a plain index left where the alias goes
    es.indices.update_aliases(actions=[
        *({"remove": {"index": old, "alias": alias}} for old in previous),
        {"add": {"index": new_index, "alias": alias}},
    ])
    for old in previous:
        es.indices.delete(index=old)
    return new_index, indexed


def index_market(es: Elasticsearch, market) -> None:
    """Keep one market's document current (after a save)."""
    index_markets(es, [market.pk])


def index_markets(es: Elasticsearch, ids) -> int:
    """Keep these markets' documents current; those gone since are left to their deletion
    event. Returns how many were indexed."""
    index = market_index_name()
    indexed, _ = bulk(
        es,
        (doc.to_dict(include_meta=True) for doc in market_documents(
            Market.objects.filter(pk__in=list(ids)), index
        )),
        chunk_size=CHUNK_SIZE,
    )
    return indexed


def remove_market(es: Elasticsearch, pk: int) -> None:
    es.options(ignore_status=404).delete(index=market_index_name(), id=str(pk))
