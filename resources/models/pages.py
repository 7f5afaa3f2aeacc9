"""The library's page types: its index at /ressources/ and the five kinds of publication."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core.pages import SpecificChildRoutingMixin, ViewRestrictionsMixin
from portal.core.vocabulary import LegalBasis
from resources.blocks import (
    RICH_TEXT_FEATURES,
    ActionItemBlock,
    ClauseVariantBlock,
    PublicationBodyBlock,
)
from resources.editorial import attach_library_workflow
from resources.enums import PublicationKind
from resources.exports import EXPORT_FORMATS
from resources.feeds import LibraryAtomFeed, LibraryRssFeed
from resources.library import library_context
from resources.models.base import ATTACHMENTS_PANELS, Publication, classification_panel
from resources.visibility import restrict_to_committee

PUBLICATION_TYPES = [
    "resources.GuidePage",
    "resources.ClauseTemplatePage",
    "resources.ToolPage",
    "resources.ExperiencePage",
    "resources.MinutesPage",
]


class ResourceIndexPage(
    RoutablePageMixin, SpecificChildRoutingMixin, ViewRestrictionsMixin, Page
):
    """The library: every publication, filterable, with its Atom and RSS feeds."""

    intro = RichTextField("chapô", blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = PUBLICATION_TYPES
    max_count = 1
    child_base_model = Publication
    # Minutes show their committee and meeting.
    child_select_related = ("minutespage__committee", "minutespage__meeting")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "bibliothèque des ressources"

    def save(self, *args, **kwargs):
        creating = self._state.adding
        result = super().save(*args, **kwargs)
        if creating:
            attach_library_workflow(self)
        return result

    def publications(self):
        """The library's live publications, restricted ones included."""
        return Publication.objects.live().child_of(self)

    @path("")
    def library(self, request):
        context = library_context(self, request)
        url = self.get_url(request)
        context["feed_urls"] = {
            "atom": url + self.reverse_subpage("atom") + context["feed_query"],
            "rss": url + self.reverse_subpage("rss") + context["feed_query"],
        }
        return self.render(request, context_overrides=context)

    @path("flux/atom/", name="atom")
    def atom_feed(self, request):
        return LibraryAtomFeed(self)(request)

    @path("flux/rss/", name="rss")
    def rss_feed(self, request):
        return LibraryRssFeed(self)(request)


class GuidePage(Publication):
    """A practical guide (fiche pratique, guide méthodologique)."""

    publication_kind = PublicationKind.GUIDE
    body = StreamField(PublicationBodyBlock(), verbose_name="contenu")

    content_panels = [
        *Page.content_panels, FieldPanel("summary"), FieldPanel("body"),
        classification_panel(), *ATTACHMENTS_PANELS,
    ]
    search_fields = [*Publication.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = "guide pratique"
        verbose_name_plural = "guides pratiques"


class ClauseTemplatePage(RoutablePageMixin, Publication):
    """A clause ready to paste into a DCE, with its placeholders and variants."""

    publication_kind = PublicationKind.CLAUSE_TEMPLATE
    cites_former_code = models.BooleanField(
        "texte antérieur au Code de la commande publique", default=False,
        help_text="Cocher pour un texte historique qui cite l'ancien Code des marchés publics : "
        "l'article de l'ancien code est alors indiqué en premier.",
    )
    when_to_use = RichTextField(
        "quand l'utiliser", features=["bold", "italic", "link", "ul", "ol"]
    )
    clause_text = models.TextField(
        "texte de la clause",
        help_text="Les éléments à compléter s'écrivent entre crochets, "
        "par exemple [nombre d'heures] ou [nom du facilitateur].",
    )
    variants = StreamField(
        [("variant", ClauseVariantBlock())], verbose_name="variantes", blank=True
    )

    content_panels = [
        *Page.content_panels, FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("legal_basis"), FieldPanel("cites_former_code")],
            heading="Fondement juridique",
        ),
        FieldPanel("when_to_use"), FieldPanel("clause_text"), FieldPanel("variants"),
        classification_panel(legal_basis=False), *ATTACHMENTS_PANELS,
    ]
    search_fields = [
        *Publication.search_fields,
        index.SearchField("when_to_use"),
        index.SearchField("clause_text"),
        index.SearchField("variants"),
    ]

    class Meta:
        verbose_name = "modèle de clause"
        verbose_name_plural = "modèles de clauses"

    def clean(self):
        super().clean()
        if not self.legal_basis:
            raise ValidationError(
                {"legal_basis": "Indiquez le fondement juridique de la clause."}
            )

    @property
    def legal_reference(self) -> str:
        """The article the clause rests on, in the code the text cites first."""
        if not self.legal_basis:
            return ""
        basis = LegalBasis(self.legal_basis)
        former = f"article {basis.old_article.removeprefix('art. ')} du Code des marchés publics"
        if not basis.ccp_article:
            return f"Ancien {former}"
        current = f"article {basis.ccp_article} du Code de la commande publique"
        if self.cites_former_code:
            return f"A{former[1:]} (aujourd'hui {current})"
        return f"A{current[1:]} (ancien {former})"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["download_paths"] = {
            extension: self.reverse_subpage("download", kwargs={"extension": extension})
            for extension in ("docx", "odt")
        }
        return context

    def download_filename(self, extension: str) -> str:
        return f"{self.slug}.{extension}"

    @path("telecharger/<str:extension>/", name="download")
    def download(self, request, extension):
        if extension not in EXPORT_FORMATS:
            raise Http404("Format inconnu.")
        content_type, export = EXPORT_FORMATS[extension]
        response = HttpResponse(export(self), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.download_filename(extension)}"'
        )
        return response


class ToolPage(Publication):
    """A downloadable tool (reporting spreadsheet, checklist…) and how to use it."""

    publication_kind = PublicationKind.TOOL
    tool_file = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="fichier de l'outil", null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    instructions = StreamField(PublicationBodyBlock(), verbose_name="mode d'emploi")

    content_panels = [
        *Page.content_panels, FieldPanel("summary"), FieldPanel("tool_file"),
        FieldPanel("instructions"), classification_panel(), *ATTACHMENTS_PANELS,
    ]
    search_fields = [*Publication.search_fields, index.SearchField("instructions")]

    class Meta:
        verbose_name = "outil"
        verbose_name_plural = "outils"


class ExperiencePage(Publication):
    """What a buyer and its facilitators did with a clause, and what they learned."""

    publication_kind = PublicationKind.EXPERIENCE
    is_example = models.BooleanField(
        "exemple fictif", default=False,
        help_text="Affiche un avertissement : les chiffres et les noms sont inventés.",
    )
    buyer_name = models.CharField("acheteur", max_length=255)
    buyer = models.ForeignKey(
        "network.Organisation", verbose_name="fiche de l'acheteur dans l'annuaire",
        null=True, blank=True, on_delete=models.SET_NULL, related_name="experiences",
    )
    hours_planned = models.PositiveIntegerField("heures d'insertion prévues", null=True, blank=True)
    hours_done = models.PositiveIntegerField("heures d'insertion réalisées", null=True, blank=True)
    people_employed = models.PositiveIntegerField("personnes employées", null=True, blank=True)
    context = RichTextField("le marché et la clause", features=RICH_TEXT_FEATURES)
    outcomes = RichTextField(
        "résultats", blank=True, features=RICH_TEXT_FEATURES,
        help_text="Sorties des personnes, suites données par l'entreprise…",
    )
    lessons = RichTextField("enseignements", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels, FieldPanel("is_example"), FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("buyer_name"), FieldPanel("buyer")], heading="Acheteur"),
        FieldPanel("context"),
        MultiFieldPanel(
            [FieldPanel("hours_planned"), FieldPanel("hours_done"),
             FieldPanel("people_employed")],
            heading="Chiffres",
        ),
        FieldPanel("outcomes"), FieldPanel("lessons"),
        classification_panel(), *ATTACHMENTS_PANELS,
    ]
    search_fields = [
        *Publication.search_fields,
        index.SearchField("buyer_name"),
        index.SearchField("context"),
        index.SearchField("outcomes"),
        index.SearchField("lessons"),
    ]

    class Meta:
        verbose_name = "retour d'expérience"
        verbose_name_plural = "retours d'expérience"

    @property
    def hours_rate(self) -> int | None:
        """Share of the planned hours done, in percent."""
        if not self.hours_planned or self.hours_done is None:
            return None
        return round(100 * self.hours_done / self.hours_planned)


class MinutesPage(Publication):
    """Minutes of a committee meeting. New minutes are restricted to the committee's
    members (a Wagtail view restriction on its group); an editor can make them public
    from the page's privacy setting."""

    publication_kind = PublicationKind.MINUTES
    committee = models.ForeignKey(
        "network.Committee", verbose_name="comité", on_delete=models.PROTECT,
        related_name="minutes",
    )
    meeting = models.ForeignKey(
        "network.Meeting", verbose_name="réunion", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="minutes",
    )
    attendees = models.TextField(
        "participants", blank=True,
        help_text="Un participant par ligne. Laisser vide pour reprendre ceux de la réunion.",
    )
    agenda = models.TextField(
        "ordre du jour", blank=True,
        help_text="Un point par ligne. Laisser vide pour reprendre celui de la réunion.",
    )
    body = StreamField(PublicationBodyBlock(), verbose_name="compte rendu des échanges",
                       blank=True)
    decisions = RichTextField("décisions", blank=True, features=RICH_TEXT_FEATURES)
    action_items = StreamField(
        [("action", ActionItemBlock())], verbose_name="actions à mener", blank=True
    )

    content_panels = [
        *Page.content_panels, FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("committee"), FieldPanel("meeting")], heading="Réunion"),
        FieldPanel("attendees"), FieldPanel("agenda"), FieldPanel("body"),
        FieldPanel("decisions"), FieldPanel("action_items"),
        classification_panel(legal_basis=False), *ATTACHMENTS_PANELS,
    ]
    search_fields = [
        *Publication.search_fields,
        index.SearchField("agenda"),
        index.SearchField("body"),
        index.SearchField("decisions"),
        index.FilterField("committee"),
    ]

    class Meta:
        verbose_name = "compte rendu de réunion"
        verbose_name_plural = "comptes rendus de réunion"

    def clean(self):
        super().clean()
        if self.meeting_id and self.committee_id and (
            self.meeting.committee_id != self.committee_id
        ):
            raise ValidationError(
                {"meeting": "Cette réunion est celle d'un autre comité."}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A page being previewed before its first save has no place in the tree yet.
        context["view_restricted"] = bool(self.pk) and self.get_view_restrictions().exists()
        return context

    def save(self, *args, **kwargs):
        creating = self._state.adding
        result = super().save(*args, **kwargs)
        if creating:
            restrict_to_committee(self)
        return result

    @property
    def attendee_list(self) -> list[str]:
        source = self.attendees or (self.meeting.attendees if self.meeting else "")
        return [line.strip() for line in source.splitlines() if line.strip()]

    @property
    def agenda_items(self) -> list[str]:
        source = self.agenda or (self.meeting.agenda if self.meeting else "")
        return [line.strip(" -•\t") for line in source.splitlines() if line.strip(" -•\t")]
