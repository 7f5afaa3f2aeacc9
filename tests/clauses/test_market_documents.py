"""A market's bilan for its buyer (PDF, DOCX), the facilitator's comment that closes it,
and its hours template for a month (XLSX)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from clauses.imports.monthly_hours import import_hours
from clauses.models import HoursDeclaration, Market, PersonalDataLog
from clauses.rules.markets import BILAN_COMMENT_MAX_LENGTH
from tests.clauses.documents_helpers import (
    docx_text,
    pdf_text,
    requires_pdf,
    spaced,
    xlsx_rows,
)
from tests.clauses.factories import HoursDeclarationFactory, PlacementFactory


def _document(client, world, fmt, **params):
    return client.get(reverse("clauses:market_bilan_document", args=[world.market.pk, fmt]),
                      params)


def _with_a_second_month(world):
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 4, 1),
                            hours_worked=Decimal("80"), training_hours=Decimal("7"))


@requires_pdf
def test_the_facilitator_downloads_the_bilan_as_pdf_with_hours_month_by_month(client, world):
    _with_a_second_month(world)
    world.market.bilan_comment = "Clause bien suivie par le titulaire."
    world.market.save()
    client.force_login(world.users["facilitateur_territoire"])

    response = _document(client, world, "pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bilan-marche-{world.market.pk}.pdf"')
    # A document holds what one person may read: no shared cache keeps it.
    assert "no-store" in response["Cache-Control"]
    text = spaced(pdf_text(response.content))
    assert world.market.reference in text
    # Months without hours between two declared months are listed with zero hours.
    for line in ("02/2025 120 0 120 120 10 %", "03/2025 0 0 0 120 10 %",
                 "04/2025 80 7 87 207 17,3 %"):
        assert line in text, text
    assert "1 200" in text  # the hours the clause requires
    assert "Clause bien suivie par le titulaire." in text
    assert "Testelin" not in text


def test_the_docx_holds_the_same_bilan(client, world):
    _with_a_second_month(world)
    client.force_login(world.users["facilitateur_territoire"])

    response = _document(client, world, "docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = spaced(docx_text(response.content))
    assert f"marché {world.market.reference}" in text
    assert "04/2025 | 80 | 7 | 87 | 207 | 17,3 %" in text
    assert "Nombre de personnes mises à l'emploi" in text
    assert "Aucun commentaire n'a été rédigé." in text


def test_the_buyer_reads_small_breakdowns_as_a_statistical_secret(client, world):
    """One person on the market: the buyer may not read who they are, even in the
    document; the facilitator of their territory may, and that reading is logged."""
    client.force_login(world.users["referent_acheteur"])
    buyer_text = docx_text(_document(client, world, "docx").content)
    client.force_login(world.users["facilitateur_territoire"])
    facilitator_text = docx_text(_document(client, world, "docx").content)

    assert "Secret statistique" in buyer_text
    criteria = next(line for line in buyer_text.splitlines()
                    if line.startswith("Personnes par critère d'éligibilité"))
    assert "Secret statistique" in criteria
    assert "Secret statistique" not in facilitator_text
    assert "Bénéficiaire du RSA" in facilitator_text or "RSA" in facilitator_text
    logged = PersonalDataLog.objects.filter(username="fac-dijon")
    assert logged.filter(context__startswith="Bilan DOCX du marché").exists()
    assert not PersonalDataLog.objects.filter(username="acheteur").exists()


def test_a_year_limits_the_months_and_counts_the_hours_before_it(client, world):
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2026, 1, 1),
                            hours_worked=Decimal("30"))
    client.force_login(world.users["facilitateur_territoire"])

    text = spaced(docx_text(_document(client, world, "docx", annee="2026").content))

    assert "01/2026 | 30 | 0 | 30 | 150 | 12,5 %" in text
    assert "02/2025" not in text
    assert "Année 2026" in text


def test_a_bad_year_or_format_is_refused_in_french(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    bad_year = _document(client, world, "docx", annee="deux mille")
    unknown = client.get(f"/espace/marches/{world.market.pk}/bilan.odt")

    assert bad_year.status_code == 400
    assert "n'est pas une année" in bad_year.content.decode()
    assert unknown.status_code == 404


# --- The facilitator's comment ----------------------------------------------------------


def _comment_url(world):
    return reverse("clauses:market_bilan_comment", args=[world.market.pk])


def test_the_facilitator_writes_the_comment_that_closes_the_bilan(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    page = client.get(_comment_url(world))
    response = client.post(_comment_url(world), {
        "bilan_comment": "  Objectif atteint aux deux tiers.\r\nPoursuite en 2026.  ",
        "version": world.market.version,
    })

    assert page.status_code == 200
    assert response.status_code == 302
    market = Market.objects.get(pk=world.market.pk)
    assert market.bilan_comment == "Objectif atteint aux deux tiers.\nPoursuite en 2026."
    assert market.bilan_comment_by.username == "fac-dijon"
    detail = client.get(market.get_absolute_url()).content.decode()
    assert "Objectif atteint aux deux tiers." in detail
    assert "Poursuite en 2026." in docx_text(_document(client, world, "docx").content)


def test_a_comment_too_long_is_refused_and_nothing_changes(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(_comment_url(world), {
        "bilan_comment": "x" * (BILAN_COMMENT_MAX_LENGTH + 1), "version": world.market.version,
    })

    assert response.status_code == 400
    assert f"{BILAN_COMMENT_MAX_LENGTH} caractères au plus" in response.content.decode()
    assert Market.objects.get(pk=world.market.pk).bilan_comment == ""


def test_a_comment_over_someone_elses_save_is_refused(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    stale = world.market.version
    client.post(_comment_url(world), {"bilan_comment": "Premier", "version": stale})

    response = client.post(_comment_url(world), {"bilan_comment": "Second", "version": stale})

    assert response.status_code == 409
    assert Market.objects.get(pk=world.market.pk).bilan_comment == "Premier"


@pytest.mark.parametrize(("role", "status"), [
    ("coordinateur", 200),
    ("referent_acheteur", 403),
    ("facilitateur_autre_territoire", 404),
])
def test_only_who_changes_the_market_writes_its_comment(client, world, role, status):
    client.force_login(world.users[role])

    response = client.post(_comment_url(world), {"bilan_comment": "Avis",
                                                 "version": world.market.version})

    assert response.status_code == (302 if status == 200 else status)
    assert (Market.objects.get(pk=world.market.pk).bilan_comment == "Avis") is (status == 200)


# --- The hours template -----------------------------------------------------------------


def _template(client, world, month="2025-03"):
    return client.get(reverse("clauses:market_hours_template", args=[world.market.pk]),
                      {"mois": month})


def test_the_hours_template_lists_the_placements_of_the_month(client, world):
    ended = PlacementFactory(clause=world.clause, starts_on=datetime.date(2024, 6, 1),
                             ends_on=datetime.date(2025, 1, 31))
    client.force_login(world.users["facilitateur_territoire"])

    response = _template(client, world, "2025-02")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="heures-marche-{world.market.pk}-2025-02.xlsx"')
    header, *rows = xlsx_rows(response.content)
    assert header[:6] == ["marche", "lot", "beneficiaire", "mois", "heures",
                          "heures_formation"]
    assert header[6] == "nom"
    assert [row[2] for row in rows] == [world.beneficiary.pseudonym]
    assert ended.beneficiary.pseudonym not in {row[2] for row in rows}
    # The month already declared keeps its hours.
    assert rows[0][:6] == [world.market.reference, str(world.clause.lot.number),
                           world.beneficiary.pseudonym, "2025-02", 120, 0]
    assert rows[0][6] == "Aurore Testelin" or "Testelin" in rows[0][6]
    assert PersonalDataLog.objects.filter(
        username="fac-dijon", context__startswith="Modèle d'heures").count() == 1


def test_the_buyer_gets_pseudonyms_only(client, world):
    client.force_login(world.users["referent_acheteur"])

    header, *rows = xlsx_rows(_template(client, world).content)

    assert "nom" not in header
    assert rows[0][2] == world.beneficiary.pseudonym
    assert "Testelin" not in str(rows)


def test_the_filled_template_imports_back(client, world):
    from openpyxl import load_workbook

    client.force_login(world.users["facilitateur_territoire"])
    workbook = load_workbook(io.BytesIO(_template(client, world, "2025-03").content))
    sheet = workbook.worksheets[0]
    sheet["E2"] = 35.5
    sheet["F2"] = 4
    filled = io.BytesIO()
    workbook.save(filled)
    filled.seek(0)

    report = import_hours(filled, user=world.users["facilitateur_territoire"],
                          name="heures.xlsx")

    assert report.ok, report.errors
    declaration = HoursDeclaration.objects.get(placement=world.placement,
                                               month=datetime.date(2025, 3, 1))
    assert (declaration.hours_worked, declaration.training_hours) == (Decimal("35.5"), 4)


def test_a_bad_month_is_refused_in_french(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = _template(client, world, "mars")

    assert response.status_code == 400
    assert "AAAA-MM" in response.content.decode()


def test_the_market_page_links_to_its_documents(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    html = client.get(world.market.get_absolute_url()).content.decode()

    for url in (reverse("clauses:market_bilan_document", args=[world.market.pk, "pdf"]),
                reverse("clauses:market_bilan_document", args=[world.market.pk, "docx"]),
                reverse("clauses:market_hours_template", args=[world.market.pk]),
                reverse("clauses:market_bilan_comment", args=[world.market.pk])):
        assert url in html


def test_the_market_bilan_page_links_to_the_buyers_documents(client, world):
    client.force_login(world.users["referent_acheteur"])

    html = client.get("/espace/bilans/", {"perimetre": f"marche:{world.market.pk}",
                                          "annee": "2025"}).content.decode()

    assert f"/espace/marches/{world.market.pk}/bilan.pdf?annee=2025" in html
    assert f"/espace/marches/{world.market.pk}/bilan.docx?annee=2025" in html


def test_without_pango_the_pdf_link_says_so_in_french(client, world, monkeypatch):
    from clauses.documents import pdf

    monkeypatch.setattr(pdf, "unavailable_reason", lambda: "no pango")
    client.force_login(world.users["facilitateur_territoire"])

    response = _document(client, world, "pdf")

    assert response.status_code == 503
    assert "pango" in response.content.decode()
    assert "DOCX" in response.content.decode()
