"""The role × object matrix through the API: each endpoint answers what the permission
policy decides, for every role of DESIGN.md §5."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import APIToken

ROLES = [
    "facilitateur_territoire",
    "facilitateur_autre_territoire",
    "coordinateur",
    "referent_acheteur",
    "referent_autre_acheteur",
    "membre",
    "anonyme",
]
# Status of reading the world's market, its placements and its declaration.
READ = {
    "facilitateur_territoire": 200,
    "facilitateur_autre_territoire": 404,
    "coordinateur": 200,
    "referent_acheteur": 200,
    "referent_autre_acheteur": 404,
    "membre": 404,
    "anonyme": 401,
}
# Status of declaring hours on the world's placement (create, then update).
WRITE = {**READ, "referent_acheteur": 403}
LISTED = {role: READ[role] == 200 for role in ROLES if role != "anonyme"}


def _call(client, world, role, method, path, data=None):
    headers = {}
    if role != "anonyme":
        token = APIToken.create_token(user=world.users[role], name="matrice")[1]
        headers["Authorization"] = f"Bearer {token}"
    if method == "get":
        return client.get(f"/api/v1{path}", headers=headers)
    return getattr(client, method)(f"/api/v1{path}", data, content_type="application/json",
                                   headers=headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/marches/{market}", "/marches/{market}/placements",
                                  "/declarations/{declaration}",
                                  "/placements/{placement}/declarations"])
def test_reading(client, world, role, path):
    path = path.format(market=world.market.pk, declaration=world.declaration.pk,
                       placement=world.placement.pk)

    assert _call(client, world, role, "get", path).status_code == READ[role]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonyme"])
def test_listing(client, world, role):
    items = _call(client, world, role, "get", "/marches").json()["items"]

    assert bool(items) == LISTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_creating(client, world, role):
    response = _call(client, world, role, "post", "/declarations", {
        "placement": world.placement.pk, "mois": "2025-03", "heures": "35",
    })

    assert response.status_code == (201 if WRITE[role] == 200 else WRITE[role])


@pytest.mark.parametrize("role", ROLES)
def test_updating(client, world, role):
    response = _call(client, world, role, "put", f"/declarations/{world.declaration.pk}", {
        "version": world.declaration.version, "heures": "35",
    })

    assert response.status_code == WRITE[role]


# --- Hours declared by a company, validated or rejected by the facilitator -------------

REVIEW_ROLES = [*ROLES, "referent_entreprise", "referent_autre_entreprise"]
# Only the person's facilitators and their coordinator validate; who sees the hours
# without validating them is told why (403), everyone else finds nothing (404).
REVIEW = {**READ, "referent_acheteur": 403, "referent_entreprise": 403,
          "referent_autre_entreprise": 404}


@pytest.fixture
def declared(world):
    from clauses.operations import declarations

    return declarations.declare_hours(
        world.users["referent_entreprise"], world.placement,
        month=datetime.date(2025, 3, 1), hours_worked=Decimal("35"),
    )


@pytest.mark.parametrize("role", REVIEW_ROLES)
@pytest.mark.parametrize("action, body", [("validation", {}), ("refus", {"motif": "Non"})])
def test_reviewing_hours(client, world, declared, role, action, body):
    response = _call(client, world, role, "post", f"/declarations/{declared.pk}/{action}",
                     body)

    assert response.status_code == REVIEW[role]
    declared.refresh_from_db()
    assert (declared.status != "declaree") is (REVIEW[role] == 200)


@pytest.mark.parametrize("role", [r for r in REVIEW_ROLES if r != "anonyme"])
def test_listing_declarations_by_status(client, world, declared, role):
    items = _call(client, world, role, "get", "/declarations?statut=declaree").json()["items"]
    sees = READ.get(role, 404) == 200 or role == "referent_entreprise"

    assert [d["id"] for d in items] == ([declared.pk] if sees else [])


@pytest.mark.parametrize("role", REVIEW_ROLES)
def test_listing_the_hours_awaiting_validation(client, world, declared, role):
    response = _call(client, world, role, "get", "/declarations/a-valider")

    validator = role in ("facilitateur_territoire", "coordinateur")
    expected = 401 if role == "anonyme" else 200 if validator else (
        # A facilitator of another territory validates hours, just none of these.
        200 if role == "facilitateur_autre_territoire" else 403)
    assert response.status_code == expected
    if expected == 200:
        ids = [d["id"] for d in response.json()["items"]]
        assert ids == ([declared.pk] if validator else [])


def test_another_companys_ids_answer_404(client, elsewhere):
    from clauses.operations import declarations

    world = elsewhere
    theirs = declarations.declare_hours(
        world.users["referent_autre_entreprise"], world.other_placement,
        month=datetime.date(2025, 3, 1), hours_worked=Decimal("20"),
    )
    for method, path, body in [
        ("get", f"/declarations/{theirs.pk}", None),
        ("post", f"/declarations/{theirs.pk}/validation", {}),
        ("post", f"/declarations/{theirs.pk}/refus", {"motif": "Non"}),
        ("get", f"/placements/{world.other_placement.pk}/declarations?statut=declaree", None),
        ("put", f"/declarations/{theirs.pk}", {"version": theirs.version, "heures": "1"}),
        ("post", "/declarations", {"placement": world.other_placement.pk, "mois": "2025-04",
                                   "heures": "1"}),
    ]:
        response = _call(client, world, "referent_entreprise", method, path, body)
        assert response.status_code == 404, (method, path)
