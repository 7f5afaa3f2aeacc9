"""A company's follow-up kept by the facilitators: the documents exchanged with it (an
attestation, a hiring plan, minutes, a reminder letter…) and the meetings, calls, site
visits and e-mails with it.

Both belong to the company, not to one market: they are read by the facilitators and
coordinators of every territory where it holds a lot, exactly those who open its page
(network.models.organisations.COMPANY_TERRITORIES, through the company), and by nobody
else (no buyer, no company referent). They are added and removed by
clauses.operations.company_followup only. A document's file is kept in private storage
and served after the permission check (clauses.views.company_followup); it goes with its
row (clauses.signals).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from clauses.enums import ExchangedDocumentKind, ExchangeDirection, FollowUpContactKind
from network.models.organisations import COMPANY_TERRITORIES
from portal.core.private_files import private_storage, unguessable_name

# The territories of the company's lots: whoever follows one of them follows the company.
_COMPANY_ANCHORS = {"territory": tuple(f"company__{path}" for path in COMPANY_TERRITORIES)}


def exchanged_document_path(instance, filename: str) -> str:
    return unguessable_name("entreprises", filename)


class ExchangedDocument(models.Model):
    company = models.ForeignKey(
        "network.Organisation", verbose_name="entreprise", on_delete=models.CASCADE,
        related_name="exchanged_documents",
    )
    market = models.ForeignKey(
        "clauses.Market", verbose_name="marché concerné", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="exchanged_documents",
    )
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type de document", max_length=30,
                            choices=ExchangedDocumentKind.choices)
    direction = models.CharField("sens", max_length=10, choices=ExchangeDirection.choices)
    exchanged_on = models.DateField("date de réception ou d'envoi")
    comment = models.TextField("commentaire", blank=True)
    file = models.FileField("fichier", storage=private_storage,
                            upload_to=exchanged_document_path, max_length=255)
    filename = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveBigIntegerField("taille", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("déposé le", default=timezone.now)

    permission_anchors = _COMPANY_ANCHORS

    class Meta:
        verbose_name = "document échangé avec une entreprise"
        verbose_name_plural = "documents échangés avec les entreprises"
        ordering = ["company", "-exchanged_on", "-pk"]
        indexes = [models.Index(fields=["company", "exchanged_on"],
                                name="exchanged_doc_company_day")]

    def __str__(self):
        return self.title


class FollowUpMeeting(models.Model):
    company = models.ForeignKey(
        "network.Organisation", verbose_name="entreprise", on_delete=models.CASCADE,
        related_name="follow_up_meetings",
    )
    kind = models.CharField("type d'échange", max_length=20,
                            choices=FollowUpContactKind.choices)
    held_on = models.DateField("date")
    contact = models.ForeignKey(
        "network.Contact", verbose_name="contact de l'entreprise", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    attendees = models.CharField("participants", max_length=255, blank=True)
    summary = models.TextField("compte rendu")
    next_step_on = models.DateField("prochaine étape le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="noté par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("noté le", default=timezone.now)

    permission_anchors = _COMPANY_ANCHORS

    class Meta:
        verbose_name = "échange avec une entreprise"
        verbose_name_plural = "échanges avec les entreprises"
        ordering = ["company", "-held_on", "-pk"]
        indexes = [models.Index(fields=["company", "held_on"],
                                name="followup_meeting_company_day")]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"
