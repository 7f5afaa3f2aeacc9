"""Set-based lookups in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

# Ids per query: SQLite refuses statements with too many parameters, and a permission
# filter adds its own.
BATCH = 900


def batches(values: Iterable, size: int = BATCH) -> Iterator[list]:
    items: Sequence = sorted(set(values), key=str)
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
