"""Status changes, their dated history, the feasibility study and the 20-day rule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clauses import pipeline, progress
from clauses.enums import Feasibility, MarketStatus
from clauses.models import Market, MarketStatusChange, StaleRecordError
from tests.clauses.factories import MarketFactory
from tests.network.factories import UserFactory

S = MarketStatus


@pytest.fixture
def market(db):
    return MarketFactory(forecast_received_on=datetime.date(2025, 1, 10))


def test_full_pipeline_keeps_a_dated_history(market):
    user = UserFactory()
    pipeline.assess_forecast(market, Feasibility.FEASIBLE, "", user, on=datetime.date(2025, 2, 1))
    steps = [
        (S.DRAFTING, datetime.date(2025, 2, 10)),
        (S.PUBLISHED, datetime.date(2025, 3, 1)),
        (S.AWARDED, datetime.date(2025, 4, 15)),
        (S.IN_EXECUTION, datetime.date(2025, 5, 1)),
        (S.COMPLETED, datetime.date(2025, 10, 31)),
    ]
    for status, day in steps:
        pipeline.change_status(market, status, user, on=day)

    market.refresh_from_db()
    assert market.status == S.COMPLETED
    # Key dates follow the statuses.
    assert market.published_on == datetime.date(2025, 3, 1)
    assert market.awarded_on == datetime.date(2025, 4, 15)
    assert market.execution_starts_on == datetime.date(2025, 5, 1)
    assert market.execution_ends_on == datetime.date(2025, 10, 31)
    history = list(market.status_changes.values_list("from_status", "to_status", "changed_on"))
    assert history == [
        ("", S.FORECAST, datetime.date(2025, 1, 10)),
        (S.FORECAST, S.STUDIED, datetime.date(2025, 2, 1)),
        (S.STUDIED, S.DRAFTING, datetime.date(2025, 2, 10)),
        (S.DRAFTING, S.PUBLISHED, datetime.date(2025, 3, 1)),
        (S.PUBLISHED, S.AWARDED, datetime.date(2025, 4, 15)),
        (S.AWARDED, S.IN_EXECUTION, datetime.date(2025, 5, 1)),
        (S.IN_EXECUTION, S.COMPLETED, datetime.date(2025, 10, 31)),
    ]
    assert market.status_changes.filter(changed_by=user).count() == 6


def test_skipping_a_step_is_refused_and_changes_nothing(market):
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        pipeline.change_status(market, S.AWARDED)
    market.refresh_from_db()
    assert market.status == S.FORECAST
    assert market.status_changes.count() == 1


def test_a_not_feasible_market_cannot_go_to_drafting(market):
    pipeline.assess_forecast(market, Feasibility.NOT_FEASIBLE, "Marché de fournitures sans "
                             "main-d'œuvre sur place.", on=datetime.date(2025, 2, 1))
    market.refresh_from_db()
    assert market.status == S.STUDIED
    assert market.feasibility_reason.startswith("Marché de fournitures")
    with pytest.raises(ValidationError, match="faisable"):
        pipeline.change_status(market, S.DRAFTING)
    # It can still be abandoned, with its reason.
    pipeline.change_status(market, S.ABANDONED, reason="Clause non faisable.")
    assert market.status_changes.last().reason == "Clause non faisable."


def test_not_feasible_needs_a_reason(market):
    with pytest.raises(ValidationError, match="pourquoi"):
        pipeline.assess_forecast(market, Feasibility.NOT_FEASIBLE, "  ")
    market.refresh_from_db()
    assert market.status == S.FORECAST
    assert market.feasibility == ""


def test_abandoning_needs_a_reason(market):
    with pytest.raises(ValidationError, match="motif"):
        pipeline.change_status(market, S.ABANDONED)


def test_terminal_statuses_go_nowhere(market):
    pipeline.change_status(market, S.ABANDONED, reason="Projet annulé.")
    for status in S.values:
        if status != S.ABANDONED:
            with pytest.raises(ValidationError):
                pipeline.change_status(market, status, reason="x")


def test_a_change_cannot_be_dated_before_the_previous_one(market):
    with pytest.raises(ValidationError, match="précéder"):
        pipeline.assess_forecast(market, Feasibility.FEASIBLE, "", on=datetime.date(2024, 12, 1))


def test_stale_market_status_change_is_refused(market):
    other_copy = Market.objects.get(pk=market.pk)
    pipeline.assess_forecast(market, Feasibility.FEASIBLE, "", on=datetime.date(2025, 2, 1))
    with pytest.raises(StaleRecordError):
        pipeline.change_status(other_copy, S.ABANDONED, reason="Doublon.")
    assert MarketStatusChange.objects.filter(to_status=S.ABANDONED).count() == 0


@pytest.mark.parametrize(
    ("consulted", "dce", "flagged"),
    [
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 21), False),  # exactly 20 days
        (datetime.date(2025, 3, 2), datetime.date(2025, 3, 21), True),  # 19 days
        (datetime.date(2025, 3, 20), datetime.date(2025, 3, 21), True),
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 21), False),
    ],
)
def test_twenty_day_rule(db, consulted, dce, flagged):
    market = MarketFactory(facilitator_consulted_on=consulted, dce_planned_on=dce)
    today = datetime.date(2025, 1, 1)
    assert market.consultation_too_late(today) is flagged
    in_db = progress.late_consultations(Market.objects.all(), today)
    assert in_db.filter(pk=market.pk).exists() is flagged


def test_not_consulted_with_dce_close_is_flagged(db):
    today = datetime.date(2025, 3, 1)
    soon = MarketFactory(dce_planned_on=today + datetime.timedelta(days=10))
    later = MarketFactory(dce_planned_on=today + datetime.timedelta(days=40))
    late = progress.late_consultations(Market.objects.all(), today)
    assert list(late) == [soon]
    assert soon.consultation_too_late(today) and not later.consultation_too_late(today)


def test_market_page_shows_the_flag(client, world):
    world.market.facilitator_consulted_on = datetime.date(2025, 3, 10)
    world.market.dce_planned_on = datetime.date(2025, 3, 20)
    world.market.save()
    client.force_login(world.users["facilitateur_territoire"])
    html = client.get(reverse("clauses:market_detail", args=[world.market.pk])).content.decode()
    assert "consulté 10 jours avant la date prévue du DCE" in html
    assert "au moins 20 jours" in html


def test_status_form_on_the_market_page(client, world):
    market = MarketFactory(lead_territory=world.dijon, buyer=world.buyer)
    pipeline.assess_forecast(market, Feasibility.FEASIBLE, "", on=datetime.date(2025, 2, 1))
    market.refresh_from_db()
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:market_status", args=[market.pk])
    response = client.post(url, {"new_status": S.DRAFTING, "on": "2025-02-15",
                                 "reason": "", "version": market.version})
    assert response.status_code == 302
    market.refresh_from_db()
    assert market.status == S.DRAFTING
    # A stale form (built before that change) is refused.
    response = client.post(url, {"new_status": S.PUBLISHED, "on": "2025-02-20",
                                 "reason": "", "version": market.version - 1})
    assert response.status_code == 409
    assert "modifiée par quelqu" in response.content.decode()
    market.refresh_from_db()
    assert market.status == S.DRAFTING


def test_buyer_referent_cannot_change_status(client, world):
    client.force_login(world.users["referent_acheteur"])
    response = client.post(reverse("clauses:market_status", args=[world.market.pk]),
                           {"new_status": S.COMPLETED, "version": world.market.version})
    assert response.status_code == 403
    world.market.refresh_from_db()
    assert world.market.status == S.IN_EXECUTION


def test_buyer_submits_a_forecast_and_the_coordinator_assesses_it(client, world):
    client.force_login(world.users["referent_acheteur"])
    response = client.post(reverse("clauses:forecast_create"), {
        "reference": "CMRA-2026-007", "title": "Entretien des espaces verts de la préfecture",
        "buyer": world.buyer.pk, "lead_territory": world.dijon.pk,
        "territories": [world.nevers.pk], "programme_year": 2026, "category": "services",
        "cpv_code": "77310000-6", "procedure": "appel_offres_ouvert",
        "estimated_amount": "240000", "decp_consideration": "Clause sociale",
        "forecast_received_on": "2025-01-20", "dce_planned_on": "2025-04-01", "notes": "",
    })
    assert response.status_code == 302, response.content.decode()
    market = Market.objects.get(reference="CMRA-2026-007")
    assert market.submitted_by == world.users["referent_acheteur"]
    assert market.status == S.FORECAST
    assert market.status_changes.count() == 1
    # The buyer cannot assess their own forecast.
    assess_url = reverse("clauses:market_assess", args=[market.pk])
    assert client.get(assess_url).status_code == 403
    # Nor can a territory facilitator: assessment is the regional coordinator's.
    client.force_login(world.users["facilitateur_territoire"])
    assert client.get(assess_url).status_code == 403

    client.force_login(world.users["coordinateur"])
    response = client.post(assess_url, {"feasibility": "non_faisable", "reason": ""})
    assert response.status_code == 400
    assert "pas faisable" in response.content.decode()
    response = client.post(assess_url, {"feasibility": "faisable", "reason": "",
                                        "on": "2025-01-25"})
    assert response.status_code == 302
    market.refresh_from_db()
    assert (market.status, market.feasibility) == (S.STUDIED, Feasibility.FEASIBLE)
    assert market.assessed_by == world.users["coordinateur"]


def test_forecast_for_a_buyer_one_does_not_represent_is_refused(client, world):
    client.force_login(world.users["referent_acheteur"])
    response = client.post(reverse("clauses:forecast_create"), {
        "reference": "X-1", "title": "Marché", "buyer": world.other_buyer.pk,
        "lead_territory": world.dijon.pk, "programme_year": 2026, "category": "travaux",
    })
    assert response.status_code == 400
    assert not Market.objects.filter(reference="X-1").exists()


def test_plain_member_cannot_submit_forecasts(client, world):
    client.force_login(world.users["membre"])
    assert client.get(reverse("clauses:forecast_create")).status_code == 403
