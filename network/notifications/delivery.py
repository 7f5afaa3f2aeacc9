"""Sending the notification e-mails, as tasks of Django's task framework (django-tasks):
never inside the request that caused them.

- `send_immediate(ids)`: enqueued when a transaction that stored notifications commits,
  for the people who want them at once; what piled up for one person goes in one e-mail.
- `send_digests(day)`: enqueued by `send_reminders`; the daily digest carries what was
  stored before that day, the weekly one what was stored before that week's Monday.

Each claims its rows (marks them e-mailed in the transaction that sends them, rows
locked where the database can), so that running twice, or two workers at once, never
sends a notification twice. A failed send leaves its rows to the next run.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from network.enums import Delivery
from network.models import Notification
from network.notifications import emails

logger = logging.getLogger(__name__)
# Rows one e-mail takes at most; the rest wait for the next one.
BATCH = 200
# Immediate notifications still waiting after this long are sent again by send_reminders
# (a worker that stopped, a mail server that refused).
STALE_MINUTES = 15


def _pending(delivery: str) -> QuerySet:
    return Notification.objects.filter(delivery=delivery, emailed_at__isnull=True)


def _send(user, delivery: str, before: datetime.datetime | None = None) -> bool:
    """E-mail `user`'s pending notifications of `delivery` (stored before `before`):
    True when an e-mail went out."""
    with transaction.atomic():
        rows = _pending(delivery).filter(recipient=user)
        if before is not None:
            rows = rows.filter(created_at__lt=before)
        rows = list(rows.select_for_update(skip_locked=True).order_by("created_at", "pk")[:BATCH])
        if not rows:
            return False
        sent = bool(user.email)
        if sent:
            if delivery == Delivery.IMMEDIATE and len(rows) == 1:
                message = emails.single(user, rows[0])
            else:
                message = emails.grouped(user, rows, delivery)
            message.send()
        # Without an address there is nothing to send: the rows stay on the portal only.
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
            emailed_at=timezone.now()
        )
    return sent


def _send_each(user_ids, delivery: str, before=None) -> int:
    sent = 0
    for user in get_user_model()._default_manager.filter(pk__in=sorted(set(user_ids))):
        try:
            sent += _send(user, delivery, before)
        except Exception:
            # One refused address must not hold back everyone else's e-mails.
            logger.exception("Notification e-mail to account %s failed", user.pk)
    return sent


@task()
def send_immediate(user_ids: list[int]) -> int:
    """E-mails the waiting immediate notifications of these accounts; returns e-mails sent."""
    return _send_each(user_ids, Delivery.IMMEDIATE)


def digest_cutoffs(day: datetime.date) -> dict[str, datetime.datetime]:
    """What each digest of `day` carries: what was stored before its start (midnight for
    the daily one, Monday midnight for the weekly one), in the portal's time zone."""
    tz = timezone.get_current_timezone()
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    monday = midnight - datetime.timedelta(days=day.weekday())
    return {Delivery.DAILY: midnight, Delivery.WEEKLY: monday}


@task()
def send_digests(day: str) -> int:
    """The daily and weekly digests due on `day` (ISO date); returns e-mails sent."""
    sent = 0
    for delivery, before in digest_cutoffs(datetime.date.fromisoformat(day)).items():
        users = _pending(delivery).filter(created_at__lt=before).values_list(
            "recipient_id", flat=True
        ).distinct()
        sent += _send_each(list(users), delivery, before)
    return sent


def stale_immediate(now: datetime.datetime | None = None) -> list[int]:
    """Accounts whose immediate notifications have waited more than STALE_MINUTES."""
    limit = (now or timezone.now()) - datetime.timedelta(minutes=STALE_MINUTES)
    return sorted(set(
        _pending(Delivery.IMMEDIATE).filter(created_at__lt=limit)
        .values_list("recipient_id", flat=True)
    ))
