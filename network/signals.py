from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from network import groups
from network.models import Committee, Network, Profile, Territory, Workspace


@receiver(post_save, sender=Network)
def network_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        groups.provision_network(instance)


@receiver(post_save, sender=Territory)
def territory_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        groups.provision_territory(instance)


@receiver(post_save, sender=Committee)
def committee_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        groups.provision_committee(instance)


@receiver(post_save, sender=Workspace)
def workspace_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        groups.provision_workspace(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def user_created(sender, instance, created=False, raw=False, **kwargs):
    # Every account has a profile, so that the admin lists it under
    # "Comptes et rôles" where its organisation and roles are set.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
