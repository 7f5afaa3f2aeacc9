"""A convention's yearly bilan as a PDF: one calendar year of its validity."""

from decimal import Decimal

import pytest

from clauses.documents.convention import convention_bilan, convention_years, year_period
from tests.clauses.bilan_factories import build_dataset
from tests.clauses.documents_helpers import pdf_text, requires_pdf, spaced
from tests.network.factories import coordinator_of, facilitator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build_dataset()


def url(data, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/espace/bilans/conventions/{data.convention.slug}/bilan.pdf?{query}"


def test_a_year_is_cut_to_the_validity_of_the_convention(data):
    data.convention.starts_on = data.convention.starts_on.replace(month=3)
    period = year_period(data.convention, data.convention.starts_on.year)

    assert period.start == data.convention.starts_on
    assert period.label.startswith(f"Année {period.start.year}, du 01/03/")
    assert convention_years(data.convention)[-1] == data.convention.starts_on.year


def test_the_yearly_bilan_counts_the_hours_of_that_year(data):
    bilan_2023 = convention_bilan(coordinator_of(data.network), data.convention.slug, "2023")
    hours = next(s for s in bilan_2023.sections if s.key == "heures_realisees")
    total = next(f for f in hours.figures if f.code == "total")

    assert total.value == Decimal("200.00")  # as the mid-term bilan to 31/12/2023 says
    assert bilan_2023.filename == f"bilan-2023-{data.convention.slug}.pdf"


@requires_pdf
def test_the_coordinator_downloads_the_yearly_pdf(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(url(data, annee=2023))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = spaced(pdf_text(response.content))
    assert "Bilan 2023 — Convention État / URMDEF-PLIE Bourgogne" in text
    assert "Sénonais" in text and "Auxerrois" in text
    assert "Nombre d'heures réalisées" in text


@requires_pdf
def test_a_year_out_of_the_validity_is_refused_in_french(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(url(data, annee=2010))

    assert response.status_code == 400
    assert "n'était pas en vigueur en 2010" in response.content.decode()


@requires_pdf
def test_who_may_not_read_the_convention_gets_a_404(client, data):
    """A facilitator of one of its territories does not read the others' figures."""
    client.force_login(facilitator_of(data.t1))

    assert client.get(url(data, annee=2023)).status_code == 404
    assert client.get("/espace/bilans/conventions/inconnue/bilan.pdf").status_code == 404


def test_the_convention_page_offers_each_year(client, data):
    client.force_login(coordinator_of(data.network))

    html = client.get(f"/espace/bilans/conventions/{data.convention.slug}/").content.decode()

    for year in convention_years(data.convention):
        assert url(data, annee=year) in html
