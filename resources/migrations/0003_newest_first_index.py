"""PostgreSQL: an index in the order every list of publications uses, newest first
(``first_published_at DESC NULLS LAST, id DESC``: resources.library.NEWEST_FIRST).

Wagtail's own index on first_published_at is ascending with nulls last; read backwards
it gives nulls first, so PostgreSQL sorted every live page to show the four newest on the
home page or the first twenty of the library; with this index it reads them off in
order. Nothing on other databases: SQLite cannot order nulls in an index.
"""

from django.db import migrations

INDEX = "portal_page_newest_first"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailcore", "Page")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} "
        "(first_published_at DESC NULLS LAST, id DESC)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_library_configuration"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
