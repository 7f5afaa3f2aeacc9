import datetime

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from network.enums import ConventionStatus


def convention_status(
    signed_on: datetime.date | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    today: datetime.date,
) -> ConventionStatus:
    """A convention is in force from its start (or signature) to its end, inclusive."""
    start = starts_on or signed_on
    if start is None or today < start:
        return ConventionStatus.PREPARATION
    if ends_on is not None and today > ends_on:
        return ConventionStatus.EXPIRED
    return ConventionStatus.IN_FORCE


class Convention(index.Indexed, ClusterableModel):
    """A partnership agreement (convention, accord-cadre) between partners."""

    title = models.CharField("intitulé", max_length=255)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    summary = models.TextField("objet", blank=True)
    signed_on = models.DateField("date de signature", null=True, blank=True)
    signed_at = models.CharField("lieu de signature", max_length=120, blank=True)
    starts_on = models.DateField("début de validité", null=True, blank=True)
    ends_on = models.DateField("fin de validité", null=True, blank=True)
    territories = models.ManyToManyField(
        "network.Territory", verbose_name="territoires couverts", blank=True,
        related_name="conventions",
    )
    network = models.ForeignKey(
        "network.Network", verbose_name="réseau", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="conventions",
    )

    panels = [
        FieldPanel("title"), FieldPanel("slug"), FieldPanel("summary"),
        FieldPanel("signed_on"), FieldPanel("signed_at"), FieldPanel("starts_on"),
        FieldPanel("ends_on"), FieldPanel("network"), FieldPanel("territories"),
        InlinePanel("parties", label="Parties"),
        InlinePanel("commitments", label="Engagements"),
        InlinePanel("documents", label="Documents"),
    ]
    search_fields = [
        index.SearchField("title"), index.SearchField("summary"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-signed_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/reseau/conventions/{self.slug}/"

    def status_on(self, day: datetime.date) -> ConventionStatus:
        return convention_status(self.signed_on, self.starts_on, self.ends_on, day)

    @property
    def status(self) -> ConventionStatus:
        return self.status_on(timezone.localdate())


class ConventionParty(Orderable):
    convention = ParentalKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name="organisation", on_delete=models.PROTECT,
        related_name="convention_parties",
    )
    signatory_name = models.CharField("signataire", max_length=200, blank=True)
    signatory_title = models.CharField("qualité du signataire", max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "partie"
        verbose_name_plural = "parties"

    def __str__(self):
        return f"{self.organisation} — {self.signatory_name}"


class ConventionCommitment(Orderable):
    """One commitment of one party, in the order of the convention's articles."""

    convention = ParentalKey(Convention, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name="partie engagée", on_delete=models.PROTECT,
        related_name="convention_commitments",
    )
    article = models.CharField("article", max_length=60, blank=True)
    text = models.TextField("engagement")

    class Meta(Orderable.Meta):
        verbose_name = "engagement"
        verbose_name_plural = "engagements"

    def __str__(self):
        return self.text[:80]


class ConventionDocument(Orderable):
    convention = ParentalKey(Convention, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="document", on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField("libellé", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
