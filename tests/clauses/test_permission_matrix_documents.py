"""The permission matrix of a market's documents: whoever may see the market downloads
them (its bilan as PDF and DOCX, its hours template); anybody else gets a 404, the market
of another territory or buyer as one that does not exist; only who changes the market
writes the comment of its bilan (403 to whoever only sees it)."""

import pytest
from django.urls import reverse

from clauses.documents import pdf
from tests.clauses.test_permission_matrix import EXPECTED, PAGE_STATUS, ROLES


def _urls(market_pk: int) -> dict[str, str]:
    urls = {
        "docx": reverse("clauses:market_bilan_document", args=[market_pk, "docx"]),
        "modele": reverse("clauses:market_hours_template", args=[market_pk]),
    }
    if pdf.unavailable_reason() is None:
        urls["pdf"] = reverse("clauses:market_bilan_document", args=[market_pk, "pdf"])
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_market_documents(client, world, role):
    if role != "anonyme":
        client.force_login(world.users[role])
    for name, url in _urls(world.market.pk).items():
        response = client.get(url)
        if role == "anonyme":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/compte/connexion/?next="), name
            continue
        assert response.status_code == PAGE_STATUS[role], (name, role)
        if response.status_code == 200:
            assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ROLES)
def test_market_bilan_comment(client, world, role):
    if role != "anonyme":
        client.force_login(world.users[role])
    response = client.get(reverse("clauses:market_bilan_comment", args=[world.market.pk]))
    if role == "anonyme":
        assert response.status_code == 302
        return
    view, change, _ = EXPECTED["market"][role]
    assert response.status_code == (200 if change else 403 if view else 404)


def test_a_market_that_does_not_exist_answers_as_one_hidden(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    missing = world.market.pk + 1000

    for url in [*_urls(missing).values(),
                reverse("clauses:market_bilan_comment", args=[missing])]:
        assert client.get(url).status_code == 404, url
