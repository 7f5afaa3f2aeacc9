"""The role × object matrix through the API: each endpoint answers what the permission
policy decides, for every role of DESIGN.md §5."""

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
