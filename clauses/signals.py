"""Model signals of markets and of what their search text is made of, turned into the one
`clauses.events.markets_changed` event; the market lists' cache following it; and the
files of eligibility proofs, DCE versions and documents exchanged with companies removed
from the private media with their rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from clauses import events, listing_cache
from clauses.models import DceVersion, EligibilityProof, ExchangedDocument, Market
from clauses.search_text import BATCH, market_search_text
from network.models import Organisation, Territory


def refresh_search_text(markets) -> list[int]:
    """Store the search text of `markets` (a queryset) again, in batches; returns the ids
    whose text changed. For renamed buyers and territories, and rows written in bulk."""
    changed: list[int] = []
    rows = markets.order_by("pk").values_list(
        "pk", "reference", "title", "buyer__name", "lead_territory__name", "cpv_code",
        "search_text",
    )
    batch = []
    for pk, reference, title, buyer, territory, cpv, current in rows.iterator(chunk_size=BATCH):
        text = market_search_text(reference, title, buyer, territory, cpv)
        if text != current:
            batch.append(Market(pk=pk, search_text=text))
            changed.append(pk)
        if len(batch) >= BATCH:
            Market.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Market.objects.bulk_update(batch, ["search_text"])
    return changed


def _renamed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    field = "buyer" if sender is Organisation else "lead_territory"
    events.announce(refresh_search_text(Market.objects.filter(**{field: instance})))


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        events.announce(changed=[instance.pk])


def _deleted(sender, instance, **kwargs) -> None:
    events.announce(deleted=[instance.pk])


def _territories(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        events.announce(changed=[instance.pk])
    elif pk_set:
        events.announce(changed=pk_set)
    else:  # a territory's markets cleared: which ones is no longer known, refresh all
        listing_cache.markets_changed()


def _lists_follow(sender, changed, deleted, **kwargs) -> None:
    # Now, for this transaction's own next reads, and again once it commits: another
    # request may have cached the rows as they were before the commit.
    listing_cache.markets_changed()
    transaction.on_commit(listing_cache.markets_changed)


def _private_file_deleted(sender, instance, **kwargs) -> None:
    """A private file (an eligibility proof, a DCE version, a document exchanged with a
    company) goes with its row, however the row goes (its operation, an unticked
    criterion, a merge, the purge, a deleted market or company): once the deletion is
    committed, so that a rolled-back deletion keeps its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    post_delete.connect(_private_file_deleted, sender=EligibilityProof,
                        dispatch_uid="eligibility_proof_file_deleted")
    for model in (Organisation, Territory):
        post_save.connect(_renamed, sender=model,
                          dispatch_uid=f"market_search_text_{model._meta.model_name}")
    post_save.connect(_saved, sender=Market, dispatch_uid="markets_changed_saved")
    post_delete.connect(_deleted, sender=Market, dispatch_uid="markets_changed_deleted")
    m2m_changed.connect(_territories, sender=Market.territories.through,
                        dispatch_uid="markets_changed_territories")
    events.markets_changed.connect(_lists_follow, dispatch_uid="market_lists_follow")
    post_delete.connect(_private_file_deleted, sender=DceVersion, dispatch_uid="dce_file_deleted")
    post_delete.connect(_private_file_deleted, sender=ExchangedDocument,
                        dispatch_uid="exchanged_document_file_deleted")
