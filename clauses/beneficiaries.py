"""Beneficiaries' records: eligibility, and saving a record with its audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clauses import audit
from clauses.models import Beneficiary, BeneficiaryCriterion

# Changing any of these makes a past validation of eligibility meaningless.
ELIGIBILITY_FIELDS = frozenset(
    {"criteria", "derogation", "derogation_justification", "prescriber_opinion"}
)


def set_criteria(beneficiary: Beneficiary, criteria) -> None:
    wanted = set(criteria)
    current = set(beneficiary.criteria.values_list("criterion", flat=True))
    beneficiary.criteria.filter(criterion__in=current - wanted).delete()
    BeneficiaryCriterion.objects.bulk_create([
        BeneficiaryCriterion(beneficiary=beneficiary, criterion=criterion)
        for criterion in sorted(wanted - current)
    ])


@transaction.atomic
def save_record(form, user, context: str = "") -> Beneficiary:
    """Save a BeneficiaryForm, its criteria, and log which fields changed.

    Raises clauses.models.StaleRecordError (and saves nothing) when someone else
    saved the record since the form was built.
    """
    created = form.instance.pk is None
    changed = form.changed_personal_fields()
    beneficiary = form.instance
    if not created and ELIGIBILITY_FIELDS & set(changed) and beneficiary.eligibility_validated:
        beneficiary.eligibility_validated_by = None
        beneficiary.eligibility_validated_at = None
    beneficiary = form.save()
    set_criteria(beneficiary, form.cleaned_data.get("criteria", ()))
    audit.log_change(user, beneficiary, changed, context=context, created=created)
    return beneficiary


def eligibility_error(beneficiary: Beneficiary) -> str | None:
    if beneficiary.derogation:
        if not beneficiary.derogation_justification.strip():
            return "Une dérogation doit être justifiée avant la validation."
        if not beneficiary.prescriber_opinion.strip():
            return "Une dérogation s'appuie sur l'avis du prescripteur : renseignez-le."
        return None
    if not beneficiary.criteria.exists():
        return (
            "Cochez au moins un critère d'éligibilité, ou accordez une dérogation justifiée, "
            "avant de valider l'éligibilité."
        )
    return None


@transaction.atomic
def validate_eligibility(beneficiary: Beneficiary, user, version: int | None = None) -> None:
    """The facilitator confirms the person is eligible (convention, art. 4)."""
    message = eligibility_error(beneficiary)
    if message:
        raise ValidationError(message)
    if version is not None:
        beneficiary.version = version
    beneficiary.eligibility_validated_by = user
    beneficiary.eligibility_validated_at = timezone.now()
    beneficiary.save(update_fields=[
        "eligibility_validated_by", "eligibility_validated_at", "updated_at",
    ])
    audit.log_change(user, beneficiary, ["eligibility_validated_at"], context="Validation")
