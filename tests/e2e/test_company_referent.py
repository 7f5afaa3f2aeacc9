"""A company referent in a browser: invited by a facilitator, they set their password and
declare a month of hours; the facilitator validates them and the clause's progress moves."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail

from tests.clauses.factories import ClauseFactory, MarketFactory, PlacementFactory
from tests.e2e.conftest import sign_in
from tests.network.factories import PASSWORD, TerritoryFactory, facilitator_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_invited_referent_declares_hours_that_count_once_validated(browser, live_server):
    dijon = TerritoryFactory(name="Bassin dijonnais", slug="t-dijon")
    market = MarketFactory(
        lead_territory=dijon, status="en_execution", reference="DIJ-2025-777",
        execution_starts_on=datetime.date(2025, 1, 1),
        execution_ends_on=datetime.date(2025, 12, 31),
    )
    clause = ClauseFactory(market=market, required_hours=Decimal("1000"))
    company = clause.lot.contractor
    placement = PlacementFactory(clause=clause, employer=company, job_label="Coffreur")
    facilitator_of(dijon, username="fac-dijon", first_name="Camille", last_name="Roy")
    pseudonym = placement.beneficiary.pseudonym

    # The facilitator invites the company's referent from the company's page.
    facilitator = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = facilitator.new_page()
    sign_in(page, "fac-dijon", PASSWORD)
    page.goto(f"/espace/entreprises/{company.pk}/")
    page.get_by_role("link", name="Inviter un référent de l'entreprise").click()
    page.get_by_label("Adresse électronique du référent").fill("referente@example.fr")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Invitation envoyée à referente@example.fr").wait_for()
    link = re.search(r"https?://\S+/compte/invitation-entreprise/\S+/", mail.outbox[-1].body)[0]
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # The referent follows the link, sets a password and declares March.
    referent = browser.new_context(base_url=live_server.url, locale="fr-FR")
    other = referent.new_page()
    other.goto(path)
    other.get_by_label(re.compile(r"^Mot de passe\W*$")).fill("Chantier-Dijon-2025!")
    other.get_by_label("Mot de passe (confirmation)").fill("Chantier-Dijon-2025!")
    other.get_by_role("button", name="Créer mon compte").click()
    other.wait_for_url(re.compile(r"/espace/entreprise/$"))
    assert pseudonym in other.content()
    form = other.locator("form[data-declare-form]")
    form.get_by_label("Personne et poste").select_option(str(placement.pk))
    form.locator("#id_month").fill("2025-03")
    form.get_by_label(re.compile(r"^Heures travaillées")).fill("70")
    other.get_by_role("button", name="Déclarer").click()
    other.get_by_text("elles seront comptées une fois validées").wait_for()
    assert "Déclarée par l'entreprise" in other.content()

    # Not counted yet; the facilitator validates from the dashboard's task.
    page.goto(market.get_absolute_url())
    assert "0 h réalisées sur 1" in page.content()
    page.goto("/espace/")
    page.get_by_role("link", name=re.compile("Heures déclarées par les entreprises")).click()
    row = page.locator(f"tr:has-text('{pseudonym}')")
    row.get_by_role("button", name="Valider").click()
    page.get_by_text("validées").first.wait_for()
    page.goto(market.get_absolute_url())
    assert "70 h réalisées sur 1" in page.content()

    other.reload()
    assert "Validée" in other.content()
    facilitator.close()
    referent.close()
