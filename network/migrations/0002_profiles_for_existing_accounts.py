from django.conf import settings
from django.db import migrations


def create_missing_profiles(apps, schema_editor):
    # Accounts made before profiles were created with them get one now, so
    # that the admin lists every account under "Comptes et rôles".
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("network", "Profile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create(Profile(user_id=pk) for pk in missing)


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_missing_profiles, migrations.RunPython.noop),
    ]
