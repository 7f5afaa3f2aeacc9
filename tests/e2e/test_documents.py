"""A facilitator downloads a market's bilan for its buyer as a PDF from the market page:
the file holds the market's reference and its hours (read back with pypdf)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from clauses.bilans.exports import display
from clauses.documents import pdf
from clauses.models import HoursDeclaration, Market
from tests.clauses.documents_helpers import pdf_text, spaced
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(pdf.unavailable_reason() is not None,
                       reason=f"no PDF without Debian's pango (make pango): "
                              f"{pdf.unavailable_reason()}"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def test_facilitator_downloads_the_market_bilan_pdf(page, demo):
    market = (Market.objects.filter(lead_territory__slug="bassin-dijonnais",
                                    clauses__credited_declarations__isnull=False)
              .distinct().order_by("pk").first())
    declared = HoursDeclaration.objects.filter(credited_clause__market=market)
    total = declared.aggregate(w=Sum("hours_worked"), t=Sum("training_hours"))
    last_month = declared.order_by("-month").values_list("month", flat=True).first()
    sign_in(page, "facilitateur.dijon", settings.DEMO_PASSWORD)
    page.goto(market.get_absolute_url())

    with page.expect_download() as download:
        page.get_by_role("link", name="Bilan du marché (PDF)").click()
    content = Path(download.value.path()).read_bytes()

    assert download.value.suggested_filename == f"bilan-marche-{market.pk}.pdf"
    text = spaced(pdf_text(content))
    assert market.reference in text
    assert f"{last_month:%m/%Y}" in text
    # The last month's cumulated hours are the market's hours done.
    assert spaced(display(total["w"] + total["t"])) in text
