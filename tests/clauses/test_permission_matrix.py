"""Who may see, change and see the personal data of markets, beneficiaries, placements
and hours: the role × object matrix, asked of network.permissions and through the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from network.permissions import Action, filter_queryset, has_permission

ROLES = [
    "facilitateur_territoire",
    "facilitateur_autre_territoire",
    "coordinateur",
    "referent_acheteur",
    "referent_autre_acheteur",
    "membre",
    "anonyme",
]
# (view, change, view personal data) per role and object.
EXPECTED = {
    "market": {
        "facilitateur_territoire": (True, True, True),
        "facilitateur_autre_territoire": (False, False, False),
        "coordinateur": (True, True, True),
        "referent_acheteur": (True, False, False),
        "referent_autre_acheteur": (False, False, False),
        "membre": (False, False, False),
        "anonyme": (False, False, False),
    },
    "beneficiary": {
        "facilitateur_territoire": (True, True, True),
        "facilitateur_autre_territoire": (False, False, False),
        "coordinateur": (True, True, True),
        # Buyers only meet beneficiaries as pseudonyms on their markets' placements.
        "referent_acheteur": (False, False, False),
        "referent_autre_acheteur": (False, False, False),
        "membre": (False, False, False),
        "anonyme": (False, False, False),
    },
}
EXPECTED["placement"] = EXPECTED["market"]
EXPECTED["declaration"] = EXPECTED["market"]


def _user(world, role):
    return AnonymousUser() if role == "anonyme" else world.users[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["market", "beneficiary", "placement", "declaration"])
def test_policy_matrix(world, kind, role):
    user = _user(world, role)
    obj = getattr(world, kind)
    actions = (Action.VIEW, Action.CHANGE, Action.VIEW_PERSONAL_DATA)
    got = tuple(has_permission(user, action, obj) for action in actions)
    assert got == EXPECTED[kind][role]
    # Listings agree with single-object checks.
    listed = tuple(
        filter_queryset(user, action, type(obj).objects.all()).filter(pk=obj.pk).exists()
        for action in actions
    )
    assert listed == got


# (declare, delete, change the lead) per role and object; "co_territoire" is the Nevers
# facilitator once Nevers is a co-territory of the Dijon market.
ACTION_ROLES = [*ROLES, "co_territoire"]
EXPECTED_ACTIONS = {
    # Declaring on a market: for one's own people placed on it, co-territories included.
    "market": {
        "facilitateur_territoire": (True, True, True),
        "co_territoire": (True, False, False),
        "coordinateur": (True, True, True),
    },
    "placement": {
        "facilitateur_territoire": (True, True, False),
        "co_territoire": (False, False, False),
        "coordinateur": (True, True, False),
    },
    "declaration": {
        "facilitateur_territoire": (True, True, False),
        "co_territoire": (False, False, False),
        "coordinateur": (True, True, False),
    },
    "beneficiary": {
        "facilitateur_territoire": (True, False, False),
        "co_territoire": (False, False, False),
        "coordinateur": (True, False, False),
    },
}


@pytest.mark.parametrize("role", ACTION_ROLES)
@pytest.mark.parametrize("kind", list(EXPECTED_ACTIONS))
def test_declare_delete_and_change_lead(world, kind, role):
    """A co-territory sees the market and declares for its own people only; the lead and
    the coordination change, delete and hand the market over; buyers and members none."""
    if role == "co_territoire":
        world.market.territories.add(world.nevers)
        user = world.users["facilitateur_autre_territoire"]
    else:
        user = _user(world, role)
    obj = getattr(world, kind)
    actions = (Action.DECLARE, Action.DELETE, Action.CHANGE_LEAD)
    got = tuple(has_permission(user, action, obj) for action in actions)
    assert got == EXPECTED_ACTIONS[kind].get(role, (False, False, False))
    listed = tuple(
        filter_queryset(user, action, type(obj).objects.all()).filter(pk=obj.pk).exists()
        for action in actions
    )
    assert listed == got
    if role == "co_territoire" and kind == "market":
        assert has_permission(user, Action.VIEW, obj)
        assert not has_permission(user, Action.CHANGE, obj)


def _login(client, world, role):
    if role != "anonyme":
        client.force_login(world.users[role])


PAGE_STATUS = {
    "facilitateur_territoire": 200,
    "facilitateur_autre_territoire": 404,
    "coordinateur": 200,
    "referent_acheteur": 200,
    "referent_autre_acheteur": 404,
    "membre": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_market_page(client, world, role):
    _login(client, world, role)
    response = client.get(reverse("clauses:market_detail", args=[world.market.pk]))
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=")
        return
    assert response.status_code == PAGE_STATUS[role]
    if response.status_code == 200:
        html = response.content.decode()
        assert world.beneficiary.pseudonym in html
        shows_name = "Testelin" in html
        assert shows_name is EXPECTED["beneficiary"][role][2]


@pytest.mark.parametrize("role", ROLES)
def test_placement_page(client, world, role):
    _login(client, world, role)
    response = client.get(reverse("clauses:placement_detail", args=[world.placement.pk]))
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
        return
    assert response.status_code == PAGE_STATUS[role]
    if response.status_code == 200:
        assert ("Testelin" in response.content.decode()) is EXPECTED["beneficiary"][role][2]


@pytest.mark.parametrize("role", ROLES)
def test_beneficiary_page(client, world, role):
    _login(client, world, role)
    response = client.get(
        reverse("clauses:beneficiary_detail", args=[world.beneficiary.pseudonym])
    )
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
        return
    expected = 200 if EXPECTED["beneficiary"][role][0] else 404
    assert response.status_code == expected
    if expected == 200:
        assert "Testelin" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_declaration_edit_page(client, world, role):
    _login(client, world, role)
    response = client.get(reverse("clauses:declaration_edit", args=[world.declaration.pk]))
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/")
        return
    view, change, _ = EXPECTED["declaration"][role]
    assert response.status_code == (200 if change else 403 if view else 404)


@pytest.mark.parametrize("role", ROLES)
def test_market_list(client, world, role):
    _login(client, world, role)
    response = client.get(reverse("clauses:market_list"))
    if role == "anonyme":
        assert response.status_code == 302
        return
    if role == "membre":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert (world.market.reference in response.content.decode()) is EXPECTED["market"][role][0]


# A company (the world's contractor): seen by who follows a territory where it holds a lot
# or employs someone; written through the company operations (asked of
# may_manage_companies), never through a per-object grant.
COMPANY = {
    "facilitateur_territoire": (True, False, False),
    "coordinateur": (True, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_company_matrix(world, role):
    user = _user(world, role)
    company = world.clause.lot.contractor
    actions = (Action.VIEW, Action.CHANGE, Action.VIEW_PERSONAL_DATA)
    got = tuple(has_permission(user, action, company) for action in actions)
    assert got == COMPANY.get(role, (False, False, False))
    listed = tuple(
        filter_queryset(user, action, type(company).objects.all()).filter(pk=company.pk).exists()
        for action in actions
    )
    assert listed == got


# The lists of the members' area: who opens each (403 to those whose grants open none of
# its kind) and whether the world's row is on it, on the page and in its file.
LIST_ROWS = {
    "beneficiary_list": ("beneficiary", lambda w: w.beneficiary.pseudonym),
    "placement_list": ("placement", lambda w: w.beneficiary.pseudonym),
    "hours_list": ("declaration", lambda w: w.beneficiary.pseudonym),
    "market_list": ("market", lambda w: w.market.reference),
}
LIST_STATUS = {
    # Buyers open the lists of their markets, placements and hours, never beneficiaries'.
    "beneficiary_list": {"referent_acheteur": 403, "referent_autre_acheteur": 403},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(LIST_ROWS))
def test_lists_and_their_files(client, world, role, name):
    _login(client, world, role)
    kind, text_of = LIST_ROWS[name]
    page = client.get(reverse(f"clauses:{name}"))
    file = client.get(reverse(f"clauses:{name}_export", args=["csv"]))
    if role == "anonyme":
        assert page.status_code == file.status_code == 302
        return
    expected = 403 if role == "membre" else LIST_STATUS.get(name, {}).get(role, 200)
    assert page.status_code == file.status_code == expected
    if expected == 200:
        sees = EXPECTED[kind][role][0]
        assert (text_of(world) in page.content.decode()) is sees
        assert (text_of(world) in file.content.decode("utf-8-sig")) is sees
        names = EXPECTED["beneficiary"][role][2] and name != "market_list"
        assert ("Testelin" in file.content.decode("utf-8-sig")) is (sees and names)


@pytest.mark.parametrize("name", ["beneficiary_list", "placement_list", "hours_list",
                                  "outcomes_due"])
def test_another_territory_cannot_be_chosen_as_a_filter(client, world, name):
    """A territory the person does not follow is no choice of the filter: 400, no row."""
    client.force_login(world.users["facilitateur_autre_territoire"])
    for fmt in ("page", "csv"):
        url = reverse(f"clauses:{name}") if fmt == "page" else reverse(
            f"clauses:{name}_export", args=["csv"])
        response = client.get(url, {"territoire": world.dijon.slug})
        if fmt == "page":
            assert response.status_code == 400
            assert response.context["page"].paginator.count == 0
        else:
            assert response.content.decode("utf-8-sig").count("\r\n") == 1  # the header
