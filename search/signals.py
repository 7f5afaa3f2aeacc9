"""Keep the markets' Elasticsearch index current as markets change (ELASTICSEARCH_URL set
only: search.apps imports this module then), following clauses.events.markets_changed,
which every path that changes a market sends (saves, deletions, territories, renames of
buyers and territories, bulk writes). Like Wagtail's own index updates, a failure is
logged and never blocks the change: ``manage.py rebuild_market_index`` repairs it."""

import logging

from django.db import transaction

from clauses.events import markets_changed
from search.elasticsearch import indexing

logger = logging.getLogger(__name__)


def _run(action, *args):
    try:
        action(indexing.client(), *args)
    except Exception:  # an unreachable search engine must not lose the user's work
        logger.exception("Mise à jour de l'index des marchés impossible")


def _follow(sender, changed, deleted, **kwargs):
    if changed:
        ids = sorted(changed)
        transaction.on_commit(lambda: _run(indexing.index_markets, ids))
    for pk in sorted(deleted):
        transaction.on_commit(lambda pk=pk: _run(indexing.remove_market, pk))


def connect():
    markets_changed.connect(_follow, dispatch_uid="search_markets_follow")
