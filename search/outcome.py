"""What an engine answers, whatever the engine: the counts of every type and facet
option, and the rows of one page, read from the database in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When

from portal.core.facets import Counts
from portal.core.queries import union_all
from search.query import SearchFilters
from search.sources import ROW_COLUMNS, SOURCE_OF_TYPE, SOURCES

PAGE_COLUMNS = (*ROW_COLUMNS, "r_pos")


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
    order, in one query."""
    members = []
    for source, start, ids in found:
        if not ids:
            continue
        position = Case(
            *(When(pk=pk, then=Value(start + n + 1)) for n, pk in enumerate(ids)),
            output_field=IntegerField(),
        )
        members.append(
            source.rows(source.model._default_manager.filter(pk__in=ids))
            .annotate(r_pos=position).order_by().values(*PAGE_COLUMNS)
        )
    order = {source.key: i for i, source in enumerate(SOURCES)}
    return sorted(
        union_all(members),
        key=lambda row: (order[SOURCE_OF_TYPE[row["r_type"]].key], row["r_pos"]),
    )
