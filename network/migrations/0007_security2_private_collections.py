"""Private collections out of the library groups' reach.

Wagtail's own migrations give the Editors and Moderators groups their document and
image permissions on the root collection, which every workspace's private collection
hangs from: they reached every private document. Every grant on the root moves to the
shared collections below it (those of no workspace: "Public", "Membres"…), and each
private collection is granted to its workspace's members by role, and to no one else.

The role-to-permission table is copied here, as a migration stays what it was when
written (network.permissions.PRIVATE_COLLECTION_PERMISSIONS is the live rule, applied
by network.groups.provision_workspace from now on).
"""

from django.db import migrations

CONTRIBUTOR = (("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"))
MANAGER = CONTRIBUTOR + (("wagtaildocs", "change_document"), ("wagtaildocs", "delete_document"))


def _is_below(collection, roots) -> bool:
    return any(collection.path.startswith(root.path) for root in roots)


def secure_private_collections(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    Workspace = apps.get_model("network", "Workspace")

    workspaces = list(
        Workspace.objects.exclude(collection=None).select_related(
            "collection", "territory__network", "committee"
        )
    )
    private_roots = [workspace.collection for workspace in workspaces]
    private = [c for c in Collection.objects.all() if _is_below(c, private_roots)]
    shared = [
        c for c in Collection.objects.filter(depth=2) if not _is_below(c, private_roots)
    ]

    for grant in GroupCollectionPermission.objects.filter(collection__depth=1):
        for collection in shared:
            GroupCollectionPermission.objects.get_or_create(
                group_id=grant.group_id, permission_id=grant.permission_id,
                collection=collection,
            )
        grant.delete()

    GroupCollectionPermission.objects.filter(collection__in=private).delete()
    permissions = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=[c for _, c in MANAGER]
        ).select_related("content_type")
    }
    for workspace in workspaces:
        roles = {
            workspace.contributors_group_id: CONTRIBUTOR,
            workspace.managers_group_id: MANAGER,
        }
        if workspace.territory_id:
            territory = workspace.territory
            roles[territory.facilitators_group_id] = MANAGER
            if territory.network_id:
                roles[territory.network.coordinators_group_id] = MANAGER
        elif workspace.committee_id:
            roles.setdefault(workspace.committee.members_group_id, CONTRIBUTOR)
        for group_id, perms in roles.items():
            if group_id is None:
                continue
            for key in perms:
                if key in permissions:
                    GroupCollectionPermission.objects.get_or_create(
                        group_id=group_id, permission=permissions[key],
                        collection=workspace.collection,
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_companies_notification_subject_index"),
        ("resources", "0002_library_configuration"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(secure_private_collections, migrations.RunPython.noop),
    ]
