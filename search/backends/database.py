"""Wagtail's database search backend, speaking French.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``
picks, like Wagtail's own ``wagtail.search.backends.database``, the backend of the
database in use, with these changes:

- PostgreSQL: the full-text configuration ``SEARCH_CONFIG`` (``portal_french``:
  French Snowball stemming after ``unaccent``, made by search/migrations/0001) for
  the index and the queries, and ``portal_simple`` (``unaccent`` without stemming)
  for autocompletion instead of ``simple``.
- SQLite: FTS5's tokenizer already ignores case and diacritics but has no French
  stemmer. The query's words are reduced to their light stem (portal.core.text.stem) and
  matched as word prefixes, so that "clauses" finds "clause" and "marches" finds
  "marchés"; French stop words are left out of the query. For a page of results in
  relevance order, ``ranked_entries`` lets the full-text table drive the query.
- Other databases: Wagtail's backend unchanged.
"""

from functools import cache

from django.db import connection
from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from modelsearch.query import MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from portal.core.text import query_terms, words

PG_SEARCH_CONFIG = "portal_french"
PG_AUTOCOMPLETE_CONFIG = "portal_simple"


def _any_indexed_queryset():
    """A compiler needs a model; the words' match does not depend on it."""
    return Page.objects.none()


def _params(expression) -> list:
    """The parameters of `expression` compiled on its own."""
    compiler = _any_indexed_queryset().query.get_compiler(connection=connection)
    return list(compiler.compile(expression)[1])


@cache
def _sqlite_classes():
    # Only the backend of the database in use is imported: each defines models of its own.
    from modelsearch.backends.database.sqlite.query import (
        Lexeme,
        MatchExpression,
        SearchQueryExpression,
        normalize,
    )
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class RankedEntries:
        def ranked_entries(self, queryset):
            """The objects of `queryset` that match, best first, as index entries with
            ``r_id`` (the object's pk) and ``r_rank`` (bm25: lower is better); None
            for queries this cannot rank (negations, match-all).

            Driven by the full-text table: the match runs once and `queryset` is a
            subquery. Wagtail's own relevance ordering correlates a bm25 subquery on
            each matching object, which runs the match once per row: quadratic in the
            number of matches on SQLite.
            """
            query = normalize(self.query)
            if isinstance(query, (MatchAll, Not)):
                return None
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query)
            )
            rank = self._build_rank_expression(self.get_search_vectors(), None)
            return SQLiteFTSIndexEntry.objects.filter(match).filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=queryset.order_by().annotate(
                    text_pk=Cast("pk", CharField())
                ).values("text_pk"),
            ).annotate(
                r_rank=rank, r_id=Cast("index_entry__object_id", IntegerField())
            ).order_by(F("r_rank").asc(), F("r_id").desc())

    # A term FTS5 reads as no token at all: it matches nothing.
    nothing = "\u2205"

    def lexemes(query: PlainText, terms: list[str]):
        """Every term as a word beginning ("claus"* finds "clause" and "clauses")."""
        combined = None
        for term in terms:
            lexeme = Lexeme(term, prefix=True)
            if combined is None:
                combined = lexeme
            elif query.operator.upper() == "AND":
                combined &= lexeme
            else:
                combined |= lexeme
        return combined

    class FrenchSQLiteSearchQueryCompiler(RankedEntries, SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                stems = query_terms(query.query_string)
                if not stems:
                    # Only stop words: match what they match, rather than everything.
                    stems = words(query.query_string)[:1] or [nothing]
                return SearchQueryExpression(lexemes(query, stems), config=config)
            return super().build_search_query_content(query, config=config)

    class FrenchSQLiteAutocompleteQueryCompiler(RankedEntries, SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                # The word being typed is a prefix as it is; the others are whole words,
                # reduced to their stem so that a plural still finds the singular.
                *done, last = words(query.query_string) or [nothing]
                stems = query_terms(" ".join(done))
                return SearchQueryExpression(lexemes(query, [*stems, last]), config=config)
            return super().build_search_query_content(query, config=config)

    class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = FrenchSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = FrenchSQLiteAutocompleteQueryCompiler

        def matching_entries(self, query: str, ranked: bool = False):
            """Every index entry matching `query`, whatever its model, as
            ``content_type_id`` and ``object_id`` (and, `ranked`, ``r_rank``: the
            relevance `ranked_entries` orders by, lower is better); None if this
            cannot say."""
            compiler = self.query_compiler_class(_any_indexed_queryset(), query, operator="and")
            normalized = normalize(compiler.query)
            if isinstance(normalized, (MatchAll, Not)):
                return None
            match = MatchExpression(
                compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized)
            )
            entries = SQLiteFTSIndexEntry.objects.filter(match)
            columns = {"content_type_id": F("index_entry__content_type_id"),
                       "object_id": F("index_entry__object_id")}
            if ranked:
                # The rank does not depend on the model: every entry has a title and a
                # body, weighted alike.
                columns["r_rank"] = compiler._build_rank_expression(
                    compiler.get_search_vectors(), None)
            return entries.values(**columns)

        def match_params(self, query: str) -> list:
            """The parameters the full-text match of `query` is given in SQL (see
            portal.core.precompiled.Words)."""
            compiler = self.query_compiler_class(_any_indexed_queryset(), query, operator="and")
            normalized = normalize(compiler.query)
            if isinstance(normalized, (MatchAll, Not)):
                return []
            return _params(MatchExpression(
                compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized)
            ))

    return FrenchSQLiteSearchBackend


@cache
def _postgres_class():
    # Only the backend of the database in use is imported: each defines models of its own.
    from django.contrib.postgres.search import SearchVectorField
    from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchBackend

    class FrenchPostgresSearchBackend(PostgresSearchBackend):
        def __init__(self, params):
            params = {"SEARCH_CONFIG": PG_SEARCH_CONFIG, **params}
            super().__init__(params)
            self.autocomplete_config = params.get(
                "AUTOCOMPLETE_CONFIG", PG_AUTOCOMPLETE_CONFIG
            )

        def matching_entries(self, query: str, ranked: bool = False):
            """Every index entry matching `query`, whatever its model, as
            ``content_type_id`` and ``object_id`` (and, `ranked`, ``r_rank``: minus
            the relevance Wagtail's search orders by, so that lower is better as on
            SQLite); None if this cannot say."""
            compiler = self.query_compiler_class(_any_indexed_queryset(), query, operator="and")
            if not isinstance(compiler.query, PlainText):
                return None
            search_query = compiler.build_tsquery(compiler.query, config=self.config)
            vector = CombinedExpression(
                F("title"), "||", F("body"), output_field=SearchVectorField()
            )
            entries = IndexEntry.objects.annotate(entry_vector=vector).filter(
                entry_vector=search_query
            )
            if not ranked:
                return entries.values("content_type_id", "object_id")
            # The expression of Wagtail's relevance ordering (its index vectors: the
            # title weighted by its norm, the body), read from the entry itself.
            rank = compiler._build_rank_expression(
                [(F("title"), F("title_norm")), (F("body"), 1.0)], self.config)
            return entries.values(
                "content_type_id", "object_id",
                r_rank=ExpressionWrapper(Value(-1.0) * rank, output_field=FloatField()),
            )

        def match_params(self, query: str) -> list:
            """The parameters the full-text query of `query` is given in SQL (see
            portal.core.precompiled.Words)."""
            compiler = self.query_compiler_class(_any_indexed_queryset(), query, operator="and")
            if not isinstance(compiler.query, PlainText):
                return []
            search_query = compiler.build_tsquery(compiler.query, config=self.config)
            return [] if search_query is None else _params(search_query)

    return FrenchPostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return _postgres_class()(params)
    backend = wagtail_database_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_classes()(params)
    # SQLite without FTS5, MySQL…: Wagtail's backend as it is.
    return backend
