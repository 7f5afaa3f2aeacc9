"""``Fold``, the SQL function the search needs on SQLite and PostgreSQL alike: a text
column lower-cased, without accents, its punctuation turned into spaces and padded with
spaces, so that ``" " + stem`` finds a word starting with that stem (SQLite: a Python
function registered on each connection; PostgreSQL: ``unaccent``, enabled by
search/migrations/0001).
"""

from __future__ import annotations

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
