"""The permission matrix of a market's documents: whoever may see the market downloads
them (its bilan as PDF and DOCX, its hours template); anybody else gets a 404, the market
of another territory or buyer as one that does not exist; only who changes the market
writes the comment of its bilan (403 to whoever only sees it). And of a company's
follow-up: its documents exchanged and meetings, to its territories' facilitators and
coordinators only."""

import pytest
from django.urls import reverse

from clauses.documents import pdf
from clauses.models import ExchangedDocument, FollowUpMeeting
from tests.clauses.factories import (
    ExchangedDocumentFactory,
    FollowUpMeetingFactory,
    LotFactory,
    MarketFactory,
    pdf_file,
)
from tests.clauses.test_permission_matrix import EXPECTED, PAGE_STATUS, ROLES
from tests.network.factories import ContactFactory


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


# --- A company's follow-up: documents exchanged with it, meetings with it -----------------

# Who follows a territory where the company holds a lot; 404 to anybody else, its own
# referents and its buyer's included (they may open its page, never its follow-up).
FOLLOW_UP = {"facilitateur_territoire", "coordinateur"}


@pytest.fixture
def follow_up(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    company = world.clause.lot.contractor
    author = world.users["facilitateur_territoire"]
    return (company, ExchangedDocumentFactory(company=company, created_by=author),
            FollowUpMeetingFactory(company=company, created_by=author,
                                   contact=ContactFactory(organisation=company)))


def _follow_up_urls(company_pk, document_pk, meeting_pk):
    gets = {
        "document": reverse("clauses:company_document_create", args=[company_pk]),
        "échange": reverse("clauses:company_meeting_create", args=[company_pk]),
        "fichier": reverse("clauses:company_document_download", args=[company_pk, document_pk]),
    }
    posts = {
        "suppression document": reverse("clauses:company_document_delete",
                                        args=[company_pk, document_pk]),
        "suppression échange": reverse("clauses:company_meeting_delete",
                                       args=[company_pk, meeting_pk]),
    }
    return gets, posts


def _new_document(market_pk=""):
    return {"title": "Attestation", "kind": "attestation", "direction": "recu",
            "exchanged_on": "2025-03-01", "market": market_pk, "file": pdf_file("a.pdf")}


def _new_meeting(contact_pk=""):
    return {"kind": "appel", "held_on": "2025-03-01", "summary": "Relance.",
            "contact": contact_pk}


@pytest.mark.parametrize("role", ROLES)
def test_company_follow_up(client, world, follow_up, role):
    company, document, meeting = follow_up
    if role != "anonyme":
        client.force_login(world.users[role])
    gets, posts = _follow_up_urls(company.pk, document.pk, meeting.pk)
    creates = [
        client.post(gets["document"], _new_document()),
        client.post(gets["échange"], _new_meeting()),
    ]
    for name, url in gets.items():
        response = client.get(url)
        if role == "anonyme":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/compte/connexion/?next="), name
            continue
        assert response.status_code == (200 if role in FOLLOW_UP else 404), (name, role)
        if name == "fichier" and response.status_code == 200:
            assert "attachment" in response["Content-Disposition"]
            b"".join(response.streaming_content)  # read to the end: the file is closed
    if role in FOLLOW_UP:
        assert [r.status_code for r in creates] == [302, 302]
        assert (ExchangedDocument.objects.count(), FollowUpMeeting.objects.count()) == (2, 2)
        # The author and the coordination remove the world's records.
        for url in posts.values():
            assert client.post(url).status_code == 302
        assert not ExchangedDocument.objects.filter(pk=document.pk).exists()
        return
    assert [r.status_code for r in creates] == [302 if role == "anonyme" else 404] * 2
    for url in posts.values():
        assert client.post(url).status_code == (302 if role == "anonyme" else 404)
    assert list(ExchangedDocument.objects.values_list("pk", flat=True)) == [document.pk]
    assert list(FollowUpMeeting.objects.values_list("pk", flat=True)) == [meeting.pk]


def test_another_territorys_ids_in_the_url_or_the_body(client, elsewhere, follow_up):
    """Nevers's facilitator follows a company of their own; the Dijon company's ids, its
    document's and meeting's, its market's and its contact's are none of theirs."""
    world = elsewhere
    company, document, meeting = follow_up
    mine = world.other_company
    nevers_market = MarketFactory(lead_territory=world.nevers, status="en_execution")
    LotFactory(market=nevers_market, contractor=mine)
    client.force_login(world.users["facilitateur_autre_territoire"])

    gets, posts = _follow_up_urls(company.pk, document.pk, meeting.pk)
    for url in gets.values():
        assert client.get(url).status_code == 404, url
    for url in posts.values():
        assert client.post(url).status_code == 404, url
    # Dijon's document and meeting under their own company's address.
    gets, posts = _follow_up_urls(mine.pk, document.pk, meeting.pk)
    assert client.get(gets["fichier"]).status_code == 404
    for url in posts.values():
        assert client.post(url).status_code == 404, url
    # Dijon's market and contact in the body of their own company's forms.
    assert client.post(gets["document"], _new_document(world.market.pk)).status_code == 400
    contact = meeting.contact
    assert client.post(gets["échange"], _new_meeting(contact.pk)).status_code == 400
    assert list(ExchangedDocument.objects.values_list("pk", flat=True)) == [document.pk]
    assert list(FollowUpMeeting.objects.values_list("pk", flat=True)) == [meeting.pk]
    # Their own company's forms are theirs.
    assert client.post(gets["document"], _new_document(nevers_market.pk)).status_code == 302
