"""Purging personal data (clauses.personal_data.purge) leaves every indicator unchanged."""

import datetime

import pytest

from clauses.bilans.enums import ConventionBilanKind, ScopeKind
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.key_figures import compute_key_figures
from clauses.bilans.scopes import Period, Scope, convention_period
from clauses.models import Beneficiary, Placement
from tests.clauses.bilan_factories import build_dataset

personal_data = pytest.importorskip(
    "clauses.personal_data", reason="the purge (clauses/personal_data.py) is not written yet"
)

pytestmark = pytest.mark.django_db


def every_bilan(data) -> dict:
    scopes = [
        Scope(ScopeKind.NATIONAL, None, Period.year(2023)),
        Scope(ScopeKind.NATIONAL, None, Period.year(2024)),
        Scope(ScopeKind.NETWORK, data.network, Period.year(2024)),
        Scope(ScopeKind.TERRITORY, data.t1, Period.year(2024)),
        Scope(ScopeKind.BUYER, data.buyer1, Period.year(2024)),
        Scope(ScopeKind.MARKET, data.markets["M1"], Period()),
        Scope(ScopeKind.CONVENTION, data.convention,
              convention_period(data.convention, ConventionBilanKind.FINAL)),
    ]
    bilans = {scope.key + scope.period.label: compute_bilan(scope) for scope in scopes}
    bilans["chiffres-cles"] = [
        (y.year, [(c.territory, c.hours, c.people, c.markets, c.hidden)
                  for c in [*y.territories, y.total]])
        for y in compute_key_figures()
    ]
    return bilans


def test_purging_personal_data_leaves_every_indicator_unchanged():
    data = build_dataset()
    # Close the open placements, so that every person is due for the purge.
    Placement.objects.filter(ends_on__isnull=True).update(ends_on=datetime.date(2024, 12, 31))
    before = every_bilan(data)
    births_before = dict(Beneficiary.objects.values_list("pk", "birth_date"))

    purged = personal_data.purge(today=datetime.date(2031, 1, 1))

    assert purged == len(data.people)
    assert not Beneficiary.objects.filter(anonymised_at__isnull=True).exists()
    assert set(Beneficiary.objects.values_list("last_name", flat=True)) == {""}
    # Birth dates were blurred, yet the age bands did not move.
    assert dict(Beneficiary.objects.values_list("pk", "birth_date")) != births_before
    assert every_bilan(data) == before
