"""PostgreSQL: the French full-text configurations of the search backend
(search/backends/database.py). Nothing on other databases.

- portal_french: French Snowball stemming (and its stop words) after unaccent, for
  the index and the queries ("marches" finds "marchés", "clauses" finds "clause");
- portal_simple: unaccent without stemming, for autocompletion;
- the unaccent extension, also used by the markets' search (search/sql.py).

After this migration on a database that already holds an index, rebuild it with
``python manage.py update_index``.
"""

from django.db import migrations

CONFIGURATIONS = {"portal_french": "french_stem", "portal_simple": "simple"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for name, dictionary in CONFIGURATIONS.items():
            copy = "french" if dictionary == "french_stem" else "simple"
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {copy})")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
                f"hword, hword_part, word, asciihword, hword_asciipart, asciiword "
                f"WITH unaccent, {dictionary}"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in CONFIGURATIONS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
