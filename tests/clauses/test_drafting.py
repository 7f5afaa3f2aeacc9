"""The clause drafted from the library: the legal basis chosen for a lot, its article
written from a published template with the market's values, the leftovers shown, the
versions kept, and the .docx and .odt exports."""

import html as html_module
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clauses.enums import MarketStatus
from clauses.models import DraftVersion, LotClauseChoice, StaleRecordError
from clauses.operations import drafting as drafting_ops
from clauses.operations import markets as market_ops
from network.enums import OrganisationKind
from portal.core.vocabulary import LegalBasis as B
from tests.clauses.factories import LotFactory, MarketFactory
from tests.network.factories import OrganisationFactory
from tests.resources.factories import ClauseTemplatePageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db

TEMPLATE_TEXT = (
    "Article [numéro] — Condition d'exécution\n"
    "Pour le lot n° [numéro du lot] du marché [intitulé du marché], passé par "
    "[nom de l'acheteur], le volume minimal est de [nombre d'heures] heures.\n"
    "Contact : [nom de la structure — PLIE ou Maison de l'emploi], [nom du facilitateur], "
    "[adresse électronique]. Justificatifs chaque [périodicité]."
)


def _text(response) -> str:
    return html_module.unescape(response.content.decode())


@pytest.fixture
def drafting(world, home_page):
    """A works market of Dijon in drafting, its lot's hours computed (250 h), and the
    library's templates: two published, one draft."""
    world.dijon.organisation = OrganisationFactory(
        name="MDEF du Bassin dijonnais", kind=OrganisationKind.MDE
    )
    world.dijon.save()
    facilitator = world.users["facilitateur_territoire"]
    facilitator.first_name, facilitator.last_name = "Camille", "Facilitatrice"
    facilitator.save()
    market = MarketFactory(
        reference="DIJ-2026-01", title="Groupe scolaire Pasteur", buyer=world.buyer,
        lead_territory=world.dijon, status=MarketStatus.DRAFTING, facilitator=facilitator,
        feasibility="faisable",
    )
    lot = LotFactory(market=market, number=1, title="Gros œuvre", amount=Decimal(300000),
                     contractor=None)
    market_ops.save_clause(
        facilitator, market, lot=lot, legal_basis=B.EXECUTION_CONDITION,
        calculator_inputs={"formule": "standard", "montant": "300000",
                           "part_main_oeuvre": "0.5", "taux": "0.05", "cout_horaire": "30"},
    )
    library = ResourceIndexPageFactory(parent=home_page)
    templates = {
        "execution": ClauseTemplatePageFactory(
            parent=library, title="Condition d'exécution — travaux",
            legal_basis=B.EXECUTION_CONDITION, clause_text=TEMPLATE_TEXT,
        ),
        "reserved": ClauseTemplatePageFactory(
            parent=library, title="Lot réservé aux SIAE", legal_basis=B.RESERVED_SIAE,
            clause_text="Le lot n° [numéro du lot] est réservé aux SIAE.",
        ),
        "draft": ClauseTemplatePageFactory(
            parent=library, title="Brouillon non publié", live=False,
            legal_basis=B.EXECUTION_CONDITION, clause_text="Brouillon",
        ),
    }
    market.refresh_from_db()
    return market, lot, templates, facilitator


def test_the_page_shows_the_suggestion_and_offers_only_published_templates(client, drafting):
    market, lot, templates, facilitator = drafting
    client.force_login(facilitator)

    html = _text(client.get(reverse("clauses:market_drafting", args=[market.pk])))

    assert "Fondement suggéré : Condition d'exécution" in html
    assert "250 heures d'insertion calculées pour ce lot." in html
    assert "Condition d'exécution — travaux" in html
    # Not published, or of another legal basis than the lot's: not offered.
    assert "Brouillon non publié" not in html
    assert "Lot réservé aux SIAE" not in html


def test_the_facilitator_accepts_or_changes_the_suggestion_with_a_reason(client, drafting):
    market, lot, _, facilitator = drafting
    client.force_login(facilitator)
    url = reverse("clauses:lot_basis", args=[market.pk, lot.pk])

    refused = client.post(url, {f"lot{lot.pk}-legal_basis": B.AWARD_CRITERION})
    assert refused.status_code == 400
    assert "Indiquez pourquoi vous retenez un autre fondement" in _text(refused)
    assert not LotClauseChoice.objects.filter(lot=lot).exists()

    client.post(url, {f"lot{lot.pk}-legal_basis": B.AWARD_CRITERION,
                      f"lot{lot.pk}-reason": "L'acheteur préfère noter les offres."})

    choice = LotClauseChoice.objects.get(lot=lot)
    assert (choice.suggested_basis, choice.chosen_basis) == (B.EXECUTION_CONDITION,
                                                             B.AWARD_CRITERION)
    assert choice.reason == "L'acheteur préfère noter les offres."
    assert choice.decided_by == facilitator
    assert choice.suggestion_reasons


def test_the_article_is_drafted_with_the_market_s_values_and_its_leftovers_shown(
    client, drafting
):
    market, lot, templates, facilitator = drafting
    client.force_login(facilitator)

    response = client.post(reverse("clauses:lot_template", args=[market.pk, lot.pk]), {
        f"modele{lot.pk}-template": templates["execution"].pk, f"modele{lot.pk}-based_on": "0",
    })

    assert response.status_code == 302
    version = DraftVersion.objects.get(market=market)
    text = version.articles[str(lot.pk)]["text"]
    assert "le volume minimal est de 250 heures" in text
    assert "passé par Mission régionale des achats" in text
    assert "lot n° 1 du marché Groupe scolaire Pasteur" in text
    assert "MDEF du Bassin dijonnais, Camille Facilitatrice, fac-dijon@exemple.fr" in text
    assert (version.number, version.created_by) == (1, facilitator)
    assert version.changes == [
        "Lot 1 : article rédigé à partir du modèle « Condition d'exécution — travaux »."
    ]
    html = _text(client.get(reverse("clauses:market_drafting", args=[market.pk])))
    assert "À compléter : [numéro], [périodicité]" in html
    assert '<mark class="placeholder">[périodicité]</mark>' in html


def test_a_template_not_offered_is_refused(drafting):
    market, lot, templates, facilitator = drafting
    for template in (templates["draft"], templates["reserved"]):
        with pytest.raises(ValidationError) as refused:
            drafting_ops.draft_article(facilitator, market, lot, template_id=template.pk)
        assert drafting_ops.MESSAGE_UNKNOWN_TEMPLATE in refused.value.messages
    assert not DraftVersion.objects.exists()


def test_a_lot_of_another_market_is_not_found(client, drafting):
    market, _, templates, facilitator = drafting
    other = LotFactory(market=MarketFactory(lead_territory=market.lead_territory))
    client.force_login(facilitator)

    response = client.post(reverse("clauses:lot_template", args=[market.pk, other.pk]),
                           {f"modele{other.pk}-template": templates["execution"].pk})

    assert response.status_code == 404
    assert not DraftVersion.objects.exists()


def test_each_edit_is_a_version_with_who_when_and_what_changed(client, world, drafting):
    market, lot, templates, facilitator = drafting
    drafting_ops.draft_article(facilitator, market, lot, template_id=templates["execution"].pk)
    coordinator = world.users["coordinateur"]
    client.force_login(coordinator)
    url = reverse("clauses:lot_article", args=[market.pk, lot.pk])

    response = client.post(url, {"text": "Article 4 — Condition d'exécution\n250 heures.",
                                 "based_on": "1"})

    assert response.status_code == 302
    latest = DraftVersion.objects.get(market=market, number=2)
    assert latest.created_by == coordinator
    assert latest.changes == ["Lot 1 : texte de l'article modifié."]
    assert latest.articles[str(lot.pk)]["text"] == "Article 4 — Condition d'exécution\n250 heures."
    # The first version is kept as it was.
    assert "[périodicité]" in DraftVersion.objects.get(market=market, number=1).articles[
        str(lot.pk)]["text"]
    # A page built from version 1 is now stale.
    stale = client.post(url, {"text": "Autre texte", "based_on": "1"})
    assert stale.status_code == 409
    assert DraftVersion.objects.filter(market=market).count() == 2
    with pytest.raises(StaleRecordError):
        drafting_ops.edit_article(facilitator, market, lot, text="Encore", based_on=1)


def test_the_docx_holds_the_hours_and_the_buyer_and_the_odt_is_an_opendocument(
    client, drafting
):
    from docx import Document

    market, lot, templates, facilitator = drafting
    drafting_ops.draft_article(facilitator, market, lot, template_id=templates["execution"].pk)
    client.force_login(facilitator)

    docx = client.get(reverse("clauses:draft_export", args=[market.pk, "docx"]))
    odt = client.get(reverse("clauses:draft_export", args=[market.pk, "odt"]))

    assert docx["Content-Disposition"] == 'attachment; filename="clause-dij-2026-01-v1.docx"'
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert "Article 1 — Lot 1 : Gros œuvre" in paragraphs
    assert "le volume minimal est de 250 heures" in text
    assert "Acheteur : Mission régionale des achats" in text
    highlighted = [run.text for p in Document(io.BytesIO(docx.content)).paragraphs
                   for run in p.runs if run.font.highlight_color is not None]
    assert highlighted == ["[numéro]", "[périodicité]"]
    with zipfile.ZipFile(io.BytesIO(odt.content)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "250 heures" in archive.read("content.xml").decode()


def test_no_drafting_once_the_consultation_is_published(drafting):
    market, lot, templates, facilitator = drafting
    market.status = MarketStatus.PUBLISHED
    market.save()

    with pytest.raises(ValidationError) as refused:
        drafting_ops.draft_article(facilitator, market, lot, template_id=templates["execution"].pk)

    assert "consultation publiée" in refused.value.messages[0]


def test_the_drafting_page_costs_the_same_whatever_the_number_of_lots(client, drafting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    market, lot, templates, facilitator = drafting
    drafting_ops.draft_article(facilitator, market, lot, template_id=templates["execution"].pk)
    client.force_login(facilitator)
    url = reverse("clauses:market_drafting", args=[market.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_lot:
        assert client.get(url).status_code == 200
    for number in range(2, 8):
        LotFactory(market=market, number=number, contractor=None)

    with CaptureQueriesContext(connection) as seven_lots:
        assert client.get(url).status_code == 200

    assert len(seven_lots) == len(one_lot) <= 30
