"""Factories of the library's pages, themes and documents."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.core.vocabulary import LegalBasis
from resources.models import (
    ClauseTemplatePage,
    ExperiencePage,
    GuidePage,
    MarketCategoryOption,
    MinutesPage,
    ResourceIndexPage,
    Theme,
    ToolPage,
)
from tests.network.factories import CommitteeFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ThemeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


def market_category(code: str) -> MarketCategoryOption:
    return MarketCategoryOption.objects.get(code=code)


def collection(name: str) -> Collection:
    """A collection made by the library's data migration ("Public", "Membres")."""
    return Collection.objects.get(name=name, depth=2)


def document(title="Guide", filename="guide.pdf", content=PDF, collection_name="Public"):
    doc = get_document_model()(title=title, collection=collection(collection_name))
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ressources"
    slug = "ressources"
    intro = "<p>Guides, modèles de clauses, outils et retours d'expérience.</p>"

    class Meta:
        model = ResourceIndexPage


class PublicationFactory(wagtail_factories.PageFactory):
    """Shared fields. Taxonomy: pass lists to ``themes``, ``networks``,
    ``territories`` or ``market_categories`` (codes)."""

    summary = factory.Sequence(lambda n: f"Résumé de la publication {n}.")
    year = 2024
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
            obj.save()

    @factory.post_generation
    def networks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.networks.set(extracted)
            obj.save()

    @factory.post_generation
    def territories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.territories.set(extracted)
            obj.save()

    @factory.post_generation
    def market_categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.market_categories.set([market_category(code) for code in extracted])
            obj.save()


class GuidePageFactory(PublicationFactory):
    title = factory.Sequence(lambda n: f"Guide {n}")
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Calculer les heures d'insertion.</p>"}]
    )

    class Meta:
        model = GuidePage


class ClauseTemplatePageFactory(PublicationFactory):
    title = factory.Sequence(lambda n: f"Modèle de clause {n}")
    legal_basis = LegalBasis.EXECUTION_CONDITION
    when_to_use = "<p>Pour un marché de travaux de plus de 500 000 € HT.</p>"
    clause_text = (
        "Le titulaire s'engage à réaliser [nombre d'heures] heures d'insertion.\n"
        "Il se rapproche du facilitateur [nom du facilitateur]."
    )
    variants = factory.LazyFunction(lambda: [{"type": "variant", "value": {
        "title": "Lots séparés", "when": "Marché alloti",
        "text": "Pour le lot [numéro du lot] : [nombre d'heures] heures.",
    }}])

    class Meta:
        model = ClauseTemplatePage


class ToolPageFactory(PublicationFactory):
    title = factory.Sequence(lambda n: f"Outil {n}")
    tool_file = factory.LazyFunction(lambda: document("Tableau de suivi", "suivi.pdf"))
    instructions = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Remplir une ligne par personne.</p>"}]
    )

    class Meta:
        model = ToolPage


class ExperiencePageFactory(PublicationFactory):
    title = factory.Sequence(lambda n: f"Retour d'expérience {n}")
    is_example = True
    buyer_name = "Ville exemple"
    hours_planned = 1000
    hours_done = 1200
    people_employed = 7
    context = "<p>Réhabilitation d'un groupe scolaire.</p>"
    outcomes = "<p>Trois CDI.</p>"
    lessons = "<p>Associer le facilitateur dès la programmation.</p>"

    class Meta:
        model = ExperiencePage


class MinutesPageFactory(PublicationFactory):
    title = factory.Sequence(lambda n: f"Compte rendu {n}")
    committee = factory.SubFactory(CommitteeFactory)
    meeting = None
    attendees = "Élu communautaire\nChargée de mission de l'URPA"
    agenda = "Installation du comité\nProgramme d'actions"
    decisions = "<p>Le comité adopte le programme d'actions.</p>"
    action_items = factory.LazyFunction(lambda: [{"type": "action", "value": {
        "action": "Diffuser le guide", "owner": "URPA", "due_on": None,
    }}])

    class Meta:
        model = MinutesPage
