"""`seed_demo` loads every app's demo data, and a second run changes nothing at all."""

import hashlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# Rows that record when something happened rather than what the data is: a second
# run must add none of them either, but their timestamps are not compared.
TIMESTAMP_FIELDS = {"last_login", "date_joined"}


def snapshot() -> dict[str, str]:
    """Every row of every model, as a digest per model."""
    digests = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            field.attname for field in model._meta.concrete_fields
            if field.attname not in TIMESTAMP_FIELDS
        ]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        digest = hashlib.sha256(
            json.dumps(rows, default=str).encode()
        ).hexdigest()
        digests[model._meta.label] = f"{len(rows)}:{digest}"
    return digests


def test_seed_demo_run_twice_changes_nothing():
    call_command("seed_demo")
    first = snapshot()

    call_command("seed_demo")
    second = snapshot()

    changed = sorted(label for label in first if first[label] != second[label])
    assert changed == []
    # The demo data is not empty: markets, people, publications and accounts exist.
    for label in ("clauses.Market", "clauses.Beneficiary", "clauses.HoursDeclaration",
                  "resources.GuidePage", "network.Territory", "auth.User",
                  "clauses.ExchangedDocument", "clauses.FollowUpMeeting"):
        assert not first[label].startswith("0:"), label
