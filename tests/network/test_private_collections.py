"""Who holds Wagtail's collection permissions: the library's groups on the shared
collections, a workspace's members on its private collection, no one on the root."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import Collection, GroupCollectionPermission

from network.permissions import EDITORS_GROUP, MODERATORS_GROUP

pytestmark = pytest.mark.django_db
migration = importlib.import_module("network.migrations.0007_security2_private_collections")


def _grants(collection) -> set[tuple[str, str]]:
    return set(
        GroupCollectionPermission.objects.filter(collection=collection)
        .values_list("group__name", "permission__codename")
    )


def test_the_library_groups_work_on_the_shared_collections_only(world):
    root = Collection.get_first_root_node()

    assert not GroupCollectionPermission.objects.filter(collection=root).exists()
    for name in ("Public", "Membres"):
        grants = _grants(Collection.objects.get(name=name))
        for group in (EDITORS_GROUP, MODERATORS_GROUP):
            assert {(group, "add_document"), (group, "change_document"),
                    (group, "choose_document"), (group, "choose_image")} <= grants
    private = world.territory_a.workspace.collection
    assert not {name for name, _ in _grants(private)} & {EDITORS_GROUP, MODERATORS_GROUP}


def test_a_private_collection_is_granted_to_its_members_by_role(world):
    workspace = world.territory_a.workspace

    grants = _grants(workspace.collection)

    manage = {"add_document", "change_document", "delete_document", "choose_document"}
    by_group = {}
    for group, codename in grants:
        by_group.setdefault(group, set()).add(codename)
    assert by_group == {
        workspace.managers_group.name: manage,
        workspace.contributors_group.name: {"add_document", "choose_document"},
        world.territory_a.facilitators_group.name: manage,
        world.network.coordinators_group.name: manage,
    }
    committee = world.committee
    assert {group for group, _ in _grants(committee.workspace.collection)} == {
        committee.workspace.managers_group.name, committee.workspace.contributors_group.name,
        committee.members_group.name,
    }


def test_a_grant_on_a_private_collection_to_outsiders_is_taken_away(world):
    workspace = world.territory_a.workspace
    editors = Group.objects.get(name=EDITORS_GROUP)
    GroupCollectionPermission.objects.create(
        group=editors, collection=workspace.collection,
        permission=Permission.objects.get(codename="change_document"),
    )

    workspace.save()  # provisioning runs again (a role or an anchor changing)

    assert EDITORS_GROUP not in {group for group, _ in _grants(workspace.collection)}


def test_a_grant_on_the_root_still_does_not_open_private_documents(world):
    """An administrator ticking the root collection for the editors by mistake."""
    GroupCollectionPermission.objects.create(
        group=Group.objects.get(name=EDITORS_GROUP),
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="change_document"),
    )
    client = Client()
    client.force_login(world.accounts["editeur"])

    listing = client.get("/admin/documents/").content.decode()
    edit = client.get(f"/admin/documents/edit/{world.document_a.pk}/")

    assert "Compte rendu A" not in listing and edit.status_code == 404


def test_the_migration_moves_root_grants_and_clears_private_collections(world):
    """What a deployed instance had: Wagtail's grants on the root, and an editors'
    grant on a private collection."""
    root = Collection.get_first_root_node()
    editors = Group.objects.get(name=EDITORS_GROUP)
    change = Permission.objects.get(codename="change_document")
    private = world.territory_a.workspace.collection
    GroupCollectionPermission.objects.filter(collection__name__in=["Public", "Membres"]).delete()
    GroupCollectionPermission.objects.filter(collection=private).delete()
    GroupCollectionPermission.objects.create(group=editors, collection=root, permission=change)
    GroupCollectionPermission.objects.create(group=editors, collection=private, permission=change)

    migration.secure_private_collections(apps, None)

    assert not GroupCollectionPermission.objects.filter(collection=root).exists()
    assert (EDITORS_GROUP, "change_document") in _grants(Collection.objects.get(name="Public"))
    assert (EDITORS_GROUP, "change_document") in _grants(Collection.objects.get(name="Membres"))
    private_groups = {group for group, _ in _grants(private)}
    assert EDITORS_GROUP not in private_groups
    assert world.territory_a.facilitators_group.name in private_groups
