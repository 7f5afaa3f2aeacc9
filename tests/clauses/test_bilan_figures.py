"""The bilans read maintained figures (each placement's hours per year and month, with
what the typology reads of the person and whose hours they are; each market's, summed
from its clauses' placements): after any sequence of
operations (declare, correct, delete, globalise, import, change a placement, change a
person's record or criteria, change a lot's contractor or a clause's lot or market, merge two
records, purge, delete a placement) they give exactly the bilan the declarations give,
and exactly what a rebuild from scratch gives."""

import contextlib
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from clauses import personal_data
from clauses.bilans import figures
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.scopes import Period, find_scope
from clauses.imports.monthly_hours import import_hours
from clauses.models import (
    BeneficiaryCriterion,
    HoursDeclaration,
    MarketYear,
    Placement,
    PlacementYear,
)
from clauses.operations import declarations, hours_review, markets, people, placements
from tests.clauses.bilan_reference import bilan_from_declarations
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    ContractorFactory,
    GlobalisationAgreementFactory,
    LotFactory,
    MarketFactory,
)

pytestmark = pytest.mark.django_db

MONTHS = [datetime.date(2025, m, 1) for m in range(1, 13)]
MODALITIES = [("embauche_directe", "cdd"), ("mise_a_disposition", "interim"),
              ("formation", "formation")]
DIPLOMAS = ["", "sans_diplome", "niveau_4", "niveau_6"]


def snapshot():
    tables = []
    for model in (PlacementYear, MarketYear):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        tables.append(sorted(model.objects.values_list(*fields)))
    return tables


@pytest.fixture
def scene(world):
    """The world's market and a second one of the same contractor, pooled by a
    globalisation agreement, with several people placed on both."""
    contractor = world.clause.lot.contractor
    other = MarketFactory(buyer=world.buyer, lead_territory=world.dijon, status="en_execution",
                          execution_starts_on=datetime.date(2025, 1, 1),
                          execution_ends_on=datetime.date(2025, 12, 31))
    pooled = ClauseFactory(market=other, lot=LotFactory(market=other, contractor=contractor))
    GlobalisationAgreementFactory(contractor=contractor, clauses=[world.clause, pooled])
    actor = world.users["facilitateur_territoire"]
    employer = ContractorFactory(kind="siae_etti")
    persons = [world.beneficiary] + [
        BeneficiaryFactory(territory=world.dijon, birth_date=datetime.date(1960 + 9 * i, 3, 2),
                           sex="MF"[i % 2], criteria=[["rsa"], ["rqth"], ["ass", "rsa"]][i % 3])
        for i in range(4)
    ]
    for index, person in enumerate(persons[1:]):
        modality, contract = MODALITIES[index % len(MODALITIES)]
        placements.open_placement(
            actor, beneficiary=person, clause=world.clause if index % 2 else pooled,
            employer=employer, modality=modality, contract_type=contract, rome_code="F1703",
            job_label="Maçon", starts_on=datetime.date(2025, 1 + index, 3), ends_on=None,
        )
    return {"world": world, "actor": actor, "clauses": [world.clause, pooled],
            "persons": persons, "contractors": [contractor, ContractorFactory()]}


def _random_step(rng, scene):
    actor = scene["actor"]
    every = list(Placement.objects.select_related("clause__market", "beneficiary"))
    placement = rng.choice(every)
    kind = rng.choice(["declare", "declare", "declare", "correct", "delete", "modality",
                       "import", "close", "person", "contractor", "lot"])
    if kind == "declare":
        declarations.declare_hours(
            actor, placement, month=rng.choice(MONTHS),
            hours_worked=Decimal(rng.randint(1, 150)), training_hours=Decimal(rng.randint(0, 9)),
            credited_clause=rng.choice(scene["clauses"]),
        )
    elif kind in ("correct", "delete"):
        declaration = HoursDeclaration.objects.order_by("?").first()
        if declaration is None:
            return
        if kind == "delete":
            declarations.delete_declaration(actor, declaration)
            return
        declarations.correct_hours(
            actor, declaration, version=declaration.version,
            month=rng.choice(MONTHS), hours_worked=Decimal(rng.randint(0, 120)),
            training_hours=Decimal(rng.randint(1, 5)),
            credited_clause=rng.choice(scene["clauses"]),
        )
    elif kind == "modality":
        modality, contract = rng.choice(MODALITIES)
        placements.change_placement(actor, placement, version=placement.version,
                                    modality=modality, contract_type=contract)
    elif kind == "person":
        person = placement.beneficiary
        people.update_beneficiary(
            actor, person, version=person.version,
            birth_date=datetime.date(rng.randint(1962, 1998), rng.randint(1, 12),
                                     rng.randint(1, 28)),
            sex=rng.choice(["F", "M", ""]), diploma_level=rng.choice(DIPLOMAS),
            qpv_resident=rng.random() < 0.5,
            criteria=rng.sample(["rsa", "ass", "aah", "rqth"], rng.randint(0, 2)),
        )
    elif kind == "contractor":
        clause = rng.choice(scene["clauses"])
        clause.refresh_from_db()
        if clause.lot_id:
            markets.save_lot(actor, clause.market, clause.lot,
                             contractor=rng.choice(scene["contractors"]))
    elif kind == "lot":
        # The clause moves to another lot of its market, or to the whole market.
        clause = rng.choice(scene["clauses"])
        clause.refresh_from_db()
        lot = None if clause.lot_id and rng.random() < 0.5 else LotFactory(
            market=clause.market, contractor=rng.choice(scene["contractors"])
        )
        markets.save_clause(actor, clause.market, clause, lot=lot,
                            fixed_hours=clause.required_hours)
    elif kind == "close":
        placements.change_placement(actor, placement, version=placement.version,
                                    ends_on=datetime.date(2025, 12, 31))
    else:
        month = rng.choice(MONTHS)
        lot = placement.clause.lot.number if placement.clause.lot_id else ""
        data = io.BytesIO(
            "marche;lot;beneficiaire;mois;heures;heures_formation\n"
            f"{placement.clause.market.reference};{lot};{placement.beneficiary.pseudonym};"
            f"{month:%Y-%m};{rng.randint(1, 100)};2\n".encode()
        )
        data.name = "heures.csv"
        import_hours(data, user=actor, today=datetime.date(2026, 1, 15))


def _scopes(world):
    periods = [Period.year(2025), Period.between(datetime.date(2025, 3, 15),
                                                 datetime.date(2025, 8, 2)),
               Period(), Period.year(2024)]
    keys = [("national", None), ("territoire", world.dijon.slug),
            ("marche", world.market.pk), ("acheteur", world.buyer.pk)]
    return [find_scope(kind, ident, period) for kind, ident in keys for period in periods]


def _check(world):
    for scope in _scopes(world):
        assert compute_bilan(scope) == bilan_from_declarations(scope), scope.label
    maintained = snapshot()
    figures.rebuild()
    assert snapshot() == maintained


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_figures_follow_any_sequence_of_operations(scene, seed):
    rng = random.Random(seed)  # a reproducible sequence
    for _ in range(40):
        # A step the rules refuse changes nothing: the figures must agree all the same.
        with contextlib.suppress(ValidationError):
            _random_step(rng, scene)
    assert HoursDeclaration.objects.exists()
    _check(scene["world"])


def test_a_merge_and_a_purge_keep_the_figures_exact(scene):
    world, actor = scene["world"], scene["actor"]
    twin = BeneficiaryFactory(territory=world.dijon, last_name="Testelin", first_name="Aurore")
    placement = placements.open_placement(
        actor, beneficiary=twin, clause=world.clause, employer=world.placement.employer,
        modality="embauche_directe", contract_type="cdi", rome_code="F1703",
        job_label="Coffreur", starts_on=datetime.date(2025, 4, 1), ends_on=None,
    )
    declarations.declare_hours(actor, placement, month=datetime.date(2025, 5, 1),
                               hours_worked=Decimal(40))
    people.merge_beneficiaries(actor, world.beneficiary, twin)
    _check(world)

    personal_data.purge(today=datetime.date(2032, 1, 1))
    _check(world)


def test_a_person_changed_outside_the_operations_keeps_the_figures_exact(scene):
    # As the admin does: the record and its criteria saved or deleted one by one.
    world = scene["world"]
    person = scene["persons"][1]
    person.birth_date, person.sex, person.derogation = datetime.date(1999, 12, 31), "", True
    person.save()
    BeneficiaryCriterion.objects.create(beneficiary=person, criterion="aah")
    _check(world)

    person.criteria.first().delete()
    _check(world)


def test_a_lot_or_a_clause_changed_outside_the_operations_keeps_the_figures_exact(scene):
    # As the admin does: the lot's contractor, then the clause's lot, saved on the model.
    world, actor = scene["world"], scene["actor"]
    declarations.declare_hours(actor, world.placement, month=datetime.date(2025, 6, 1),
                               hours_worked=Decimal(30))
    lot = world.clause.lot
    lot.contractor = scene["contractors"][1]
    lot.save()
    _check(world)
    assert PlacementYear.objects.filter(company=scene["contractors"][1]).exists()

    world.clause.lot = None
    world.clause.save()
    _check(world)
    assert not PlacementYear.objects.filter(company=scene["contractors"][1]).exists()


def test_a_clause_moved_to_another_market_keeps_the_figures_exact(scene):
    # As the admin could: the clause's market changed on the model; the market it left
    # loses its hours, the one it joined gains them.
    world, actor = scene["world"], scene["actor"]
    declarations.declare_hours(actor, world.placement, month=datetime.date(2025, 6, 1),
                               hours_worked=Decimal(30))
    left = world.clause.market
    assert MarketYear.objects.filter(market=left).exists()
    pooled = scene["clauses"][1]
    world.clause.market, world.clause.lot = pooled.market, None
    world.clause.save()
    _check(world)
    assert MarketYear.objects.filter(market=pooled.market, year=2025).exists()


def test_a_deleted_placement_leaves_no_figure(scene):
    world, actor = scene["world"], scene["actor"]
    placement = Placement.objects.exclude(pk=world.placement.pk).first()
    declarations.declare_hours(actor, placement, month=datetime.date(2025, 6, 1),
                               hours_worked=Decimal(30))

    placements.delete_placement(actor, placement)

    assert not PlacementYear.objects.filter(placement_id=placement.pk).exists()
    _check(world)


def test_the_command_rebuilds_them(scene, capsys):
    PlacementYear.objects.all().delete()
    MarketYear.objects.all().delete()

    call_command("rebuild_bilan_figures")

    assert "Chiffres des bilans reconstruits" in capsys.readouterr().out
    assert PlacementYear.objects.exists()
    assert MarketYear.objects.exists()
    _check(scene["world"])


def test_a_companys_hours_enter_the_figures_once_validated(scene):
    world, actor = scene["world"], scene["actor"]
    referent = world.users["referent_entreprise"]
    before = snapshot()
    declared = declarations.declare_hours(referent, world.placement,
                                          month=datetime.date(2025, 7, 1),
                                          hours_worked=Decimal(60))
    refused = declarations.declare_hours(referent, world.placement,
                                         month=datetime.date(2025, 8, 1),
                                         hours_worked=Decimal(25))
    assert snapshot() == before
    _check(world)

    hours_review.validate_hours(actor, declared)
    hours_review.reject_hours(actor, refused, reason="Mois non travaillé.")
    july = PlacementYear.objects.get(placement=world.placement, year=2025)
    assert july.worked >= Decimal(60)
    assert snapshot() != before
    _check(world)
