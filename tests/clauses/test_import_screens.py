"""The upload screens of the members' area and their template files."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from clauses.models import HoursDeclaration, Market

HOURS_URL = "/espace/marches/import/"
FORECASTS_URL = "/espace/marches/prevision/import/"
HEADER = "marche;lot;beneficiaire;mois;heures"


def upload(content: str, name="heures.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def hours_line(world, month, hours):
    return f"{world.market.reference};{world.clause.lot.number};{world.beneficiary.pseudonym};" \
           f"{month};{hours}"


def test_the_screen_needs_an_account(client, world):
    response = client.get(HOURS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_accounts_that_cannot_write_hours_are_refused(client, world):
    for role in ("membre", "referent_acheteur"):
        client.force_login(world.users[role])
        assert client.get(HOURS_URL).status_code == 403


def test_the_screen_explains_the_columns_and_offers_templates(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    page = client.get(HOURS_URL).content.decode()

    for column in ("marche", "lot", "beneficiaire", "mois", "heures", "heures_formation"):
        assert f"<code>{column}</code>" in page
    assert "/espace/marches/import/modele.xlsx" in page
    assert "/espace/marches/import/modele.csv" in page


def test_a_file_with_errors_is_shown_back_and_nothing_is_written(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    content = "\n".join([HEADER, hours_line(world, "2025-03", "35"),
                         hours_line(world, "2025-04", "999")])

    response = client.post(HOURS_URL, {"fichier": upload(content)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Import refusé : 1 erreur(s) sur 1 ligne(s)" in page
    assert "Plus de 250 heures dans un mois" in page
    assert HoursDeclaration.objects.count() == 1


def test_a_good_file_is_imported_and_summarised(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    content = "\n".join([HEADER, hours_line(world, "2025-03", "35"),
                         hours_line(world, "2025-04", "36")])

    response = client.post(HOURS_URL, {"fichier": upload(content)}, follow=True)

    assert response.redirect_chain == [(HOURS_URL, 302)]
    assert "2 créée(s)" in response.content.decode()
    assert HoursDeclaration.objects.count() == 3


def test_a_file_that_is_not_a_table_is_refused_by_the_form(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(HOURS_URL, {
        "fichier": SimpleUploadedFile("heures.pdf", b"%PDF-1.4\n%%EOF\n"),
    })

    assert response.status_code == 400
    assert "CSV (.csv) ou Excel (.xlsx)" in response.content.decode()


def test_a_renamed_file_is_refused_by_the_upload_check(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(HOURS_URL, {
        "fichier": SimpleUploadedFile("heures.xlsx", b"ceci n'est pas un classeur"),
    })

    assert response.status_code == 400
    assert "ne correspond pas à son extension" in response.content.decode()


def test_template_files_can_be_downloaded_and_imported_back(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    csv_response = client.get(HOURS_URL + "modele.csv")
    xlsx_response = client.get(HOURS_URL + "modele.xlsx")

    assert csv_response["Content-Disposition"].endswith('modele-import-heures.csv"')
    assert csv_response.content.decode("utf-8-sig").strip() == (
        "marche;lot;beneficiaire;mois;heures;heures_formation"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == [
        "marche", "lot", "beneficiaire", "mois", "heures", "heures_formation",
    ]
    assert workbook.sheetnames[1] == "Mode d'emploi"
    assert client.get(HOURS_URL + "modele.ods").status_code == 404


def test_forecast_screen_is_for_buyer_referents(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    assert client.get(FORECASTS_URL).status_code == 403

    client.force_login(world.users["referent_acheteur"])
    assert client.get(FORECASTS_URL).status_code == 200
    content = (
        "reference;intitule;territoire;annee;categorie\n"
        "DRFIP-2026-040;Entretien des espaces verts;t-dijon;2026;Services\n"
    )
    response = client.post(FORECASTS_URL, {"fichier": upload(content, "previsions.csv")},
                           follow=True)

    assert "1 créée(s)" in response.content.decode()
    market = Market.objects.get(reference="DRFIP-2026-040")
    assert market.buyer == world.buyer
    assert market.submitted_by == world.users["referent_acheteur"]
    template = client.get(FORECASTS_URL + "modele.csv").content.decode("utf-8-sig")
    assert template.startswith("reference;intitule;acheteur;territoire")
