"""Every list of /api/v1/ bounds `limit` and `offset`: out of bounds is a 422 in the API's
French shape, never a server error, and the bounds are in the OpenAPI schema."""

import pytest

from clauses.api.pagination import MAX_OFFSET, MAX_PAGE

HUGE = "99999999999999999999"


@pytest.fixture
def lists(world):
    return {
        "/api/v1/marches": "/api/v1/marches",
        "/api/v1/marches/{market_id}/placements": f"/api/v1/marches/{world.market.pk}/placements",
        "/api/v1/placements/{placement_id}/declarations":
            f"/api/v1/placements/{world.placement.pk}/declarations",
        "/api/v1/declarations": "/api/v1/declarations",
    }


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"offset": HUGE}, "offset", "Cette valeur doit être au plus 1\u202f000\u202f000."),
    ({"offset": "-1"}, "offset", "Cette valeur doit être au moins 0."),
    ({"offset": "loin"}, "offset", "Saisissez un nombre entier."),
    ({"limit": "0"}, "limit", "Cette valeur doit être au moins 1."),
    ({"limit": "501"}, "limit", "Cette valeur doit être au plus 500."),
    ({"limit": HUGE}, "limit", "Cette valeur doit être au plus 500."),
])
def test_out_of_bounds_is_refused_in_french_on_every_list(client, world, lists, params, field,
                                                         message):
    client.force_login(world.users["facilitateur_territoire"])

    for url in lists.values():
        response = client.get(url, params)

        assert response.status_code == 422, url
        assert response.json() == {"erreurs": {field: [message]}}, url


def test_within_bounds_the_lists_answer(client, world, lists):
    client.force_login(world.users["facilitateur_territoire"])

    for url in lists.values():
        deep = client.get(url, {"offset": MAX_OFFSET, "limit": MAX_PAGE})
        first = client.get(url, {"limit": 1})

        assert deep.status_code == 200 and deep.json()["items"] == [], url
        assert first.status_code == 200 and first.json()["count"] == 1, url


def test_the_bounds_are_in_the_openapi_schema(client, lists):
    schema = client.get("/api/v1/openapi.json").json()

    for path in lists:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        offset, limit = parameters["offset"]["schema"], parameters["limit"]["schema"]
        assert (offset["minimum"], offset["maximum"], offset["default"]) == (0, MAX_OFFSET, 0)
        assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, MAX_PAGE, 100)
        assert "de 0 à 1000000" in parameters["offset"]["description"]


@pytest.mark.parametrize("url", [
    f"/api/v1/marches?annee={HUGE}",
    f"/api/v1/marches/{HUGE}",
    f"/api/v1/marches/{HUGE}/placements",
    f"/api/v1/placements/{HUGE}/declarations",
    f"/api/v1/declarations/{HUGE}",
])
def test_other_huge_numbers_are_no_server_error(client, world, url):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get(url)

    assert response.status_code in (200, 404, 422)
    assert response.json() is not None


@pytest.mark.parametrize("body", [
    {"placement": int(HUGE), "mois": "2025-03", "heures": "35"},
    {"placement": "{placement}", "mois": "2025-03", "heures": "35", "clause_creditee": int(HUGE)},
])
def test_huge_identifiers_in_a_declaration_are_no_server_error(client, world, body):
    client.force_login(world.users["facilitateur_territoire"])
    body = {k: world.placement.pk if v == "{placement}" else v for k, v in body.items()}

    response = client.post("/api/v1/declarations", body, content_type="application/json")

    assert response.status_code in (404, 422)
    assert response.json() is not None


def test_a_huge_version_is_no_server_error(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.put(f"/api/v1/declarations/{world.declaration.pk}",
                          {"version": int(HUGE), "heures": "30"},
                          content_type="application/json")

    assert response.status_code in (409, 422)
    assert response.json() is not None
