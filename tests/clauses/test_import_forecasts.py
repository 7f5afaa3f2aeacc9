"""A buyer referent's yearly list of market forecasts, imported from CSV or XLSX."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone

from clauses.enums import MarketStatus
from clauses.imports.forecasts import import_forecasts
from clauses.models import Market, MarketStatusChange
from tests.network.factories import BuyerFactory, buyer_referent_of

HEADER = ("reference;intitule;acheteur;territoire;autres_territoires;annee;categorie;code_cpv;"
          "procedure;montant_estime;consideration_sociale;date_reception;date_dce_prevue;"
          "observations")


def csv_file(*lines):
    data = io.BytesIO("\n".join([HEADER, *lines]).encode("utf-8"))
    data.name = "previsions.csv"
    return data


def line(reference="DRFIP-2026-031", title="Nettoyage de la cité administrative",
         buyer="", territory="t-dijon", others="", year="2026", category="Services",
         cpv="90910000-9", procedure="Appel d'offres ouvert", amount="450 000",
         consideration="Clause sociale", received="05/01/2026", dce="15/03/2026", notes=""):
    return ";".join([reference, title, buyer, territory, others, year, category, cpv, procedure,
                     amount, consideration, received, dce, notes])


def test_a_buyer_referent_imports_forecasts(world):
    referent = world.users["referent_acheteur"]

    report = import_forecasts(csv_file(
        line(),
        line(reference="DRFIP-2026-032", title="Travaux de toiture", category="travaux",
             territory="Agglomération de Nevers", others="t-dijon", procedure="", amount="",
             cpv="", consideration="", received="", dce=""),
    ), user=referent)

    assert report.ok, report.errors
    assert report.created == 2
    first = Market.objects.get(reference="DRFIP-2026-031")
    assert first.buyer == world.buyer
    assert first.status == MarketStatus.FORECAST
    assert first.submitted_by == referent
    assert first.estimated_amount == Decimal("450000.00")
    assert first.procedure == "appel_offres_ouvert"
    assert first.decp_consideration == "Clause sociale"
    assert first.dce_planned_on == datetime.date(2026, 3, 15)
    second = Market.objects.get(reference="DRFIP-2026-032")
    assert second.lead_territory == world.nevers
    assert list(second.territories.all()) == [world.dijon]
    assert second.forecast_received_on == timezone.localdate()
    history = MarketStatusChange.objects.get(market=first)
    assert (history.to_status, history.changed_on) == (MarketStatus.FORECAST,
                                                       datetime.date(2026, 1, 5))


def test_importing_the_same_forecasts_again_changes_nothing(world):
    referent = world.users["referent_acheteur"]
    lines = [line(), line(reference="DRFIP-2026-032", received="")]
    import_forecasts(csv_file(*lines), user=referent)
    before = list(Market.objects.order_by("pk").values_list("reference", "version", "updated_at",
                                                            "forecast_received_on"))

    report = import_forecasts(csv_file(*lines), user=referent)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    after = list(Market.objects.order_by("pk").values_list("reference", "version", "updated_at",
                                                           "forecast_received_on"))
    assert after == before
    assert MarketStatusChange.objects.filter(market__reference__startswith="DRFIP").count() == 2


def test_a_forecast_not_yet_studied_is_updated_by_a_new_file(world):
    referent = world.users["referent_acheteur"]
    import_forecasts(csv_file(line()), user=referent)

    report = import_forecasts(csv_file(line(amount="500000")), user=referent)

    assert report.updated == 1
    assert Market.objects.get(reference="DRFIP-2026-031").estimated_amount == Decimal("500000")


def test_a_bad_row_among_good_ones_writes_nothing(world):
    report = import_forecasts(csv_file(
        line(),
        line(reference="DRFIP-2026-032", category="Logiciels", year="l'an prochain",
             cpv="123", territory="Atlantide"),
        line(reference=world.market.reference),
        line(reference="DRFIP-2026-031"),
    ), user=world.users["referent_acheteur"])

    messages = {(e.line, e.column): e.message for e in report.errors}
    assert "n'est pas reconnu" in messages[(3, "categorie")]
    assert "nombre entier" in messages[(3, "annee")]
    assert messages[(3, "territoire")] == "Territoire « Atlantide » inconnu."
    assert "8 chiffres" in messages[(3, "code_cpv")]
    assert "déjà été étudié" in messages[(4, "reference")]
    assert "Référence en double" in messages[(5, "reference")]
    assert not Market.objects.filter(reference__startswith="DRFIP").exists()


def test_a_referent_submits_only_for_their_own_organisation(world):
    other = BuyerFactory(name="Conseil départemental", slug="cd-21")

    report = import_forecasts(csv_file(line(buyer="cd-21")),
                              user=world.users["referent_acheteur"])

    assert report.errors[0].column == "acheteur"
    assert "pour lequel vous ne transmettez pas" in report.errors[0].message
    buyer_referent_of(other, user=world.users["referent_acheteur"])
    report = import_forecasts(csv_file(line()), user=world.users["referent_acheteur"])
    assert "plusieurs acheteurs" in report.errors[0].message
    assert import_forecasts(csv_file(line(buyer="Conseil départemental")),
                            user=world.users["referent_acheteur"]).ok


def test_a_facilitator_cannot_submit_forecasts(world):
    report = import_forecasts(csv_file(line()), user=world.users["facilitateur_territoire"])

    assert report.errors[0].column == "acheteur"
    assert not Market.objects.filter(reference="DRFIP-2026-031").exists()


def test_required_columns_must_be_filled(world):
    report = import_forecasts(csv_file(line(title="", year="")),
                              user=world.users["referent_acheteur"])

    assert {(e.column, e.message) for e in report.errors} == {
        ("intitule", "Cette colonne doit être remplie."),
        ("annee", "Cette colonne doit être remplie."),
    }


def test_a_reference_of_a_market_the_importer_may_not_see_answers_as_an_unknown_one(world):
    """Another buyer's market bears the reference: the importer is told nothing of it,
    their own forecast is created exactly as for a reference used nowhere."""
    hidden = world.market
    referent = world.users["referent_autre_acheteur"]

    taken = import_forecasts(csv_file(line(reference=hidden.reference)), user=referent)
    unknown = import_forecasts(csv_file(line(reference="JAMAIS-VUE-001")), user=referent)

    assert (taken.ok, taken.created, taken.errors) == (unknown.ok, unknown.created, []) == (
        True, 1, []
    )
    own = Market.objects.get(reference=hidden.reference, buyer=world.other_buyer)
    assert own.pk != hidden.pk
    hidden.refresh_from_db()
    assert hidden.buyer == world.buyer and hidden.status == "en_execution"
