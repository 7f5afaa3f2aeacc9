"""Product configuration of the library, present in every database (not demo data):

- the document collections "Public" and "Membres", the latter refused to anonymous
  visitors by a Wagtail collection view restriction of type "login";
- the "Relecture" workflow: an editor submits, a moderator approves and publishes
  (the index page attaches it to itself when it is created);
- one row per market category;
- the Editors and Moderators groups may manage the library's themes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

COLLECTIONS = ["Public", "Membres"]
MEMBERS_COLLECTION = "Membres"
WORKFLOW_NAME = "Relecture"
TASK_NAME = "Relecture et publication par un modérateur"
MARKET_CATEGORIES = [("travaux", 1), ("services", 2), ("fournitures", 3)]
THEME_PERMISSIONS = {
    "Editors": ["add_theme", "change_theme"],
    "Moderators": ["add_theme", "change_theme", "delete_theme"],
}


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def add_collections(apps, schema_editor):
    # Historical models have no treebeard methods: the tree path is written by hand.
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for name in COLLECTIONS:
        collection = Collection.objects.filter(depth=2, name=name).first()
        if collection is None:
            last = (
                Collection.objects.filter(depth=2, path__startswith=root.path)
                .order_by("-path").values_list("path", flat=True).first()
            )
            position = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
            collection = Collection.objects.create(
                name=name, path=root.path + _encode(position), depth=2, numchild=0
            )
            root.numchild += 1
            root.save(update_fields=["numchild"])
        if name == MEMBERS_COLLECTION and not CollectionViewRestriction.objects.filter(
            collection=collection
        ).exists():
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type="login"
            )


def add_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    moderators = Group.objects.filter(name="Moderators").first()
    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if not created:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(
        name=TASK_NAME, content_type=content_type, active=True
    )
    if moderators is not None:
        task.groups.add(moderators)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def add_market_categories(apps, schema_editor):
    MarketCategoryOption = apps.get_model("resources", "MarketCategoryOption")
    for code, position in MARKET_CATEGORIES:
        MarketCategoryOption.objects.update_or_create(code=code, defaults={"position": position})


def grant_theme_permissions(apps, schema_editor):
    # Permissions of a new model only exist after post_migrate: create them now.
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in THEME_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="resources", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_collections, migrations.RunPython.noop),
        migrations.RunPython(add_workflow, migrations.RunPython.noop),
        migrations.RunPython(add_market_categories, migrations.RunPython.noop),
        migrations.RunPython(grant_theme_permissions, migrations.RunPython.noop),
    ]
