import pytest

pytestmark = pytest.mark.django_db


def test_public_page_has_a_strict_content_security_policy(client, home_page):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    assert "object-src 'none'" in csp


def test_public_page_sends_the_hardening_headers(client, home_page):
    response = client.get("/")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "X-Frame-Options" in response.headers


def test_public_page_for_a_visitor_may_be_cached_by_shared_caches(client, home_page):
    response = client.get("/")

    assert "private" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/does-not-exist"])
def test_admin_and_private_areas_are_never_kept_by_shared_caches(client, path):
    response = client.get(path)

    cache_control = response.headers.get("Cache-Control", "")
    assert "private" in cache_control
    assert "no-store" in cache_control or "no-cache" in cache_control


def test_signed_in_answers_are_private(client, home_page, django_user_model):
    user = django_user_model.objects.create_user("membre", password="mot-de-passe-solide")
    client.force_login(user)

    response = client.get("/")

    assert "private" in response.headers["Cache-Control"]
