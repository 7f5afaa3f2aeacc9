"""One account per e-mail address, whatever its case: in the database and in every form
that sets an address (the member's profile, the admin's account forms)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from tests.network import factories as f

pytestmark = pytest.mark.django_db

TAKEN = "Cette adresse électronique est déjà celle d&#x27;un autre compte."
migration = importlib.import_module("network.migrations.0003_user_email_unique_case_insensitive")


def test_the_database_refuses_a_second_account_with_the_same_address_in_another_case():
    f.UserFactory(email="A@x.fr")

    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(email="a@X.fr")


def test_accounts_without_an_address_are_still_allowed():
    before = get_user_model().objects.filter(email="").count()
    f.UserFactory(email="")
    f.UserFactory(email="")

    assert get_user_model().objects.filter(email="").count() == before + 2


def test_a_member_cannot_take_another_accounts_address(client):
    f.UserFactory(username="facilitateur.dijon", email="A@x.fr")
    user = f.member(username="membre.urpa", email="membre@exemple.fr")
    client.force_login(user)

    response = client.post("/compte/", {
        "first_name": "Noël", "last_name": "Durand", "email": "a@X.fr", "job_title": "",
        "phone": "",
    })

    assert response.status_code == 200 and TAKEN in response.content.decode()
    user.refresh_from_db()
    assert user.email == "membre@exemple.fr"


def test_a_member_may_keep_or_recase_their_own_address(client):
    user = f.member(email="membre@exemple.fr")
    client.force_login(user)

    response = client.post("/compte/", {
        "first_name": "Noël", "last_name": "Durand", "email": "Membre@Exemple.fr",
        "job_title": "", "phone": "",
    })

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "Membre@exemple.fr"  # Django lower-cases the domain


def _admin_user_data(**overrides):
    data = {
        "username": "nouveau.compte", "email": "a@X.fr", "first_name": "Camille",
        "last_name": "Martin", "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide", "is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_admin_cannot_create_an_account_with_a_used_address(client):
    f.UserFactory(email="A@x.fr")
    client.force_login(f.administrator())

    response = client.post("/admin/users/new/", _admin_user_data())

    assert response.status_code == 200 and TAKEN in response.content.decode()
    assert not get_user_model().objects.filter(username="nouveau.compte").exists()
    created = client.post("/admin/users/new/", _admin_user_data(email="b@x.fr"))
    assert created.status_code == 302


def test_the_admin_cannot_give_an_account_another_accounts_address(client):
    f.UserFactory(email="A@x.fr")
    user = f.UserFactory(username="membre.urpa", email="membre@exemple.fr")
    client.force_login(f.administrator())

    response = client.post(f"/admin/users/edit/{user.pk}/", _admin_user_data(
        username="membre.urpa", password1="", password2="",
    ))

    assert response.status_code == 200 and TAKEN in response.content.decode()
    user.refresh_from_db()
    assert user.email == "membre@exemple.fr"


def test_the_admins_own_account_page_does_not_change_the_address(client):
    client.force_login(f.administrator(email="admin@exemple.fr"))

    html = client.get("/admin/account/").content.decode()

    assert 'name="name_email-email"' not in html


class _Editor:
    """What the migration's functions use of a schema editor, on the test's connection
    (SQLite's real one refuses to work inside the test's transaction)."""

    quote_name = staticmethod(connection.ops.quote_name)

    @staticmethod
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_stops_on_shared_addresses_and_lists_them():
    migration.drop_index(apps, _Editor)  # as before the migration, in this test only
    f.UserFactory(username="premier", email="Partage@exemple.fr")
    second = f.UserFactory(username="second", email="partage@EXEMPLE.fr")
    f.UserFactory(username="seul", email="seul@exemple.fr")

    with pytest.raises(RuntimeError) as error:
        migration.create_index(apps, _Editor)

    message = str(error.value)
    assert "des comptes partagent une adresse électronique" in message
    assert "partage@exemple.fr : premier (n° " in message and "second (n° " in message
    assert "seul" not in message
    second.email = "second@exemple.fr"
    second.save()
    migration.create_index(apps, _Editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(email="SEUL@exemple.fr")
