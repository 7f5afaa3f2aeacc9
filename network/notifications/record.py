"""Storing notifications: one row per recipient, once per object and period, and the
e-mails to send at once handed to the task framework after the transaction commits."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from network.enums import Delivery
from network.models import Notification, NotificationPreference
from network.notifications import delivery
from network.notifications.kinds import Kind

_emails_muted = contextvars.ContextVar("notification_emails_muted", default=False)


@contextlib.contextmanager
def emails_muted() -> Iterator[None]:
    """Notifications stored inside are shown on the portal but never e-mailed (the
    demo data: nobody is written to about what a seed did)."""
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


def _recipient_ids(recipients: QuerySet | Iterable, actor) -> list[int]:
    accounts = get_user_model()._default_manager
    if isinstance(recipients, QuerySet):
        chosen = recipients.filter(is_active=True)
    else:
        pks = {getattr(r, "pk", r) for r in recipients if r is not None}
        chosen = accounts.filter(pk__in=pks, is_active=True)
    ids = set(chosen.values_list("pk", flat=True))
    # Nobody is told of what they did themselves.
    ids.discard(getattr(actor, "pk", None))
    return sorted(ids)


def delivery_for(user_ids: list[int], kind: Kind) -> dict[int, str]:
    """Each person's choice for `kind`, the kind's default where they made none."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind.key)
        .values_list("user_id", "delivery")
    )
    return {pk: chosen.get(pk, kind.default) for pk in user_ids}


def notify(kind: Kind, recipients: QuerySet | Iterable, *, about: Model, url: str, label: str,
           title: str, body: str = "", period: str = "", actor=None) -> int:
    """Tell `recipients` (accounts or their ids; inactive ones and `actor` left out) about
    `about`, found at `url` (a path of the portal) under `label`.

    Stored once per recipient, kind, object and `period`: a reminder produced again for
    the same period (a month, a deadline) adds nothing. Returns the number of rows
    stored. The e-mails of those who want them at once go out through the task
    framework once the surrounding transaction commits; digests are sent by
    `send_reminders`.
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification points to a path of the portal, not {url!r}.")
    ids = _recipient_ids(recipients, actor)
    if not ids or about is None or about.pk is None:
        return 0
    content_type = ContentType.objects.get_for_model(about)
    done = set(Notification.objects.filter(
        kind=kind.key, content_type=content_type, object_id=about.pk, period=period,
        recipient_id__in=ids,
    ).values_list("recipient_id", flat=True))
    new = [pk for pk in ids if pk not in done]
    if not new:
        return 0
    deliveries = delivery_for(new, kind)
    muted = _emails_muted.get()
    now = timezone.now()
    Notification.objects.bulk_create([
        Notification(
            recipient_id=pk, kind=kind.key, title=title[:255], body=body, url=url[:500],
            object_label=label[:255], content_type=content_type, object_id=about.pk,
            period=period, delivery=deliveries[pk], created_at=now,
            emailed_at=now if muted else None,
        )
        for pk in new
    ], ignore_conflicts=True)
    at_once = [pk for pk in new if deliveries[pk] == Delivery.IMMEDIATE]
    if at_once and not muted:
        transaction.on_commit(lambda: delivery.send_immediate.enqueue(at_once))
    return len(new)
