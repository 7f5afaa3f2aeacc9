"""Beneficiaries' records: create (never a silent duplicate), update, merge two records of
the same person, and validate eligibility. Every change of personal fields is logged.

Who: the facilitators of the person's territory and their coordinators, who see the
personal data there (Action.DECLARE on the record, Action.VIEW_PERSONAL_DATA on the
territory of a new one).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses import audit
from clauses.bilans import figures
from clauses.models import Beneficiary, BeneficiaryCriterion, EligibilityProof, PersonalDataLog
from clauses.operations.common import Errors, account, allowed, ensure, model_errors
from clauses.rules import people as rules
from clauses.rules.eligibility import validity_end
from network.enums import OrganisationKind
from network.models import Organisation, Territory
from network.permissions import Action

MESSAGE_NOT_ALLOWED = (
    "Seuls les facilitateurs du territoire qui suit cette personne, et leurs coordinateurs, "
    "modifient sa fiche."
)
MESSAGE_UNKNOWN_TERRITORY = "Territoire inconnu ou que vous ne suivez pas."
MESSAGE_PRESCRIBER_KIND = "Le prescripteur est un organisme prescripteur de l'annuaire."
MESSAGE_DUPLICATE = (
    "Cette personne semble déjà suivie sur ce territoire ({pseudonyms} : même nom et même "
    "date de naissance). Ouvrez sa fiche ou fusionnez les deux fiches ; si ce n'est pas la "
    "même personne, confirmez la création."
)
MESSAGE_MERGE_SELF = "On ne fusionne pas une fiche avec elle-même."
MESSAGE_MERGE_TERRITORY = "Les deux fiches doivent être suivies par le même territoire."
# Changing any of these makes a past validation of eligibility meaningless.
ELIGIBILITY_FIELDS = frozenset(
    {"criteria", "derogation", "derogation_justification", "prescriber_opinion"}
)
QPV = rules.C.QPV
IDENTITY_FIELDS = ("territory", "last_name", "first_name", "birth_date")
FIELDS = (
    "territory", "last_name", "first_name", "birth_date", "sex", "postal_code", "commune",
    "qpv_resident", "diploma_level", "derogation", "derogation_justification", "prescriber",
    "prescriber_contact", "prescriber_opinion", "notes",
)


class ProbableDuplicate(ValidationError):
    """A record of the same person seems to exist: shown, to open, merge or confirm."""

    def __init__(self, candidates: list[Beneficiary]):
        self.candidates = candidates
        pseudonyms = ", ".join(b.pseudonym for b in candidates)
        super().__init__(
            {"last_name": [MESSAGE_DUPLICATE.format(pseudonyms=pseudonyms)]}, code="duplicate"
        )


def territory_choices(actor) -> QuerySet:
    return allowed(actor, Action.VIEW_PERSONAL_DATA, Territory.objects.all())


def prescriber_choices() -> QuerySet:
    return Organisation.objects.filter(kind=OrganisationKind.PRESCRIBER)


def probable_duplicates(territory_id, last_name, first_name, birth_date,
                        exclude_pk=None) -> list[Beneficiary]:
    """Records of the same territory with the same birth date and the same names once
    accents, case and punctuation are set aside."""
    if not (territory_id and birth_date and last_name):
        return []
    key = rules.identity_key(last_name, first_name)
    candidates = Beneficiary.objects.filter(
        territory_id=territory_id, birth_date=birth_date, anonymised_at__isnull=True
    ).exclude(pk=exclude_pk)
    return [b for b in candidates if rules.identity_key(b.last_name, b.first_name) == key]


def criteria_of(beneficiary: Beneficiary) -> set[str]:
    if beneficiary.pk is None:
        return set()
    return set(beneficiary.criteria.values_list("criterion", flat=True))


def _set_criteria(beneficiary: Beneficiary, wanted: set[str]) -> bool:
    """The person's criteria become `wanted`; a criterion dropped takes its proofs (and
    their files) with it. Returns whether proofs went."""
    current = criteria_of(beneficiary)
    dropped = beneficiary.criteria.filter(criterion__in=current - wanted)
    proofs_dropped = EligibilityProof.objects.filter(criterion__in=dropped).exists()
    dropped.delete()
    added = BeneficiaryCriterion.objects.bulk_create([
        BeneficiaryCriterion(beneficiary=beneficiary, criterion=criterion)
        for criterion in sorted(wanted - current)
    ])
    if added:
        # A bulk_create sends no signal: the bilans' figures read the person's criteria.
        figures.refresh_people({beneficiary.pk})
    return proofs_dropped


def _check(actor, beneficiary: Beneficiary, criteria: set[str], today) -> Errors:
    errors = Errors()
    errors.extend(model_errors(beneficiary, exclude=("territory", "prescriber", "pseudonym")))
    if not beneficiary.territory_id:
        errors.add("territory", "Ce champ est obligatoire.")
    elif not territory_choices(actor).filter(pk=beneficiary.territory_id).exists():
        errors.add("territory", MESSAGE_UNKNOWN_TERRITORY)
    if beneficiary.prescriber_id and beneficiary.prescriber.kind != OrganisationKind.PRESCRIBER:
        errors.add("prescriber", MESSAGE_PRESCRIBER_KIND)
    for message in rules.birth_date_errors(beneficiary.birth_date, today):
        errors.add("birth_date", message)
    if "birth_date" not in errors.by_field:
        for message in rules.criteria_errors(criteria, beneficiary.birth_date, today):
            errors.add("criteria", message)
    return errors


def _apply(beneficiary: Beneficiary, fields: dict) -> list[str]:
    changed = []
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            current = getattr(beneficiary, f"{name}_id" if name in ("territory", "prescriber")
                              else name)
            new = getattr(value, "pk", value)
            if current != new:
                changed.append(name)
            setattr(beneficiary, name, value)
    return changed


@transaction.atomic
def create_beneficiary(actor, *, criteria: Iterable[str] = (), confirm_duplicate: bool = False,
                       context: str = "Nouveau bénéficiaire", today=None, **fields) -> Beneficiary:
    """A new record; ProbableDuplicate unless `confirm_duplicate` when the same person
    seems to be followed already, ValidationError by field for the other rules."""
    today = today or timezone.localdate()
    beneficiary = Beneficiary()
    changed = _apply(beneficiary, fields)
    wanted = rules.with_qpv(criteria, beneficiary.qpv_resident)
    _check(actor, beneficiary, wanted, today).raise_if_any()
    if not confirm_duplicate:
        duplicates = probable_duplicates(
            beneficiary.territory_id, beneficiary.last_name, beneficiary.first_name,
            beneficiary.birth_date,
        )
        if duplicates:
            raise ProbableDuplicate(duplicates)
    beneficiary.save()
    _set_criteria(beneficiary, wanted)
    audit.log_change(account(actor), beneficiary, [*changed, "criteria"], context=context,
                     created=True)
    return beneficiary


@transaction.atomic
def update_beneficiary(actor, beneficiary: Beneficiary, *, version: int | None,
                       criteria: Iterable[str] | None = None, confirm_duplicate: bool = False,
                       context: str = "Modification de la fiche", today=None,
                       **fields) -> Beneficiary:
    """Change a record read at `version`: StaleRecordError if someone saved it since.
    A change of criteria or derogation withdraws a past validation of eligibility."""
    ensure(actor, Action.DECLARE, beneficiary, MESSAGE_NOT_ALLOWED)
    today = today or timezone.localdate()
    before = criteria_of(beneficiary)
    changed = _apply(beneficiary, fields)
    wanted = rules.with_qpv(before if criteria is None else criteria, beneficiary.qpv_resident)
    if wanted != before:
        changed.append("criteria")
    _check(actor, beneficiary, wanted, today).raise_if_any()
    if not confirm_duplicate and set(IDENTITY_FIELDS) & set(changed):
        duplicates = probable_duplicates(
            beneficiary.territory_id, beneficiary.last_name, beneficiary.first_name,
            beneficiary.birth_date, exclude_pk=beneficiary.pk,
        )
        if duplicates:
            raise ProbableDuplicate(duplicates)
    if ELIGIBILITY_FIELDS & set(changed) and beneficiary.eligibility_validated:
        beneficiary.eligibility_validated_by = None
        beneficiary.eligibility_validated_at = None
        beneficiary.eligibility_valid_until = None
    if version is not None:
        beneficiary.version = version
    beneficiary.save()
    if _set_criteria(beneficiary, wanted):
        changed.append("eligibility_proofs")
    if changed:
        audit.log_change(account(actor), beneficiary, changed, context=context)
    return beneficiary


@transaction.atomic
def merge_beneficiaries(actor, keep: Beneficiary, duplicate: Beneficiary) -> Beneficiary:
    """One record for one person: `duplicate`'s placements (with their hours and
    outcomes), criteria and access log move to `keep`, and `duplicate` is deleted."""
    ensure(actor, Action.DECLARE, keep, MESSAGE_NOT_ALLOWED)
    ensure(actor, Action.DECLARE, duplicate, MESSAGE_NOT_ALLOWED)
    errors = Errors()
    if keep.pk == duplicate.pk:
        errors.add("__all__", MESSAGE_MERGE_SELF)
    elif keep.territory_id != duplicate.territory_id:
        errors.add("__all__", MESSAGE_MERGE_TERRITORY)
    errors.raise_if_any()
    wanted = rules.with_qpv(
        criteria_of(keep) | criteria_of(duplicate), keep.qpv_resident or duplicate.qpv_resident
    )
    moved = list(duplicate.placements.values_list("pk", flat=True))
    duplicate.placements.update(beneficiary=keep)
    # A queryset update sends no signal: the bilans' figures follow the people here.
    figures.refresh(moved)
    PersonalDataLog.objects.filter(beneficiary=duplicate).update(beneficiary=keep)
    keep.qpv_resident = QPV in wanted
    for name in ("birth_date", "sex", "postal_code", "commune", "diploma_level", "prescriber",
                 "prescriber_contact"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    merged_from = duplicate.pseudonym
    keep.save()
    _set_criteria(keep, wanted)
    _move_proofs(duplicate, keep)
    duplicate.delete()
    audit.log_change(account(actor), keep, ["fusion"], context=f"Fusion avec {merged_from}")
    return keep


def _move_proofs(source: Beneficiary, target: Beneficiary) -> None:
    """`source`'s proofs go to the same criteria of `target` (the merged record has them
    all), files untouched."""
    rows = dict(target.criteria.values_list("criterion", "pk"))
    for criterion, pk in rows.items():
        EligibilityProof.objects.filter(
            criterion__beneficiary=source, criterion__criterion=criterion
        ).update(criterion_id=pk)


def eligibility_error(beneficiary: Beneficiary) -> str | None:
    return rules.eligibility_error(
        criteria_of(beneficiary), beneficiary.derogation,
        beneficiary.derogation_justification, beneficiary.prescriber_opinion,
    )


@transaction.atomic
def validate_eligibility(actor, beneficiary: Beneficiary, version: int | None = None,
                         today: datetime.date | None = None) -> Beneficiary:
    """The facilitator confirms the person is eligible (convention, art. 4), for
    settings.ELIGIBILITY_VALIDITY_MONTHS from `today`; validating again renews it."""
    ensure(actor, Action.DECLARE, beneficiary, MESSAGE_NOT_ALLOWED)
    today = today or timezone.localdate()
    message = eligibility_error(beneficiary)
    if message is None:
        problems = rules.criteria_errors(criteria_of(beneficiary), beneficiary.birth_date,
                                         today)
        message = problems[0] if problems else None
    if message:
        raise ValidationError(message)
    renewal = beneficiary.eligibility_validated
    if version is not None:
        beneficiary.version = version
    beneficiary.eligibility_validated_by = account(actor)
    beneficiary.eligibility_validated_at = timezone.now()
    beneficiary.eligibility_valid_until = validity_end(today,
                                                       settings.ELIGIBILITY_VALIDITY_MONTHS)
    beneficiary.save(update_fields=[
        "eligibility_validated_by", "eligibility_validated_at", "eligibility_valid_until",
        "updated_at",
    ])
    audit.log_change(account(actor), beneficiary,
                     ["eligibility_validated_at", "eligibility_valid_until"],
                     context="Nouvelle validation" if renewal else "Validation")
    return beneficiary
