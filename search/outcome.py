"""What an engine answers, whatever the engine: the counts of every type and facet
option, and the rows of one page, read from the database in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from portal.core import precompiled
from portal.core.facets import Counts
from portal.core.queries import union_query
from search.query import SearchFilters
from search.sources import ROW_COLUMNS, SOURCE_OF_TYPE, SOURCES

# The SQL of the search's reads by primary key, per set of sources.
PRECOMPILED = precompiled.Precompiled()


@dataclass
class Outcome:
    """Counts and one page of rows."""

    # Every facet's options (portal.core.facets), types included.
    counts: Counts = field(default_factory=Counts)
    rows: list[dict] = field(default_factory=list)
    page: int = 1
    source_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.source_counts)

    @property
    def type_counts(self) -> dict[str, int]:
        return {key: count for key, (_, count) in self.counts.options("type").items()}

    @property
    def facet_counts(self) -> dict[str, list[tuple[str, str, int]]]:
        """Per facet but the type: its options with results, as ``(key, label, count)``."""
        found = {}
        for param in SearchFilters.facet_params():
            options = [(key, label, count)
                       for key, (label, count) in self.counts.options(param).items() if count]
            if param != "type" and options:
                found[param] = options
        return found

    def count_sources(self, filters: SearchFilters) -> None:
        """Each source's number of results, from the type counts (every type belongs to
        one source)."""
        types = self.type_counts
        self.source_counts = [
            (source.key, sum(
                types.get(t, 0) for t in source.types if not filters.type or t == filters.type
            ))
            for source in SOURCES
        ]


def read_rows(found) -> list[dict]:
    """The rows of `found` (``[(source, first position, ids in order)]``), in list
    order, in one query. Each row's position is known from its id: it is set here
    rather than computed by the database from a long CASE. The query's SQL depends only
    on which sources have ids: it is compiled once per process (portal.core.precompiled)
    and the ids passed as one parameter per source."""
    present, positions = [], {}
    for source, start, ids in found:
        if not ids:
            continue
        at = positions.setdefault(source.key, {})
        for n, pk in enumerate(ids):
            at.setdefault(pk, start + n + 1)
        present.append((source, ids))

    def build(*id_lists):
        return union_query([
            source.rows(source.model._default_manager.filter(in_ids))
            .order_by().values(*ROW_COLUMNS)
            for (source, _), in_ids in zip(present, id_lists, strict=True)
        ])

    if precompiled.supported():
        # The content types are parameters of some sources' SQL: read now, they key it.
        key = ("search-rows", timezone.get_current_timezone_name(),
               tuple((source.key, ContentType.objects.get_for_model(source.model).pk)
                     for source, _ in present))
        rows = PRECOMPILED.rows(
            key, lambda *slots: build(*(precompiled.InIds("pk", slot) for slot in slots)),
            [ids for _, ids in present]) or []
    else:
        query = build(*(Q(pk__in=ids) for _, ids in present))
        rows = list(query) if query is not None else []
    order = {source.key: i for i, source in enumerate(SOURCES)}
    for row in rows:
        row["r_pos"] = positions[SOURCE_OF_TYPE[row["r_type"]].key][row["r_id"]]
    return sorted(rows, key=lambda row: (order[SOURCE_OF_TYPE[row["r_type"]].key], row["r_pos"]))
