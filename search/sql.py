"""SQL pieces the search needs on SQLite and PostgreSQL alike.

- ``Fold``: a text column lower-cased, without accents, its punctuation turned into
  spaces and padded with spaces, so that ``" " + stem`` finds a word starting with
  that stem (SQLite: a Python function registered on each connection; PostgreSQL:
  ``unaccent``, enabled by search/migrations/0001).
- ``union_rows``: several querysets, possibly ordered and sliced each, read in one
  query (UNION ALL of sub-selects: SQLite refuses ORDER BY/LIMIT directly in the
  members of a compound select, and the column order of each member is fixed here
  rather than left to the ORM), optionally sharing a materialised table expression.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Func, TextField

from portal.core.text import words

SQLITE_FOLD_FUNCTION = "portal_fold"


def sqlite_fold(value):
    """The Python side of ``Fold`` on SQLite."""
    if value is None:
        return None
    return " " + " ".join(words(str(value))) + " "


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver (see search/apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, sqlite_fold, deterministic=True
        )


class Fold(Func):
    output_field = TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection,
            template=(
                "(' ' || regexp_replace(lower(unaccent(%(expressions)s)), "
                "'[^a-z0-9]+', ' ', 'g') || ' ')"
            ),
            **extra_context,
        )


def union_rows(querysets: Sequence, columns: Sequence[str], common=None) -> list[dict]:
    """Rows of every queryset (each exposing ``columns``), in one query.

    `common`: ``(name, queryset)``, a table expression computed once for the whole
    query, which the querysets may read by its name (in raw SQL).
    """
    if not querysets:
        return []
    parts, params = [], []
    if common is not None:
        name, queryset = common
        sql, sql_params = queryset.query.sql_with_params()
        parts.append(f"WITH {name} AS MATERIALIZED ({sql}) ")
        params.extend(sql_params)
    column_list = ", ".join(f"u.{name}" for name in columns)
    members = []
    for queryset in querysets:
        sql, sql_params = queryset.values(*columns).query.sql_with_params()
        members.append(f"SELECT {column_list} FROM ({sql}) u")  # noqa: S608 - compiled by the ORM
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("".join(parts) + " UNION ALL ".join(members), params)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
