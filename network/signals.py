from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from guardian.models import GroupObjectPermission, UserObjectPermission

from network import groups
from network.models import Committee, Network, Profile, Territory, Workspace
from network.permissions import grants_changed


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


# Everything a person's grants are read from (network.permissions.grants): any write
# makes every cached `Grants` stale. Bulk writes send no signal: network/groups.py
# moves the generation on itself after its own.
for _model in (GroupObjectPermission, UserObjectPermission, Group, Network, get_user_model()):
    post_delete.connect(grants_changed, sender=_model, dispatch_uid=f"grants-{_model.__name__}-del")
for _model in (GroupObjectPermission, UserObjectPermission, Group, Network):
    post_save.connect(grants_changed, sender=_model, dispatch_uid=f"grants-{_model.__name__}-save")
m2m_changed.connect(grants_changed, sender=get_user_model().groups.through,
                    dispatch_uid="grants-memberships")
