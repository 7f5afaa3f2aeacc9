"""Wagtail's database search backend, speaking French.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``
picks, like Wagtail's own ``wagtail.search.backends.database``, the backend of the
database in use, with these changes:

- PostgreSQL: the full-text configuration ``SEARCH_CONFIG`` (``portal_french``:
  French Snowball stemming after ``unaccent``, made by search/migrations/0001) for
  the index and the queries, and ``portal_simple`` (``unaccent`` without stemming)
  for autocompletion instead of ``simple``.
- SQLite: FTS5's tokenizer already ignores case and diacritics but has no French
  stemmer. The query's words are reduced to their light stem (search.text.stem) and
  matched as word prefixes, so that "clauses" finds "clause" and "marches" finds
  "marchés"; French stop words are left out of the query.
- Other databases: Wagtail's backend unchanged.
"""

from django.db import connection
from modelsearch.query import PlainText

from search.text import STOP_WORDS, query_terms, words

PG_SEARCH_CONFIG = "portal_french"
PG_AUTOCOMPLETE_CONFIG = "portal_simple"


def _sqlite_classes():
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    def lexemes(query: PlainText, stems: list[str], last_prefix_only: bool):
        combined = None
        for position, term in enumerate(stems):
            prefix = not last_prefix_only or position == len(stems) - 1
            lexeme = Lexeme(term, prefix=prefix)
            if combined is None:
                combined = lexeme
            elif query.operator.upper() == "AND":
                combined &= lexeme
            else:
                combined |= lexeme
        return combined

    class FrenchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                stems = query_terms(query.query_string)
                if not stems:
                    # Only stop words: match what they match, rather than everything.
                    stems = words(query.query_string)[:1] or ["\u2205"]
                return SearchQueryExpression(lexemes(query, stems, False), config=config)
            return super().build_search_query_content(query, config=config)

    class FrenchSQLiteAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                # The word being typed is a prefix as it is; the others are whole words,
                # reduced to their stem so that a plural still finds the singular.
                typed = words(query.query_string)
                if not typed:
                    typed = ["\u2205"]
                *done, last = typed
                stems = [s for s in query_terms(" ".join(done)) if s not in STOP_WORDS]
                return SearchQueryExpression(
                    lexemes(query, [*stems, last], False), config=config
                )
            return super().build_search_query_content(query, config=config)

    class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = FrenchSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = FrenchSQLiteAutocompleteQueryCompiler

    return FrenchSQLiteSearchBackend


def _postgres_class():
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    class FrenchPostgresSearchBackend(PostgresSearchBackend):
        def __init__(self, params):
            params = {"SEARCH_CONFIG": PG_SEARCH_CONFIG, **params}
            super().__init__(params)
            self.autocomplete_config = params.get(
                "AUTOCOMPLETE_CONFIG", PG_AUTOCOMPLETE_CONFIG
            )

    return FrenchPostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    from modelsearch.backends.database import SearchBackend as wagtail_database_backend

    if connection.vendor == "postgresql":
        return _postgres_class()(params)
    backend = wagtail_database_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_classes()(params)
    # SQLite without FTS5, MySQL…: Wagtail's backend as it is.
    return backend
