"""Notifications: what the portal tells one person to do next, and how they want to hear it.

Rows are written by network.notifications (never by hand); the object a notification is
about is kept as a generic relation plus its address and label, so that the network app
knows nothing of the apps (clauses, resources) whose objects it points to.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from network.enums import Delivery


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="destinataire", on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A key of network.notifications.kinds (each app registers its own).
    kind = models.CharField("type", max_length=60)
    # The e-mail's subject too: never a beneficiary's name (pseudonyms only).
    title = models.CharField("titre", max_length=255)
    body = models.TextField("message", blank=True)
    url = models.CharField("adresse de l'objet", max_length=500)
    object_label = models.CharField("objet", max_length=255, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="type d'objet", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")
    subject = GenericForeignKey("content_type", "object_id")
    # With kind, object and recipient, what makes a notification unique: a reminder
    # produced twice for the same period (a month, a deadline) is stored once.
    period = models.CharField("période", max_length=40, blank=True)
    delivery = models.CharField(
        "envoi par courriel", max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id", "period"],
                name="notification_once_per_period",
            )
        ]
        indexes = [
            # The unread count of the navigation, on every signed-in page.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # What was sent about an object (a company's follow-up timeline).
            models.Index(fields=["content_type", "object_id"], name="notification_subject_idx"),
            # What the e-mail tasks still have to send.
            models.Index(fields=["delivery", "recipient"],
                         condition=models.Q(emailed_at__isnull=True),
                         name="notification_pending_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/espace/notifications/{self.pk}/"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one person receives one kind by e-mail; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("type", max_length=60)
    delivery = models.CharField("envoi par courriel", max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} — {self.kind} : {self.get_delivery_display()}"
