"""Writing the clause with the buyer, in a browser: the facilitator drafts a lot's clause
from the library, the buyer referent sends the draft DCE, the facilitator marks it
« clause conforme », and the consultation can then be published."""

from decimal import Decimal

import pytest

from clauses.enums import MarketStatus
from clauses.models import DceReview, DceVersion, DraftVersion, Market
from clauses.operations import markets as market_ops
from portal.core.vocabulary import LegalBasis
from tests.clauses.factories import PDF, LotFactory, MarketFactory
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.network.factories import (
    PASSWORD,
    BuyerFactory,
    NetworkFactory,
    TerritoryFactory,
    buyer_referent_of,
    facilitator_of,
)
from tests.resources.factories import ClauseTemplatePageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def market(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = NetworkFactory(name="URMDEF-PLIE de Bourgogne")
    dijon = TerritoryFactory(name="Bassin dijonnais", network=network, departements=["21"])
    buyer = BuyerFactory(name="Ville de Dijon")
    facilitator = facilitator_of(dijon, username="e2e.facilitateur")
    buyer_referent_of(buyer, username="e2e.acheteur")
    market = MarketFactory(
        reference="E2E-RED-01", title="Groupe scolaire Pasteur", buyer=buyer,
        lead_territory=dijon, status=MarketStatus.DRAFTING, feasibility="faisable",
        facilitator=facilitator,
    )
    lot = LotFactory(market=market, number=1, title="Gros œuvre", amount=Decimal(300000),
                     contractor=None)
    market_ops.save_clause(
        facilitator, market, lot=lot, legal_basis=LegalBasis.EXECUTION_CONDITION,
        calculator_inputs={"formule": "standard", "montant": "300000",
                           "part_main_oeuvre": "0.5", "taux": "0.05", "cout_horaire": "30"},
    )
    ClauseTemplatePageFactory(
        parent=ResourceIndexPageFactory(parent=home_page),
        title="Condition d'exécution — travaux", legal_basis=LegalBasis.EXECUTION_CONDITION,
        clause_text="Le titulaire réserve [nombre d'heures] heures à l'insertion pour "
                    "[nom de l'acheteur], justifiées chaque [périodicité].",
    )
    return market


def _as(browser, live_server, username, journey):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, username, PASSWORD)
        journey(page)
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"drafting-{username}.png"), full_page=True)
        raise
    finally:
        context.close()


def test_a_clause_drafted_a_dce_sent_and_reviewed_then_the_market_published(
    browser, live_server, market
):
    drafting_url = f"/espace/marches/{market.pk}/redaction/"

    def facilitator_drafts(page):
        page.goto(market.get_absolute_url())
        page.get_by_role("link", name="Rédaction de la clause et DCE").click()
        page.get_by_text("Fondement suggéré : Condition d'exécution").wait_for()
        page.get_by_role("button", name="Enregistrer le fondement").click()
        page.get_by_text("Fondement du lot 1 enregistré.").wait_for()
        page.get_by_label("Modèle de clause").select_option(label="Condition d'exécution — "
                                                                  "travaux")
        page.get_by_role("button", name="Rédiger à partir du modèle").click()
        page.get_by_text("Article du lot 1 rédigé à partir du modèle.").wait_for()
        article = page.locator("[data-article]").inner_text()
        assert "réserve 250 heures à l'insertion pour Ville de Dijon" in article
        assert page.locator("[data-leftovers]").inner_text() == "À compléter : [périodicité]"

    def buyer_sends_the_dce(page):
        page.goto(drafting_url)
        page.get_by_label("Titre du document").fill("CCAP")
        page.get_by_label("Fichier").set_input_files(
            {"name": "ccap.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="Déposer pour relecture").click()
        page.get_by_text("Document déposé : le facilitateur est invité à le relire.").wait_for()

    def facilitator_approves_and_publishes(page):
        page.goto(drafting_url)
        page.get_by_label("Clause conforme").check()
        page.get_by_role("button", name="Enregistrer la relecture").click()
        page.get_by_text("Relecture enregistrée : Clause conforme.").wait_for()
        page.get_by_text("la consultation peut être publiée").wait_for()
        page.goto(market.get_absolute_url())
        page.get_by_label("Nouvel état").select_option(MarketStatus.PUBLISHED.value)
        page.get_by_role("button", name="Changer l'état").click()
        page.get_by_text("Le marché est passé à l'état « Consultation publiée ».").wait_for()
        timeline = page.locator("[data-timeline]").inner_text()
        assert "DCE transmis : CCAP (version 1)" in timeline
        assert "Relecture du DCE : Clause conforme" in timeline

    _as(browser, live_server, "e2e.facilitateur", facilitator_drafts)
    _as(browser, live_server, "e2e.acheteur", buyer_sends_the_dce)
    _as(browser, live_server, "e2e.facilitateur", facilitator_approves_and_publishes)

    market = Market.objects.get(pk=market.pk)
    assert market.status == MarketStatus.PUBLISHED
    assert DraftVersion.objects.filter(market=market).count() == 1
    assert DceVersion.objects.get(document__market=market).uploaded_by.username == "e2e.acheteur"
    assert DceReview.objects.get(market=market).reviewer.username == "e2e.facilitateur"
