import pytest
from wagtail.models import Page

from home.models import ContentPage, HomePage
from portal.core.vocabulary import LegalBasis
from resources.models import (
    ClauseTemplatePage,
    ExperiencePage,
    GuidePage,
    MinutesPage,
    Publication,
    ResourceIndexPage,
    ToolPage,
)
from tests.network.factories import MeetingFactory, committee_member_of
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    ExperiencePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
    ThemeFactory,
    ToolPageFactory,
    document,
)

pytestmark = pytest.mark.django_db

PUBLICATION_TYPES = [GuidePage, ClauseTemplatePage, ToolPage, ExperiencePage, MinutesPage]


def html_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def test_library_is_only_under_the_home_page_and_holds_only_publications():
    assert ResourceIndexPage.allowed_parent_page_models() == [HomePage]
    assert ResourceIndexPage not in ContentPage.allowed_subpage_models()
    assert ResourceIndexPage.allowed_subpage_models() == PUBLICATION_TYPES
    assert ResourceIndexPage in HomePage.allowed_subpage_models()
    for page_type in PUBLICATION_TYPES:
        assert page_type.allowed_parent_page_models() == [ResourceIndexPage]
        assert page_type.allowed_subpage_models() == []
    # The shared base is never offered to editors.
    assert not Publication.is_creatable
    assert Publication not in ResourceIndexPage.creatable_subpage_models()


def test_each_type_declares_its_own_search_fields():
    for page_type in PUBLICATION_TYPES:
        names = {field.field_name for field in page_type.search_fields}
        assert {"title", "summary"} <= names
    assert "clause_text" in {f.field_name for f in ClauseTemplatePage.search_fields}
    assert "lessons" in {f.field_name for f in ExperiencePage.search_fields}
    assert "decisions" in {f.field_name for f in MinutesPage.search_fields}


def test_guide_renders_its_body_and_classification(client, library):
    theme = ThemeFactory(name="Calcul des heures", slug="calcul-des-heures")
    guide = GuidePageFactory(
        parent=library, title="Calculer les heures d'insertion", themes=[theme],
        market_categories=["travaux"], legal_basis=LegalBasis.EXECUTION_CONDITION,
    )

    response = client.get(guide.url)

    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>Calculer les heures d'insertion</h1>" in html
    assert "Calculer les heures d'insertion." in html  # body
    assert "Guide pratique" in html
    assert 'href="/ressources/?theme=calcul-des-heures">Calcul des heures</a>' in html
    assert "Travaux" in html
    assert "art. L2112-2 CCP" in html


def test_clause_template_shows_legal_basis_placeholders_variants_and_actions(client, library):
    clause = ClauseTemplatePageFactory(parent=library, slug="clause-execution")

    html = html_of(client.get(clause.url))

    assert (
        "Article L2112-2 du Code de la commande publique "
        "(ancien article 14 du Code des marchés publics)"
    ) in html
    assert "Pour un marché de travaux de plus de 500 000 € HT." in html
    assert '<mark class="placeholder">[nombre d\'heures]</mark>' in html
    assert "Lots séparés" in html and "Marché alloti" in html
    assert 'data-copy-target="clause-text"' in html
    assert "resources/js/copy-clause.js" in html
    assert 'href="/ressources/clause-execution/telecharger/docx/"' in html
    assert 'href="/ressources/clause-execution/telecharger/odt/"' in html


def test_historical_clause_cites_the_former_code_first(client, library):
    clause = ClauseTemplatePageFactory(
        parent=library, legal_basis=LegalBasis.RESERVED_SIAE, cites_former_code=True,
    )

    html = html_of(client.get(clause.url))

    assert (
        "Article 15 du Code des marchés publics "
        "(aujourd'hui article L2113-13 du Code de la commande publique)"
    ) in html


def test_clause_template_requires_a_legal_basis(library):
    from django.core.exceptions import ValidationError

    clause = ClauseTemplatePage(
        title="Sans fondement", summary="…", when_to_use="<p>…</p>", clause_text="…",
    )
    with pytest.raises(ValidationError) as error:
        clause.full_clean()
    assert "Indiquez le fondement juridique de la clause." in str(error.value)


def test_tool_offers_its_file_and_instructions(client, library):
    tool = ToolPageFactory(
        parent=library, tool_file=document("Tableau de suivi des heures", "suivi.pdf")
    )

    html = html_of(client.get(tool.url))

    assert f'href="{tool.tool_file.url}"' in html
    assert "Télécharger l'outil" in html
    assert "Remplir une ligne par personne." in html


def test_experience_write_up_shows_its_figures_and_example_warning(client, library):
    experience = ExperiencePageFactory(
        parent=library, buyer_name="Ville exemple", hours_planned=1000, hours_done=1200,
        people_employed=7, legal_basis=LegalBasis.AWARD_CRITERION, year=2011,
    )

    html = html_of(client.get(experience.url))

    assert "Exemple fictif" in html
    assert "Ville exemple" in html
    assert "1000 h" in html and "1200 h (120 % des heures prévues)" in html
    assert "<dt>Personnes employées</dt><dd>7</dd>" in html
    assert "Critère d'attribution" in html
    assert "Trois CDI." in html and "Associer le facilitateur" in html


def test_minutes_show_meeting_attendees_agenda_decisions_and_actions(client, library):
    meeting = MeetingFactory(
        title="Réunion de lancement", place="Bordeaux", agenda="", attendees=""
    )
    minutes = MinutesPageFactory(parent=library, committee=meeting.committee, meeting=meeting)
    client.force_login(committee_member_of(meeting.committee))

    response = client.get(minutes.url)

    assert response.status_code == 200
    html = html_of(response)
    assert meeting.committee.name in html and "Réunion de lancement" in html
    assert "<li>Chargée de mission de l'URPA</li>" in html
    assert "<li>Programme d'actions</li>" in html
    assert "Le comité adopte le programme d'actions." in html
    assert "<td>Diffuser le guide</td><td>URPA</td>" in html
    assert "réservé aux membres du comité" in html


def test_minutes_take_attendees_and_agenda_from_the_meeting_when_left_empty(library):
    meeting = MeetingFactory(agenda="Bilan\nSuites", attendees="Élu\nTechnicien")
    minutes = MinutesPageFactory(
        parent=library, committee=meeting.committee, meeting=meeting, attendees="", agenda="",
    )

    assert minutes.attendee_list == ["Élu", "Technicien"]
    assert minutes.agenda_items == ["Bilan", "Suites"]


def test_minutes_refuse_a_meeting_of_another_committee(library):
    from django.core.exceptions import ValidationError

    minutes = MinutesPageFactory(parent=library)
    minutes.meeting = MeetingFactory()  # another committee's meeting

    with pytest.raises(ValidationError) as error:
        minutes.full_clean()
    assert "Cette réunion est celle d'un autre comité." in str(error.value)


def test_related_publications_are_linked_both_ways_only_when_visible(client, library):
    guide = GuidePageFactory(parent=library, title="Guide des heures")
    clause = ClauseTemplatePageFactory(parent=library, title="Clause d'exécution")
    restricted = MinutesPageFactory(parent=library, title="Compte rendu réservé")
    guide.related_links.create(target=clause)
    guide.related_links.create(target=restricted)
    guide.save()

    html = html_of(client.get(guide.url))

    assert "Voir aussi" in html and "Clause d'exécution" in html
    assert "Compte rendu réservé" not in html


def test_attached_documents_are_listed(client, library):
    guide = GuidePageFactory(parent=library)
    guide.attachments.create(document=document("Fiche PDF", "fiche.pdf"), label="La fiche")
    guide.save()

    html = html_of(client.get(guide.url))

    assert "La fiche" in html and "(PDF)" in html


def test_kind_is_stored_from_the_page_type(library):
    pages = [
        GuidePageFactory(parent=library), ClauseTemplatePageFactory(parent=library),
        ToolPageFactory(parent=library), ExperiencePageFactory(parent=library),
        MinutesPageFactory(parent=library),
    ]

    kinds = dict(Publication.objects.filter(pk__in=[p.pk for p in pages]).values_list("pk", "kind"))
    assert [kinds[p.pk] for p in pages] == [
        "guide", "modele-clause", "outil", "retour-experience", "compte-rendu",
    ]
    assert Page.objects.get(pk=pages[0].pk).specific.kind_label == "Guide pratique"
