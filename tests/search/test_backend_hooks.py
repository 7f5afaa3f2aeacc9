"""The French database search backend (search/backends/database.py) subclasses
modelsearch's database backends and calls some of their private methods. Those are not
a public API: this test fails as soon as an upgrade of modelsearch changes one of them,
so that the backend is checked again before the upgrade lands, rather than searches
silently losing their French matching."""

import inspect
from importlib.metadata import version

import pytest

pytestmark = pytest.mark.django_db

# The versions the hooks below were read from (pyproject.toml pins the same range).
CHECKED_RANGE = "1.3."


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_installed_modelsearch_is_the_one_the_hooks_were_checked_against():
    assert version("modelsearch").startswith(CHECKED_RANGE)


def test_the_sqlite_hooks_are_still_there():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("modelsearch registers its SQLite full-text model on SQLite only")
    from modelsearch.backends.database.sqlite import query, sqlite

    compiler = sqlite.SQLiteSearchQueryCompiler
    assert parameters(compiler.build_search_query_content) == ["self", "query", "config"]
    assert parameters(compiler.build_search_query) == ["self", "query", "config"]
    assert parameters(compiler._build_rank_expression) == ["self", "vectors", "config"]
    assert parameters(compiler.get_search_vectors) == ["self"]
    assert compiler.FTS_TABLE_FIELDS == ["title", "body"]
    assert issubclass(sqlite.SQLiteAutocompleteQueryCompiler, compiler)
    assert sqlite.SQLiteSearchBackend.autocomplete_query_compiler_class is (
        sqlite.SQLiteAutocompleteQueryCompiler
    )
    assert {"prefix", "value"} <= set(parameters(query.Lexeme.__init__))
    assert parameters(query.MatchExpression.__init__) == ["self", "columns", "query"]
    assert parameters(query.SearchQueryExpression.__init__)[:2] == ["self", "value"]
    assert parameters(query.normalize) == ["search_query"]
    entry_fields = {field.name for field in sqlite.SQLiteFTSIndexEntry._meta.get_fields()}
    assert {"title", "body", "autocomplete", "index_entry"} <= entry_fields


def test_the_postgresql_hooks_are_still_there():
    from modelsearch.backends.database.postgres import postgres

    assert parameters(postgres.PostgresSearchBackend.__init__) == ["self", "params"]
    assert postgres.PostgresSearchBackend.query_compiler_class is (
        postgres.PostgresSearchQueryCompiler
    )
    assert parameters(postgres.PostgresSearchQueryCompiler.build_tsquery) == [
        "self", "query", "config",
    ]
    entry_fields = {field.name for field in postgres.IndexEntry._meta.get_fields()}
    assert {"title", "body", "content_type", "object_id"} <= entry_fields


def test_the_backend_module_answers_with_the_french_backend(settings):
    from django.db import connection

    from search.backends.database import SearchBackend

    backend = SearchBackend({})
    if connection.vendor == "postgresql":
        assert type(backend).__name__ == "FrenchPostgresSearchBackend"
        assert backend.config == "portal_french"
    elif connection.vendor == "sqlite":
        assert type(backend).__name__ == "FrenchSQLiteSearchBackend"
