"""Keep the markets' Elasticsearch index current as markets change (ELASTICSEARCH_URL
set only: search.apps imports this module then). Like Wagtail's own index updates, a
failure is logged and never blocks the save: ``manage.py rebuild_market_index`` repairs
the index."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from clauses.models import Market
from search.elasticsearch.indexing import client, index_market, remove_market

logger = logging.getLogger(__name__)


def _run(action, *args):
    try:
        action(client(), *args)
    except Exception:  # an unreachable search engine must not lose the user's work
        logger.exception("Mise à jour de l'index des marchés impossible")


def _market_saved(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        transaction.on_commit(lambda: _run(index_market, instance))


def _market_deleted(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: _run(remove_market, pk))


def _territories_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _market_saved(sender, instance)


def connect():
    post_save.connect(_market_saved, sender=Market, dispatch_uid="search_market_saved")
    post_delete.connect(_market_deleted, sender=Market, dispatch_uid="search_market_deleted")
    m2m_changed.connect(_territories_changed, sender=Market.territories.through,
                        dispatch_uid="search_market_territories")
