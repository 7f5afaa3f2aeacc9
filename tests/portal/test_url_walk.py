"""Every URL pattern of the members' area, the account pages, the API and the admin
refuses anonymous requests.

The patterns are read from the resolver, so that a view added tomorrow
without a login check fails this test without anyone listing it here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

PROTECTED_PREFIXES = ("espace/", "compte/", "api/v1/", "admin/")

# Public on purpose, each for a reason a reviewer can check.
PUBLIC = {
    "compte/connexion/",  # where anonymous users are sent
    "compte/deconnexion/",  # a visitor is sent home; signing out needs a session anyway
    "compte/mot-de-passe/oublie/",  # password reset, for those who cannot sign in
    "compte/mot-de-passe/oublie/envoye/",
    "compte/reinitialisation/<uidb64>/<token>/",
    "compte/reinitialisation/terminee/",
    # a company referent's invitation: the person has no account yet; the signed token
    # decides, and a bad or expired one answers a French refusal
    "compte/invitation-entreprise/<str:token>/",
    "api/v1/calculateur/heures",  # the public calculator's API
    "api/v1/openapi.json",  # the API's description, no data
    "api/v1/",  # ninja's docs page, switched off (answers 404)
    "admin/login/",  # where anonymous users are sent
    "admin/logout/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/<uidb64>/<token>/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
    "admin/jsi18n/",  # the login page's translations
    "admin/sprite/",  # the login page's icons
}

SAMPLES = {"int": "1", "slug": "demo", "str": "demo", "path": "demo", "uuid": (
    "00000000-0000-0000-0000-000000000001")}
# Values for the named groups of the few regular-expression patterns.
REGEX_SAMPLES = {"revision_id_a": "earliest", "revision_id_b": "latest"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _concrete(route: str) -> str:
    """A path that the route matches, with sample values for its parameters."""
    path = re.sub(
        r"\(\?P<(\w+)>[^)]*\)", lambda m: REGEX_SAMPLES.get(m.group(1), "1"), route
    )
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], path)
    path = path.replace("^", "").replace("$", "").replace(".*", "x").replace("\\.", ".")
    return "/" + path


def _protected_routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if r.startswith(PROTECTED_PREFIXES) and r not in PUBLIC]


def _refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return "/compte/connexion/" in location or "/admin/login/" in location
    return False


def test_the_walk_covers_the_protected_areas():
    routes = _protected_routes()

    for prefix in PROTECTED_PREFIXES:
        assert sum(r.startswith(prefix) for r in routes) >= 5, prefix
    assert {"compte/jetons/", "compte/jetons/<int:token_id>/revoquer/"} <= set(routes)
    # Notifications and their e-mail preferences.
    assert {"compte/notifications/", "espace/notifications/", "espace/notifications/lues/",
            "espace/notifications/<int:pk>/", "espace/notifications/<int:pk>/lue/"} <= set(routes)
    # Company records, a company's page and the DECP import.
    assert {"espace/entreprises/", "espace/entreprises/nouvelle/", "espace/entreprises/<int:pk>/",
            "espace/entreprises/<int:pk>/modifier/",
            "espace/entreprises/<int:pk>/contacts/nouveau/",
            "espace/entreprises/<int:pk>/contacts/<int:contact_pk>/supprimer/",
            "espace/marches/decp/import/"} <= set(routes)
    # A company's follow-up: documents exchanged with it (and their files), meetings.
    assert {"espace/entreprises/<int:pk>/documents/nouveau/",
            "espace/entreprises/<int:pk>/documents/<int:document_pk>/",
            "espace/entreprises/<int:pk>/documents/<int:document_pk>/supprimer/",
            "espace/entreprises/<int:pk>/echanges/nouveau/",
            "espace/entreprises/<int:pk>/echanges/<int:meeting_pk>/supprimer/"} <= set(routes)
    # The lists of the members' area with their files, the globalisation screens and
    # the workspaces' list.
    lists = ("espace/marches/previsions/", "espace/marches/placements/",
             "espace/marches/heures/", "espace/marches/sorties/", "espace/beneficiaires/")
    assert {*lists, *(f"{route}export.<str:fmt>" for route in lists),
            "espace/marches/export.<str:fmt>", "espace/marches/globalisation/",
            "espace/marches/globalisation/nouvel-accord/",
            "espace/marches/globalisation/<int:pk>/modifier/",
            "espace/marches/globalisation/<int:pk>/supprimer/",
            "espace/espaces/"} <= set(routes)


@pytest.mark.django_db
@pytest.mark.parametrize("route", _protected_routes())
def test_anonymous_request_is_refused(client, route):
    path = _concrete(route)
    # The sample path reaches this very pattern (Django drops the inner "^").
    assert resolve(path).route == route.replace("^", "")

    responses = {method: getattr(client, method)(path) for method in ("get", "post")}

    answered = {m: r for m, r in responses.items() if r.status_code != 405}
    assert answered, f"{path}: no method answers"
    for method, response in answered.items():
        assert _refused(response), (method.upper(), path, response.status_code,
                                    response.headers.get("Location"))
