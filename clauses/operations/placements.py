"""Opening, changing and closing a placement, and recording where the person stands at
its end and about six months later.

A placement is opened by the facilitators of the person's territory (and their
coordinators) on a clause of a market they see and that is in execution, for a person
whose eligibility is validated (or who has a justified derogation), within the clause's
period, with age criteria that hold at its start (clauses.rules.placements). A validation
holds ELIGIBILITY_VALIDITY_MONTHS: a placement may not start (nor its start move) after
its end (clauses.rules.eligibility).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses import notifications
from clauses.models import Beneficiary, Clause, Outcome, Placement
from clauses.operations.common import Errors, allowed, ensure, model_errors
from clauses.operations.declarations import clause_period
from clauses.rules import placements as rules
from network.enums import COMPANY_KINDS
from network.models import Organisation
from network.permissions import Action

MESSAGE_NOT_DECLARABLE = (
    "Seuls les facilitateurs du territoire qui suit ce bénéficiaire, et leurs "
    "coordinateurs, ouvrent ses placements et renseignent ses sorties."
)
MESSAGE_UNKNOWN_BENEFICIARY = "Bénéficiaire inconnu ou que vous ne suivez pas."
MESSAGE_UNKNOWN_CLAUSE = "Clause inconnue ou hors de vos territoires."
MESSAGE_EMPLOYER_KIND = (
    "L'employeur est le titulaire ou une structure qui emploie la personne (entreprise, "
    "SIAE, GEIQ, EA ou ESAT), pas un partenaire du réseau."
)
MESSAGE_OUTCOME_TWICE = "Cette sortie est déjà renseignée pour ce placement."
EMPLOYER_KINDS = COMPANY_KINDS
FIELDS = ("beneficiary", "clause", "employer", "modality", "contract_type", "rome_code",
          "job_label", "starts_on", "ends_on")


def beneficiary_choices(actor) -> QuerySet:
    """The people `actor` may place: those whose placements they declare, still named."""
    return allowed(actor, Action.DECLARE, Beneficiary.objects.filter(anonymised_at__isnull=True))


def clause_choices(actor, market=None) -> QuerySet:
    clauses = Clause.objects.select_related("market", "lot")
    if market is not None:
        clauses = clauses.filter(market=market)
    return allowed(actor, Action.VIEW, clauses)


def employer_choices() -> QuerySet:
    return Organisation.objects.filter(kind__in=EMPLOYER_KINDS)


def person(beneficiary: Beneficiary) -> rules.Person:
    derogation_complete = bool(
        beneficiary.derogation and beneficiary.derogation_justification.strip()
        and beneficiary.prescriber_opinion.strip()
    )
    return rules.Person(
        pseudonym=beneficiary.pseudonym or "",
        eligibility_validated=beneficiary.eligibility_validated,
        derogation_complete=derogation_complete,
        criteria=frozenset(beneficiary.criteria.values_list("criterion", flat=True)),
        birth_date=beneficiary.birth_date,
        anonymised=beneficiary.anonymised_at is not None,
        eligibility_valid_until=beneficiary.eligibility_valid_until,
    )


def _check(actor, placement: Placement, opening: bool, start_changed: bool = False) -> Errors:
    errors = Errors()
    errors.extend(model_errors(placement, exclude=("beneficiary", "clause", "employer")))
    beneficiary = placement.beneficiary if placement.beneficiary_id else None
    clause = placement.clause if placement.clause_id else None
    if beneficiary is None:
        errors.add("beneficiary", "Ce champ est obligatoire.")
    elif opening and not beneficiary_choices(actor).filter(pk=beneficiary.pk).exists():
        errors.add("beneficiary", MESSAGE_UNKNOWN_BENEFICIARY)
    if clause is None:
        errors.add("clause", "Ce champ est obligatoire.")
    elif not clause_choices(actor).filter(pk=clause.pk).exists():
        errors.add("clause", MESSAGE_UNKNOWN_CLAUSE)
    if not placement.employer_id:
        errors.add("employer", "Ce champ est obligatoire.")
    elif placement.employer.kind not in EMPLOYER_KINDS:
        errors.add("employer", MESSAGE_EMPLOYER_KIND)
    if beneficiary is not None and clause is not None and not errors.by_field.get("clause"):
        errors.extend(rules.placement_errors(
            person(beneficiary), clause.market.reference, clause.market.status,
            clause_period(clause), placement.starts_on, placement.ends_on, opening,
            start_changed=start_changed, today=timezone.localdate(),
        ))
    return errors


@transaction.atomic
def open_placement(actor, **fields) -> Placement:
    """A new placement from its FIELDS; ValidationError by field if refused."""
    placement = Placement(**{name: fields[name] for name in FIELDS if name in fields})
    _check(actor, placement, opening=True).raise_if_any()
    placement.save()
    notifications.placement_started(placement, actor)
    return placement


@transaction.atomic
def change_placement(actor, placement: Placement, *, version: int | None, **fields) -> Placement:
    """Correct a placement read at `version` (its dates, contract, job; moving it to
    another person or clause is checked as an opening)."""
    ensure(actor, Action.DECLARE, placement, MESSAGE_NOT_DECLARABLE)
    moved = any(
        name in fields and getattr(fields[name], "pk", fields[name]) != getattr(
            placement, f"{name}_id"
        )
        for name in ("beneficiary", "clause")
    )
    start_changed = "starts_on" in fields and fields["starts_on"] != placement.starts_on
    for name in FIELDS:
        if name in fields:
            setattr(placement, name, fields[name])
    _check(actor, placement, opening=moved, start_changed=start_changed).raise_if_any()
    if version is not None:
        placement.version = version
    placement.save()
    return placement


def close_placement(actor, placement: Placement, ends_on: datetime.date,
                    version: int | None = None) -> Placement:
    return change_placement(actor, placement, version=version, ends_on=ends_on)


@transaction.atomic
def delete_placement(actor, placement: Placement) -> None:
    ensure(actor, Action.DELETE, placement, MESSAGE_NOT_DECLARABLE)
    placement.declarations.all().delete()
    placement.outcomes.all().delete()
    placement.delete()


@transaction.atomic
def record_outcome(actor, placement: Placement, *, moment: str, category: str,
                   observed_on: datetime.date | None, notes: str = "",
                   outcome: Outcome | None = None, today: datetime.date | None = None) -> Outcome:
    """The person's situation at the end of `placement` or about six months later."""
    ensure(actor, Action.DECLARE, placement, MESSAGE_NOT_DECLARABLE)
    outcome = outcome or Outcome(placement=placement)
    outcome.moment, outcome.category = moment, category
    outcome.observed_on, outcome.notes = observed_on, notes or ""
    errors = Errors()
    errors.extend(model_errors(outcome, exclude=("placement",)))
    if observed_on is None and "observed_on" not in errors.by_field:
        errors.add("observed_on", "Ce champ est obligatoire.")
    if moment and Outcome.objects.filter(placement=placement, moment=moment).exclude(
        pk=outcome.pk
    ).exists():
        errors.add("moment", MESSAGE_OUTCOME_TWICE)
    errors.extend(rules.outcome_errors(
        moment, placement.ends_on, observed_on, today or timezone.localdate()
    ))
    errors.raise_if_any()
    outcome.save()
    return outcome


@transaction.atomic
def delete_outcome(actor, outcome: Outcome) -> None:
    ensure(actor, Action.DECLARE, outcome, MESSAGE_NOT_DECLARABLE)
    outcome.delete()
