"""A company's follow-up on its page: the documents exchanged with it (kept in private
storage, served after the permission check) and the meetings, calls, site visits and
e-mails with it, recorded by the facilitators and coordinators of a territory where it
holds a lot, shown in its page's sections and timeline; bad input refused in French,
nothing written."""

import datetime
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clauses.enums import ExchangedDocumentKind, ExchangeDirection, FollowUpContactKind
from clauses.models import ExchangedDocument, FollowUpMeeting
from clauses.operations import company_followup
from portal.core.private_files import PRIVATE_FOLDER
from tests.clauses.factories import PDF, ClauseFactory, LotFactory, MarketFactory
from tests.network.factories import ContactFactory, facilitator_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder of this test's own, so that the files on disk are its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _company(world):
    return world.clause.lot.contractor


def _post_document(client, company, name="planning.pdf", content=PDF, **overrides):
    data = {"title": "Planning d'embauche 2025", "kind": ExchangedDocumentKind.HIRING_PLAN,
            "direction": ExchangeDirection.RECEIVED, "exchanged_on": "2025-03-10",
            "comment": "Reçu par courriel.", "market": "",
            "file": SimpleUploadedFile(name, content), **overrides}
    return client.post(reverse("clauses:company_document_create", args=[company.pk]), data)


def _post_meeting(client, company, **overrides):
    data = {"kind": FollowUpContactKind.SITE_VISIT, "held_on": "2025-03-12",
            "attendees": "Facilitatrice, conducteur de travaux", "contact": "",
            "summary": "Deux embauches prévues en avril.", "next_step_on": "2025-04-15",
            **overrides}
    return client.post(reverse("clauses:company_meeting_create", args=[company.pk]), data)


def _add_document(user, company, **overrides):
    values = {"title": "Attestation d'heures", "kind": ExchangedDocumentKind.ATTESTATION,
              "direction": ExchangeDirection.SENT, "exchanged_on": datetime.date(2025, 2, 3),
              "uploaded_file": SimpleUploadedFile("attestation.pdf", PDF), **overrides}
    return company_followup.add_document(user, company, **values)


def test_a_facilitator_uploads_a_document_into_private_storage(client, world, settings):
    company = _company(world)
    client.force_login(world.users["facilitateur_territoire"])

    response = _post_document(client, company, market=world.market.pk)

    assert response.status_code == 302 and response.url.endswith("#documents-echanges")
    document = ExchangedDocument.objects.get(company=company)
    assert (document.title, document.kind, document.direction, document.market) == (
        "Planning d'embauche 2025", "planning_embauche", "recu", world.market)
    assert document.created_by == world.users["facilitateur_territoire"]
    stored = Path(document.file.path)
    assert stored.parent.parent == Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER / "entreprises"
    assert stored.read_bytes() == PDF
    with pytest.raises(ValueError, match="no address"):
        document.file.url  # noqa: B018

    page = client.get(reverse("clauses:company_detail", args=[company.pk]))
    html = unescape(page.content.decode())
    url = reverse("clauses:company_document_download", args=[company.pk, document.pk])
    assert "Documents échangés" in html and f'href="{url}"' in html
    assert "Planning d'embauche 2025" in html and "Reçu de l'entreprise" in html

    download = client.get(url)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert "planning.pdf" in download["Content-Disposition"]
    # Read to the end, the file is closed (closing the response would end the test's
    # database connection).
    assert b"".join(download.streaming_content) == PDF


def test_a_coordinator_notes_a_meeting_and_both_appear_in_the_timeline(client, world):
    company = _company(world)
    contact = ContactFactory(organisation=company, name="Claire Fictive")
    document = _add_document(world.users["facilitateur_territoire"], company)
    client.force_login(world.users["coordinateur"])

    response = _post_meeting(client, company, contact=contact.pk)

    assert response.status_code == 302 and response.url.endswith("#echanges")
    meeting = FollowUpMeeting.objects.get(company=company)
    assert (meeting.kind, meeting.contact, meeting.next_step_on) == (
        "visite_chantier", contact, datetime.date(2025, 4, 15))
    page = client.get(reverse("clauses:company_detail", args=[company.pk]))
    events = {event.label: event for event in page.context["timeline"]}
    sent = events["Document envoyé"]
    assert (sent.on, sent.text) == (datetime.date(2025, 2, 3),
                                    "Attestation d'heures (attestation)")
    assert sent.url == reverse("clauses:company_document_download",
                               args=[company.pk, document.pk])
    visit = events["Visite de chantier"]
    assert visit.text == "Claire Fictive : Deux embauches prévues en avril."
    assert visit.url.endswith(f"#echange-{meeting.pk}")
    html = unescape(page.content.decode())
    assert f'id="echange-{meeting.pk}"' in html and "15/04/2025" in html
    assert f'href="{sent.url}"' in html


def test_a_received_document_and_a_call_have_their_own_labels(world):
    company = _company(world)
    user = world.users["facilitateur_territoire"]
    _add_document(user, company, direction=ExchangeDirection.RECEIVED)
    company_followup.add_meeting(user, company, kind=FollowUpContactKind.CALL,
                                 held_on=datetime.date(2025, 1, 5), summary="Relance.")
    from clauses import companies

    labels = {event.label for event in companies.timeline(
        user, company, [], [], [], timezone.localdate(),
        companies.exchanged_documents(user, company), companies.follow_up_meetings(user, company),
    )}
    assert {"Document reçu", "Appel"} <= labels


def test_the_file_goes_with_its_record(client, world, settings,
                                       django_capture_on_commit_callbacks):
    company = _company(world)
    client.force_login(world.users["facilitateur_territoire"])
    _post_document(client, company)
    document = ExchangedDocument.objects.get()
    assert len(_stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("clauses:company_document_delete",
                                       args=[company.pk, document.pk]))

    assert response.status_code == 302
    assert not ExchangedDocument.objects.exists()
    assert _stored_files(settings) == []
    url = reverse("clauses:company_document_download", args=[company.pk, document.pk])
    assert client.get(url).status_code == 404


def test_only_the_author_or_the_coordination_removes_a_record(client, world):
    company = _company(world)
    author = world.users["facilitateur_territoire"]
    colleague = facilitator_of(world.dijon, username="fac-dijon-2")
    document = _add_document(author, company)
    meeting = company_followup.add_meeting(author, company, kind=FollowUpContactKind.CALL,
                                           held_on=datetime.date(2025, 1, 5), summary="Appel.")
    client.force_login(colleague)
    page = client.get(reverse("clauses:company_detail", args=[company.pk]))
    assert not any(d.removable for d in page.context["documents"])
    for name, record in (("company_document_delete", document),
                         ("company_meeting_delete", meeting)):
        assert client.post(reverse(f"clauses:{name}", args=[company.pk, record.pk])
                           ).status_code == 403
    assert ExchangedDocument.objects.exists() and FollowUpMeeting.objects.exists()

    client.force_login(world.users["coordinateur"])
    assert client.post(reverse("clauses:company_meeting_delete",
                               args=[company.pk, meeting.pk])).status_code == 302
    assert not FollowUpMeeting.objects.exists()
    with pytest.raises(PermissionDenied):
        company_followup.delete_document(colleague, document)
    company_followup.delete_document(author, document)
    assert not ExchangedDocument.objects.exists()


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"name": "planning.exe", "content": b"MZ\x90\x00"}, "file", "ne sont pas acceptés"),
    ({"name": "planning.pdf", "content": b"<html><script>x</script></html>"}, "file",
     "ne correspond pas à son extension"),
    ({"name": "planning.zip", "content": b"PK\x03\x04"}, "file", "Formats acceptés"),
    ({"title": "  "}, "title", "Donnez un titre"),
    ({"kind": ""}, "kind", "type de document"),
    ({"direction": ""}, "direction", "reçu de l'entreprise ou envoyé"),
    ({"exchanged_on": "2999-01-01"}, "exchanged_on", "après aujourd'hui"),
    ({"exchanged_on": ""}, "exchanged_on", "Indiquez la date"),
])
def test_a_bad_document_is_refused_and_nothing_written(client, world, settings, overrides,
                                                      field, message):
    client.force_login(world.users["facilitateur_territoire"])

    response = _post_document(client, _company(world), **overrides)

    assert response.status_code == 400
    assert message in unescape(" ".join(response.context["form"].errors[field]))
    assert not ExchangedDocument.objects.exists()
    assert _stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(client, world, settings):
    settings.UPLOAD_MAX_SIZE = 20
    client.force_login(world.users["facilitateur_territoire"])

    response = _post_document(client, _company(world))

    assert response.status_code == 400
    assert "trop volumineux" in unescape(response.content.decode())
    assert not ExchangedDocument.objects.exists() and _stored_files(settings) == []


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"held_on": "2999-01-01"}, "held_on", "après aujourd'hui"),
    ({"held_on": ""}, "held_on", "Indiquez la date"),
    ({"kind": "dejeuner"}, "kind", "Sélectionnez un choix valide"),
    ({"kind": ""}, "kind", "type d'échange"),
    ({"summary": " "}, "summary", "Résumez"),
    ({"next_step_on": "2025-03-01"}, "next_step_on", "avant la date de l'échange"),
])
def test_a_bad_meeting_is_refused_and_nothing_written(client, world, overrides, field,
                                                     message):
    client.force_login(world.users["facilitateur_territoire"])

    response = _post_meeting(client, _company(world), **overrides)

    assert response.status_code == 400
    assert message in unescape(" ".join(response.context["form"].errors[field]))
    assert not FollowUpMeeting.objects.exists()


def test_another_organisations_contact_or_market_is_no_choice(client, world):
    """Ids of another company's contact or of a market it holds no lot of, in the POST
    body: refused, nothing written (and the operation refuses them too)."""
    company = _company(world)
    stranger = ContactFactory(organisation=world.other_company)
    other_market = MarketFactory(lead_territory=world.nevers)
    client.force_login(world.users["coordinateur"])

    assert _post_meeting(client, company, contact=stranger.pk).status_code == 400
    assert _post_document(client, company, market=other_market.pk).status_code == 400
    assert not FollowUpMeeting.objects.exists() and not ExchangedDocument.objects.exists()
    with pytest.raises(ValidationError, match="que vous suivez"):
        company_followup.add_document(
            world.users["coordinateur"], company, title="x", kind="autre", direction="recu",
            exchanged_on=datetime.date(2025, 1, 1), market=other_market,
            uploaded_file=SimpleUploadedFile("x.pdf", PDF))
    assert not ExchangedDocument.objects.exists()


# --- Two territories ------------------------------------------------------------------


@pytest.fixture
def spread(world):
    """The world's contractor also holds a clause in Nevers."""
    market = MarketFactory(lead_territory=world.nevers, reference="NEV-SECRET-2",
                           status="en_execution")
    ClauseFactory(market=market, lot=LotFactory(market=market, contractor=_company(world)),
                  required_hours=Decimal("100"))
    return market


def test_every_territory_of_the_company_reads_the_follow_up(client, world, spread):
    """Nevers's facilitator reads what Dijon's recorded, not the Dijon market it concerns."""
    company = _company(world)
    document = _add_document(world.users["facilitateur_territoire"], company,
                             market=world.market)
    nevers = world.users["facilitateur_autre_territoire"]
    client.force_login(nevers)

    page = client.get(reverse("clauses:company_detail", args=[company.pk]))
    html = unescape(page.content.decode())

    assert "Attestation d'heures" in html and "Marché d'un autre territoire" in html
    assert world.market.reference not in html
    url = reverse("clauses:company_document_download", args=[company.pk, document.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # Nevers records its own, about its market only.
    assert _post_document(client, company, market=spread.pk).status_code == 302
    assert _post_document(client, company, market=world.market.pk).status_code == 400
