"""Fixtures shared by several test modules, imported where they are used."""

import pytest
from django.db import transaction
from django.test import override_settings


def module_data(build):
    """A module-scoped fixture for data that is slow to build (the demo data): `build()`
    runs once per test module, inside a transaction rolled back after the module's last
    test. Each test still starts from that data as it was built, since its own changes
    are rolled back to a savepoint as with `db`; its tests must ask for `db` as well.
    The files it writes go to a folder of the module's, which the fixture gives, since
    each test may have a media folder of its own."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("module-media")
        with django_db_blocker.unblock(), transaction.atomic():
            with override_settings(MEDIA_ROOT=media):
                build()
            yield media
            transaction.set_rollback(True)

    return fixture
