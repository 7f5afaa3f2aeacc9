"""Personal API tokens (Wagtail's APIToken, `Authorization: Bearer` on /api/v1/): what
their owner does with them in /compte/jetons/, and their revocation when the password
changes.

A token acts with its owner's rights for as long as it is not revoked. Whoever changes
or resets a password may be taking the account back from someone who knew the old one,
and that someone may have made tokens: every token of the account is revoked then (the
owner makes new ones). Sessions are already ended by Django in that case.
"""

from django.conf import settings
from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import APIToken

NAME_MAX_LENGTH = APIToken._meta.get_field("name").max_length


def tokens_of(user):
    """The account's tokens, the live ones first, newest first."""
    return APIToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created", "-pk"
    )


def create_token(user, name: str) -> tuple[APIToken, str]:
    """A new token and its text, which is shown once and never stored."""
    return APIToken.create_token(user=user, name=name.strip()[:NAME_MAX_LENGTH])


def revoke_token(user, token_id: int) -> APIToken:
    """Revokes one of the account's own live tokens; APIToken.DoesNotExist otherwise,
    whether it belongs to someone else, is revoked already or never existed."""
    token = APIToken.objects.get(pk=token_id, user=user, revoked_at__isnull=True)
    token.revoke()
    return token


def revoke_all_tokens(user) -> int:
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def password_changed(sender, instance, created=False, raw=False, **kwargs):
    # `_password` holds the new password from set_password() until the save that
    # follows it: every change and reset of a password goes through set_password (the
    # account forms, the admin's, `changepassword`). A hash upgraded at login does not.
    if not (raw or created) and getattr(instance, "_password", None) is not None:
        revoke_all_tokens(instance)
