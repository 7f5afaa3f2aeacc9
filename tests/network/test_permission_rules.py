"""The rule table itself (network.permissions): what models declare, the anchor ids read
from the grants, the actions on anchors and workspaces, and the 404 or 403 of a refusal.
The market actions (DECLARE, DELETE, CHANGE_LEAD) are in tests/clauses."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from network import permissions
from network.enums import WorkspaceRole
from network.models import Committee, Meeting, Organisation, Territory, Workspace
from network.permissions import RULES, Action, Anchor
from tests.network import factories as f

pytestmark = pytest.mark.django_db

ANCHOR_MODELS = {
    Anchor.TERRITORY: Territory,
    Anchor.BUYER: Organisation,
    Anchor.COMMITTEE: Committee,
    Anchor.WORKSPACE: Workspace,
}


def _resolves(model, path: str) -> bool:
    opts = model._meta
    for name in path.split("__"):
        if name == "pk":
            return True
        field = opts.get_field(name)
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return True


def _declared(model):
    yield None, permissions.anchors_of(model)
    yield from (getattr(model, "permission_anchors_for", None) or {}).items()


@pytest.mark.parametrize("model", [
    m for m in apps.get_models() if getattr(m, "permission_anchors", None) is not None
], ids=lambda m: m._meta.label)
def test_every_declared_anchor_is_a_known_kind_reached_by_a_real_path(model):
    for action, anchors in _declared(model):
        assert action is None or action in Action.__members__.values(), (model, action)
        for kind, paths in anchors.items():
            assert kind in Anchor.__members__.values(), (model, kind)
            for path in (paths,) if isinstance(paths, str) else paths:
                assert _resolves(model, path), (model, action, path)


def test_every_action_has_a_rule():
    assert set(RULES) == set(Action)


@pytest.fixture
def people():
    network = f.NetworkFactory()
    mine = f.TerritoryFactory(network=network)
    f.TerritoryFactory(network=network)
    f.TerritoryFactory()
    buyer = f.BuyerFactory()
    committee = f.CommitteeFactory()
    reader_space = f.TerritoryFactory().workspace
    return {
        "facilitateur": f.facilitator_of(mine),
        "coordinateur": f.coordinator_of(network),
        "referent_acheteur": f.buyer_referent_of(buyer),
        "membre_comite": f.committee_member_of(committee),
        "lecteur": f.workspace_member_of(reader_space, WorkspaceRole.READER),
        "membre": f.member(),
        "visiteur": AnonymousUser(),
    }


@pytest.mark.parametrize("role", ["facilitateur", "coordinateur", "referent_acheteur",
                                  "membre_comite", "lecteur", "membre", "visiteur"])
@pytest.mark.parametrize("action", [a for a in Action if RULES[a].also is None])
def test_anchor_ids_are_what_the_sql_filter_opens_on_the_anchors(people, role, action):
    user = people[role]
    for kind, model in ANCHOR_MODELS.items():
        anchors = permissions.anchors_for(model, action)
        if list(anchors) != [kind] or anchors[kind] != "pk":
            continue  # the anchor narrows this action: ids of other objects are no answer
        opened = set(permissions.filter_queryset(user, action, model.objects.all())
                     .values_list("pk", flat=True))

        assert permissions.anchor_ids(user, action, kind) == opened, (kind, action)


def test_the_coordinators_territories_are_read_through_their_network(people):
    coordinator = people["coordinateur"]
    network_territories = set(
        Territory.objects.filter(network__coordinators_group__user=coordinator)
        .values_list("pk", flat=True)
    )

    assert permissions.anchor_ids(coordinator, Action.ASSESS_FORECAST, Anchor.TERRITORY) == (
        network_territories
    )
    assert len(network_territories) == 2


def test_administrators_reach_every_anchor_and_an_action_needing_another_has_no_ids():
    assert permissions.anchor_ids(f.administrator(), Action.VIEW, Anchor.TERRITORY) is None
    with pytest.raises(ValueError, match="filter_queryset"):
        permissions.anchor_ids(f.member(), Action.DECLARE, Anchor.TERRITORY)


def test_anchors_are_deleted_by_administrators_only():
    territory = f.TerritoryFactory()
    committee = f.CommitteeFactory()
    facilitator = f.facilitator_of(territory)
    manager = f.workspace_member_of(committee.workspace, WorkspaceRole.MANAGER)
    member = f.committee_member_of(committee)

    assert permissions.has_permission(facilitator, Action.CHANGE, territory)
    assert permissions.has_permission(manager, Action.CHANGE, committee.workspace)
    for user, anchor in [(facilitator, territory), (facilitator, territory.workspace),
                         (manager, committee.workspace), (member, committee)]:
        assert not permissions.has_permission(user, Action.DELETE, anchor)
        assert not permissions.has_any_anchor(user, Action.DELETE, type(anchor))
    assert permissions.has_permission(f.administrator(), Action.DELETE, territory)


def test_deleting_a_workspace_record_is_changing_it():
    space = f.TerritoryFactory().workspace
    post = f.WorkspacePostFactory(workspace=space)
    contributor = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    reader = f.workspace_member_of(space, WorkspaceRole.READER)

    assert permissions.has_permission(contributor, Action.DELETE, post)
    assert not permissions.has_permission(reader, Action.DELETE, post)


def test_what_a_workspace_role_or_authorship_lets_one_do():
    space = f.TerritoryFactory().workspace
    reader = f.workspace_member_of(space, WorkspaceRole.READER)
    contributor = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    manager = f.workspace_member_of(space, WorkspaceRole.MANAGER)
    own_post = f.WorkspacePostFactory(workspace=space, author=contributor)
    readers_post = f.WorkspacePostFactory(workspace=space, author=reader)
    assigned = f.ActionItemFactory(workspace=space, owner=reader)
    other = f.ActionItemFactory(workspace=space)

    assert permissions.may_delete_post(contributor, space, own_post)
    assert permissions.may_delete_post(manager, space, own_post)
    assert not permissions.may_delete_post(reader, space, own_post)
    assert not permissions.may_delete_post(reader, space, readers_post)
    assert permissions.may_set_action_status(reader, space, assigned)
    assert not permissions.may_set_action_status(reader, space, other)
    assert permissions.may_set_action_status(contributor, space, other)


# --- 404 or 403 -----------------------------------------------------------------


def test_a_workspace_exists_publicly_so_an_outsider_is_forbidden_not_misled():
    space = f.TerritoryFactory().workspace
    outsider = f.member()
    found = Workspace.objects.all()

    with pytest.raises(PermissionDenied):
        permissions.get_for(outsider, Action.VIEW, found, slug=space.slug)
    with pytest.raises(Http404):
        permissions.get_for(outsider, Action.VIEW, found, slug="inconnu")
    with pytest.raises(PermissionDenied):
        permissions.require(outsider, Action.CONTRIBUTE, space)


def test_what_one_may_not_see_is_not_found_and_what_one_sees_is_forbidden():
    committee = f.CommitteeFactory()
    meeting = f.MeetingFactory(committee=committee)
    reader = f.workspace_member_of(committee.workspace, WorkspaceRole.READER)
    outsider = f.member()
    meetings = Meeting.objects.all()

    assert permissions.get_for(reader, Action.VIEW, meetings, pk=meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        permissions.get_for(reader, Action.CHANGE, meetings, pk=meeting.pk)
    with pytest.raises(Http404):
        permissions.get_for(outsider, Action.CHANGE, meetings, pk=meeting.pk)
    with pytest.raises(Http404):
        permissions.get_for(reader, Action.VIEW, meetings, pk=meeting.pk + 1000)
    with pytest.raises(Http404):
        permissions.require(outsider, Action.VIEW, meeting)
    with pytest.raises(PermissionDenied):
        permissions.require(outsider, Action.VIEW, meeting, within=committee)


def test_an_action_for_administrators_only_is_not_found_for_anyone_else():
    territory = f.TerritoryFactory()
    facilitator = f.facilitator_of(territory)

    permissions.require(facilitator, Action.CHANGE, territory)
    with pytest.raises(Http404):
        permissions.require(facilitator, Action.DELETE, territory)


def test_a_role_held_on_nothing_is_forbidden_with_its_message():
    with pytest.raises(PermissionDenied, match="réservé"):
        permissions.require_any(f.member(), Action.VIEW, Territory, "Écran réservé.")
    permissions.require_any(f.facilitator_of(), Action.VIEW, Territory)


def test_the_admin_asks_the_same_refusals(client):
    mine = f.TerritoryFactory()
    other = f.TerritoryFactory()
    client.force_login(f.facilitator_of(mine))

    assert client.get(f"/admin/territoires/edit/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/territoires/edit/{other.pk}/").status_code == 404
    assert client.get(f"/admin/territoires/delete/{mine.pk}/").status_code == 404
