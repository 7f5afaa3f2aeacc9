"""Who sees and does what of a market's drafting: the lot's legal basis, the draft and
its versions, the DCE documents and the reviews. The role × object matrix asked of
network.permissions and through the pages: another organisation's buyer referent, a
facilitator of another territory, a plain member and anonymous visitors see none of it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from clauses.enums import DceVerdict, MarketStatus
from clauses.models import DraftVersion, LotClauseChoice
from network.permissions import Action, filter_queryset, has_permission
from tests.clauses.factories import (
    DceDocumentFactory,
    DceReviewFactory,
    DceVersionFactory,
    LotFactory,
)
from tests.clauses.test_permission_matrix import ROLES

pytestmark = pytest.mark.django_db

# (view, change) of every drafting object, as of its market.
SEES_AND_CHANGES = {
    "facilitateur_territoire": (True, True),
    "coordinateur": (True, True),
    "referent_acheteur": (True, False),
    "co_territoire": (True, False),
}
# (send the DCE, review it, publish without a conforming review) on the market.
DCE_ACTIONS = {
    "facilitateur_territoire": (True, True, False),
    "coordinateur": (True, True, True),
    "referent_acheteur": (True, False, False),
}
MATRIX_ROLES = [*ROLES, "co_territoire"]


@pytest.fixture
def drafted(world):
    """The world's market in drafting, with a lot's choice, a draft, a DCE and a review."""
    market = world.market
    market.status = MarketStatus.DRAFTING
    market.save()
    lot = LotFactory(market=market, contractor=None)
    version = DceVersionFactory(document=DceDocumentFactory(market=market))
    return {
        "choice": LotClauseChoice.objects.create(lot=lot, suggested_basis="condition_execution"),
        "draft": DraftVersion.objects.create(market=market, number=1, articles={str(lot.pk): {
            "number": lot.number, "lot_title": lot.title, "legal_basis": "condition_execution",
            "template_title": "Modèle", "text": "Texte de l'article."}}),
        "document": version.document,
        "version": version,
        "review": DceReviewFactory(market=market, verdict=DceVerdict.TO_CORRECT),
        "lot": lot,
    }


def _user(world, role):
    if role == "co_territoire":
        world.market.territories.add(world.nevers)
        return world.users["facilitateur_autre_territoire"]
    return AnonymousUser() if role == "anonyme" else world.users[role]


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("kind", ["choice", "draft", "document", "version", "review"])
def test_drafting_objects_are_seen_as_their_market_and_changed_from_its_lead(
    world, drafted, kind, role
):
    user = _user(world, role)
    obj = drafted[kind]

    got = tuple(has_permission(user, action, obj) for action in (Action.VIEW, Action.CHANGE))

    assert got == SEES_AND_CHANGES.get(role, (False, False))
    listed = tuple(
        filter_queryset(user, action, type(obj).objects.all()).filter(pk=obj.pk).exists()
        for action in (Action.VIEW, Action.CHANGE)
    )
    assert listed == got


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_who_sends_reviews_and_overrides_the_dce(world, drafted, role):
    user = _user(world, role)
    actions = (Action.SUBMIT_DCE, Action.REVIEW_DCE, Action.OVERRIDE_PUBLICATION)

    got = tuple(has_permission(user, action, world.market) for action in actions)

    assert got == DCE_ACTIONS.get(role, (False, False, False))


def _close(response) -> None:
    """Close a served file as a server does, without the end-of-request signal closing
    the test's database connection (the test client keeps it open the same way)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _pages(world, drafted):
    market = world.market
    return {
        "rédaction": reverse("clauses:market_drafting", args=[market.pk]),
        "export": reverse("clauses:draft_export", args=[market.pk, "docx"]),
        "fichier du DCE": reverse("clauses:dce_download",
                                  args=[market.pk, drafted["version"].pk]),
    }


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_the_drafting_pages_answer_404_to_whoever_may_not_see_the_market(
    client, world, drafted, role
):
    user = _user(world, role)
    if role != "anonyme":
        client.force_login(user)
    for name, url in _pages(world, drafted).items():
        response = client.get(url)
        _close(response)
        if role == "anonyme":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/compte/connexion/")
        elif role in SEES_AND_CHANGES:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 404, name


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_the_drafting_forms_refuse_whoever_may_not_act(client, world, drafted, role):
    """Posting to each form: 404 to whoever may not see the market, 403 to whoever sees
    it but may not do that; nothing is written."""
    user = _user(world, role)
    if role == "anonyme":
        return
    client.force_login(user)
    market, lot = world.market, drafted["lot"]
    posts = {
        Action.CHANGE: [
            reverse("clauses:lot_basis", args=[market.pk, lot.pk]),
            reverse("clauses:lot_template", args=[market.pk, lot.pk]),
            reverse("clauses:lot_article", args=[market.pk, lot.pk]),
        ],
        Action.SUBMIT_DCE: [
            reverse("clauses:dce_upload", args=[market.pk]),
            reverse("clauses:dce_new_version", args=[market.pk, drafted["document"].pk]),
        ],
        Action.REVIEW_DCE: [reverse("clauses:dce_review", args=[market.pk])],
    }
    before = (DraftVersion.objects.count(), drafted["version"].document.versions.count())
    for action, urls in posts.items():
        allowed = has_permission(user, action, market)
        for url in urls:
            status = client.post(url, {}).status_code
            if role not in SEES_AND_CHANGES:
                assert status == 404, url
            elif not allowed:
                assert status == 403, url
            else:
                assert status in (400, 200), url  # an empty form comes back
    assert (DraftVersion.objects.count(),
            drafted["version"].document.versions.count()) == before
