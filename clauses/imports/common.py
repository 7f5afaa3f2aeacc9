"""What every import shares: who it runs as, and set-based lookups in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet

from network.permissions import Action, filter_queryset

# Ids per query: SQLite refuses statements with too many parameters, and the
# permission filter adds its own.
BATCH = 900


def scoped(user, action: Action, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed by the permission policy for `user`.

    `user=None` is a system import (management command without --utilisateur),
    which the operator runs with full rights.
    """
    return queryset if user is None else filter_queryset(user, action, queryset)


def batches(values: Iterable, size: int = BATCH) -> Iterator[list]:
    items: Sequence = sorted(set(values), key=str)
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
