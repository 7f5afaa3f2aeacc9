"""Private collections: who reaches a workspace's documents in the Wagtail admin.

Each territory and committee workspace keeps its documents in its own collection
(network/groups.py), a child of the root collection. Wagtail's collection permissions
are inherited down the tree, so a grant on the root opens every private collection:
the groups that work on the library (editors, moderators) hold theirs on the shared
collections instead ("Public", "Membres"…, `shared_collections`), and a private
collection is granted to the workspace's own members by role
(`PRIVATE_COLLECTION_PERMISSIONS`, applied by network/groups.py).

`PrivateCollectionsPolicy`, registered as Wagtail's policy for documents and images,
applies the same rule to every admin screen whatever grants an administrator may add
later (a group given the root collection): a private collection the person may not
reach is not listed, not offered in choosers or as a destination, and its documents
answer as absent ones (404), like everywhere else in the portal.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from network.enums import WorkspaceRole
from network.permissions.grants import grants_for

# What each workspace role may do with its collection's documents in the admin, as
# Wagtail's collection permissions. A contributor adds documents and, by Wagtail's
# ownership rule, edits or deletes their own; a manager every one (as in the
# workspace itself: may_delete_document). Readers read in the members' area only.
PRIVATE_COLLECTION_PERMISSIONS: dict[WorkspaceRole, tuple[str, ...]] = {
    WorkspaceRole.READER: (),
    WorkspaceRole.CONTRIBUTOR: ("wagtaildocs.add_document", "wagtaildocs.choose_document"),
    WorkspaceRole.MANAGER: (
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ),
}
# The role from which a member reaches the private collection in the admin.
ADMIN_REACH = WorkspaceRole.CONTRIBUTOR


def _under(roots: QuerySet) -> QuerySet:
    """The collections at or below one of `roots`."""
    covering = roots.filter(path=Substr(OuterRef("path"), 1, Length("path")))
    return Collection.objects.filter(Exists(covering))


def private_collections() -> QuerySet:
    """Every workspace's collection, with whatever was filed below it."""
    return _under(Collection.objects.filter(workspace__isnull=False))


def shared_collections() -> QuerySet:
    """The collections below the root that belong to no workspace: where the library's
    editors and moderators hold their document and image permissions."""
    return Collection.objects.filter(depth__gt=1).exclude(pk__in=private_collections())


def collections_out_of_reach(user) -> QuerySet:
    """The private collections `user` may not reach in the admin: all of them but those
    of the workspaces where they are at least contributor. None for administrators."""
    g = grants_for(user)
    if g.superuser:
        return Collection.objects.none()
    reached = g.workspaces_with(ADMIN_REACH)
    return _under(Collection.objects.filter(workspace__isnull=False).exclude(
        workspace__in=reached
    ))


def may_reach_collection(user, collection_id: int | None) -> bool:
    if collection_id is None:
        return True
    return not collections_out_of_reach(user).filter(pk=collection_id).exists()


class PrivateCollectionsPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection policy for documents and images, with the private
    collections a person may not reach taken out of every answer."""

    def _refuse_out_of_reach(self, user, instance) -> None:
        if not may_reach_collection(user, instance.collection_id):
            raise Http404

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        self._refuse_out_of_reach(user, instance)
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return super().instances_user_has_any_permission_for(user, actions).exclude(
            collection__in=collections_out_of_reach(user)
        )

    def collections_user_has_any_permission_for(self, user, actions):
        return super().collections_user_has_any_permission_for(user, actions).exclude(
            pk__in=collections_out_of_reach(user)
        )
