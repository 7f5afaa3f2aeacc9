"""The search on Wagtail's database backends (SQLite FTS5, PostgreSQL full text).

Four queries whatever the number of objects:

1. what Wagtail's view restrictions hide from the person (network.permissions);
2. every count at once: per type and per facet option, a UNION ALL of grouped
   counts, each over the visible objects that match the words;
3. the page: for each source the page overlaps, the ids of its slice in relevance
   order, in one UNION ALL (on SQLite the full-text table drives this query, see
   search.backends.database), then their rows in one more.

Visibility is part of the queryset handed to the backend's ``search()``, and the
counts and slices are taken from those same querysets: what is counted is what can
be listed, and what can be listed is what the person may open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend

from portal.core.vocabulary import MarketCategory
from resources.models import Publication
from search.markets import matching_markets
from search.query import PAGE_SIZE, SearchFilters, plan_page
from search.sources import ROW_COLUMNS, SOURCES, Context, visible_querysets
from search.sql import union_rows

FACET_COLUMNS = ("f_facet", "f_key", "f_label", "f_count")
MATCHES = "portal_matches"
PAGE_COLUMNS = (*ROW_COLUMNS, "r_pos")


@dataclass
class Outcome:
    """Counts and one page of rows, whatever the engine."""

    type_counts: dict[str, int] = field(default_factory=dict)
    # facet -> [(key, label, count)]
    facet_counts: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    page: int = 1
    source_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.source_counts)


def _ordering(queryset: QuerySet) -> list:
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    expressions = []
    for item in [*order, "-pk"]:
        if isinstance(item, str):
            expressions.append(F(item[1:]).desc() if item.startswith("-") else F(item).asc())
        else:
            expressions.append(item)
    return expressions


def _constant(value) -> Value:
    return Value(value, output_field=TextField())


def _group(queryset: QuerySet, facet: str, key, label) -> QuerySet:
    return (
        queryset.order_by()
        .values(f_facet=_constant(facet), f_key=Cast(key, TextField()),
                f_label=Cast(label, TextField()))
        .annotate(f_count=Count("*", output_field=IntegerField()))
    )


def _network_label():
    return Coalesce(NullIf("acronym", Value("")), "name", output_field=CharField())


def publication_facets(matched: QuerySet, facet: str) -> QuerySet:
    if facet == "type":
        return _group(matched, "type", "kind", _constant(""))
    if facet == "annee":
        return _group(matched, "annee", "year", "year")
    relation, target = {
        "reseau": ("networks", "network"),
        "categorie": ("market_categories", "marketcategoryoption"),
    }[facet]
    through = Publication._meta.get_field(relation).remote_field.through.objects.filter(
        publication_id__in=matched.values("pk")
    )
    if facet == "reseau":
        return _group(
            through.annotate(label=Coalesce(
                NullIf(F("network__acronym"), Value("")), F("network__name"),
                output_field=CharField(),
            )),
            "reseau", "network__slug", "label",
        )
    return _group(through, "categorie", f"{target}_id", f"{target}_id")


def market_facets(matched: QuerySet, facet: str) -> QuerySet:
    if facet == "type":
        return _group(matched, "type", _constant("marche"), _constant(""))
    if facet == "annee":
        return _group(matched, "annee", "programme_year", "programme_year")
    if facet == "categorie":
        return _group(matched, "categorie", "category", "category")
    return _group(
        matched.filter(lead_territory__network__isnull=False).annotate(
            label=Coalesce(
                NullIf(F("lead_territory__network__acronym"), Value("")),
                F("lead_territory__network__name"), output_field=CharField(),
            )
        ),
        "reseau", "lead_territory__network__slug", "label",
    )


def facet_querysets(source, matched: QuerySet, facet: str) -> QuerySet:
    if source.key == "publication":
        return publication_facets(matched, facet)
    if source.key == "marche":
        return market_facets(matched, facet)
    return _group(matched, "type", _constant(source.types[0]), _constant(""))


def read_counts(rows: list[dict], outcome: Outcome, filters: SearchFilters) -> None:
    for row in rows:
        facet, key, count = row["f_facet"], row["f_key"], row["f_count"] or 0
        if facet == "type":
            outcome.type_counts[key] = outcome.type_counts.get(key, 0) + count
        elif count:
            outcome.facet_counts.setdefault(facet, []).append((key, row["f_label"], count))
    outcome.source_counts = [
        (source.key, sum(
            outcome.type_counts.get(t, 0) for t in source.types
            if not filters.type or t == filters.type
        ))
        for source in SOURCES
    ]
    if "categorie" in outcome.facet_counts:
        labels = dict(MarketCategory.choices)
        outcome.facet_counts["categorie"] = [
            (key, labels.get(key, key), count)
            for key, _, count in outcome.facet_counts["categorie"]
        ]


class DatabaseEngine:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.backend = get_search_backend()
        self.visible = visible_querysets(ctx)

    def _sources(self):
        return [source for source in SOURCES if source.key in self.visible]

    def matched(self, source, query: str) -> QuerySet:
        """The visible objects of `source` matching the words, as a queryset."""
        visible = self.visible[source.key]
        if not source.indexed:
            return matching_markets(visible, query)
        results = self.backend.search(query, visible, operator="and", order_by_relevance=False)
        if not hasattr(results, "get_queryset"):
            return visible.none()  # e.g. a query without any word
        return results.get_queryset()

    def ranked(self, source, query: str, filters: SearchFilters,
               autocomplete: bool = False) -> QuerySet:
        """The visible, narrowed matches of `source`, best first, as ``r_id`` and
        ``r_rank`` (ascending; ties: highest id first)."""
        visible = self.visible[source.key]
        if not source.indexed:
            ordered = matching_markets(visible, query, autocomplete=autocomplete)
            return _windowed(source.narrow(ordered, filters))
        run = self.backend.autocomplete if autocomplete else self.backend.search
        results = run(query, visible, operator="and")
        if results.query_compiler is None:
            return visible.none().annotate(r_id=F("pk"), r_rank=F("pk")).values("r_id", "r_rank")
        by_index = getattr(results.query_compiler, "ranked_entries", None)
        entries = by_index(source.narrow(visible, filters)) if by_index else None
        if entries is not None:
            return entries.values("r_id", "r_rank")
        return _windowed(source.narrow(results.annotate_score("_score").get_queryset(), filters))

    def search(self, filters: SearchFilters) -> Outcome:
        outcome = Outcome(page=filters.page)
        # Every count reads the words' matches from one common table expression, so the
        # full-text match runs once rather than once per type and facet.
        entries = getattr(self.backend, "matching_entries", None)
        entries = entries(filters.q) if entries else None
        members = []
        for source in self._sources():
            matched = None
            for facet in ("type", *(("reseau", "annee", "categorie") if source.classified else ())):
                if not source.accepts(filters, skip=facet):
                    continue
                if matched is None:
                    matched = self._matched_for_counts(source, filters.q, entries is not None)
                members.append(facet_querysets(
                    source, source.narrow(matched, filters, skip=facet), facet
                ))
        common = (MATCHES, entries) if entries is not None else None
        read_counts(union_rows(members, FACET_COLUMNS, common=common), outcome, filters)
        last_page = max(1, -(-outcome.total // PAGE_SIZE))
        outcome.page = min(filters.page, last_page)
        outcome.rows = self.rows(filters, plan_page(outcome.source_counts, outcome.page))
        return outcome

    def _matched_for_counts(self, source, query: str, shared: bool) -> QuerySet:
        visible = self.visible[source.key]
        if not (shared and source.indexed):
            return visible.filter(pk__in=self.matched(source, query).values("pk"))
        content_types = get_descendants_content_types_pks(source.model)
        integer = "INTEGER" if connection.vendor == "sqlite" else "BIGINT"
        return visible.filter(pk__in=RawSQL(  # noqa: S611 - constant SQL, bound values
            f"SELECT CAST(object_id AS {integer}) FROM {MATCHES} "  # noqa: S608 - no input
            f"WHERE content_type_id IN ({', '.join(['%s'] * len(content_types))})",
            content_types,
        ))

    def rows(self, filters: SearchFilters, plan) -> list[dict]:
        by_key = {source.key: source for source in SOURCES}
        return self._page([
            (by_key[key], self.ranked(by_key[key], filters.q, filters), start, stop)
            for key, start, stop in plan
        ])

    def suggestions(self, query: str, limit: int) -> list[dict]:
        filters = SearchFilters(q=query)
        return self._page([
            (source, self.ranked(source, query, filters, autocomplete=True), 0, limit)
            for source in self._sources()
        ])

    @staticmethod
    def _page(slices) -> list[dict]:
        """Two queries: the ids of every slice, then their rows."""
        members = [
            ranked.annotate(r_source=Value(source.key, output_field=TextField()))[start:stop]
            for source, ranked, start, stop in slices
        ]
        found: dict[str, list] = {}
        for row in union_rows(members, ("r_source", "r_id", "r_rank")):
            found.setdefault(row["r_source"], []).append(row)
        by_key = {source.key: (source, start) for source, _, start, _ in slices}
        ids = []
        for key, rows in found.items():
            source, start = by_key[key]
            rows.sort(key=lambda row: (row["r_rank"], -row["r_id"]))
            ids.append((source, start, [row["r_id"] for row in rows]))
        return read_rows(ids)


def _windowed(ordered: QuerySet) -> QuerySet:
    return ordered.annotate(
        r_id=F("pk"), r_rank=Window(RowNumber(), order_by=_ordering(ordered))
    ).order_by("r_rank").values("r_id", "r_rank")


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
            source.rows(source.model._default_manager.filter(pk__in=ids)).annotate(r_pos=position)
        )
    order = {source.key: i for i, source in enumerate(SOURCES)}
    source_of = {t: source.key for source in SOURCES for t in source.types}
    return sorted(
        union_rows(members, PAGE_COLUMNS),
        key=lambda row: (order[source_of[row["r_type"]]], row["r_pos"]),
    )
