"""The search on Wagtail's database backends (SQLite FTS5, PostgreSQL full text).

Four queries whatever the number of objects:

1. what Wagtail's view restrictions hide from the person (network.permissions);
2. every count at once (portal.core.facets): per type and per facet option, grouped
   counts of the visible objects that match the words, under the other filters. The
   sources of one type each (the directory, pages, documents) are counted together
   from the index entries that match, so that the full-text match runs once for them;
3. the page: for each source the page overlaps, the ids of its slice in relevance
   order, in one UNION ALL (on SQLite the full-text table drives this query, see
   search.backends.database), then their rows in one more (search.outcome).

Visibility is part of the queryset handed to the backend's ``search()``, and the
counts and slices are taken from those same querysets: what is counted is what can
be listed, and what can be listed is what the person may open.

A selective query (a rare word) first reads its few matching index entries, and then
counts and pages only the objects they name, by primary key: the sources with no match
are not read at all (their visibility filters are not even built), and no facet scans a
table to probe the full-text match row by row. The entries come with their rank, so that,
without filters, once the query that checks which of them the person may open has run,
the page's ids are known without matching the words again: four queries in all
(entries, visible, counts, rows). A broad query keeps the full-text match inside each
count.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from django.db.models import (
    Case,
    CharField,
    F,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from wagtail.search.backends import get_search_backend

from portal.core import precompiled
from portal.core.facets import Counts, Dimension, count, counting_query, counts_of
from portal.core.queries import LazyQuerysets, union_all, union_query
from search.content_types import content_type_ids, content_types
from search.markets import matching_markets
from search.outcome import PRECOMPILED, Outcome, read_rows
from search.query import PAGE_SIZE, SearchFilters, plan_page
from search.sources import SOURCE_BY_KEY, SOURCES, Context, VisibleQuerysets


def _ordering(queryset: QuerySet) -> list:
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    expressions = []
    for item in [*order, "-pk"]:
        if isinstance(item, str):
            expressions.append(F(item[1:]).desc() if item.startswith("-") else F(item).asc())
        else:
            expressions.append(item)
    return expressions


def _positioned(ordered: QuerySet) -> QuerySet:
    """`ordered` as ``r_id`` and ``r_pos``, its position in that order (1 for the first)."""
    return ordered.annotate(
        r_id=F("pk"), r_pos=Window(RowNumber(), order_by=_ordering(ordered))
    )


def _pk_in(ids: list[int]):
    """The primary key among a selective query's few ids, as one parameter where the
    database allows."""
    return precompiled.InIds("pk", ids) if precompiled.supported() else Q(pk__in=ids)


# Up to this many matching index entries, a query is selective (see the docstring).
SELECTIVE_MATCHES = 500


class DatabaseEngine:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.backend = get_search_backend()
        # A mapping: each source's queryset is built when first read.
        self.visible: Mapping[str, QuerySet] = VisibleQuerysets(ctx)
        # For a selective query: per indexed source, the matching objects one may open,
        # and the relevance of every matching object (lower is better).
        self.opened: dict[str, list[int]] = {}
        self.ranks: dict[str, dict[int, float | None]] = {}
        self._match_params: dict[str, list] = {}

    def _selective(self, query: str) -> dict[str, list[int]] | None:
        """For a query matching at most SELECTIVE_MATCHES index entries, the ids it
        matches per indexed source (one full-text query, which also gives each its
        relevance: `self.ranks`); None for a broader query, or where the backend cannot
        tell."""
        found = self._matching_entries(query)
        if found is None or len(found) > SELECTIVE_MATCHES:
            return None
        ids: dict[str, list[int]] = {}
        for source in self._sources():
            if not source.indexed:
                continue
            own, left_out = content_types(source)
            types = set(own).difference(left_out)
            ranks = self.ranks.setdefault(source.key, {})
            for kind, pk, rank in found:
                if kind in types:
                    ranks[int(pk)] = rank
            if ranks:
                ids[source.key] = sorted(ranks)
        return ids

    def _match_params_of(self):
        """The backend's `match_params`, each query's read once per search; None when
        the backend has none."""
        of_backend = getattr(self.backend, "match_params", None)
        if of_backend is None:
            return None

        def match_params(query: str) -> list:
            if query not in self._match_params:
                self._match_params[query] = of_backend(query)
            return self._match_params[query]

        return match_params

    def _matching_entries(self, query: str) -> list[tuple[int, str, float | None]] | None:
        """Up to SELECTIVE_MATCHES + 1 index entries matching `query`, as (content type,
        object id, rank: lower is better, None where the backend gives none); None where
        the backend cannot tell. Compiled once per process (portal.core.precompiled),
        the words' match passed as a parameter."""
        entries = getattr(self.backend, "matching_entries", None)
        if entries is None:
            return None

        def build(words):
            matching = entries(words, ranked=True)
            return None if matching is None else matching[:SELECTIVE_MATCHES + 1]

        match_params = self._match_params_of()
        if precompiled.supported() and match_params:
            rows = PRECOMPILED.rows(("search-entries",), build, [],
                                    words=precompiled.Words(query, match_params))
        else:
            query_set = build(query)
            rows = list(query_set) if query_set is not None else None
        if rows is None:
            return None
        return [(row["content_type_id"], row["object_id"], row.get("r_rank")) for row in rows]

    def _narrowed_to(self, ids: dict[str, list[int]] | None) -> None:
        """Keep only the sources, and the objects of each, that the words match and the
        person may open: the visibility is read once per source with matches, over those
        objects only, and the counts and the page then read them by primary key. The
        sources without a match are left out, their visibility never built. One query
        for every source; its SQL depends on the sources with matches and the person's
        visibility: compiled once per both (portal.core.precompiled), the ids passed as
        parameters."""
        if ids is None:
            return
        keys = tuple(key for key in self.visible if key in ids)

        def build(*in_ids):
            return union_query([
                self.visible[key].filter(pk_in).order_by()
                .annotate(r_source=Value(key, output_field=TextField()), r_id=F("pk"))
                .values("r_source", "r_id")
                for key, pk_in in zip(keys, in_ids, strict=True)
            ])

        if not keys:
            rows = []
        elif precompiled.supported():
            key = ("search-opened", keys, self.ctx.visibility.key,
                   tuple(content_types(self._source(key)) for key in keys))
            rows = PRECOMPILED.rows(
                key, lambda *slots: build(*(precompiled.InIds("pk", slot) for slot in slots)),
                [ids[key] for key in keys]) or []
        else:
            rows = list(build(*(Q(pk__in=ids[key]) for key in keys)))
        for row in rows:
            self.opened.setdefault(row["r_source"], []).append(row["r_id"])
        self.opened = {key: sorted(pks) for key, pks in self.opened.items()}
        self._keep_opened()

    def _keep_opened(self) -> None:
        """The indexed sources reduced to their opened objects, by primary key; the
        others (markets) kept as they are. Built when read: counts and rows read by
        primary key from precompiled SQL read none of them."""
        visible = self.visible
        self.visible = LazyQuerysets({
            key: (partial(self._opened_queryset, key) if key in self.opened
                  else partial(visible.__getitem__, key))
            for key in visible if key in self.opened or not self._source(key).indexed
        })

    def _opened_queryset(self, key: str) -> QuerySet:
        return self._source(key).model._default_manager.filter(_pk_in(self.opened[key]))

    @staticmethod
    def _source(key: str):
        return SOURCE_BY_KEY[key]

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
        """The visible, narrowed matches of `source` as ``r_id`` and ``r_pos``, their
        position best first (ties: highest id first)."""
        visible = self.visible[source.key]
        if not source.indexed:
            ordered = matching_markets(visible, query, autocomplete=autocomplete)
            return _positioned(source.narrow(ordered, filters))
        return self._ranked_among(source, query, filters, visible,
                                  self.opened.get(source.key), autocomplete)

    def _ranked_among(self, source, query: str, filters: SearchFilters, visible: QuerySet,
                      kept=None, autocomplete: bool = False) -> QuerySet:
        """`ranked` over `visible`; `kept` (ids, or a query of them): `visible` is
        narrowed by primary key to those objects."""
        run = self.backend.autocomplete if autocomplete else self.backend.search
        # The backend validates the lookups of what it searches: the objects narrowed
        # by primary key are searched among all of their kind, then kept.
        searched = visible.model._default_manager.all() if kept is not None else visible
        results = run(query, searched, operator="and")
        if results.query_compiler is None:
            return visible.none().annotate(r_id=F("pk"), r_pos=F("pk"))
        by_index = getattr(results.query_compiler, "ranked_entries", None)
        entries = by_index(source.narrow(visible, filters)) if by_index else None
        if entries is not None:
            return entries.annotate(
                r_pos=Window(RowNumber(), order_by=[F("r_rank").asc(), F("r_id").desc()])
            )
        scored = results.annotate_score("_score").get_queryset()
        if kept is not None:
            scored = scored.filter(pk__in=kept)
        return _positioned(source.narrow(scored, filters))

    def _opened_in_order(self, ids: dict[str, list[int]]) -> dict[str, list[int]]:
        """For a selective query and no filter: `_narrowed_to`, then per source the ids
        opened best first, from the ranks the matching entries came with (ties: highest
        id first, as `ranked` orders them), so that the page's ids are known without
        another full-text query."""
        self._narrowed_to(ids)
        return {
            key: sorted(pks, key=lambda pk, ranks=self.ranks[key]: (ranks[pk], -pk))
            for key, pks in self.opened.items()
        }

    def search(self, filters: SearchFilters) -> Outcome:
        outcome = Outcome(page=filters.page)
        selective = self._selective(filters.q)
        in_order = None
        if selective is not None and not filters.chosen() and self._ranked(selective):
            in_order = self._opened_in_order(selective)
        else:
            self._narrowed_to(selective)
        if selective is not None and not filters.chosen() and precompiled.supported() and all(
            key in self.opened for key in self.visible
        ):
            outcome.counts = self._opened_counts()
        else:
            outcome.counts = count(self._counted(filters.q, selective is not None),
                                   filters.chosen())
        outcome.count_sources(filters)
        last_page = max(1, -(-outcome.total // PAGE_SIZE))
        outcome.page = min(filters.page, last_page)
        outcome.rows = self.rows(filters, plan_page(outcome.source_counts, outcome.page),
                                 in_order)
        return outcome

    def _ranked(self, ids: dict[str, list[int]]) -> bool:
        """Whether the backend gave every matching object's rank."""
        return all(self.ranks[key][pk] is not None for key in ids for pk in ids[key])

    def _opened_counts(self) -> Counts:
        """The counts of a selective query without filters when every source left is an
        indexed one: the objects opened, read by primary key. The SQL depends only on
        which sources have matches: compiled once (portal.core.precompiled)."""
        keys = tuple(key for key in self.visible if key in self.opened)

        def build(*slots):
            return counting_query([
                (self._source(key).model._default_manager.filter(
                    precompiled.InIds("pk", slot)), self._source(key).dimensions)
                for key, slot in zip(keys, slots, strict=True)
            ], {})

        return counts_of(PRECOMPILED.rows(("search-counts", keys), build,
                                          [self.opened[key] for key in keys]) or ())

    def _counted(self, query: str, selective: bool = False
                 ) -> list[tuple[QuerySet, dict[str, Dimension]]]:
        """What the counts read: each source's matches and how the facets apply. For a
        selective query, the visible querysets already hold the matching objects only."""
        if selective:
            return [
                (self.visible[source.key] if source.indexed else self.matched(source, query),
                 source.dimensions)
                for source in self._sources()
            ]
        entries = getattr(self.backend, "matching_entries", None)
        entries = entries(query) if entries else None
        together = [
            source for source in self._sources()
            if entries is not None and source.indexed and set(source.dimensions) == {"type"}
        ]
        counted = [
            (self.matched(source, query), source.dimensions)
            for source in self._sources() if source not in together
        ]
        if together:
            counted.append(self._from_entries(entries, together))
        return counted

    def _from_entries(self, entries: QuerySet, sources) -> tuple[QuerySet, dict]:
        """The matching index entries of the visible objects of `sources`, each of one
        type, with their type as the only facet. An object has one index entry."""
        visible, types, whens = Q(), {}, []
        for source in sources:
            kinds = content_type_ids(source.model)
            ids = self.visible[source.key].annotate(text_pk=Cast("pk", CharField()))
            visible |= Q(content_type_id__in=kinds, object_id__in=ids.values("text_pk"))
            types[source.types[0]] = kinds
            whens.append(When(content_type_id__in=kinds, then=Value(source.types[0])))
        type_of = Dimension(
            key=Case(*whens, output_field=TextField()),
            condition=lambda chosen: Q(content_type_id__in=types[chosen])
            if chosen in types else None,
        )
        return entries.filter(visible), {"type": type_of}

    def rows(self, filters: SearchFilters, plan,
             in_order: dict[str, list[int]] | None = None) -> list[dict]:
        """The page's rows; `in_order`: the sources whose ids are already ranked."""
        in_order = in_order or {}
        known = [
            (self._source(key), start, in_order[key][start:stop])
            for key, start, stop in plan if key in in_order
        ]
        return self._page([
            (self._source(key), self.ranked(self._source(key), filters.q, filters), start, stop)
            for key, start, stop in plan if key not in in_order
        ], known)

    def suggestions(self, query: str, limit: int) -> list[dict]:
        filters = SearchFilters(q=query)
        return self._page([
            (source, self.ranked(source, query, filters, autocomplete=True), 0, limit)
            for source in self._sources()
        ])

    @staticmethod
    def _page(slices, known=()) -> list[dict]:
        """Two queries: the ids of every slice, then their rows (with those of
        `known`, slices whose ids are known)."""
        members = [
            ranked.filter(r_pos__gt=start, r_pos__lte=stop)
            .annotate(r_source=Value(source.key, output_field=TextField()))
            .order_by().values("r_source", "r_id", "r_pos")
            for source, ranked, start, stop in slices
        ]
        found: dict[str, list] = {}
        for row in union_all(members) if members else ():
            found.setdefault(row["r_source"], []).append(row)
        by_key = {source.key: (source, start) for source, _, start, _ in slices}
        ids = list(known)
        for key, rows in found.items():
            source, start = by_key[key]
            rows.sort(key=lambda row: row["r_pos"])
            ids.append((source, start, [row["r_id"] for row in rows]))
        return read_rows(ids)
