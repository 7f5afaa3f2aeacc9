import datetime
import io
import zipfile

import pytest
from django.utils import timezone
from wagtail.documents import get_document_model

from network.dashboard import Panel, register_panel, unregister_panel
from network.enums import ActionStatus, WorkspaceRole
from network.models import ActionItem, WorkspacePost
from network.permissions import workspace_role
from tests.network import factories as f

pytestmark = pytest.mark.django_db
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def space(db):
    territory = f.TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais")
    return territory.workspace


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Dashboard -------------------------------------------------------------------


def test_dashboard_shows_workspaces_open_actions_and_next_meetings(client, space):
    committee = f.CommitteeFactory(name="Réseau des facilitateurs")
    user = f.facilitator_of(space.territory, username="facilitateur.dijon")
    f.committee_member_of(committee, user=user)
    f.ActionItemFactory(workspace=space, owner=user, description="Rendre l'avis de faisabilité")
    f.ActionItemFactory(workspace=space, owner=user, description="Action close",
                        status=ActionStatus.DONE)
    f.ActionItemFactory(workspace=space, description="Action d'un autre")
    f.MeetingFactory(committee=committee, title="Réunion de printemps")
    f.MeetingFactory(committee=committee, title="Réunion passée",
                     starts_at=timezone.now() - datetime.timedelta(days=3))
    f.MeetingFactory(title="Réunion d'un autre comité")
    client.force_login(user)

    html = client.get("/espace/").content.decode()

    assert "Territoire — Bassin dijonnais" in html and "Réseau des facilitateurs" in html
    assert "Rendre l&#x27;avis de faisabilité" in html
    assert "Action close" not in html and "Action d&#x27;un autre" not in html
    assert "Réunion de printemps" in html
    assert "Réunion passée" not in html and "Réunion d&#x27;un autre comité" not in html


def test_dashboard_for_a_new_member_says_what_to_do(client):
    client.force_login(f.member())

    html = client.get("/espace/").content.decode()

    assert "Vous n'êtes encore membre d'aucun espace de travail" in html
    assert "Aucune action en cours ne vous est confiée." in html


def test_other_apps_add_panels_to_the_dashboard(client, space):
    register_panel(Panel(
        key="test_consultations", title="Consultations à moins de 20 jours",
        template_name="network/dashboard/workspaces.html",
        get_context=lambda request: {"workspaces": []} if request.user.is_superuser else None,
        order=40,
    ))
    try:
        client.force_login(f.administrator())
        admin_html = client.get("/espace/").content.decode()
        client.force_login(f.member())
        member_html = client.get("/espace/").content.decode()
    finally:
        unregister_panel("test_consultations")

    assert "Consultations à moins de 20 jours" in admin_html
    assert admin_html.index("Prochaines réunions") < admin_html.index("Consultations à moins")
    assert "Consultations à moins de 20 jours" not in member_html


def _dashboard_rows(user, n):
    for _ in range(n):
        territory = f.TerritoryFactory()
        f.facilitator_of(territory, user=user)
        committee = f.CommitteeFactory()
        f.committee_member_of(committee, user=user)
        f.MeetingFactory(committee=committee)
        f.ActionItemFactory(workspace=territory.workspace, owner=user)
        f.ActionItemFactory(workspace=None, meeting=f.MeetingFactory(committee=committee),
                            owner=user)


def test_dashboard_keeps_its_query_budget_as_rows_grow(client, django_assert_max_num_queries):
    user = f.UserFactory()
    client.force_login(user)
    _dashboard_rows(user, 2)
    client.get("/espace/")  # Wagtail's user bar makes its profile once
    with django_assert_max_num_queries(15):
        small = client.get("/espace/")
    _dashboard_rows(user, 12)
    with django_assert_max_num_queries(15):
        large = client.get("/espace/")

    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('<span class="badge">Territoire</span>') == 14


# --- Workspace page --------------------------------------------------------------


def test_workspace_page_shows_members_documents_posts_and_actions(client, space):
    manager = f.facilitator_of(space.territory, first_name="Camille", last_name="Facilitatrice")
    reader = f.workspace_member_of(space, WorkspaceRole.READER, first_name="Jean",
                                   last_name="Lecteur")
    f.workspace_document(space, title="Prévisions de marchés 2026")
    f.WorkspacePostFactory(workspace=space, author=manager, body="Réunion jeudi à 10 h.")
    f.ActionItemFactory(workspace=space, description="Relancer l'acheteur", owner=reader)
    client.force_login(reader)

    html = client.get(space.get_absolute_url()).content.decode()

    assert "Camille Facilitatrice" in html and "Jean Lecteur" in html
    assert "Prévisions de marchés 2026" in html
    assert "Réunion jeudi à 10 h." in html
    assert "Relancer l&#x27;acheteur" in html
    assert "votre rôle : <strong>lecteur</strong>" in html
    # A reader reads: no upload form, no message form.
    assert 'enctype="multipart/form-data"' not in html
    assert "/media/" not in html


def test_workspace_page_keeps_a_bounded_number_of_queries(
    client, space, django_assert_max_num_queries
):
    user = f.facilitator_of(space.territory)
    client.force_login(user)
    client.get(space.get_absolute_url())

    def grow():
        for _ in range(5):
            member = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
            f.workspace_document(space, uploaded_by=member)
            f.WorkspacePostFactory(workspace=space, author=member)
            f.ActionItemFactory(workspace=space, owner=member)

    grow()
    with django_assert_max_num_queries(20):
        client.get(space.get_absolute_url())
    grow()
    grow()
    with django_assert_max_num_queries(20):
        assert client.get(space.get_absolute_url()).status_code == 200


def test_unknown_workspace_is_404(client):
    client.force_login(f.administrator())

    assert client.get("/espace/territoires/inconnu/").status_code == 404


def test_committee_workspace_shows_the_committee_meetings_and_their_actions(client):
    committee = f.CommitteeFactory(name="Comité de pilotage CUB / URPA", slug="copil-cub-urpa")
    meeting = f.MeetingFactory(committee=committee, title="Bilan à mi-parcours")
    f.ActionItemFactory(workspace=None, meeting=meeting, description="Rassembler les bilans")
    client.force_login(f.committee_member_of(committee))

    html = client.get("/espace/comites/copil-cub-urpa/").content.decode()

    assert "Bilan à mi-parcours" in html and "Rassembler les bilans" in html


# --- Members -----------------------------------------------------------------------


def test_manager_adds_a_member_who_then_reaches_the_workspace(client, space):
    newcomer = f.UserFactory(username="membre.urpa", email="membre@urpa.fr")
    client.force_login(f.workspace_member_of(space, WorkspaceRole.MANAGER))

    response = client.post(f"{space.get_absolute_url()}membres/",
                           {"identifier": "MEMBRE@urpa.fr", "role": "contributeur"}, follow=True)

    assert "est désormais contributeur de l'espace." in _messages(response)[0]
    assert workspace_role(newcomer, space) == WorkspaceRole.CONTRIBUTOR
    client.force_login(newcomer)
    assert client.get(space.get_absolute_url()).status_code == 200


def test_manager_changes_a_member_role(client, space):
    member = f.workspace_member_of(space, WorkspaceRole.READER, username="jean")
    client.force_login(f.facilitator_of(space.territory))

    client.post(f"{space.get_absolute_url()}membres/",
                {"identifier": "jean", "role": "gestionnaire"})

    member = type(member).objects.get(pk=member.pk)
    assert workspace_role(member, space) == WorkspaceRole.MANAGER
    assert member.groups.filter(pk=space.readers_group_id).exists() is False


def test_reader_cannot_add_a_member(client, space):
    outsider = f.UserFactory(username="exterieur")
    client.force_login(f.workspace_member_of(space, WorkspaceRole.READER))

    page = client.get(f"{space.get_absolute_url()}membres/").content.decode()
    response = client.post(f"{space.get_absolute_url()}membres/",
                           {"identifier": "exterieur", "role": "gestionnaire"})

    assert "Ajouter un membre" not in page
    assert response.status_code == 403
    assert workspace_role(outsider, space) is None


def test_contributor_cannot_remove_a_member(client, space):
    member = f.workspace_member_of(space, WorkspaceRole.READER)
    client.force_login(f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR))

    response = client.post(f"{space.get_absolute_url()}membres/{member.pk}/retirer/")

    assert response.status_code == 403
    assert workspace_role(type(member).objects.get(pk=member.pk), space) == WorkspaceRole.READER


def test_adding_an_unknown_account_answers_in_french_and_changes_nothing(client, space):
    client.force_login(f.facilitator_of(space.territory))
    groups_before = {g: g.user_set.count() for g in
                     (space.readers_group, space.contributors_group, space.managers_group)}

    response = client.post(f"{space.get_absolute_url()}membres/",
                           {"identifier": "personne@nulle-part.fr", "role": "lecteur"})

    assert response.status_code == 400
    assert "Aucun compte actif ne correspond à « personne@nulle-part.fr »" in (
        response.content.decode())
    assert groups_before == {g: g.user_set.count() for g in groups_before}


def test_removing_a_member_removes_their_access_at_once(client, space):
    from django.test import Client

    member = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    document = f.workspace_document(space)
    member_client = Client()
    member_client.force_login(member)
    assert member_client.get(space.get_absolute_url()).status_code == 200

    client.force_login(f.facilitator_of(space.territory))
    response = client.post(f"{space.get_absolute_url()}membres/{member.pk}/retirer/", follow=True)

    assert "a été retiré de l'espace" in _messages(response)[0]
    assert member_client.get(space.get_absolute_url()).status_code == 403
    download = member_client.get(f"{space.get_absolute_url()}documents/{document.pk}/")
    assert download.status_code == 403
    assert member_client.post(f"{space.get_absolute_url()}messages/",
                              {"body": "Encore là ?"}).status_code == 403


def test_removing_an_account_outside_the_workspace_answers_as_an_absent_one(client, space):
    outsider = f.member(first_name="Camille", last_name="Dehors")
    client.force_login(f.facilitator_of(space.territory))

    response = client.post(f"{space.get_absolute_url()}membres/{outsider.pk}/retirer/")
    absent = client.post(f"{space.get_absolute_url()}membres/999999/retirer/")

    assert response.status_code == absent.status_code == 404
    assert "Dehors" not in response.content.decode()


def test_a_manager_cannot_remove_themselves(client, space):
    manager = f.workspace_member_of(space, WorkspaceRole.MANAGER)
    client.force_login(manager)

    response = client.post(f"{space.get_absolute_url()}membres/{manager.pk}/retirer/",
                           follow=True)

    assert "Vous ne pouvez pas vous retirer vous-même" in _messages(response)[0]
    assert workspace_role(type(manager).objects.get(pk=manager.pk), space) == WorkspaceRole.MANAGER


def test_facilitators_are_members_through_their_role_and_listed_so(client, space):
    facilitator = f.facilitator_of(space.territory, first_name="Camille", last_name="Dupont")
    client.force_login(facilitator)

    html = client.get(f"{space.get_absolute_url()}membres/").content.decode()

    assert "Camille Dupont" in html and "par son rôle sur le territoire" in html
    assert "Rôle attribué dans l&#x27;administration" in html or (
        "Rôle attribué dans l'administration" in html)


# --- Posts and actions -------------------------------------------------------------


def test_contributor_posts_a_message_and_an_empty_one_is_refused(client, space):
    client.force_login(f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR))

    client.post(f"{space.get_absolute_url()}messages/", {"body": "Les DCE sont arrivés."})
    refused = client.post(f"{space.get_absolute_url()}messages/", {"body": "   "}, follow=True)

    assert list(WorkspacePost.objects.values_list("body", flat=True)) == ["Les DCE sont arrivés."]
    assert "Le message n'a pas été publié" in _messages(refused)[-1]


def test_only_the_author_or_a_manager_deletes_a_post(client, space):
    author = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    post = f.WorkspacePostFactory(workspace=space, author=author)
    url = f"{space.get_absolute_url()}messages/{post.pk}/supprimer/"

    client.force_login(f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR))
    assert client.post(url).status_code == 403
    client.force_login(f.facilitator_of(space.territory))
    client.post(url)

    assert not WorkspacePost.objects.exists()


def test_contributor_adds_an_action_and_its_owner_closes_it(client, space):
    owner = f.workspace_member_of(space, WorkspaceRole.READER, username="jean")
    client.force_login(f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR))

    client.post(f"{space.get_absolute_url()}actions/", {
        "description": "Transmettre le DCE au facilitateur régional",
        "owner": owner.pk, "due_on": "2030-01-15",
    })
    item = ActionItem.objects.get()
    client.force_login(owner)
    response = client.post(f"{space.get_absolute_url()}actions/{item.pk}/",
                           {"status": "fait"}, follow=True)

    item.refresh_from_db()
    assert item.workspace == space and item.owner == owner
    assert item.due_on == datetime.date(2030, 1, 15)
    assert item.status == ActionStatus.DONE
    assert "L'action est passée à l'état « Fait »." in _messages(response)


def test_an_action_owner_must_be_a_member_of_the_workspace(client, space):
    outsider = f.UserFactory()
    client.force_login(f.facilitator_of(space.territory))

    response = client.post(f"{space.get_absolute_url()}actions/", {
        "description": "Action", "owner": outsider.pk,
    }, follow=True)

    assert not ActionItem.objects.exists()
    assert "L'action n'a pas été ajoutée." in _messages(response)[0]


def test_reader_cannot_change_an_action_they_do_not_own(client, space):
    item = f.ActionItemFactory(workspace=space)
    client.force_login(f.workspace_member_of(space, WorkspaceRole.READER))

    response = client.post(f"{space.get_absolute_url()}actions/{item.pk}/", {"status": "fait"})

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
