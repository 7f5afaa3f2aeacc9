"""The notification e-mails, in French, plain text and HTML: one notification, or several
grouped (a digest, or what piled up before the task ran).

Every link is absolute (WAGTAILADMIN_BASE_URL): to the notification, which opens its
object and marks it read, and to the person's preferences. Subjects are the
notifications' titles, which never carry a beneficiary's name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone

from network.enums import Delivery

PREFERENCES_PATH = "/compte/notifications/"
# A digest lists this many notifications and counts the rest.
DIGEST_ITEMS = 50
HEADERS = {"Auto-Submitted": "auto-generated"}


def base_url() -> str:
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def recipient_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _context(user, **extra) -> dict:
    root = base_url()
    return {
        "recipient": user, "recipient_name": recipient_name(user), "base_url": root,
        "preferences_url": f"{root}{PREFERENCES_PATH}",
        "inbox_url": f"{root}/espace/notifications/", **extra,
    }


def _item(notification) -> dict:
    return {
        "notification": notification, "title": notification.title,
        "body": notification.body, "label": notification.object_label,
        "link": f"{base_url()}{notification.get_absolute_url()}",
    }


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    text = render_to_string(f"network/notifications/email/{template}.txt", context).strip()
    html = render_to_string(f"network/notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200], body=text + "\n", to=[user.email],
        headers=HEADERS,
    )
    message.attach_alternative(html, "text/html")
    return message


def single(user, notification) -> EmailMultiAlternatives:
    return _message(user, notification.title, "single", _context(user, item=_item(notification)))


def digest_subject(delivery: str, count: int, day) -> str:
    many = "s" if count > 1 else ""
    if delivery == Delivery.DAILY:
        return f"Résumé quotidien du portail : {count} notification{many}"
    if delivery == Delivery.WEEKLY:
        week = formats.date_format(day, "j F Y")
        return f"Résumé de la semaine du portail ({week}) : {count} notification{many}"
    return f"{count} nouvelle{many} notification{many} sur le portail"


def grouped(user, notifications: list, delivery: str) -> EmailMultiAlternatives:
    count = len(notifications)
    day = timezone.localdate()
    return _message(user, digest_subject(delivery, count, day), "digest", _context(
        user, items=[_item(n) for n in notifications[:DIGEST_ITEMS]],
        more=max(0, count - DIGEST_ITEMS), count=count, delivery=delivery,
        daily=delivery == Delivery.DAILY, weekly=delivery == Delivery.WEEKLY,
    ))
