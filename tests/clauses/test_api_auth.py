"""Who may call /api/v1/: a token, or the portal session (with CSRF for changes)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import APIToken

MARKETS = "/api/v1/marches"


def token_for(user):
    return APIToken.create_token(user=user, name="test")[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_calls_are_refused_with_401_in_french(client, world):
    response = client.get(MARKETS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authentification requise" in response.json()["detail"]


def test_a_token_authenticates_as_its_owner(client, world):
    token = token_for(world.users["facilitateur_territoire"])

    response = client.get(MARKETS, headers=bearer(token))

    assert response.status_code == 200
    assert [m["reference"] for m in response.json()["items"]] == [world.market.reference]


def test_a_wrong_or_revoked_token_is_refused_even_with_a_session(client, world):
    user = world.users["facilitateur_territoire"]
    client.force_login(user)
    assert client.get(MARKETS, headers=bearer("wagtail_nimportequoi")).status_code == 401

    record, token = APIToken.create_token(user=user, name="ancien")
    record.revoke()
    assert client.get(MARKETS, headers=bearer(token)).status_code == 401


def test_a_token_of_a_deactivated_account_is_refused(client, world):
    user = world.users["facilitateur_territoire"]
    token = token_for(user)
    user.is_active = False
    user.save()

    assert client.get(MARKETS, headers=bearer(token)).status_code == 401


def test_create_api_token_prints_a_working_token_and_stores_only_its_digest(client, world):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "fac-dijon", stdout=out, stderr=err)
    token = out.getvalue().strip()

    assert "ne sera plus jamais affiché" in err.getvalue()
    record = APIToken.objects.get(user=world.users["facilitateur_territoire"])
    assert token not in (record.key_hash, record.prefix)
    assert client.get(MARKETS, headers=bearer(token)).status_code == 200


def test_create_api_token_refuses_an_unknown_account(world):
    with pytest.raises(CommandError, match="Compte « personne » inconnu"):
        call_command("create_api_token", "personne")


def test_the_session_reads_without_csrf_but_writes_only_with_it(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["facilitateur_territoire"])
    assert client.get(MARKETS).status_code == 200
    payload = {"placement": world.placement.pk, "mois": "2025-03", "heures": "35"}

    refused = client.post("/api/v1/declarations", payload, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get("/espace/marches/")  # any page that sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/declarations", payload, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 201


def test_a_token_writes_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    token = token_for(world.users["facilitateur_territoire"])

    response = client.post(
        "/api/v1/declarations",
        {"placement": world.placement.pk, "mois": "2025-03", "heures": "35"},
        content_type="application/json", headers=bearer(token),
    )

    assert response.status_code == 201


def test_the_calculator_stays_public(client, db):
    assert client.get("/api/v1/calculateur/heures", {"montant": "1000000", "taux": "0.05",
                      "part_main_oeuvre": "0.5", "cout_horaire": "30"}).status_code == 200


def test_openapi_schema_describes_the_endpoints_and_both_authentications(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    for path in ("/api/v1/marches", "/api/v1/marches/{market_id}",
                 "/api/v1/marches/{market_id}/placements", "/api/v1/declarations",
                 "/api/v1/declarations/{declaration_id}", "/api/v1/declarations/a-valider",
                 "/api/v1/declarations/{declaration_id}/validation",
                 "/api/v1/declarations/{declaration_id}/refus"):
        assert path in schema["paths"], path
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
