"""generate_scale_data: the requested volumes, deterministic by seed, and data that the
portal's own checks would accept."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from clauses.models import Beneficiary, HoursDeclaration, Market, Placement
from clauses.rules.hours import MAX_MONTHLY_HOURS

ARGS = ["--markets", "6", "--beneficiaries", "25", "--declarations", "300"]


def generate(seed=3):
    call_command("generate_scale_data", *ARGS, "--seed", str(seed), stdout=io.StringIO())


def snapshot():
    return {
        "markets": list(Market.objects.order_by("reference").values_list(
            "reference", "buyer__slug", "lead_territory__slug", "status",
            "execution_starts_on", "execution_ends_on", "estimated_amount")),
        "people": list(Beneficiary.objects.order_by("last_name").values_list(
            "last_name", "birth_date", "sex", "territory__slug")),
        "placements": list(Placement.objects.order_by(
            "beneficiary__last_name", "starts_on", "clause__market__reference"
        ).values_list("beneficiary__last_name", "clause__market__reference",
                      "clause__lot__number", "starts_on", "ends_on", "job_label")),
        "hours": list(HoursDeclaration.objects.order_by(
            "placement__beneficiary__last_name", "placement__starts_on", "month"
        ).values_list("placement__beneficiary__last_name", "month", "hours_worked",
                      "training_hours")),
    }


def test_it_creates_the_requested_volumes(db):
    generate()

    assert Market.objects.count() == 6
    assert Beneficiary.objects.count() == 25
    assert HoursDeclaration.objects.count() == 300
    # Everyone has a placement, some a second one (a parcours).
    assert Placement.objects.values("beneficiary").distinct().count() == 25
    assert Placement.objects.count() == 30
    assert all(p.startswith("B-") for p in Beneficiary.objects.values_list("pseudonym", flat=True))


def test_the_same_seed_gives_the_same_data(db):
    with transaction.atomic():
        generate(seed=5)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Market.objects.exists()

    generate(seed=5)

    assert snapshot() == first
    with transaction.atomic():
        generate(seed=6)
        assert snapshot()["hours"] != first["hours"]
        transaction.set_rollback(True)


def test_the_data_passes_the_portals_checks(db):
    generate()

    declarations = HoursDeclaration.objects.select_related("placement__clause__market")
    assert not declarations.exclude(credited_clause=F("placement__clause")).exists()
    for d in declarations:
        placement, market = d.placement, d.placement.clause.market
        assert placement.starts_on.replace(day=1) <= d.month <= placement.ends_on
        assert market.execution_starts_on <= d.month <= market.execution_ends_on
        assert 0 < d.hours_worked + d.training_hours <= MAX_MONTHLY_HOURS
    # A person's placements are on distinct clauses, so a file names each one.
    pairs = list(Placement.objects.values_list("beneficiary", "clause"))
    assert len(pairs) == len(set(pairs))
    # Markets are followed by territories with their groups: facilitators can be named.
    assert all(m.lead_territory.facilitators_group_id for m in Market.objects.all())


def test_it_refuses_to_run_twice_with_the_same_seed(db):
    generate()

    with pytest.raises(CommandError, match="graine 3 existent déjà"):
        generate()
