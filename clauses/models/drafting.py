"""Writing a market's clause with its buyer: the legal basis suggested and chosen for
each lot, the draft's versions, the draft DCE's documents and the facilitator's reviews.

Every row hangs from its market and is seen by whoever sees the market (its
territories and its buyer); it is changed from the market's lead territory, except the
DCE, which the buyer's referents send too (Action.SUBMIT_DCE).
"""


from django.conf import settings
from django.db import models
from django.utils import timezone

from clauses.enums import DceVerdict
from clauses.models.markets import Lot, Market, _lead_through, _through
from portal.core.private_files import private_storage, unguessable_name
from portal.core.vocabulary import LegalBasis


class LotClauseChoice(models.Model):
    """The legal basis suggested for a lot's clause (clauses.rules.drafting) and the one
    the facilitator retained, with the reason when they differ."""

    lot = models.OneToOneField(
        Lot, verbose_name="lot", on_delete=models.CASCADE, related_name="clause_choice"
    )
    suggested_basis = models.CharField(
        "fondement suggéré", max_length=30, choices=LegalBasis.choices, blank=True,
        help_text="Vide : pas de clause conseillée.",
    )
    suggestion_reasons = models.JSONField("raisons de la suggestion", default=list, blank=True)
    suggested_at = models.DateTimeField("suggéré le", default=timezone.now)
    decided = models.BooleanField("choix arrêté", default=False)
    chosen_basis = models.CharField(
        "fondement retenu", max_length=30, choices=LegalBasis.choices, blank=True,
        help_text="Vide : pas de clause sur ce lot.",
    )
    reason = models.TextField("motif du choix", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="choisi par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField("choisi le", null=True, blank=True)

    permission_anchors = _through("lot__market")
    permission_anchors_for = _lead_through("lot__market")

    class Meta:
        verbose_name = "fondement de la clause d'un lot"
        verbose_name_plural = "fondements des clauses des lots"

    def __str__(self):
        basis = self.get_chosen_basis_display() or self.get_suggested_basis_display()
        return f"{self.lot} : {basis}"

    @property
    def accepted_suggestion(self) -> bool:
        return self.decided and self.chosen_basis == self.suggested_basis


class DraftVersion(models.Model):
    """One version of the market's clause, one article per lot: who wrote it, when, and
    what changed from the previous one. The latest is the draft; none is ever rewritten."""

    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="draft_versions"
    )
    number = models.PositiveIntegerField("version")
    # Lot id (text) -> {"number", "lot_title", "legal_basis", "template_id",
    # "template_title", "text"}: a copy, so that a template edited later changes nothing.
    articles = models.JSONField("articles", default=dict)
    changes = models.JSONField("modifications", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    permission_anchors = _through("market")
    permission_anchors_for = _lead_through("market")

    class Meta:
        verbose_name = "version de la clause rédigée"
        verbose_name_plural = "versions de la clause rédigée"
        ordering = ["market", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["market", "number"], name="draft_version_unique"),
        ]

    def __str__(self):
        return f"{self.market.reference} — version {self.number}"


_SUBMIT_DCE = {"territory": "market__lead_territory", "buyer": "market__buyer"}


class DceDocument(models.Model):
    """A piece of the draft DCE (CCAP, règlement de consultation…), in its versions."""

    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="dce_documents"
    )
    title = models.CharField("titre", max_length=200)
    created_at = models.DateTimeField("déposé le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    permission_anchors = _through("market")
    permission_anchors_for = {**_lead_through("market"), "submit_dce": _SUBMIT_DCE}

    class Meta:
        verbose_name = "document du DCE"
        verbose_name_plural = "documents du DCE"
        ordering = ["market", "created_at", "pk"]

    def __str__(self):
        return self.title


def dce_upload_path(instance, filename: str) -> str:
    return unguessable_name("dce", filename)


class DceVersion(models.Model):
    """One file of a DCE document, kept in the private media and served only after the
    permission check (clauses.views.drafting)."""

    document = models.ForeignKey(
        DceDocument, verbose_name="document", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("version")
    file = models.FileField("fichier", storage=private_storage, upload_to=dce_upload_path,
                            max_length=255)
    filename = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveBigIntegerField("taille", default=0)
    note = models.TextField("réponse aux remarques", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)

    permission_anchors = _through("document__market")
    permission_anchors_for = _lead_through("document__market")

    class Meta:
        verbose_name = "version d'un document du DCE"
        verbose_name_plural = "versions des documents du DCE"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="dce_version_unique"),
        ]

    def __str__(self):
        return f"{self.document.title} — version {self.number}"


class DceReview(models.Model):
    """The facilitator's review of the DCE as it stood: « clause conforme » or « à
    corriger », with a general comment and comments per document."""

    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="dce_reviews"
    )
    verdict = models.CharField("avis", max_length=20, choices=DceVerdict.choices)
    comment = models.TextField("commentaire général", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="relu par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField("relu le", default=timezone.now)

    permission_anchors = _through("market")
    permission_anchors_for = _lead_through("market")

    class Meta:
        verbose_name = "relecture du DCE"
        verbose_name_plural = "relectures du DCE"
        ordering = ["market", "-reviewed_at", "-pk"]

    def __str__(self):
        return f"{self.market.reference} — {self.get_verdict_display()}"


class DceReviewComment(models.Model):
    """What the review says of one document, in the version it read."""

    review = models.ForeignKey(
        DceReview, verbose_name="relecture", on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(
        DceVersion, verbose_name="version relue", on_delete=models.CASCADE,
        related_name="review_comments",
    )
    comment = models.TextField("commentaire")

    permission_anchors = _through("review__market")
    permission_anchors_for = _lead_through("review__market")

    class Meta:
        verbose_name = "commentaire de relecture"
        verbose_name_plural = "commentaires de relecture"
        ordering = ["review", "version__document__created_at", "pk"]

    def __str__(self):
        return f"{self.version} : {self.comment[:60]}"
