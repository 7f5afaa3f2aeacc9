"""Proofs of eligibility criteria: uploaded by the person's facilitators into private
storage, checked on the way in, served only to whom sees the person's personal data, and
gone, file included, when deleted, unticked, merged away or purged."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clauses.enums import AuditAction, EligibilityCriterion, ProofKind
from clauses.models import Beneficiary, EligibilityProof, PersonalDataLog
from clauses.operations import people, proofs
from clauses.personal_data import access_export, purge
from portal.core.private_files import PRIVATE_FOLDER, public_media_regex
from tests.clauses.factories import BeneficiaryFactory
from tests.network.factories import editor

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder of this test's own, so that the files on disk are its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(client, person, name="attestation-caf.pdf", content=PDF, criterion="rsa",
            kind=ProofKind.CAF):
    return client.post(
        reverse("clauses:proof_create", args=[person.pseudonym]),
        {"criterion": criterion, "kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def facilitator(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    return world.users["facilitateur_territoire"]


@pytest.fixture
def proof(world):
    return proofs.add_proof(
        world.users["facilitateur_territoire"], world.beneficiary, criterion="rsa",
        kind=ProofKind.CAF, uploaded_file=SimpleUploadedFile("notification-caf.pdf", PDF),
    )


def test_a_facilitator_uploads_a_proof_into_private_storage(client, world, facilitator,
                                                            settings):
    response = _upload(client, world.beneficiary)

    assert response.status_code == 302
    assert response.url.endswith("#justificatifs")
    proof = EligibilityProof.objects.get(criterion__beneficiary=world.beneficiary)
    assert (proof.criterion.criterion, proof.kind, proof.filename) == (
        "rsa", ProofKind.CAF, "attestation-caf.pdf"
    )
    # Under the private folder, in a folder nobody guesses, never with an address.
    stored = Path(proof.file.path)
    assert stored.parent.parent == Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER / "justificatifs"
    assert len(stored.parent.name) == 24 and stored.read_bytes() == PDF
    with pytest.raises(ValueError, match="no address"):
        proof.file.url  # noqa: B018
    entry = PersonalDataLog.objects.filter(beneficiary=world.beneficiary).latest("pk")
    assert (entry.action, entry.fields) == (AuditAction.CHANGE, ["eligibility_proofs"])
    assert entry.context == "Justificatif déposé : Notification CAF (RSA, AAH)"
    page = client.get(world.beneficiary.get_absolute_url()).content.decode()
    assert "attestation-caf.pdf" in page and "Notification CAF" in page


def test_an_image_is_accepted_when_it_is_what_its_name_says(client, world, facilitator):
    response = _upload(client, world.beneficiary, name="rqth.jpeg", content=PNG,
                       kind=ProofKind.RQTH)

    assert response.status_code == 400  # a PNG named .jpeg is not what it says
    assert _upload(client, world.beneficiary, name="rqth.png", content=PNG,
                   kind=ProofKind.RQTH).status_code == 302


@pytest.mark.parametrize(("name", "content", "criterion", "message"), [
    ("attestation.exe", b"MZ\x90\x00\x03", "rsa", "ne sont pas acceptés"),
    ("attestation.pdf", b"<html><script>alert(1)</script></html>", "rsa",
     "ne correspond pas à son extension"),
    ("attestation.docx", b"PK\x03\x04", "rsa", "Formats acceptés : .pdf, .png, .jpg, .jpeg"),
    ("vide.pdf", b"", "rsa", "Le fichier soumis est vide"),
    ("attestation.pdf", PDF, "rqth", "Sélectionnez un choix valide"),
])
def test_a_bad_file_is_refused_and_nothing_is_written(client, world, facilitator, settings,
                                                     name, content, criterion, message):
    logged = PersonalDataLog.objects.count()

    response = _upload(client, world.beneficiary, name=name, content=content,
                       criterion=criterion)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EligibilityProof.objects.exists()
    assert _stored_files(settings) == []
    assert PersonalDataLog.objects.count() == logged


def test_a_file_over_the_size_limit_is_refused(client, world, facilitator, settings):
    settings.UPLOAD_MAX_SIZE = 20

    response = _upload(client, world.beneficiary)

    assert response.status_code == 400
    assert "trop volumineux" in response.content.decode()
    assert not EligibilityProof.objects.exists()
    assert _stored_files(settings) == []


def test_a_proof_is_for_a_ticked_criterion(world, settings):
    with pytest.raises(Exception, match="critères cochés") as refused:
        proofs.add_proof(world.users["facilitateur_territoire"], world.beneficiary,
                         criterion="rqth", kind=ProofKind.RQTH,
                         uploaded_file=SimpleUploadedFile("rqth.pdf", PDF))

    assert "criterion" in refused.value.message_dict
    assert _stored_files(settings) == []


# --- Who is served ---------------------------------------------------------------

DOWNLOAD_STATUS = {
    "facilitateur_territoire": 200,
    "coordinateur": 200,
    # Nevers is a co-territory of the market the person works on: it sees the market,
    # never the person's data.
    "co_territoire": 404,
    "referent_acheteur": 404,
    "editeur": 404,
    "membre": 404,
}


def _account(world, role):
    if role == "co_territoire":
        world.market.territories.add(world.nevers)
        return world.users["facilitateur_autre_territoire"]
    if role == "editeur":
        return editor(username="editrice")
    return world.users[role]


@pytest.mark.parametrize("role", list(DOWNLOAD_STATUS))
def test_a_proof_is_served_only_to_whom_sees_the_person_s_data(client, world, proof, role):
    client.force_login(_account(world, role))

    response = client.get(reverse("clauses:proof_download",
                                  args=[world.beneficiary.pseudonym, proof.pk]))

    assert response.status_code == DOWNLOAD_STATUS[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        entry = PersonalDataLog.objects.filter(beneficiary=world.beneficiary).latest("pk")
        assert (entry.action, entry.fields) == (AuditAction.VIEW, ["eligibility_proofs"])


def test_anonymous_visitors_are_sent_to_sign_in(client, world, proof):
    response = client.get(reverse("clauses:proof_download",
                                  args=[world.beneficiary.pseudonym, proof.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_a_proof_is_not_found_through_another_person_s_address(client, world, proof,
                                                               facilitator):
    other = BeneficiaryFactory(territory=world.dijon)

    response = client.get(reverse("clauses:proof_download", args=[other.pseudonym, proof.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["co_territoire", "referent_acheteur", "editeur", "membre"])
def test_others_neither_upload_nor_delete(client, world, proof, role, settings):
    client.force_login(_account(world, role))

    upload = _upload(client, world.beneficiary)
    delete = client.post(reverse("clauses:proof_delete",
                                 args=[world.beneficiary.pseudonym, proof.pk]))

    assert (upload.status_code, delete.status_code) == (404, 404)
    assert list(EligibilityProof.objects.all()) == [proof]
    assert len(_stored_files(settings)) == 1


def test_the_operation_refuses_whoever_does_not_follow_the_person(world, proof):
    for user in (world.users["referent_acheteur"], AnonymousUser()):
        with pytest.raises(PermissionDenied):
            proofs.delete_proof(user, proof)
    assert EligibilityProof.objects.filter(pk=proof.pk).exists()


# --- Gone with their file --------------------------------------------------------


def test_a_facilitator_deletes_a_proof_and_its_file(client, world, proof, facilitator,
                                                    settings,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("clauses:proof_delete",
                                       args=[world.beneficiary.pseudonym, proof.pk]))

    assert response.status_code == 302
    assert not EligibilityProof.objects.exists()
    assert _stored_files(settings) == []
    entry = PersonalDataLog.objects.filter(beneficiary=world.beneficiary).latest("pk")
    assert entry.context == "Justificatif supprimé : Notification CAF (RSA, AAH)"


def test_unticking_a_criterion_removes_its_proofs(world, proof, settings,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people.update_beneficiary(world.users["facilitateur_territoire"], world.beneficiary,
                                  version=world.beneficiary.version, criteria=["ass"])

    assert not EligibilityProof.objects.exists()
    assert _stored_files(settings) == []
    entry = PersonalDataLog.objects.filter(beneficiary=world.beneficiary).latest("pk")
    assert "eligibility_proofs" in entry.fields


def test_the_purge_deletes_the_proofs_and_their_files(world, settings,
                                                      django_capture_on_commit_callbacks):
    person = BeneficiaryFactory(territory=world.dijon, criteria=[EligibilityCriterion.RQTH])
    proofs.add_proof(world.users["facilitateur_territoire"], person, criterion="rqth",
                     kind=ProofKind.RQTH, uploaded_file=SimpleUploadedFile("mdph.pdf", PDF))
    long_ago = timezone.make_aware(datetime.datetime(2019, 12, 31, 12))
    Beneficiary.objects.filter(pk=person.pk).update(updated_at=long_ago)
    assert len(_stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert purge() == 1

    assert not EligibilityProof.objects.exists()
    assert _stored_files(settings) == []
    # What the bilans count stays: the criterion itself.
    assert person.criteria.filter(criterion="rqth").exists()
    entry = PersonalDataLog.objects.get(beneficiary=person, action=AuditAction.ANONYMISE)
    assert "eligibility_proofs" in entry.fields


def test_a_merge_keeps_the_proofs_on_the_record_kept(world, settings,
                                                     django_capture_on_commit_callbacks):
    duplicate = BeneficiaryFactory(territory=world.dijon, criteria=[EligibilityCriterion.RQTH])
    moved = proofs.add_proof(world.users["facilitateur_territoire"], duplicate,
                             criterion="rqth", kind=ProofKind.RQTH,
                             uploaded_file=SimpleUploadedFile("mdph.pdf", PDF))

    with django_capture_on_commit_callbacks(execute=True):
        people.merge_beneficiaries(world.users["facilitateur_territoire"], world.beneficiary,
                                   duplicate)

    moved.refresh_from_db()
    assert moved.criterion.beneficiary == world.beneficiary
    assert moved.criterion.criterion == "rqth"
    assert Path(moved.file.path).read_bytes() == PDF


def test_a_deleted_record_takes_its_proofs_files(world, proof, settings,
                                                 django_capture_on_commit_callbacks):
    person = BeneficiaryFactory(territory=world.dijon)
    proofs.add_proof(world.users["facilitateur_territoire"], person, criterion="rsa",
                     kind=ProofKind.CAF, uploaded_file=SimpleUploadedFile("caf.pdf", PDF))

    with django_capture_on_commit_callbacks(execute=True):
        person.delete()

    assert _stored_files(settings) == [Path(proof.file.path)]


def test_the_right_of_access_export_lists_the_proofs(world, proof):
    data = access_export(world.beneficiary, world.users["facilitateur_territoire"])

    assert data["beneficiaire"]["justificatifs"] == [{
        "critere": "Allocataire du RSA", "type": "Notification CAF (RSA, AAH)",
        "fichier": "notification-caf.pdf", "depose_le": proof.uploaded_at.isoformat(),
    }]


def test_the_record_reads_its_proofs_in_a_fixed_number_of_queries(
    client, world, facilitator, django_assert_max_num_queries
):
    url = world.beneficiary.get_absolute_url()
    _upload(client, world.beneficiary)
    client.get(url)  # the session and the caches as on every later visit
    with django_assert_max_num_queries(100) as one_proof:
        client.get(url)
    # Counted now: the next request empties the connection's log.
    budget = len(one_proof.captured_queries)
    for _ in range(4):
        _upload(client, world.beneficiary)

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.content.decode().count("Notification CAF (RSA, AAH)</a>") == 5


def test_the_development_media_route_leaves_the_private_folder_out():
    route = re.compile(public_media_regex("/media/"))

    assert route.match("media/images/logo.png").group("path") == "images/logo.png"
    assert route.match("media/prive/justificatifs/0a1b/attestation-caf.pdf") is None
