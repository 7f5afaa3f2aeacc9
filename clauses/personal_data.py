"""Beneficiaries' personal data over time: the purge after the retention period, and the
right-of-access export (RGPD, art. 15).

The purge erases what identifies a person, the proofs of their eligibility (documents
and files) included, and keeps what the bilans count: the
territory, the eligibility criteria, sex, diploma level, QPV residence and the
derogation flag stay, as do placements, hours and outcomes under the pseudonym. The
birth date is blurred to the 1st of January of its year (or the 1st of its month) when
that leaves the person's age band at the start of every placement unchanged, and kept
otherwise. So every count and sum of the reports is the same before and after a purge.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from clauses import audit
from clauses.bilans import figures
from clauses.enums import AuditAction
from clauses.models import (
    Beneficiary,
    EligibilityProof,
    HireProposal,
    HoursDeclaration,
    Outcome,
    PersonalDataLog,
    Placement,
)

# What identifies the person: erased by the purge.
ERASED = {
    "last_name": "", "first_name": "", "postal_code": "", "commune": "",
    "derogation_justification": "", "prescriber_opinion": "", "prescriber_contact": "",
    "notes": "",
}
BLURRED = ("birth_date",)
# Personal fields the bilans count (typology of beneficiaries): kept, under the pseudonym.
KEPT_FOR_STATISTICS = tuple(
    f for f in Beneficiary.PERSONAL_FIELDS if f not in ERASED and f not in BLURRED
)
# Ages at which the bilans' age bands change (clauses.bilans: under 26, 26-49, 50 and over).
AGE_LIMITS = (26, 50)
PURGE_CONTEXT = "Purge automatique des données personnelles"
EXPORT_CONTEXT = "Export au titre du droit d'accès"
BATCH = 500


def retention_cutoff(today: datetime.date | None = None, years: int | None = None):
    """The day before which a beneficiary's last activity makes them due for the purge."""
    today = today or timezone.localdate()
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def inactive_beneficiaries(cutoff: datetime.date) -> QuerySet:
    """Beneficiaries not yet anonymised with no activity on or after `cutoff`.

    Activity: their record changed, a placement running (or without an end), hours
    declared or changed, or an outcome observed, on or after that day.
    """
    cutoff_at = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    placements = Placement.objects.filter(beneficiary=OuterRef("pk"))
    recent_placement = placements.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff) | Q(starts_on__gte=cutoff)
    )
    recent_hours = HoursDeclaration.objects.filter(placement__beneficiary=OuterRef("pk")).filter(
        Q(month__gte=cutoff.replace(day=1)) | Q(updated_at__gte=cutoff_at)
    )
    recent_outcome = Outcome.objects.filter(
        placement__beneficiary=OuterRef("pk"), observed_on__gte=cutoff
    )
    return (
        Beneficiary.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff_at)
        .exclude(Exists(recent_placement))
        .exclude(Exists(recent_hours))
        .exclude(Exists(recent_outcome))
    )


def _bands(birth: datetime.date, start: datetime.date) -> tuple[bool, ...]:
    born = (birth.year, birth.month, birth.day)
    return tuple((start.year - age, start.month, start.day) < born for age in AGE_LIMITS)


def blurred_birth_date(birth: datetime.date, starts) -> datetime.date:
    """The coarsest of 1 January, 1st of the month or the day itself that puts the person
    in the same age band as `birth` at each of their placements' `starts`."""
    for candidate in (birth.replace(month=1, day=1), birth.replace(day=1)):
        if all(_bands(candidate, start) == _bands(birth, start) for start in starts):
            return candidate
    return birth


def _blur_birth_dates(ids: list[int]) -> None:
    starts = defaultdict(list)
    for beneficiary_id, start in Placement.objects.filter(beneficiary_id__in=ids).values_list(
        "beneficiary_id", "starts_on"
    ):
        starts[beneficiary_id].append(start)
    changed = []
    for pk, birth in Beneficiary.objects.filter(
        pk__in=ids, birth_date__isnull=False
    ).values_list("pk", "birth_date"):
        blurred = blurred_birth_date(birth, starts[pk])
        if blurred != birth:
            changed.append(Beneficiary(pk=pk, birth_date=blurred))
    Beneficiary.objects.bulk_update(changed, ["birth_date"])
    # A bulk update sends no signal: the bilans' figures read the birth date (age bands).
    figures.refresh_people(person.pk for person in changed)


def purge(today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Anonymise every beneficiary inactive for settings.PERSONAL_DATA_RETENTION_YEARS.

    Returns how many were (or, with dry_run, would be) anonymised. Each gets an
    "anonymisation" row in the personal-data log.
    """
    cutoff = retention_cutoff(today)
    ids = list(inactive_beneficiaries(cutoff).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    now = timezone.now()
    done = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            # Read again inside the transaction: someone may have just recorded hours.
            chunk = list(
                inactive_beneficiaries(cutoff).filter(pk__in=ids[start:start + BATCH])
                .select_for_update().values_list("pk", flat=True)
            )
            done += len(chunk)
            _blur_birth_dates(chunk)
            # Row by row, so that each file goes too once this batch commits (clauses.signals).
            EligibilityProof.objects.filter(criterion__beneficiary_id__in=chunk).delete()
            Beneficiary.objects.filter(pk__in=chunk).update(
                **ERASED, anonymised_at=now, updated_at=now, version=F("version") + 1
            )
            audit.log(
                None, Beneficiary.objects.filter(pk__in=chunk).only("pk", "pseudonym",
                                                                     "territory_id"),
                AuditAction.ANONYMISE, [*ERASED, *BLURRED, "eligibility_proofs"],
                context=PURGE_CONTEXT,
            )
    # A company's proposal names a person too: it goes once as old as the retention
    # period, whether a placement followed (the beneficiary's record holds it) or not.
    HireProposal.objects.filter(proposed_at__date__lt=cutoff).delete()
    return done


# --- Right of access -------------------------------------------------------------


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _amount(value) -> str:
    return f"{value:f}"


def access_export(beneficiary: Beneficiary, user) -> dict:
    """Everything the portal holds about one person, as they may ask for it.

    Logs the export in the personal-data log. The caller checks the permission
    (Action.VIEW_PERSONAL_DATA).
    """
    b = Beneficiary.objects.select_related("territory", "prescriber").get(pk=beneficiary.pk)
    placements = (
        Placement.objects.filter(beneficiary=b)
        .select_related("clause__market", "clause__lot", "employer")
        .prefetch_related("declarations__credited_clause__market", "outcomes")
        .order_by("starts_on", "pk")
    )
    log = PersonalDataLog.objects.filter(beneficiary=b).order_by("at", "pk")
    data = {
        "exporte_le": timezone.localtime().isoformat(timespec="seconds"),
        "exporte_par": user.get_username(),
        "beneficiaire": {
            "pseudonyme": b.pseudonym,
            "territoire_de_suivi": b.territory.name,
            "nom": b.last_name,
            "prenom": b.first_name,
            "date_de_naissance": _day(b.birth_date),
            "sexe": b.get_sex_display() if b.sex else "",
            "code_postal": b.postal_code,
            "commune": b.commune,
            "habite_un_qpv": b.qpv_resident,
            "niveau_de_diplome": b.get_diploma_level_display() if b.diploma_level else "",
            "criteres_d_eligibilite": [c.get_criterion_display() for c in b.criteria.all()],
            "derogation": b.derogation,
            "justification_de_la_derogation": b.derogation_justification,
            "prescripteur": b.prescriber.name if b.prescriber_id else "",
            "conseiller_du_prescripteur": b.prescriber_contact,
            "avis_du_prescripteur": b.prescriber_opinion,
            "observations": b.notes,
            "eligibilite_validee_le": _day(b.eligibility_validated_at),
            "eligibilite_valable_jusqu_au": _day(b.eligibility_valid_until),
            "justificatifs": [
                {
                    "critere": proof.criterion.get_criterion_display(),
                    "type": proof.get_kind_display(),
                    "fichier": proof.filename,
                    "depose_le": _day(proof.uploaded_at),
                }
                for proof in EligibilityProof.objects.filter(criterion__beneficiary=b)
                .select_related("criterion").order_by("uploaded_at", "pk")
            ],
            "fiche_creee_le": _day(b.created_at),
            "fiche_modifiee_le": _day(b.updated_at),
            "donnees_anonymisees_le": _day(b.anonymised_at),
        },
        "placements": [_placement(p) for p in placements],
        "journal_des_acces": [
            {
                "date": _day(entry.at),
                "action": entry.get_action_display(),
                "par": entry.username,
                "champs": entry.fields,
                "ecran": entry.context,
            }
            for entry in log
        ],
    }
    audit.log(user, [b], AuditAction.EXPORT, Beneficiary.PERSONAL_FIELDS, EXPORT_CONTEXT)
    return data


def _placement(p: Placement) -> dict:
    clause = p.clause
    return {
        "marche": clause.market.reference,
        "intitule_du_marche": clause.market.title,
        "lot": clause.lot.number if clause.lot_id else None,
        "employeur": p.employer.name,
        "modalite": p.get_modality_display(),
        "type_de_contrat": p.get_contract_type_display(),
        "code_rome": p.rome_code,
        "poste": p.job_label,
        "debut": _day(p.starts_on),
        "fin": _day(p.ends_on),
        "heures": [
            {
                "mois": f"{d.month:%Y-%m}",
                "heures_travaillees": _amount(d.hours_worked),
                "heures_de_formation": _amount(d.training_hours),
                "marche_credite": d.credited_clause.market.reference,
            }
            for d in sorted(p.declarations.all(), key=lambda d: d.month)
        ],
        "sorties": [
            {
                "moment": o.get_moment_display(),
                "situation": o.get_category_display(),
                "constatee_le": _day(o.observed_on),
                "observations": o.notes,
            }
            for o in sorted(p.outcomes.all(), key=lambda o: o.moment)
        ],
    }
