"""python manage.py generate_scale_data --markets N --beneficiaries N --declarations N --seed S"""

import datetime
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from clauses import events
from clauses.bilans import figures
from clauses.enums import (
    ClauseHoursMode,
    ContractType,
    DiplomaLevel,
    EligibilityCriterion,
    MarketStatus,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
    Sex,
)
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    HoursDeclaration,
    Lot,
    Market,
    Outcome,
    Placement,
)
from clauses.search_text import market_search_text
from network.enums import OrganisationKind
from network.models import Network, Organisation, Territory
from portal.core.vocabulary import LegalBasis, MarketCategory

BATCH = 20_000
# A fixed window, so that the same seed gives the same data whatever the day.
FIRST_MONTH = datetime.date(2018, 1, 1)
LAST_MONTH = datetime.date(2024, 12, 1)
# Markets run at least 25 months: a placement of at most 24 fits in any of them.
MAX_PLACEMENT_MONTHS = 24
FIRST_NAMES = ["Camille", "Dominique", "Alex", "Sacha", "Claude", "Lou", "Morgan", "Charlie",
               "Yannick", "Maxime", "Noa", "Andrea"]
LAST_NAMES = ["Exemple", "Fictif", "Modèle", "Témoin", "Essai", "Charge", "Mesure", "Volume"]
TRADES = ["Maçon", "Agent d'entretien", "Peintre", "Manœuvre", "Ouvrier paysagiste",
          "Agent de propreté", "Électricien", "Plaquiste"]


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _end_of_month(month: datetime.date) -> datetime.date:
    return _add_months(month, 1) - datetime.timedelta(days=1)


class Generator:
    """Builds the rows in memory by batches, with explicit primary keys, so that
    beneficiaries get their usual pseudonym (B-<pk>) without a second pass."""

    def __init__(self, seed: int, markets: int, beneficiaries: int, declarations: int, out):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, no secret
        self.seed = seed
        self.counts = {"markets": markets, "beneficiaries": beneficiaries,
                       "declarations": declarations}
        self.out = out
        self.prefix = f"CHG{seed}-"

    def next_pk(self, model) -> int:
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def save(self, model, rows: list) -> None:
        model.objects.bulk_create(rows, batch_size=None if connection.vendor == "sqlite" else 5000)

    def run(self) -> dict:
        n_markets = self.counts["markets"]
        network = Network.objects.create(
            name=f"Réseau de charge (graine {self.seed})", acronym=f"CHARGE{self.seed}",
            slug=f"charge-{self.seed}",
        )
        # Territories go through their save signal: they get their groups, so that
        # accounts can be made facilitators of them for the benchmarks.
        territories = [
            Territory.objects.create(
                name=f"Territoire de charge {self.seed}-{i:03d}",
                slug=f"charge-{self.seed}-t{i:03d}", network=network, departements=["21"],
            )
            for i in range(1, max(2, min(100, n_markets // 200)) + 1)
        ]
        organisations = self._organisations(n_markets)
        buyers = [o for o in organisations if o.kind == OrganisationKind.LOCAL_AUTHORITY]
        contractors = [o for o in organisations if o.kind == OrganisationKind.COMPANY]
        clauses_by_territory = self._markets(territories, buyers, contractors)
        beneficiary_territories = self._beneficiaries(territories)
        placements = self._placements(beneficiary_territories, clauses_by_territory, contractors)
        self._declarations(placements)
        self._reset_sequences()
        return {
            "territoires": len(territories), "organisations": len(organisations),
            "marchés": n_markets, "bénéficiaires": self.counts["beneficiaries"],
            "placements": len(placements), "déclarations": self.counts["declarations"],
        }

    def _organisations(self, n_markets: int) -> list:
        pk = self.next_pk(Organisation)
        rows = []
        for kind, label, count in (
            (OrganisationKind.LOCAL_AUTHORITY, "Acheteur", max(2, min(400, n_markets // 50))),
            (OrganisationKind.COMPANY, "Entreprise", max(5, min(2000, n_markets // 10))),
        ):
            for i in range(1, count + 1):
                rows.append(Organisation(
                    pk=pk, name=f"{label} de charge {self.seed}-{i:04d}", kind=kind,
                    slug=f"charge-{self.seed}-{kind}-{i:04d}", city="Dijon",
                ))
                pk += 1
        self.save(Organisation, rows)
        return rows

    def _markets(self, territories, buyers, contractors) -> dict:
        rng = self.rng
        market_pk, lot_pk, clause_pk = (self.next_pk(m) for m in (Market, Lot, Clause))
        markets, lots, clauses = [], [], []
        clauses_by_territory = defaultdict(list)
        statuses = [MarketStatus.IN_EXECUTION] * 7 + [MarketStatus.COMPLETED] * 2 + [
            MarketStatus.AWARDED]
        for i in range(1, self.counts["markets"] + 1):
            start = _add_months(FIRST_MONTH, rng.randrange(0, 48))
            end = _end_of_month(min(_add_months(start, rng.randrange(24, 48)), LAST_MONTH))
            territory = rng.choice(territories)
            buyer = rng.choice(buyers)
            markets.append(Market(
                pk=market_pk, reference=f"{self.prefix}{i:06d}",
                title=f"Marché de charge {i}", buyer_id=buyer.pk,
                search_text=market_search_text(
                    f"{self.prefix}{i:06d}", f"Marché de charge {i}", buyer.name,
                    territory.name, ""),
                lead_territory_id=territory.pk, programme_year=start.year - 1,
                category=rng.choice(MarketCategory.values), status=rng.choice(statuses),
                estimated_amount=Decimal(rng.randrange(100_000, 5_000_000)),
                execution_starts_on=start, execution_ends_on=end,
                forecast_received_on=start - datetime.timedelta(days=300),
            ))
            for number in range(1, rng.randint(1, 3) + 1):
                lots.append(Lot(pk=lot_pk, market_id=market_pk, number=number,
                                title=f"Lot {number}", contractor_id=rng.choice(contractors).pk,
                                amount=Decimal(rng.randrange(50_000, 2_000_000))))
                clauses.append(Clause(
                    pk=clause_pk, market_id=market_pk, lot_id=lot_pk,
                    legal_basis=LegalBasis.EXECUTION_CONDITION,
                    hours_mode=ClauseHoursMode.FIXED,
                    required_hours=Decimal(rng.randrange(200, 5000)),
                ))
                clauses_by_territory[territory.pk].append((clause_pk, start, end))
                lot_pk += 1
                clause_pk += 1
            market_pk += 1
        for model, rows in ((Market, markets), (Lot, lots), (Clause, clauses)):
            self.save(model, rows)
        self.out(f"{len(markets)} marchés, {len(lots)} lots, {len(clauses)} clauses")
        return clauses_by_territory

    def _beneficiaries(self, territories) -> list[int]:
        rng = self.rng
        pk = self.next_pk(Beneficiary)
        territory_of = []
        rows, criteria = [], []
        criteria_values = EligibilityCriterion.values
        for i in range(self.counts["beneficiaries"]):
            territory = rng.choice(territories).pk
            territory_of.append((pk, territory))
            rows.append(Beneficiary(
                pk=pk, pseudonym=f"B-{pk:04d}", territory_id=territory,
                first_name=rng.choice(FIRST_NAMES), last_name=f"{rng.choice(LAST_NAMES)} {i}",
                birth_date=datetime.date(rng.randint(1960, 2004), rng.randint(1, 12),
                                         rng.randint(1, 28)),
                sex=rng.choice(Sex.values), diploma_level=rng.choice(DiplomaLevel.values),
                qpv_resident=rng.random() < 0.3, postal_code="21000", commune="Dijon",
            ))
            for criterion in rng.sample(criteria_values, rng.randint(1, 2)):
                criteria.append(BeneficiaryCriterion(beneficiary_id=pk, criterion=criterion))
            pk += 1
            if len(rows) >= BATCH:
                self.save(Beneficiary, rows)
                rows = []
        self.save(Beneficiary, rows)
        self.save(BeneficiaryCriterion, criteria)
        self.out(f"{len(territory_of)} bénéficiaires")
        return territory_of

    def _placements(self, people, clauses_by_territory, employers) -> list:
        """Enough placements for the declarations, each at most 24 months long; every
        beneficiary gets one, some several (a parcours)."""
        rng = self.rng
        wanted = self.counts["declarations"]
        count = max(len(people) * 6 // 5, math.ceil(wanted / MAX_PLACEMENT_MONTHS))
        pk = self.next_pk(Placement)
        placements, rows = [], []
        all_clauses = [clause for group in clauses_by_territory.values() for clause in group]
        used = defaultdict(set)
        for index in range(count):
            months = wanted // count + (1 if index < wanted % count else 0)
            beneficiary, territory = people[index % len(people)]
            choices = clauses_by_territory.get(territory) or all_clauses
            # A second placement goes to another clause: two placements of one person
            # on the same clause and month could not be told apart by an import.
            for _ in range(5):
                clause_id, start, end = rng.choice(choices)
                if clause_id not in used[beneficiary]:
                    break
                choices = all_clauses
            used[beneficiary].add(clause_id)
            span = max(0, _months_between(start, end.replace(day=1)) + 1 - months)
            first = _add_months(start, rng.randrange(0, span + 1))
            if months > 0 and _add_months(first, months - 1) > LAST_MONTH:
                first = _add_months(LAST_MONTH, 1 - months)
            rows.append(Placement(
                pk=pk, beneficiary_id=beneficiary, clause_id=clause_id,
                employer_id=rng.choice(employers).pk, modality=rng.choice(Modality.values),
                contract_type=rng.choice(ContractType.values), job_label=rng.choice(TRADES),
                starts_on=first + datetime.timedelta(days=rng.randrange(0, 10)),
                ends_on=_end_of_month(_add_months(first, max(months, 1) - 1)),
            ))
            placements.append((pk, clause_id, first, months))
            pk += 1
            if len(rows) >= BATCH:
                self.save(Placement, rows)
                rows = []
        self.save(Placement, rows)
        outcomes = [
            Outcome(placement_id=placement_pk, moment=OutcomeMoment.END,
                    category=rng.choice(OutcomeCategory.values),
                    observed_on=_end_of_month(_add_months(first, max(months, 1) - 1)))
            for placement_pk, _, first, months in placements if rng.random() < 0.6
        ]
        self.save(Outcome, outcomes)
        self.out(f"{len(placements)} placements, {len(outcomes)} sorties")
        return placements

    def _declarations(self, placements) -> None:
        rng = self.rng
        rows, total = [], 0
        for placement_pk, clause_id, first, months in placements:
            for offset in range(months):
                rows.append(HoursDeclaration(
                    placement_id=placement_pk, month=_add_months(first, offset),
                    hours_worked=Decimal(rng.randrange(2000, 15167)) / 100,
                    training_hours=Decimal(7) if rng.random() < 0.1 else Decimal(0),
                    credited_clause_id=clause_id,
                ))
            if len(rows) >= BATCH:
                self.save(HoursDeclaration, rows)
                total += len(rows)
                self.out(f"  {total} déclarations…")
                rows = []
        self.save(HoursDeclaration, rows)
        self.out(f"{total + len(rows)} déclarations d'heures")

    def _reset_sequences(self) -> None:
        # Explicit keys leave PostgreSQL's sequences behind; SQLite follows by itself.
        models = [Organisation, Market, Lot, Clause, Beneficiary, Placement]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class Command(BaseCommand):
    help = (
        "Crée des données de charge déterministes (même graine, mêmes données) pour les "
        "mesures de performance : un réseau, ses territoires, des acheteurs et des "
        "entreprises, des marchés avec lots et clauses, des bénéficiaires fictifs, leurs "
        "placements, sorties et déclarations d'heures (de 2018 à 2024). Écrit par lots, "
        "sans signal ligne par ligne ; fonctionne avec SQLite et PostgreSQL. Les "
        "publications (pages Wagtail) ne sont pas créées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--markets", type=int, default=200, help="Nombre de marchés.")
        parser.add_argument("--beneficiaries", type=int, default=1000,
                            help="Nombre de bénéficiaires.")
        parser.add_argument("--declarations", type=int, default=10_000,
                            help="Nombre de déclarations mensuelles d'heures.")
        parser.add_argument("--seed", type=int, default=1, help="Graine (1 par défaut).")

    def handle(self, *args, markets, beneficiaries, declarations, seed, **options):
        if min(markets, beneficiaries) < 1 or declarations < 0:
            raise CommandError("Il faut au moins un marché et un bénéficiaire.")
        if Market.objects.filter(reference__startswith=f"CHG{seed}-").exists() or (
            Network.objects.filter(slug=f"charge-{seed}").exists()
        ):
            raise CommandError(
                f"Des données de charge de graine {seed} existent déjà dans cette base : "
                "choisissez une autre graine ou une base neuve."
            )
        generator = Generator(seed, markets, beneficiaries, declarations, self.stdout.write)
        with transaction.atomic():
            summary = generator.run()
            # Written in bulk, without the model signals: the bilans' figures are made
            # again, and the lists and the search index hear of the new markets through
            # the one event.
            figures.rebuild()
            events.announce(Market.objects.filter(
                reference__startswith=generator.prefix
            ).values_list("pk", flat=True))
        # Fresh statistics: right after a bulk load the planner would otherwise take the
        # tables for empty and pick plans that do not scale.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            "Données de charge créées : " + ", ".join(f"{v} {k}" for k, v in summary.items())
        ))
