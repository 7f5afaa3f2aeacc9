"""Members' journeys on the demo data (seed_demo): hours, forecasts, restricted minutes."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from clauses.models import Beneficiary, HoursDeclaration, Market, Placement
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def _free_month(placement) -> datetime.date:
    """A month of the placement's period that has no declaration yet."""
    taken = set(HoursDeclaration.objects.filter(placement=placement).values_list("month",
                                                                                 flat=True))
    month = placement.starts_on.replace(day=1)
    while month in taken:
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return month


def _done_hours(page, clause_pk) -> str:
    return page.locator(f"#clause-{clause_pk} strong").inner_text()


def test_facilitator_enters_a_month_of_hours_and_sees_the_clause_progress(page, demo):
    placement = (Placement.objects.filter(clause__market__lead_territory__slug="bassin-dijonnais",
                                          ends_on__isnull=True)
                 .select_related("clause__market").first())
    market = placement.clause.market
    month = _free_month(placement)
    sign_in(page, "facilitateur.dijon", settings.DEMO_PASSWORD)
    page.goto(market.get_absolute_url())
    before = _done_hours(page, placement.clause_id)

    page.goto(placement.get_absolute_url())
    page.get_by_role("link", name="Déclarer les heures d'un mois").click()
    page.get_by_label("Mois :", exact=True).fill(month.strftime("%Y-%m"))
    page.get_by_label("Heures travaillées").fill("35")
    page.get_by_label("Heures de formation").fill("0")
    page.get_by_label("Clause créditée").select_option(str(placement.clause_id))
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(lambda url: "/nouvelles/" not in url)

    page.goto(market.get_absolute_url())
    after = _done_hours(page, placement.clause_id)
    done = int(before.split(" h")[0].replace("\u202f", "").replace("\xa0", ""))
    assert after.startswith(f"{done + 35:,}".replace(",", "\u202f")) or after.startswith(
        f"{done + 35:,}".replace(",", "\xa0")), (before, after)
    assert HoursDeclaration.objects.filter(placement=placement, month=month).exists()


def test_buyer_referent_submits_a_forecast_and_sees_only_pseudonyms(page, demo):
    sign_in(page, "acheteur.cmra", settings.DEMO_PASSWORD)
    page.goto("/espace/marches/prevision/")
    page.get_by_label("Référence").fill("E2E-PREV-01")
    page.get_by_label("Intitulé").fill("Entretien des espaces verts du lycée")
    for label in ("Acheteur", "Territoire pilote", "Catégorie"):
        select = page.get_by_label(label, exact=False).first
        select.select_option(index=1)
    page.get_by_role("button", name="Enregistrer").click()

    page.get_by_text("Prévision E2E-PREV-01 transmise").wait_for()
    assert Market.objects.filter(reference="E2E-PREV-01", submitted_by__username="acheteur.cmra")

    market = Market.objects.filter(clauses__placements__isnull=False,
                                   buyer__slug="mission-regionale-achats-etat-bourgogne").first()
    page.goto(market.get_absolute_url())
    html = page.content()
    people = Beneficiary.objects.filter(placements__clause__market=market).distinct()
    assert people
    for person in people:
        assert person.pseudonym in html
        assert person.last_name not in html
