"""The public calculator page, as a visitor without JavaScript uses it."""

import re

import pytest

pytestmark = pytest.mark.django_db

URL = "/outils/calculateur-heures/"


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_blank_page_shows_both_formulas_the_rounding_rule_and_no_error(client):
    html = page(client)

    assert "Calculateur d'heures d'insertion" in html
    assert "montant HT × part de la main-d'œuvre × taux d'insertion ÷ coût horaire" in html
    assert "P = 1 − (S × C) ÷ (A ÷ N)" in html
    assert "arrondie à l'heure supérieure" in html
    assert 'value="standard"' in html and 'value="proprete"' in html
    assert "data-error-summary" not in html
    assert 'aria-invalid="true"' not in html
    assert "d'insertion</strong>" not in html


def test_a_linked_result_shows_833_hours_and_the_calculation(client):
    html = page(client, montant="1000000", part_main_oeuvre="0,5", taux="0,05", cout_horaire="30")

    assert "833 heures d'insertion" in html
    assert "1\u202f000\u202f000 € × 0,5 × 0,05 ÷ 30 €/h = 833,33 h" in html
    assert "Avant arrondi : 833,33 h." in html
    assert "data-error-summary" not in html
    # The form keeps what was typed, so the visitor can adjust it.
    assert 'value="0,05"' in html


def test_cleaning_formula_shows_the_weighting_and_the_warning(client):
    html = page(
        client, formule="proprete", montant="120000", mois="12",
        heures_reprises_mensuelles="200", taux="0,05",
    )

    assert "120 heures d'insertion" in html
    assert "P = 1 − (200 h × 25 €/h) ÷ (120\u202f000 € ÷ 12 mois) = 0,5" in html
    assert "clause non conseillée" in html
    assert re.search(r'value="proprete"[^>]*checked', html)


def test_staff_covering_the_obligation_is_explained(client):
    html = page(
        client, formule="proprete", montant="120000", mois="12",
        heures_reprises_mensuelles="500", taux="0,05",
    )

    assert "0 heure d'insertion" in html  # French: 0 and 1 are singular
    assert "Le personnel repris couvre déjà l'obligation d'insertion" in html


def test_bad_input_shows_french_errors_beside_each_field_and_no_result(client):
    html = page(client, montant="abc", part_main_oeuvre="0,5", taux="200", cout_horaire="")

    assert "d'insertion</strong>" not in html
    assert html.count('aria-invalid="true"') == 3
    assert "<title>Erreur : Calculateur" in html
    # Summary at the top, linking to each field.
    assert 'role="alert"' in html
    assert (
        '<a href="#id_taux">Taux d\'insertion : '
        "Le taux doit être compris entre 0 % (exclu) et 100 % : écrivez par exemple 5 %, 5 "
        "ou 0,05.</a>"
    ) in html
    assert "Saisissez un nombre, par exemple 1000000 ou 0,05." in html
    assert "Ce champ est obligatoire." in html
    # Beside the field, and announced with it.
    assert re.search(
        r'<ul class="errorlist" id="id_taux_error"><li>Le taux doit être compris', html
    )
    assert re.search(r'aria-describedby="id_taux_helptext id_taux_error" id="id_taux"', html)


def test_every_input_has_a_label(client):
    html = page(client)

    for field_id in ("id_montant", "id_taux", "id_cout_horaire", "id_part_main_oeuvre",
                     "id_mois", "id_heures_reprises_mensuelles", "id_formule_0", "id_formule_1"):
        assert f'for="{field_id}"' in html


def test_javascript_is_an_external_deferred_file_and_the_form_works_without_it(client):
    html = page(client)

    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts)  # no inline script
    assert '<script src="/static/clauses/calculator.js" defer></script>' in html
    assert ' style="' not in html
    assert re.search(r'<form method="get" action="/outils/calculateur-heures/"', html)
    assert 'data-api-url="/api/v1/calculateur/heures"' in html
    script = client.get("/static/clauses/calculator.js")
    assert script.status_code == 200
    assert b"/api/v1/" not in b"".join(script.streaming_content)  # URL comes from the page
    script.close()
