"""The shared base of every publication of the library.

``Publication`` is a concrete (multi-table) base rather than an abstract one: the
library lists, filters and counts every type at once, and one table holding the
common fields lets it do so in a fixed number of queries whatever the number of
publications. Editors never create a bare ``Publication``.
"""

import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast, Coalesce, LPad, NullIf
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from network.models import Network, Territory
from portal.core import cache as content_cache
from portal.core.pages import ViewRestrictionsMixin
from portal.core.queries import split_joined
from portal.core.vocabulary import LegalBasis, MarketCategory
from resources.enums import PublicationKind
from resources.models.snippets import MarketCategoryOption, Theme
from resources.visibility import visibility_class, visible_pages

_NOT_ANNOTATED = object()


@dataclass
class Classification:
    """How a publication is filed, as its page shows it."""

    themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    networks: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    market_categories: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, publication_id: int) -> "Classification":
        def part(model, kind, key, label, order):
            return (
                model.objects.filter(publications=publication_id)
                .annotate(_kind=Value(kind), _key=Cast(key, models.CharField()),
                          _label=Cast(label, models.CharField()),
                          _order=Cast(order, models.CharField()))
                .values_list("_kind", "_key", "_label", "_order")
                .order_by()
            )

        rows = part(Theme, "theme", "slug", "name", "name").union(
            part(Network, "network", "slug", Coalesce(NullIf("acronym", Value("")), "name"),
                 "name"),
            part(Territory, "territory", "slug", "name", "name"),
            part(MarketCategoryOption, "category", "code", "code",
                 LPad(Cast("position", models.CharField()), 5, Value("0"))),
            all=True,
        )
        found = cls()
        for kind, key, label, _order in sorted(rows, key=_display_order):
            if kind == "theme":
                found.themes.append((key, label))
            elif kind == "network":
                found.networks.append(label)
            elif kind == "territory":
                found.territories.append(label)
            else:
                found.market_categories.append(MarketCategory(key).label)
        return found


def _display_order(row) -> tuple:
    """Alphabetical as a French reader expects it: "Économie" before "Formation"."""
    kind, key, _label, order = row
    plain = unicodedata.normalize("NFKD", order).encode("ascii", "ignore").decode()
    return kind, plain.casefold(), key


def current_year() -> int:
    return timezone.localdate().year


class Publication(ViewRestrictionsMixin, Page):
    kind = models.CharField(
        "type de publication", max_length=30, choices=PublicationKind.choices,
        editable=False, db_index=True,
    )
    summary = models.TextField(
        "résumé", max_length=600,
        help_text="Deux ou trois phrases, reprises dans la liste des ressources et les flux.",
    )
    year = models.PositiveSmallIntegerField(
        "année", default=current_year, db_index=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="Année du texte ou de l'expérience décrite.",
    )
    legal_basis = models.CharField(
        "fondement juridique", max_length=40, choices=LegalBasis.choices, blank=True,
        db_index=True,
    )
    themes = ParentalManyToManyField(
        "resources.Theme", verbose_name="thèmes", blank=True, related_name="publications"
    )
    networks = ParentalManyToManyField(
        "network.Network", verbose_name="réseaux", blank=True, related_name="publications"
    )
    territories = ParentalManyToManyField(
        "network.Territory", verbose_name="territoires", blank=True,
        related_name="publications",
    )
    market_categories = ParentalManyToManyField(
        "resources.MarketCategoryOption", verbose_name="catégories de marché", blank=True,
        related_name="publications",
    )

    # Each page type names its kind; it is copied into ``kind`` so that listings
    # can filter and count types on this table alone.
    publication_kind: ClassVar[str] = ""

    is_creatable = False
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: ClassVar[list] = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("year"),
        index.FilterField("legal_basis"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "publication"
        verbose_name_plural = "publications"

    def save(self, *args, **kwargs):
        if self.publication_kind:
            self.kind = self.publication_kind
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False) or self.pk is None:
            context.update(self.filing(request))
            context["related_publications"] = list(self.related_publications(request))
            return context
        # Documents and filing are content: kept until the next content change. So are
        # the "see also" links a visitor may open; a member's depend on their groups,
        # read afresh (naming their visibility class would cost a query of its own).
        context.update(content_cache.get_or_set(
            content_cache.key("publication-filing", self.pk), lambda: self.filing(request)
        ))
        if request.user.is_authenticated:
            context["related_publications"] = list(self.related_publications(request))
        else:
            context["related_publications"] = content_cache.get_or_set(
                content_cache.key("publication-see-also", self.pk,
                                  visibility_class(request.user)),
                lambda: list(self.related_publications(request)),
            )
        return context

    def filing(self, request) -> dict:
        """What the page shows around its own text, the same for every reader: its
        attached documents and how it is filed."""
        return {
            "attachments": list(self.attachments.select_related("document")),
            "classification": self.classification(request),
        }

    def related_publications(self, request):
        """The "Voir aussi" publications the reader may open, in one query. A preview
        shows the editor's unsaved links, which only the page in memory holds."""
        if getattr(request, "is_preview", False):
            targets = Q(pk__in=[link.target_id for link in self.related_links.all()])
        else:
            targets = Q(pk__in=RelatedPublication.objects.filter(publication=self)
                        .values("target_id"))
        return visible_pages(
            request.user, Publication.objects.live().filter(targets)
        ).order_by("-first_published_at")

    def classification(self, request) -> Classification:
        """Themes, networks, territories and market categories of the page. One query
        (a UNION of the four link tables) rather than one per taxonomy; a preview reads
        the editor's unsaved choices from the page in memory."""
        if getattr(request, "is_preview", False) or self.pk is None:
            return Classification(
                themes=[(theme.slug, theme.name) for theme in self.themes.all()],
                networks=[str(network) for network in self.networks.all()],
                territories=[territory.name for territory in self.territories.all()],
                market_categories=[str(option) for option in self.market_categories.all()],
            )
        return Classification.of(self.pk)

    @property
    def theme_names(self) -> list[str]:
        """Names of the themes, from the listing's annotation when there is one."""
        joined = getattr(self, "theme_names_joined", _NOT_ANNOTATED)
        if joined is _NOT_ANNOTATED:
            return [theme.name for theme in self.themes.all()]
        return sorted(split_joined(joined))

    @property
    def kind_label(self) -> str:
        return PublicationKind(self.kind).label if self.kind else ""

    @property
    def legal_basis_label(self) -> str:
        return LegalBasis(self.legal_basis).label if self.legal_basis else ""


def classification_panel(*, legal_basis: bool = True) -> MultiFieldPanel:
    """The "Classement" panel every page type shows, so that editors file them alike."""
    fields = [
        FieldPanel("year"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("networks", widget=forms.CheckboxSelectMultiple),
        FieldPanel("territories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("market_categories", widget=forms.CheckboxSelectMultiple),
    ]
    if legal_basis:
        fields.insert(1, FieldPanel("legal_basis"))
    return MultiFieldPanel(fields, heading="Classement")


ATTACHMENTS_PANELS = [
    InlinePanel("attachments", heading="Documents joints", label="Document"),
    InlinePanel("related_links", heading="Publications liées", label="Publication liée"),
]


class PublicationDocument(Orderable):
    """A document attached to a publication (Wagtail document, served after the
    collection's view restrictions are checked)."""

    publication = ParentalKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name="document", on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        "libellé", max_length=200, blank=True,
        help_text="Laisser vide pour reprendre le titre du document.",
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document joint"
        verbose_name_plural = "documents joints"

    @property
    def display_label(self) -> str:
        return self.label or self.document.title


class RelatedPublication(Orderable):
    publication = ParentalKey(
        Publication, on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        Publication, verbose_name="publication", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("target", page_type="resources.Publication")]

    class Meta(Orderable.Meta):
        verbose_name = "publication liée"
        verbose_name_plural = "publications liées"
