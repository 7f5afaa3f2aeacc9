"""The draft DCE reviewed before publication: the buyer sends it, the facilitator reviews
it (« clause conforme » or « à corriger » with comments per document), the buyer answers
with a new version; the consultation is published only after a conforming review or with
the coordination's reasoned override, through every channel."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from clauses.enums import DceVerdict, MarketStatus
from clauses.models import DceReview, DceVersion, MarketStatusChange
from clauses.operations import dce as dce_ops
from clauses.operations import markets as market_ops
from clauses.rules import dce as rules
from network.models import Notification
from tests.clauses.factories import MarketFactory, pdf_file

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _recipients(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind)
               .values_list("recipient__username", flat=True))


@pytest.fixture
def market(world):
    today = timezone.localdate()
    return MarketFactory(
        reference="DIJ-2026-07", title="Groupe scolaire", buyer=world.buyer,
        lead_territory=world.dijon, status=MarketStatus.DRAFTING, feasibility="faisable",
        facilitator=world.users["facilitateur_territoire"],
        forecast_received_on=today - datetime.timedelta(days=30),
        dce_planned_on=today + datetime.timedelta(days=10),
    )


def _upload(client, user, market, name="ccap.pdf", content=None, title="CCAP"):
    client.force_login(user)
    file = pdf_file(name) if content is None else pdf_file(name, content)
    return client.post(reverse("clauses:dce_upload", args=[market.pk]),
                       {"title": title, "file": file})


def _review(client, user, market, verdict, comment="", **per_document):
    client.force_login(user)
    data = {"verdict": verdict, "comment": comment}
    data.update({f"document_{pk}": text for pk, text in per_document.items()})
    return client.post(reverse("clauses:dce_review", args=[market.pk]), data)


def _publish(client, user, market, **extra):
    market.refresh_from_db()
    client.force_login(user)
    return client.post(reverse("clauses:market_status", args=[market.pk]), {
        "new_status": MarketStatus.PUBLISHED, "version": market.version, "reason": "",
        **extra,
    })


def test_the_buyer_sends_the_dce_and_the_facilitator_is_asked_to_review_it(
    client, world, market, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world.users["referent_acheteur"], market)

    assert response.status_code == 302
    version = DceVersion.objects.get(document__market=market)
    assert (version.document.title, version.number, version.filename) == ("CCAP", 1, "ccap.pdf")
    assert version.file.name.startswith("dce/") and version.file.name.endswith("/ccap.pdf")
    assert _recipients("dce_a_relire") == {"fac-dijon"}
    # The first document sent is the facilitator's first consultation.
    market.refresh_from_db()
    assert market.facilitator_consulted_on == timezone.localdate()


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_stored(client, world, market):
    response = _upload(client, world.users["referent_acheteur"], market,
                       content=b"<html><script>alert(1)</script></html>")

    assert response.status_code == 400
    assert "ne correspond pas à son extension" in _text(response)
    assert not DceVersion.objects.exists()
    market.refresh_from_db()
    assert market.facilitator_consulted_on is None


@pytest.mark.parametrize(("role", "status"), [
    ("facilitateur_territoire", 200),
    ("coordinateur", 200),
    ("referent_acheteur", 200),
    ("facilitateur_autre_territoire", 404),
    ("referent_autre_acheteur", 404),
    ("membre", 404),
])
def test_a_dce_file_is_served_only_to_those_who_see_the_market(client, world, market, role,
                                                               status):
    _upload(client, world.users["referent_acheteur"], market)
    version = DceVersion.objects.get()
    url = reverse("clauses:dce_download", args=[market.pk, version.pk])
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page

    client.force_login(world.users[role])
    response = client.get(url)

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_a_review_to_correct_says_what_per_document_and_the_buyer_hears_of_it(
    client, world, market, django_capture_on_commit_callbacks
):
    _upload(client, world.users["referent_acheteur"], market)
    document = DceVersion.objects.get().document
    facilitator = world.users["facilitateur_territoire"]

    refused = _review(client, facilitator, market, DceVerdict.TO_CORRECT)
    assert refused.status_code == 400
    assert rules.MESSAGE_COMMENT_REQUIRED in _text(refused)
    assert not DceReview.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        _review(client, facilitator, market, DceVerdict.TO_CORRECT,
                **{str(document.pk): "L'article 7 ne donne pas le nombre d'heures."})

    review = DceReview.objects.get()
    assert (review.verdict, review.reviewer) == (DceVerdict.TO_CORRECT, facilitator)
    assert [c.comment for c in review.comments.all()] == [
        "L'article 7 ne donne pas le nombre d'heures."]
    assert _recipients("dce_relu") == {"acheteur"}
    page = _text(client.get(reverse("clauses:market_drafting", args=[market.pk])))
    assert "CCAP (version 1) : L'article 7 ne donne pas le nombre d'heures." in page


def test_only_the_lead_s_facilitators_review(client, world, market):
    _upload(client, world.users["referent_acheteur"], market)

    assert _review(client, world.users["referent_acheteur"], market,
                   DceVerdict.CONFORMING).status_code == 403
    assert _review(client, world.users["facilitateur_autre_territoire"], market,
                   DceVerdict.CONFORMING).status_code == 404
    assert not DceReview.objects.exists()


def test_publication_waits_for_a_conforming_review_of_the_last_version(client, world, market):
    facilitator, buyer = world.users["facilitateur_territoire"], world.users["referent_acheteur"]

    response = _publish(client, facilitator, market)
    assert response.status_code == 400
    assert rules.MESSAGE_NO_DCE in _text(response)

    _upload(client, buyer, market)
    document = DceVersion.objects.get().document
    assert rules.MESSAGE_NOT_REVIEWED in _text(_publish(client, facilitator, market))

    _review(client, facilitator, market, DceVerdict.TO_CORRECT, comment="Heures absentes.")
    assert rules.MESSAGE_TO_CORRECT in _text(_publish(client, facilitator, market))

    # The buyer answers with a new version; a conforming review of the first one would
    # not do, so the facilitator reads the new one.
    client.force_login(buyer)
    client.post(reverse("clauses:dce_new_version", args=[market.pk, document.pk]), {
        f"doc{document.pk}-file": pdf_file("ccap-v2.pdf"),
        f"doc{document.pk}-note": "Article 7 complété : 250 heures.",
    })
    assert document.versions.count() == 2
    _review(client, facilitator, market, DceVerdict.CONFORMING)
    market.refresh_from_db()
    assert market.status == MarketStatus.DRAFTING

    response = _publish(client, facilitator, market)

    assert response.status_code == 302
    market.refresh_from_db()
    assert market.status == MarketStatus.PUBLISHED
    assert not market.status_changes.get(to_status=MarketStatus.PUBLISHED).publication_override


def test_a_new_version_after_the_conforming_review_needs_a_new_review(world, market):
    buyer, facilitator = world.users["referent_acheteur"], world.users["facilitateur_territoire"]
    version = dce_ops.submit_dce(buyer, market, title="CCAP", uploaded_file=pdf_file())
    dce_ops.review_dce(facilitator, market, verdict=DceVerdict.CONFORMING)
    dce_ops.submit_dce(buyer, market, document=version.document, uploaded_file=pdf_file())

    with pytest.raises(ValidationError) as refused:
        market_ops.change_status(facilitator, market, MarketStatus.PUBLISHED)

    assert refused.value.messages == [rules.MESSAGE_NEW_VERSION]


def test_the_coordination_may_publish_without_a_conforming_review_saying_why(
    client, world, market
):
    facilitator, coordinator = world.users["facilitateur_territoire"], world.users["coordinateur"]

    # A facilitator is not offered the override, and posting it anyway is refused.
    client.force_login(facilitator)
    page = _text(client.get(market.get_absolute_url()))
    assert "dérogation de la coordination" not in page
    refused = _publish(client, facilitator, market, override="on", reason="Urgent")
    assert refused.status_code == 400
    market.refresh_from_db()
    assert market.status == MarketStatus.DRAFTING

    without_reason = _publish(client, coordinator, market, override="on")
    assert rules.MESSAGE_OVERRIDE_REASON in _text(without_reason)

    response = _publish(client, coordinator, market, override="on",
                        reason="Consultation urgente ; clause relue par téléphone.")

    assert response.status_code == 302
    change = MarketStatusChange.objects.get(market=market, to_status=MarketStatus.PUBLISHED)
    assert change.publication_override
    page = _text(client.get(market.get_absolute_url()))
    assert ("Publiée sans relecture conforme du DCE (dérogation de la coordination) : "
            "Consultation urgente ; clause relue par téléphone.") in page


def test_the_api_keeps_the_same_gate(client, world, market):
    facilitator = world.users["facilitateur_territoire"]
    token = APIToken.create_token(user=facilitator, name="test")[1]
    url = f"/api/v1/marches/{market.pk}/etat"
    headers = {"Authorization": f"Bearer {token}"}

    refused = client.post(url, {"etat": MarketStatus.PUBLISHED}, content_type="application/json",
                          headers=headers)
    assert refused.status_code == 422
    assert refused.json() == {"erreurs": {"etat": [rules.MESSAGE_NO_DCE]}}
    overridden = client.post(url, {"etat": MarketStatus.PUBLISHED, "derogation": True,
                                   "motif": "Urgent"},
                             content_type="application/json", headers=headers)
    assert overridden.json() == {"erreurs": {"derogation": [rules.MESSAGE_OVERRIDE_NOT_ALLOWED]}}

    dce_ops.submit_dce(world.users["referent_acheteur"], market, title="CCAP",
                       uploaded_file=pdf_file())
    dce_ops.review_dce(facilitator, market, verdict=DceVerdict.CONFORMING)
    allowed = client.post(url, {"etat": MarketStatus.PUBLISHED},
                          content_type="application/json", headers=headers)

    assert allowed.status_code == 200
    assert allowed.json()["etat"] == MarketStatus.PUBLISHED


def test_the_admin_offers_no_way_round_the_gate(client, world, market):
    client.force_login(world.users["coordinateur"])

    page = client.get(f"/admin/marches/edit/{market.pk}/")

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


def test_the_timeline_shows_the_exchange_and_the_20_day_rule_counts_from_the_first_consultation(
    client, world, market
):
    buyer, facilitator = world.users["referent_acheteur"], world.users["facilitateur_territoire"]
    version = dce_ops.submit_dce(buyer, market, title="CCAP", uploaded_file=pdf_file())
    dce_ops.review_dce(facilitator, market, verdict=DceVerdict.TO_CORRECT,
                       comment="Heures absentes.")
    market.refresh_from_db()
    market.facilitator_consulted_on = timezone.localdate() - datetime.timedelta(days=3)
    market.save()
    dce_ops.submit_dce(buyer, market, document=version.document, uploaded_file=pdf_file(),
                       note="Heures ajoutées.")
    client.force_login(facilitator)

    page = _text(client.get(market.get_absolute_url()))

    assert "DCE transmis : CCAP (version 1)" in page
    assert "Relecture du DCE : À corriger" in page
    assert "Nouvelle version du DCE : CCAP (version 2)" in page
    assert "Heures ajoutées." in page
    # Consulted on the first exchange, 13 days before the planned DCE: a later version
    # does not move it.
    market.refresh_from_db()
    assert market.facilitator_consulted_on == timezone.localdate() - datetime.timedelta(days=3)
    assert "consulté 13 jours avant la date prévue du DCE" in page


def test_a_deleted_market_takes_its_dce_files_with_it(world, market,
                                                      django_capture_on_commit_callbacks):
    version = dce_ops.submit_dce(world.users["referent_acheteur"], market, title="CCAP",
                                 uploaded_file=pdf_file())
    storage, name = version.file.storage, version.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        market_ops.delete_market(world.users["facilitateur_territoire"], market)

    assert not storage.exists(name)
