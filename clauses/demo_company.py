"""The demo company referent (seed_demo): Bâtiments Exemple's, on Dijon's market in
execution. Idempotent, and done once.

The account (entreprise.batiments, network.demo) joins the company through an
accepted invitation (clauses.operations.company_referents.accept); then, as a
referent does, it declares the last month of its direct hire, which waits for the
facilitator's validation (the facilitator's own months stop before it, clauses.demo),
and proposes a hire, which waits for the facilitator's answer. Everything goes through
the operations; each step is skipped once done, so that a later run, another day,
changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from clauses.enums import ContractType, Modality
from clauses.models import Clause, HireProposal, HoursDeclaration, Placement
from clauses.operations import company_referents
from clauses.operations import declarations as declaration_ops
from clauses.operations import proposals as proposal_ops
from network.models import Organisation

REFERENT = "entreprise.batiments"
COMPANY_SLUG = "demo-batiments-exemple"
MARKET = "DEMO-DIJ-06"


def _month(day: datetime.date, offset: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


def seed(today: datetime.date) -> None:
    referent = get_user_model().objects.filter(username=REFERENT).first()
    company = Organisation.objects.filter(slug=COMPANY_SLUG).first()
    clause = Clause.objects.filter(market__reference=MARKET, lot__contractor=company).first()
    if referent is None or company is None or clause is None:
        return  # no demo accounts (production settings), or no demo market
    if company.company_referents_group_id is None:
        # Once: an administrator who takes the role away later is not overruled.
        company_referents.accept(company_referents.Invitation(company, referent.email),
                                 user=referent)
    _declare_last_month(referent, company, clause, today)
    _propose_a_hire(referent, company, clause, today)


def _declare_last_month(referent, company, clause, today) -> None:
    placement = Placement.objects.filter(
        clause=clause, employer=company, modality=Modality.DIRECT_HIRE, ends_on__isnull=True,
    ).order_by("pk").first()
    month = _month(today, -1)
    if (placement is None or HoursDeclaration.objects.filter(declared_by=referent).exists()
            or HoursDeclaration.objects.filter(placement=placement, month=month).exists()):
        return
    declaration_ops.declare_hours(referent, placement, month=month, credited_clause=clause,
                                  hours_worked=Decimal("35"), training_hours=Decimal(0))


def _propose_a_hire(referent, company, clause, today) -> None:
    if HireProposal.objects.filter(company=company).exists():
        return
    starts = _month(today, 1)
    proposal_ops.propose_hire(
        referent, clause, last_name="Proposé (fictif)", first_name="Noa",
        birth_date=datetime.date(1998, 5, 2), contact="noa.propose@exemple.example",
        modality=Modality.DIRECT_HIRE, contract_type=ContractType.CDD,
        job_label="Coffreur bancheur", starts_on=starts,
        ends_on=_month(starts, 6) - datetime.timedelta(days=1),
        notes="Personne fictive des données de démonstration.",
    )
