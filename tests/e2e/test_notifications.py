"""A buyer referent submits a forecast; the regional coordinator sees the unread count in
the navigation and opens the forecast from their notifications."""

import pytest

from clauses.models import Market
from network.models import Notification
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.network.factories import (
    PASSWORD,
    BuyerFactory,
    NetworkFactory,
    TerritoryFactory,
    buyer_referent_of,
    coordinator_of,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_forecast_reaches_the_coordinator_who_opens_it_from_the_count(browser, live_server):
    network = NetworkFactory(name="URMDEF-PLIE de Bourgogne")
    TerritoryFactory(name="Bassin dijonnais", network=network)
    buyer_referent_of(BuyerFactory(name="Mission régionale des achats"), username="e2e.acheteur")
    coordinator_of(network, username="e2e.coordination")

    for username in ("e2e.acheteur", "e2e.coordination"):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            sign_in(page, username, PASSWORD)
            if username == "e2e.acheteur":
                page.goto("/espace/marches/prevision/")
                page.get_by_label("Référence").fill("E2E-NOTIF-01")
                page.get_by_label("Intitulé").fill("Nettoyage de la cité administrative")
                for label in ("Acheteur", "Territoire pilote", "Catégorie"):
                    page.get_by_label(label, exact=False).first.select_option(index=1)
                page.get_by_role("button", name="Enregistrer").click()
                page.get_by_text("Prévision E2E-NOTIF-01 transmise").wait_for()
                # The buyer is not told of what they did.
                assert page.locator(".nav-notifications .badge").count() == 0
                continue
            page.goto("/espace/")
            link = page.get_by_role("link", name="Notifications : 1 non lue")
            assert link.locator(".badge").inner_text() == "1"
            link.click()
            page.wait_for_url("**/espace/notifications/")
            page.get_by_role("link", name="Nouvelle prévision de marché : E2E-NOTIF-01",
                             exact=False).click()
            market = Market.objects.get(reference="E2E-NOTIF-01")
            page.wait_for_url(f"**{market.get_absolute_url()}")
            page.get_by_role("heading", name="Nettoyage de la cité administrative").wait_for()
            assert page.locator(".nav-notifications .badge").count() == 0
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"notifications-{username}.png"),
                            full_page=True)
            raise
        finally:
            context.close()

    assert Notification.objects.get(kind="prevision_transmise").read_at is not None
