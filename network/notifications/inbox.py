"""A person's notifications on the portal (/espace/notifications/) and their e-mail
preferences (/compte/notifications/). Each person reaches their own rows only: another's
notification answers 404, as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from network.enums import Delivery
from network.models import Notification, NotificationPreference
from network.notifications.kinds import Kind, all_kinds, kinds_for
from network.permissions import roles_of


def notifications_of(user) -> QuerySet:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """The navigation's count: one query, kept on the user object for the request."""
    if not user.is_authenticated:
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        user._unread_notifications = cached
    return cached


def own(user, pk: int) -> Notification:
    try:
        return notifications_of(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("Notification introuvable.") from None


def open_notification(user, pk: int) -> str:
    """Mark the notification read and return where its object is. Whether the person
    may still see the object is that page's business (404 or 403 by the policy)."""
    notification = own(user, pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification.url


def mark_read(user, pk: int) -> Notification:
    notification = own(user, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@dataclass(frozen=True)
class Choice:
    kind: Kind
    delivery: str


def offered_kinds(user) -> list[Kind]:
    """The kinds a person may receive: those of their roles (every kind for administrators,
    who hold every role), and any they already received."""
    offered = kinds_for(roles_of(user))
    received = set(Notification.objects.filter(recipient=user).values_list("kind", flat=True)
                   .distinct())
    keys = {k.key for k in offered}
    return [k for k in all_kinds() if k.key in keys or k.key in received]


def preferences_of(user) -> list[Choice]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [Choice(kind, chosen.get(kind.key, kind.default)) for kind in offered_kinds(user)]


@transaction.atomic
def save_preferences(user, choices: dict[str, str]) -> None:
    """Keep a row only where the person's choice differs from the kind's default, so that a
    better default later reaches everyone who never chose."""
    for kind in offered_kinds(user):
        delivery = choices.get(kind.key)
        if not delivery:
            continue
        if delivery not in Delivery.values:
            raise ValueError(delivery)
        if delivery == kind.default:
            NotificationPreference.objects.filter(user=user, kind=kind.key).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind.key, defaults={"delivery": delivery}
            )
