"""Demo data of the clauses app (seed_demo). Idempotent.

Runs after network.demo: it finds the Bassin dijonnais and Agglomération de Nevers
territories, the CMRA and the demo accounts by slug and username, and skips with a
message when they are missing. For each territory it adds one market in every status
with its lots, clauses computed by clauses.calculator, obviously fictitious
beneficiaries, placements, twelve months of hours and outcomes: every step through the
domain operations (clauses.operations), as the person whose job it is, so that the demo
obeys the rules and a rule it would break stops seed_demo with its French message. A
market that already exists (same reference) is left as it is. The operations notify
whom they concern (clauses.notifications), and the reminders due today are produced at
the end (clauses.reminders), so that each demo account finds notifications waiting.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clauses import demo_company, demo_drafting, demo_followup, reminders
from clauses.enums import (
    ClauseHoursMode,
    ContractType,
    DiplomaLevel,
    EligibilityCriterion,
    Feasibility,
    MarketStatus,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
    Procedure,
    Sex,
)
from clauses.models import Beneficiary, Clause, GlobalisationAgreement, Market, Trade
from clauses.operations import companies as company_ops
from clauses.operations import declarations as declaration_ops
from clauses.operations import forecasts as forecast_ops
from clauses.operations import globalisation as globalisation_ops
from clauses.operations import markets as market_ops
from clauses.operations import people as people_ops
from clauses.operations import placements as placement_ops
from clauses.operations.common import SYSTEM
from network.enums import OrganisationKind
from network.models import Organisation, Territory
from portal.core.vocabulary import DecpConsideration, LegalBasis, MarketCategory

S = MarketStatus
TERRITORIES = {"bassin-dijonnais": "DIJ", "agglomeration-nevers": "NEV"}
FACILITATORS = {"bassin-dijonnais": "facilitateur.dijon",
                "agglomeration-nevers": "facilitateur.nevers"}
CMRA_SLUG = "mission-regionale-achats-etat-bourgogne"
HISTORY_OVERRIDE = (
    "Consultation publiée avant la relecture des DCE sur le portail (données de "
    "démonstration)."
)

# slug: SIRET (fictitious, with a valid key), legal form, NAF code, city, postal code,
# and a contact (name, role, e-mail, phone) — every one of them made up.
DEMO_COMPANIES = {
    "demo-batiments-exemple": ("00009900100018", "SAS", "41.20B", "Dijon", "21000",
                               ("Claire Exemple", "Responsable des ressources humaines",
                                "rh@batiments-exemple.example", "03 80 00 00 11")),
    "demo-proprete-fictive": ("00009900200016", "SARL", "81.21Z", "Nevers", "58000",
                              ("Paul Fictif", "Chef d'exploitation",
                               "exploitation@proprete-fictive.example", "03 86 00 00 12")),
    "demo-espaces-verts-modele": ("00009900300014", "SAS", "81.30Z", "Chenôve", "21300",
                                  ("Inès Modèle", "Gérante", "contact@espaces-verts.example",
                                   "03 80 00 00 13")),
    "demo-aci-exemple": ("00009900400012", "Association", "88.99B", "Dijon", "21000",
                         ("Marc Exemple", "Encadrant technique d'insertion",
                          "aci@exemple.example", "03 80 00 00 14")),
    "demo-etti-exemple": ("00009900500019", "SAS", "78.20Z", "Nevers", "58000",
                          ("Lina Exemple", "Chargée de recrutement", "etti@exemple.example",
                           "03 86 00 00 15")),
    "demo-geiq-exemple": ("00009900600017", "Association", "78.30Z", "Dijon", "21000",
                          ("Hugo Exemple", "Coordinateur du GEIQ", "geiq@exemple.example",
                           "03 80 00 00 16")),
}

# slug, name, kind — every name says it is fictitious.
DEMO_ORGANISATIONS = [
    ("demo-batiments-exemple", "Bâtiments Exemple SAS (fictif)", OrganisationKind.COMPANY),
    ("demo-proprete-fictive", "Propreté Fictive SARL (fictif)", OrganisationKind.COMPANY),
    ("demo-espaces-verts-modele", "Espaces verts Modèle (fictif)", OrganisationKind.COMPANY),
    ("demo-aci-exemple", "Chantier d'insertion Exemple (fictif)", OrganisationKind.SIAE_ACI),
    ("demo-etti-exemple", "Intérim Insertion Exemple (fictif)", OrganisationKind.SIAE_ETTI),
    ("demo-geiq-exemple", "GEIQ BTP Exemple (fictif)", OrganisationKind.GEIQ),
    ("demo-france-travail", "France Travail — agence Exemple (fictif)",
     OrganisationKind.PRESCRIBER),
    ("demo-mission-locale", "Mission locale Exemple (fictif)", OrganisationKind.PRESCRIBER),
]

# first name, last name, sex, birth year, diploma, criteria
DEMO_PEOPLE = [
    ("Camille", "Exemple", Sex.FEMALE, 1988, DiplomaLevel.LEVEL_3,
     [EligibilityCriterion.LONG_TERM_JOB_SEEKER, EligibilityCriterion.RSA]),
    ("Dominique", "Fictif", Sex.MALE, 2003, DiplomaLevel.NONE,
     [EligibilityCriterion.YOUNG_LOW_QUALIFICATION, EligibilityCriterion.QPV]),
    ("Alex", "Démonstration", Sex.MALE, 1969, DiplomaLevel.LEVEL_3,
     [EligibilityCriterion.OVER_50]),
    ("Sacha", "Témoin", Sex.FEMALE, 1995, DiplomaLevel.LEVEL_4, [EligibilityCriterion.RQTH]),
    ("Claude", "Modèle", Sex.MALE, 1979, DiplomaLevel.NONE,
     [EligibilityCriterion.SIAE_EMPLOYEE, EligibilityCriterion.ASS]),
    ("Lou", "Imaginaire", Sex.FEMALE, 2001, DiplomaLevel.LEVEL_3, []),  # derogation
]

# status, title, category, formula inputs (or fixed hours), months since the forecast
MARKETS = [
    (S.FORECAST, "Rénovation énergétique de la cité administrative", MarketCategory.WORKS,
     None, 1),
    (S.STUDIED, "Entretien des espaces verts des services de l'État", MarketCategory.SERVICES,
     None, 3),
    (S.DRAFTING, "Restructuration des locaux de la direction départementale",
     MarketCategory.WORKS,
     {"formule": "standard", "montant": "1200000", "part_main_oeuvre": "0.5", "taux": "0.05",
      "cout_horaire": "30"}, 4),
    (S.PUBLISHED, "Nettoyage des bâtiments de la préfecture", MarketCategory.SERVICES,
     {"formule": "proprete", "montant": "480000", "mois": "36",
      "heures_reprises_mensuelles": "300", "taux": "0.1", "cout_horaire": "25"}, 6),
    (S.AWARDED, "Peinture intérieure des bureaux du SGAR", MarketCategory.WORKS,
     {"formule": "standard", "montant": "300000", "part_main_oeuvre": "0.7", "taux": "0.07",
      "cout_horaire": "28"}, 9),
    (S.IN_EXECUTION, "Réhabilitation du centre d'examen du permis de conduire",
     MarketCategory.WORKS,
     {"formule": "standard", "montant": "2000000", "part_main_oeuvre": "0.5", "taux": "0.05",
      "cout_horaire": "30"}, 16),
    (S.COMPLETED, "Maçonnerie et clos-couvert de la gendarmerie", MarketCategory.WORKS,
     {"formule": "standard", "montant": "900000", "part_main_oeuvre": "0.5", "taux": "0.06",
      "cout_horaire": "27"}, 30),
    (S.ABANDONED, "Fourniture de mobilier de bureau", MarketCategory.SUPPLIES, None, 5),
]


# The calculator's trades and their usual labour share (%): editors keep the list.
TRADES = [
    ("Peinture intérieure", "70", "Travaux de finition, surtout de la main-d'œuvre."),
    ("Maçonnerie, gros œuvre", "50", ""),
    ("Charpente métallique", "20", "Fournitures lourdes, pose courte."),
    ("Plâtrerie, isolation", "55", ""),
    ("Espaces verts (entretien)", "65", ""),
    ("Nettoyage de locaux", "80", "Hors reprise du personnel : voir la formule propreté."),
    ("Voirie et réseaux divers", "35", ""),
]
BILAN_COMMENT = (
    "Clause suivie avec le titulaire tout au long de l'exécution : les heures exigées "
    "ont été réalisées, surtout par des embauches directes. Marché fictif des données "
    "de démonstration."
)


def _trades() -> None:
    for name, share, notes in TRADES:
        Trade.objects.get_or_create(name=name, defaults={
            "labour_share": Decimal(share), "notes": notes,
        })


def _say(message: str) -> None:
    sys.stdout.write(f"clauses : {message}\n")


def _month(day: datetime.date, offset: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


def _company(slug: str, name: str, kind: str) -> Organisation:
    """A demo company through the company operations: created with its SIRET and a
    contact, or (seeded before companies had one) given its SIRET; what an editor has
    filled in since is left as it is."""
    siret, legal_form, naf, city, postal_code, contact = DEMO_COMPANIES[slug]
    company = (Organisation.objects.filter(slug=slug).first()
               or company_ops.find_by_siret(siret))
    details = {"siret": siret, "legal_form": legal_form, "naf_code": naf, "city": city,
               "postal_code": postal_code}
    if company is None:
        company = company_ops.save_company(SYSTEM, slug=slug, name=name, kind=kind, **details)
    elif not company.siret:
        blanks = {field: value for field, value in details.items() if not getattr(company, field)}
        company = company_ops.save_company(SYSTEM, company, **blanks)
    if not company.contacts.exists():
        contact_name, role, email, phone = contact
        company_ops.save_contact(SYSTEM, company, name=contact_name, job_title=role,
                                 email=email, phone=phone)
    return company


@transaction.atomic
def seed() -> None:
    _trades()
    territories = {t.slug: t for t in Territory.objects.filter(slug__in=TERRITORIES)}
    buyer = Organisation.objects.filter(slug=CMRA_SLUG).first()
    if len(territories) < len(TERRITORIES) or buyer is None:
        _say("territoires de démonstration ou CMRA absents (network.demo n'a pas été chargé) : "
             "aucun marché de démonstration créé.")
        return
    organisations = {}
    for slug, name, kind in DEMO_ORGANISATIONS:
        if slug in DEMO_COMPANIES:
            organisations[slug] = _company(slug, name, kind)
        else:
            organisations[slug], _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind}
            )
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[*FACILITATORS.values(), "coordination.bourgogne", "acheteur.cmra"]
    )}
    today = timezone.localdate()
    for slug, code in TERRITORIES.items():
        territory = territories[slug]
        # Each step is done as the person whose job it is; without demo accounts
        # (production settings) as the system, under the same rules.
        actors = Actors(
            buyer=users.get("acheteur.cmra", SYSTEM),
            facilitator=users.get(FACILITATORS[slug], SYSTEM),
            coordinator=users.get("coordination.bourgogne", SYSTEM),
        )
        people = _people(territory, code, organisations, actors)
        for index, spec in enumerate(MARKETS, start=1):
            reference = f"DEMO-{code}-{index:02d}"
            if Market.objects.filter(reference=reference).exists():
                continue
            _market(reference, spec, territory, buyer, actors, organisations, people, today, code)
    _globalisation(organisations, users.get("coordination.bourgogne", SYSTEM))
    demo_company.seed(today)
    demo_followup.seed(organisations, users.get(FACILITATORS["bassin-dijonnais"], SYSTEM))
    demo_drafting.seed(Actors(
        buyer=users.get("acheteur.cmra", SYSTEM),
        facilitator=users.get(FACILITATORS["bassin-dijonnais"], SYSTEM),
        coordinator=users.get("coordination.bourgogne", SYSTEM),
    ))
    # What the operations told people is stored; the reminders due today are added
    # (DCE consultations, outcomes, clauses behind), once whatever the number of runs.
    reminders.produce(today)


@dataclass(frozen=True)
class Actors:
    buyer: object
    facilitator: object
    coordinator: object


def _people(territory, code, organisations, actors) -> list[Beneficiary]:
    people = []
    for first, last, sex, year, diploma, criteria in DEMO_PEOPLE:
        person = Beneficiary.objects.filter(
            territory=territory, first_name=first, last_name=f"{last} {code}"
        ).first()
        if person is None:
            derogation = not criteria
            person = people_ops.create_beneficiary(
                actors.facilitator, context="Données de démonstration",
                territory=territory, first_name=first, last_name=f"{last} {code}", sex=sex,
                birth_date=datetime.date(year, 3, 14), diploma_level=diploma,
                postal_code="21000" if code == "DIJ" else "58000",
                commune="Dijon" if code == "DIJ" else "Nevers",
                qpv_resident=EligibilityCriterion.QPV in criteria, criteria=criteria,
                prescriber=organisations["demo-france-travail" if year < 2000
                                         else "demo-mission-locale"],
                prescriber_contact="Conseiller fictif",
                derogation=derogation,
                derogation_justification=(
                    "Sortie récente d'études sans emploi depuis 10 mois, hors critères mais "
                    "très éloignée de l'emploi (exemple fictif)." if derogation else ""
                ),
                prescriber_opinion="Avis favorable de la mission locale (fictif)."
                if derogation else "",
                notes="Personne fictive des données de démonstration.",
            )
            people_ops.validate_eligibility(actors.facilitator, person)
        people.append(person)
    return people


def _market(reference, spec, territory, buyer, actors, organisations, people, today, code):
    status, title, category, inputs, months_ago = spec
    received = _month(today, -months_ago)
    late_consultation = status == S.DRAFTING and code == "DIJ"
    dce = received + datetime.timedelta(days=60)
    consulted = dce - datetime.timedelta(days=10 if late_consultation else 35)
    if status == S.FORECAST:
        consulted, dce = None, today + datetime.timedelta(days=12 if code == "NEV" else 45)
    amount = Decimal((inputs or {}).get("montant") or "150000")
    others = (
        [Territory.objects.get(slug="agglomeration-nevers")]
        if code == "DIJ" and status in (S.FORECAST, S.DRAFTING) else []
    )
    market = forecast_ops.submit_forecast(
        actors.buyer, territories=others,
        reference=reference, title=f"{title} ({territory.name})", buyer=buyer,
        lead_territory=territory, programme_year=received.year, category=category,
        cpv_code={MarketCategory.WORKS: "45000000-7", MarketCategory.SERVICES: "90910000-9",
                  MarketCategory.SUPPLIES: "39130000-2"}[category],
        procedure=Procedure.OPEN_TENDER if amount > 500000 else Procedure.ADAPTED,
        estimated_amount=amount,
        decp_consideration=DecpConsideration.SOCIAL_CLAUSE if inputs else "",
        forecast_received_on=received, dce_planned_on=dce,
        notes="Marché fictif des données de démonstration.",
    )
    market_ops.edit_market(
        actors.facilitator, market, version=None,
        facilitator=None if actors.facilitator is SYSTEM else actors.facilitator,
        facilitator_consulted_on=consulted,
    )
    contractor = None
    clause = None
    if inputs is not None:
        contractor = organisations[
            "demo-proprete-fictive" if inputs["formule"] == "proprete"
            else "demo-batiments-exemple"
        ]
        awarded = status in (S.AWARDED, S.IN_EXECUTION, S.COMPLETED)
        lot = market_ops.save_lot(actors.facilitator, market, number=1, title="Lot principal",
                                  amount=amount, contractor=contractor if awarded else None)
        clause = market_ops.save_clause(
            actors.facilitator, market, lot=lot, legal_basis=LegalBasis.EXECUTION_CONDITION,
            hours_mode=ClauseHoursMode.CALCULATED, calculator_inputs=inputs,
        )
    for new_status, day in _steps(status, received, today):
        _step(market, new_status, day, actors, status)
        if new_status == S.IN_EXECUTION and clause is not None:
            _run(market, clause, contractor, organisations, people, today, status, code, actors)
    if status == S.COMPLETED:
        market.refresh_from_db()
        market_ops.comment_bilan(actors.facilitator, market, BILAN_COMMENT)


def _step(market, new_status, day, actors, final_status):
    market.refresh_from_db()
    if new_status == S.STUDIED:
        feasible = final_status != S.ABANDONED
        forecast_ops.assess_forecast(
            actors.coordinator, market,
            feasibility=Feasibility.FEASIBLE if feasible else Feasibility.NOT_FEASIBLE,
            reason="" if feasible else "Fournitures livrées : pas de main-d'œuvre à mobiliser "
            "sur le territoire.", on=day,
        )
    elif new_status == S.PUBLISHED:
        # These fictitious markets were published before their DCE was reviewed on the
        # portal: the coordination's override says so (clauses.rules.dce).
        market_ops.change_status(actors.coordinator, market, new_status, on=day,
                                 override=True, reason=HISTORY_OVERRIDE)
    elif new_status == S.ABANDONED:
        market_ops.change_status(actors.coordinator, market, new_status, on=day,
                                 reason="Clause non faisable : marché de fournitures.")
    else:
        market_ops.change_status(actors.facilitator, market, new_status, on=day)


def _steps(status, received, today):
    """The dated statuses a demo market went through to reach `status`."""
    order = [S.STUDIED, S.DRAFTING, S.PUBLISHED, S.AWARDED, S.IN_EXECUTION, S.COMPLETED]
    if status == S.ABANDONED:
        return [(S.STUDIED, received + datetime.timedelta(days=10)),
                (S.ABANDONED, received + datetime.timedelta(days=20))]
    if status == S.FORECAST:
        return []
    if status in (S.IN_EXECUTION, S.COMPLETED):
        # In execution: started twelve months ago, a year of hours to show. Completed: a
        # year of execution that ended fourteen months ago, outcomes at six months known.
        start = _month(today, -12 if status == S.IN_EXECUTION else -26)
        steps = [(S.STUDIED, received + datetime.timedelta(days=10)),
                 (S.DRAFTING, received + datetime.timedelta(days=30)),
                 (S.PUBLISHED, received + datetime.timedelta(days=60)),
                 (S.AWARDED, start - datetime.timedelta(days=30)),
                 (S.IN_EXECUTION, start)]
        if status == S.COMPLETED:
            steps.append((S.COMPLETED, _month(start, 12) - datetime.timedelta(days=1)))
        return steps
    wanted = order[: order.index(status) + 1]
    span = max((today - received).days - 5, len(wanted))
    return [(s, received + datetime.timedelta(days=span * (i + 1) // len(wanted)))
            for i, s in enumerate(wanted)]


def _run(market, clause, contractor, organisations, people, today, status, code, actors):
    """The execution of a demo market: its people placed, their hours declared month by
    month, their outcomes recorded, as the facilitator does it."""
    market.refresh_from_db()
    start = market.execution_starts_on
    ends_on = _month(start, 24 if status == S.IN_EXECUTION else 12) - datetime.timedelta(days=1)
    market_ops.edit_market(actors.facilitator, market, version=None, execution_ends_on=ends_on)
    clause = market_ops.save_clause(actors.facilitator, market, clause, starts_on=start,
                                    ends_on=ends_on)
    # Different people on the two markets: nobody works both at once.
    staff = people if status == S.IN_EXECUTION else [*people[3:], *people[:3]]
    plans = [
        (staff[0], contractor, Modality.DIRECT_HIRE, ContractType.CDD, "F1703", "Maçon", 0, None),
        (staff[1], organisations["demo-etti-exemple"], Modality.PROVISION,
         ContractType.TEMPORARY, "F1702", "Manœuvre", 0, 6),
        (staff[2], organisations["demo-geiq-exemple"], Modality.PROVISION,
         ContractType.PROFESSIONALISATION, "F1606", "Peintre en bâtiment", 2, None),
        (staff[3], organisations["demo-aci-exemple"], Modality.SUBCONTRACTING_SIAE,
         ContractType.CDDI, "A1203", "Agent d'entretien des espaces verts", 4, 9),
        (staff[5], contractor, Modality.TRAINING, ContractType.TRAINING, "F1703",
         "Maçon en formation", 6, None),
    ]
    last_month = _month(today, -1)
    for person, employer, modality, contract, rome, job, offset, length in plans:
        # Dijon's builder declares the last month of its own hire itself, for the
        # facilitator to validate (clauses.demo_company).
        left_to_company = (code == "DIJ" and status == S.IN_EXECUTION
                           and employer == contractor and modality == Modality.DIRECT_HIRE)
        until = _month(last_month, -1) if left_to_company else last_month
        begins = _month(start, offset)
        ends = _month(begins, length) - datetime.timedelta(days=1) if length else None
        if status == S.COMPLETED:
            ends = min(ends or ends_on, ends_on)
        placement = placement_ops.open_placement(
            actors.facilitator, beneficiary=person, clause=clause, employer=employer,
            modality=modality, contract_type=contract, rome_code=rome, job_label=job,
            starts_on=begins, ends_on=ends,
        )
        training = modality == Modality.TRAINING
        # Nevers' market runs behind schedule, so that the dashboard has one to show.
        pace = Decimal("0.4") if status == S.IN_EXECUTION and code == "NEV" else Decimal(1)
        month, i = begins, 0
        while month <= until and (ends is None or month <= ends):
            declaration_ops.declare_hours(
                actors.facilitator, placement, month=month, credited_clause=clause,
                hours_worked=(Decimal(0) if training
                              else ((20 + (i * 7) % 16) * pace).quantize(Decimal("0.01"))),
                training_hours=Decimal(14 if training else (7 if i == 0 else 0)),
            )
            month, i = _month(month, 1), i + 1
        if ends is not None and ends < today:
            placement_ops.record_outcome(
                actors.facilitator, placement, moment=OutcomeMoment.END, observed_on=ends,
                category=OutcomeCategory.LONG_FIXED_TERM if modality != Modality.TRAINING
                else OutcomeCategory.QUALIFYING_TRAINING,
            )
            six_months = ends + datetime.timedelta(days=182)
            # One in two is recorded; the others show on the dashboard as due.
            if six_months < today and placement.pk % 2 == 0:
                placement_ops.record_outcome(
                    actors.facilitator, placement, moment=OutcomeMoment.SIX_MONTHS,
                    observed_on=six_months, category=OutcomeCategory.CDI,
                )


def _globalisation(organisations, coordinator) -> None:
    """The contractor of both territories' works markets pools its hours (fictitious)."""
    contractor = organisations["demo-batiments-exemple"]
    title = "Globalisation des heures — Bâtiments Exemple (fictif)"
    clauses = Clause.objects.filter(
        market__reference__in=["DEMO-DIJ-06", "DEMO-NEV-06"], lot__contractor=contractor
    )
    if clauses.count() != 2 or GlobalisationAgreement.objects.filter(title=title).exists():
        return
    globalisation_ops.agree_globalisation(
        coordinator, title=title, contractor=contractor, clauses=clauses,
        notes="Accord fictif de démonstration.",
    )
