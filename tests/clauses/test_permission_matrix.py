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
    "referent_entreprise",
    "referent_autre_entreprise",
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
        "referent_entreprise": (False, False, False),
        "referent_autre_entreprise": (False, False, False),
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
        "referent_entreprise": (False, False, False),
        "referent_autre_entreprise": (False, False, False),
        "anonyme": (False, False, False),
    },
}
# A company referent sees the placements of the people their company employs and those
# people's hours, never their names, never the market as a whole, never another company's.
EXPECTED["placement"] = {**EXPECTED["market"], "referent_entreprise": (True, False, False)}
EXPECTED["declaration"] = EXPECTED["placement"]


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
    "referent_entreprise": 404,
    "referent_autre_entreprise": 404,
}
# The placement's page, to the referent of the company employing the person (pseudonym only).
PLACEMENT_PAGE_STATUS = {**PAGE_STATUS, "referent_entreprise": 200}


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
    assert response.status_code == PLACEMENT_PAGE_STATUS[role]
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
    if role in ("membre", "referent_entreprise", "referent_autre_entreprise"):
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
    "referent_entreprise": (True, False, False),
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
    "beneficiary_list": {"referent_acheteur": 403, "referent_autre_acheteur": 403,
                         "referent_entreprise": 403, "referent_autre_entreprise": 403},
    # Companies see their placements and hours, never the markets as a whole.
    "market_list": {"referent_entreprise": 403, "referent_autre_entreprise": 403},
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
        text = _body(file)
        assert (text_of(world) in text) is sees
        names = EXPECTED["beneficiary"][role][2] and name != "market_list"
        assert ("Testelin" in text) is (sees and names)


def _body(response) -> str:
    """A file's text, streamed (the CSV exports) or not."""
    raw = (b"".join(response.streaming_content) if response.streaming
           else response.content)
    return raw.decode("utf-8-sig")


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
            assert _body(response).count("\r\n") == 1  # the header


# --- The company referent ------------------------------------------------------------


def _visible(user, model, action=Action.VIEW):
    return set(filter_queryset(user, action, model.objects.all()).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["referent_entreprise", "referent_autre_entreprise"])
def test_a_company_referent_sees_their_company_only(elsewhere, role):
    world = elsewhere
    from clauses.models import Beneficiary, Clause, HoursDeclaration, Lot, Market, Placement

    user = world.users[role]
    company = world.clause.lot.contractor if role == "referent_entreprise" else world.other_company
    assert _visible(user, Lot) == set(
        Lot.objects.filter(contractor=company).values_list("pk", flat=True)
    )
    assert _visible(user, Clause) == set(
        Clause.objects.filter(lot__contractor=company).values_list("pk", flat=True)
    )
    assert _visible(user, Placement) == set(
        Placement.objects.filter(employer=company).values_list("pk", flat=True)
    )
    assert _visible(user, HoursDeclaration) == set(
        HoursDeclaration.objects.filter(placement__employer=company).values_list("pk", flat=True)
    )
    # Never the market as a whole, nor anyone's personal data.
    assert not _visible(user, Market)
    assert not _visible(user, Beneficiary)
    assert not _visible(user, Placement, Action.VIEW_PERSONAL_DATA)


def test_a_company_referent_never_sees_another_companys_lots_or_people(elsewhere):
    world = elsewhere
    user = world.users["referent_entreprise"]
    other_clause = world.other_placement.clause
    assert not has_permission(user, Action.VIEW, other_clause)
    assert not has_permission(user, Action.VIEW, other_clause.lot)
    assert not has_permission(user, Action.VIEW, world.other_placement)
    assert not has_permission(user, Action.DECLARE_HOURS, world.other_placement)
    assert not has_permission(user, Action.VIEW, world.other_company)


@pytest.mark.parametrize("role", [*ROLES, "co_territoire"])
def test_only_the_persons_facilitators_validate_hours(world, role):
    if role == "co_territoire":
        world.market.territories.add(world.nevers)
        user = world.users["facilitateur_autre_territoire"]
    else:
        user = _user(world, role)
    expected = role in ("facilitateur_territoire", "coordinateur")
    for obj in (world.declaration, world.placement):
        assert has_permission(user, Action.VALIDATE_HOURS, obj) is expected


@pytest.mark.parametrize("role", [*ROLES, "co_territoire"])
def test_who_declares_hours(world, role):
    """The person's facilitators, and the referent of the company employing them."""
    if role == "co_territoire":
        world.market.territories.add(world.nevers)
        user = world.users["facilitateur_autre_territoire"]
    else:
        user = _user(world, role)
    expected = role in ("facilitateur_territoire", "coordinateur", "referent_entreprise")
    for obj in (world.declaration, world.placement):
        assert has_permission(user, Action.DECLARE_HOURS, obj) is expected


def test_a_company_referent_validates_nothing(world):
    from clauses.models import Beneficiary

    user = world.users["referent_entreprise"]
    for action in (Action.VALIDATE_HOURS, Action.DECLARE, Action.CHANGE, Action.DELETE):
        assert not has_permission(user, action, world.declaration)
        assert not has_permission(user, action, world.placement)
    assert not _visible(user, Beneficiary, Action.DECLARE)
