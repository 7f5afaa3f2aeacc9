"""One account per e-mail address, whatever its case (network/emails.py).

A unique index on the lower-cased address, for non-empty addresses only (accounts
without an address stay allowed). The same SQL on SQLite and PostgreSQL. Accounts
that already share an address stop the migration with their list: an administrator
gives each its own address (Paramètres > Utilisateurs, or `manage.py shell`), or
empties the extra ones, then runs `migrate` again.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

INDEX_NAME = "network_user_email_lower_uniq"


def _user_model(apps):
    return apps.get_model(*settings.AUTH_USER_MODEL.split("."))


def duplicates_report(User) -> str:
    shared = (
        User.objects.exclude(email="").annotate(email_lower=Lower("email"))
        .values("email_lower").annotate(accounts=Count("pk")).filter(accounts__gt=1)
        .values_list("email_lower", flat=True).order_by("email_lower")
    )
    # Historical models have no USERNAME_FIELD; the default user model's is "username".
    names = {f.name for f in User._meta.get_fields()}
    label = "username" if "username" in names else "pk"
    lines = []
    for email in shared:
        accounts = (
            User.objects.annotate(email_lower=Lower("email")).filter(email_lower=email)
            .order_by("pk").values_list("pk", label)
        )
        listed = ", ".join(f"{name} (n° {pk})" for pk, name in accounts)
        lines.append(f"  - {email} : {listed}")
    return "\n".join(lines)


def create_index(apps, schema_editor):
    User = _user_model(apps)
    report = duplicates_report(User)
    if report:
        raise RuntimeError(
            "Migration network 0003 impossible : des comptes partagent une adresse "
            "électronique (sans tenir compte des majuscules). Donnez à chacun sa propre "
            "adresse, ou videz les adresses en trop, puis relancez « manage.py migrate ».\n"
            + report
        )
    quote = schema_editor.quote_name
    column = quote(User._meta.get_field("email").column)
    schema_editor.execute(
        f"CREATE UNIQUE INDEX {quote(INDEX_NAME)} ON {quote(User._meta.db_table)} "
        f"(LOWER({column})) WHERE {column} <> ''"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0002_profiles_for_existing_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
