"""The demo's market in drafting: a suggested legal basis, a clause drafted from the
library, the buyer's draft CCAP and a review asking for corrections, all seeded through
the operations; its consultation cannot be published yet."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from clauses.enums import DceVerdict, MarketStatus
from clauses.models import DceReview, DceVersion, DraftVersion, LotClauseChoice, Market
from clauses.operations import markets as market_ops
from clauses.rules import dce as dce_rules

pytestmark = pytest.mark.django_db


def test_the_demo_market_in_drafting_shows_the_whole_exchange(client):
    call_command("seed_demo")
    market = Market.objects.get(reference="DEMO-DIJ-03")
    facilitator = get_user_model().objects.get(username="facilitateur.dijon")

    assert market.lead_territory.slug == "bassin-dijonnais"
    assert market.status == MarketStatus.DRAFTING
    choice = LotClauseChoice.objects.get(lot__market=market)
    assert choice.suggested_basis and choice.accepted_suggestion
    draft = DraftVersion.objects.get(market=market)
    assert "1\u202f000" in next(iter(draft.articles.values()))["text"]  # the lot's hours
    assert DceVersion.objects.filter(document__market=market).count() == 1
    review = DceReview.objects.get(market=market)
    assert review.verdict == DceVerdict.TO_CORRECT
    assert review.comments.count() == 1
    with pytest.raises(ValidationError) as refused:
        market_ops.change_status(facilitator, market, MarketStatus.PUBLISHED)
    assert refused.value.messages == [dce_rules.MESSAGE_TO_CORRECT]

    client.force_login(facilitator)
    page = html.unescape(client.get(
        reverse("clauses:market_drafting", args=[market.pk])
    ).content.decode())
    assert "Fondement suggéré" in page
    assert "CCAP (projet)" in page
    assert "À corriger" in page
