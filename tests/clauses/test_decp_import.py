"""The DECP import (open data of awarded public markets): it keeps the markets with a social
consideration in the importer's territories, creates or updates them and their
contractors through the operations, says why it skipped the others, changes nothing the
second time, and refuses a bad file without writing anything."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from clauses.enums import MarketStatus
from clauses.imports.decp import import_decp
from clauses.imports.decp_reading import category_of, departement_of
from clauses.imports.limits import ImportLimits
from clauses.models import Market
from network.enums import OrganisationKind
from network.models import Organisation
from tests.clauses.factories import ContractorFactory, MarketFactory
from tests.network.factories import (
    BuyerFactory,
    OrganisationFactory,
    TerritoryFactory,
    buyer_referent_of,
    facilitator_of,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "decp_sample.json"
BUYER_SIRET = "00001234500013"


@pytest.fixture
def places(db):
    dijon = TerritoryFactory(name="Bassin dijonnais", slug="t-dijon", departements=["21"],
                             communes=["21231"])
    nevers = TerritoryFactory(name="Agglomération de Nevers", slug="t-nevers",
                              departements=["58"])
    buyer = BuyerFactory(name="Ville fictive", siret=BUYER_SIRET)
    return {"dijon": dijon, "nevers": nevers, "buyer": buyer,
            "facilitator": facilitator_of(dijon, username="fac-dijon-decp")}


def _file(data: dict) -> io.BytesIO:
    stream = io.BytesIO(json.dumps(data).encode())
    stream.name = "decp.json"
    return stream


def _sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _reasons(report) -> dict[str, str]:
    return {row.column: row.message for row in report.skipped}


def _state():
    return (
        list(Market.objects.order_by("pk").values_list("pk", "version", "updated_at", "title")),
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "siret", "kind")),
    )


def test_the_importers_markets_are_created_awarded_with_their_contractors(places):
    report = import_decp(SAMPLE, user=places["facilitator"])

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.companies == 3
    gym = Market.objects.get(decp_id="2024-DEMO-001")
    assert gym.status == MarketStatus.AWARDED
    assert gym.lead_territory == places["dijon"] and gym.buyer == places["buyer"]
    assert gym.category == "travaux" and gym.cpv_code == "45212225-9"
    assert gym.procedure == "appel_offres_ouvert"
    assert gym.decp_consideration == "Clause sociale"
    assert str(gym.awarded_on) == "2024-05-14" and gym.programme_year == 2024
    lot = gym.lots.get()
    assert lot.number == 1 and lot.contractor.siret == "00005678900019"
    assert lot.contractor.kind == OrganisationKind.COMPANY
    assert lot.contractor.name == "Bâtiments Test SAS (fictif)"
    assert "DECP" in gym.status_changes.get().reason
    cleaning = Market.objects.get(decp_id="2024-DEMO-002")
    assert cleaning.category == "services" and cleaning.decp_consideration == "Marché réservé"
    assert cleaning.lots.get().contractor.siret == "00005678900027"
    assert "00002468000019" in cleaning.notes  # the co-contractor is named


def test_every_other_market_is_skipped_with_its_reason(places):
    report = import_decp(SAMPLE, user=places["facilitator"])

    reasons = _reasons(report)
    assert set(reasons) == {"2024-DEMO-003", "2024-DEMO-004", "2024-DEMO-005", "2024-DEMO-006",
                            "2024-DEMO-007"}
    assert "Pas de considération sociale" in reasons["2024-DEMO-003"]
    assert "hors de vos territoires" in reasons["2024-DEMO-004"]
    assert "Nièvre (58)" in reasons["2024-DEMO-004"]
    assert "Acheteur inconnu" in reasons["2024-DEMO-005"]
    assert "plus large qu'un département" in reasons["2024-DEMO-006"]
    assert "Aucun titulaire identifié par un SIRET" in reasons["2024-DEMO-007"]
    assert not Market.objects.filter(lead_territory=places["nevers"]).exists()


def test_running_it_twice_changes_nothing(places):
    import_decp(SAMPLE, user=places["facilitator"])
    before = _state()

    report = import_decp(SAMPLE, user=places["facilitator"])

    assert report.ok
    assert (report.created, report.updated, report.unchanged, report.companies) == (0, 0, 2, 0)
    assert _state() == before


def test_a_new_version_of_a_market_updates_it(places):
    import_decp(SAMPLE, user=places["facilitator"])
    data = _sample()
    data["marches"][0]["montant"] = 900000
    data["marches"][0]["titulaires"][0]["id"] = "00001111100010"

    report = import_decp(_file(data), user=places["facilitator"])

    assert (report.created, report.updated, report.unchanged, report.companies) == (0, 1, 1, 1)
    gym = Market.objects.get(decp_id="2024-DEMO-001")
    assert gym.estimated_amount == 900000
    assert gym.lots.get().contractor.siret == "00001111100010"


def test_a_system_import_covers_every_territory(places):
    report = import_decp(SAMPLE)

    assert report.created == 3
    assert Market.objects.get(decp_id="2024-DEMO-004").lead_territory == places["nevers"]


def test_a_market_led_by_another_territory_is_left_to_it(places):
    MarketFactory(buyer=places["buyer"], lead_territory=places["nevers"],
                  reference="DECP-2024-DEMO-001")
    Market.objects.filter(reference="DECP-2024-DEMO-001").update(decp_id="2024-DEMO-001")

    report = import_decp(SAMPLE, user=places["facilitator"])

    assert "territoire que vous ne pilotez pas" in _reasons(report)["2024-DEMO-001"]
    assert report.created == 1
    # The skipped market's contractor was not created either.
    assert not Organisation.objects.filter(siret="00005678900019").exists()


def test_a_contractor_siret_of_a_partner_is_not_turned_into_a_company(places):
    OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE fictif", siret="00005678900019")

    report = import_decp(SAMPLE, user=places["facilitator"])

    assert "PLIE fictif" in _reasons(report)["2024-DEMO-001"]
    assert Organisation.objects.get(siret="00005678900019").kind == OrganisationKind.PLIE


def test_a_buyer_siret_of_a_company_is_not_a_buyer(places):
    places["buyer"].delete()
    ContractorFactory(name="Entreprise fictive", siret=BUYER_SIRET)

    report = import_decp(SAMPLE, user=places["facilitator"])

    assert report.created == 0
    assert "n'est pas un acheteur public" in _reasons(report)["2024-DEMO-001"]


@pytest.mark.parametrize("content, message", [
    (b"{ pas du json", "n'est pas un fichier JSON lisible"),
    (b'{"releases": []}', "doit contenir une liste « marches »"),
    (b'{"marches": []}', "aucun marché"),
    ("{\"marches\": [{\"id\": \"é\"}]}".encode("latin-1"), "encodé en UTF-8"),
])
def test_an_unreadable_file_is_refused_in_french(places, content, message):
    stream = io.BytesIO(content)

    report = import_decp(stream, user=places["facilitator"])

    assert not report.ok
    assert message in report.errors[0].message
    assert not Market.objects.exists()


def test_one_unreadable_market_refuses_the_whole_file_and_nothing_is_written(places):
    data = _sample()
    del data["marches"][3]["dateNotification"]
    data["marches"][5]["montant"] = "beaucoup"
    organisations = Organisation.objects.count()

    report = import_decp(_file(data), user=places["facilitator"])

    assert not report.ok
    assert {(e.line, e.column) for e in report.errors} == {(4, "2024-DEMO-004"),
                                                           (6, "2024-DEMO-006")}
    assert "« dateNotification » manque" in report.errors[0].message
    assert not Market.objects.exists()
    assert Organisation.objects.count() == organisations


def test_a_file_beyond_the_limits_is_refused(places):
    report = import_decp(SAMPLE, user=places["facilitator"],
                         limits=ImportLimits(max_rows=3, max_seconds=60))

    assert not report.ok and "lignes de données" in report.errors[0].message
    assert not Market.objects.exists()


def test_the_2022_schema_is_read_too(places):
    data = _sample()
    first = copy.deepcopy(data["marches"][0])
    first["titulaires"] = [{"titulaire": t} for t in first["titulaires"]]
    first["considerationsSociales"] = {"considerationSociale": first["considerationsSociales"]}
    report = import_decp(_file({"marches": {"marche": [first]}}), user=places["facilitator"])

    assert report.created == 1


def test_only_facilitators_import(places):
    referent = buyer_referent_of(places["buyer"], username="acheteur-decp")

    report = import_decp(SAMPLE, user=referent)

    assert not report.ok and "réservé aux facilitateurs" in report.errors[0].message


def test_the_command_reports_and_refuses(places, tmp_path, capsys):
    call_command("import_decp", str(SAMPLE), "--utilisateur", "fac-dijon-decp")
    out = capsys.readouterr().out
    assert "2 créé(s)" in out and "Écarté — marché n° 3 (2024-DEMO-003)" in out

    bad = tmp_path / "mauvais.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="Import refusé"):
        call_command("import_decp", str(bad))


def test_the_upload_screen(client, places):
    client.force_login(places["facilitator"])
    url = reverse("clauses:decp_import")
    assert client.get(url).status_code == 200

    response = client.post(url, {"fichier": SimpleUploadedFile(
        "decp.json", SAMPLE.read_bytes(), content_type="application/json")})

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 créé(s)" in html and "Pas de considération sociale" in html
    response = client.post(url, {"fichier": SimpleUploadedFile("decp.csv", b"a;b\n")})
    assert response.status_code == 400 and "fichier .json" in response.content.decode()


def test_the_upload_screen_is_for_facilitators(client, places):
    client.force_login(buyer_referent_of(places["buyer"], username="acheteur-ecran"))
    assert client.get(reverse("clauses:decp_import")).status_code == 403


@pytest.mark.parametrize("code, kind, expected", [
    ("21000", "code_postal", "21"), ("20090", "code_postal", "2A"),
    ("20200", "code_postal", "2B"), ("97400", "code_postal", "974"),
    ("2A004", "code_commune", "2A"), ("97105", "code_commune", "971"),
    ("21231", "code_commune", "21"), ("5", "code_departement", "05"),
    ("2B", "code_departement", "2B"), ("212", "code_arrondissement", "21"),
    ("27", "code_region", None), ("FR", "code_pays", None), ("99999", "code_postal", None),
])
def test_the_departement_of_a_place_of_execution(code, kind, expected):
    assert departement_of(code, kind) == expected


def test_the_category_follows_the_cpv_division():
    assert category_of("45212225-9") == "travaux"
    assert category_of("90910000-9") == "services"
    assert category_of("30197630-1") == "fournitures"
    assert category_of("") is None
