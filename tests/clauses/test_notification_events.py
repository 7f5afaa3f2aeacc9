"""Each event of the market follow-up notifies exactly the right people, and nobody
else; the recipients are the rule table read the other way round (`holders`)."""

import datetime

import pytest
from django.core import mail

from clauses.enums import MarketStatus
from clauses.models import Clause, HoursDeclaration, Market, Placement
from clauses.operations import forecasts, markets, placements
from network.models import Notification
from network.permissions import Action, has_permission, holders
from tests.clauses.factories import BeneficiaryFactory, ContractorFactory, LotFactory
from tests.network.factories import NetworkFactory, TerritoryFactory, administrator, coordinator_of

pytestmark = pytest.mark.django_db


def recipients(kind, **lookup) -> set[str]:
    return set(Notification.objects.filter(kind=kind, **lookup)
               .values_list("recipient__username", flat=True))


@pytest.mark.parametrize("action", list(Action))
def test_holders_are_exactly_those_the_policy_lets_act(world, action):
    administrator(username="admin")
    outsider = coordinator_of(NetworkFactory(), username="coordination.ailleurs")
    accounts = [*world.users.values(), outsider]
    for obj in (world.market, world.clause, world.placement, world.beneficiary,
                world.declaration, world.dijon, world.buyer):
        expected = {u.username for u in accounts if has_permission(u, action, obj)}
        found = set(holders(action, obj).values_list("username", flat=True))
        # Administrators may do anything, but hold no role: no news for them.
        assert found == expected, (action, type(obj).__name__)


def submit(world, **fields):
    return forecasts.submit_forecast(
        world.users["referent_acheteur"], reference="DRFIP-2026-040", title="Nettoyage",
        buyer=world.buyer, lead_territory=world.dijon, programme_year=2026,
        category="services", dce_planned_on=datetime.date(2026, 9, 1), **fields,
    )


def test_a_forecast_goes_to_the_coordinators_of_its_region(world,
                                                           django_capture_on_commit_callbacks):
    coordinator_of(NetworkFactory(), username="coordination.ailleurs")
    with django_capture_on_commit_callbacks(execute=True):
        market = submit(world)

    assert recipients("prevision_transmise") == {"coordination"}
    notification = Notification.objects.get(kind="prevision_transmise")
    assert notification.url == f"/espace/marches/{market.pk}/"
    assert notification.title == "Nouvelle prévision de marché : DRFIP-2026-040 — Nettoyage"
    assert [m.to for m in mail.outbox] == [["coordination@exemple.fr"]]
    assert mail.outbox[0].subject == notification.title
    assert f"/espace/notifications/{notification.pk}/" in mail.outbox[0].body


def test_a_corrected_forecast_is_told_again_and_a_co_territory_brings_its_coordinators(world):
    market = submit(world)
    elsewhere = TerritoryFactory(network=NetworkFactory())
    aquitaine = coordinator_of(elsewhere.network, username="coordination.aquitaine")

    forecasts.correct_forecast(world.users["referent_acheteur"], market, version=None,
                               title="Nettoyage des locaux", territories=[elsewhere])

    rows = Notification.objects.filter(kind="prevision_transmise")
    assert sorted(rows.values_list("recipient__username", "period")) == [
        ("coordination", "v1"), ("coordination", "v2"), (aquitaine.username, "v2"),
    ]
    assert rows.get(period="v2", recipient__username="coordination").title.startswith(
        "Prévision corrigée : "
    )


def test_a_market_published_then_awarded_goes_to_the_facilitators_of_its_territories(world):
    market = Market.objects.create(
        reference="2026-PUB", title="Entretien", buyer=world.buyer, lead_territory=world.dijon,
        programme_year=2026, category="services", status=MarketStatus.DRAFTING,
    )
    market.territories.add(world.nevers)
    acting = world.users["coordinateur"]

    markets.change_status(acting, market, MarketStatus.PUBLISHED, override=True,
                          reason="Consultation urgente, clause relue par téléphone.")
    assert recipients("marche_lance", period="consultation_publiee") == {"fac-dijon", "fac-nevers"}

    lot = LotFactory(market=market, contractor=ContractorFactory())
    Clause.objects.create(market=market, lot=lot, legal_basis="L2112-2", required_hours=100)
    markets.change_status(world.users["facilitateur_territoire"], market, MarketStatus.AWARDED)
    # Whoever moved it is not told of it.
    assert recipients("marche_lance", period="attribue") == {"fac-nevers"}
    assert Notification.objects.filter(kind="marche_lance").exclude(
        recipient__username__in=["fac-dijon", "fac-nevers"]
    ).count() == 0


def test_other_moves_tell_nobody(world):
    market = Market.objects.create(
        reference="2026-ETU", title="Étude", buyer=world.buyer, lead_territory=world.dijon,
        programme_year=2026, category="services", status=MarketStatus.FORECAST,
    )
    markets.change_status(world.users["coordinateur"], market, MarketStatus.ABANDONED,
                          reason="Pas de main-d'œuvre.")
    assert not Notification.objects.filter(kind="marche_lance").exists()


def test_a_placement_started_goes_to_the_buyers_referents_under_a_pseudonym(world):
    person = BeneficiaryFactory(territory=world.dijon, first_name="Aurore", last_name="Testelin")
    placement = placements.open_placement(
        world.users["facilitateur_territoire"], beneficiary=person, clause=world.clause,
        employer=ContractorFactory(), modality="embauche_directe", contract_type="cdd",
        job_label="Maçon", starts_on=datetime.date(2025, 6, 2),
    )

    assert recipients("placement_commence") == {"acheteur"}
    notification = Notification.objects.get(kind="placement_commence")
    assert person.pseudonym in notification.title
    assert "Testelin" not in notification.title + notification.body
    assert "Aurore" not in notification.title + notification.body
    # The buyer is sent to the market, which they see, not to the person's record.
    assert notification.url == world.market.get_absolute_url()
    assert notification.subject == placement
    # A daily digest by default: nothing is e-mailed at once.
    assert notification.delivery == "quotidien"


def test_no_notification_ever_names_a_beneficiary(world, django_capture_on_commit_callbacks):
    from clauses import reminders

    world.placement.ends_on = datetime.date(2025, 3, 31)
    world.placement.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.produce(datetime.date(2025, 10, 15))
        placements.open_placement(
            world.users["facilitateur_territoire"], beneficiary=world.beneficiary,
            clause=world.clause, employer=ContractorFactory(), modality="embauche_directe",
            contract_type="cdd", job_label="Coffreur", starts_on=datetime.date(2025, 5, 5),
        )
    texts = list(Notification.objects.values_list("title", "body"))
    assert texts
    for title, body in texts:
        assert "Testelin" not in title + body and "Aurore" not in title + body
    assert mail.outbox
    for message in mail.outbox:
        assert "Testelin" not in message.subject and "Aurore" not in message.subject
    assert Placement.objects.count() == 2 and HoursDeclaration.objects.count() == 1
