"""GET /api/v1/calculateur/heures, as a partner's tool or the page's script calls it."""

import pytest

URL = "/api/v1/calculateur/heures"


@pytest.fixture
def get(client):
    def get(**params):
        return client.get(URL, params)
    return get


def test_standard_formula_answers_833_hours(get):
    response = get(montant="1000000", part_main_oeuvre="0.5", taux="0.05", cout_horaire="30")

    assert response.status_code == 200
    body = response.json()
    assert body["heures"] == 833
    assert body["heures_exactes"] == "833.33"
    assert body["formule"] == "standard"
    assert body["ponderation"] is None
    assert body["avertissements"] == []
    assert body["parametres"] == {
        "montant": "1000000", "part_main_oeuvre": "0.5", "taux": "0.05", "cout_horaire": "30",
    }
    assert body["detail_calcul"][-1] == "Arrondi : 833 h"
    assert "heure supérieure" in body["regle_arrondi"]


def test_comma_decimals_are_accepted(get):
    response = get(montant="1 000 000", part_main_oeuvre="0,5", taux="0,05", cout_horaire="30")

    assert response.status_code == 200
    assert response.json()["heures"] == 833


def test_cleaning_formula_returns_weighting_and_warnings(get):
    response = get(
        formule="proprete", montant="120000", mois="12", heures_reprises_mensuelles="200",
        taux="0.05",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["formule"] == "proprete"
    assert body["heures"] == 120
    assert body["heures_exactes"] == "120.00"
    assert body["ponderation"] == "0.5000"
    assert body["parametres"]["cout_horaire"] == "25"  # the default
    assert len(body["avertissements"]) == 1
    assert "clause non conseillée" in body["avertissements"][0]


def test_cleaning_formula_when_staff_taken_over_cover_the_obligation(get):
    response = get(
        formule="proprete", montant="120000", mois="12", heures_reprises_mensuelles="500",
        taux="0.05", cout_horaire="25",
    )

    body = response.json()
    assert (response.status_code, body["heures"], body["ponderation"]) == (200, 0, "-0.2500")
    assert "couvre déjà" in body["avertissements"][0]


def test_half_hour_rounds_up(get):
    response = get(montant="99900", part_main_oeuvre="0.5", taux="0.1", cout_horaire="30")

    assert (response.json()["heures"], response.json()["heures_exactes"]) == (167, "166.50")


def test_bad_values_answer_422_with_french_messages_per_field(get):
    response = get(montant="-5", part_main_oeuvre="0.5", taux="150", cout_horaire="trente")

    assert response.status_code == 422
    assert response.json() == {
        "erreurs": {
            "montant": ["Le montant doit être supérieur à 0."],
            "taux": ["Le taux doit être compris entre 0 % (exclu) et 100 % : écrivez par "
                     "exemple 5 %, 5 ou 0,05."],
            "cout_horaire": ["Saisissez un nombre, par exemple 1000000 ou 0,05."],
        }
    }


def test_missing_parameters_answer_422_in_french_not_ninjas_english(get):
    response = get()

    assert response.status_code == 422
    assert response.json() == {
        "erreurs": {
            name: ["Ce champ est obligatoire."]
            for name in ("montant", "part_main_oeuvre", "taux", "cout_horaire")
        }
    }


def test_missing_cleaning_parameters_are_named(get):
    response = get(formule="proprete", montant="120000", taux="0.05")

    assert response.status_code == 422
    assert set(response.json()["erreurs"]) == {"mois", "heures_reprises_mensuelles"}


def test_unknown_formula_answers_422(get):
    response = get(formule="nettoyage")

    assert response.status_code == 422
    assert response.json() == {
        "erreurs": {"formule": ["Choisissez la formule « standard » ou « proprete »."]}
    }


def test_endpoint_is_public_and_documented(client):
    schema = client.get("/api/v1/openapi.json")

    assert schema.status_code == 200
    operation = schema.json()["paths"][URL]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert parameters == {
        "formule", "montant", "part_main_oeuvre", "taux", "cout_horaire", "mois",
        "heures_reprises_mensuelles",
    }
    assert set(operation["responses"]) == {"200", "422"}
    assert "security" not in operation
