from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from clauses.enums import DiplomaLevel, EligibilityCriterion, ProofKind, Sex
from clauses.models.base import Versioned
from clauses.rules.eligibility import revalidation_due
from clauses.rules.people import derogation_errors
from portal.core.private_files import private_storage, unguessable_name

postal_code_validator = RegexValidator(
    r"^\d{5}$", "Saisissez un code postal à 5 chiffres."
)


class Beneficiary(Versioned):
    """A person employed under a clause.

    Personal data (PERSONAL_FIELDS) is shown only to whom network.permissions opens
    Action.VIEW_PERSONAL_DATA, every view or change of it is logged (PersonalDataLog),
    and it is never indexed for search. Buyers and exports see the pseudonym only.
    """

    PERSONAL_FIELDS = (
        "last_name", "first_name", "birth_date", "sex", "postal_code", "commune",
        "qpv_resident", "diploma_level", "derogation", "derogation_justification",
        "prescriber_opinion", "prescriber", "prescriber_contact", "notes",
    )

    # NULL between the insert and the pseudonym derived from the new primary key: unique
    # allows several NULLs, never two empty strings.
    pseudonym = models.CharField(  # noqa: DJ001
        "pseudonyme", max_length=20, unique=True, null=True, editable=False,
        help_text="Identifiant stable, seul visible des acheteurs et dans les exports.",
    )
    territory = models.ForeignKey(
        "network.Territory", verbose_name="territoire de suivi", on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    postal_code = models.CharField(
        "code postal", max_length=5, blank=True, validators=[postal_code_validator]
    )
    commune = models.CharField("commune", max_length=120, blank=True)
    qpv_resident = models.BooleanField("habite un quartier prioritaire (QPV)", default=False)
    diploma_level = models.CharField(
        "niveau de diplôme", max_length=20, choices=DiplomaLevel.choices, blank=True
    )
    derogation = models.BooleanField(
        "dérogation", default=False,
        help_text="Éligibilité accordée hors critères, sur avis du prescripteur.",
    )
    derogation_justification = models.TextField("justification de la dérogation", blank=True)
    prescriber_opinion = models.TextField("avis du prescripteur", blank=True)
    prescriber = models.ForeignKey(
        "network.Organisation", verbose_name="prescripteur", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="prescribed_beneficiaries",
    )
    prescriber_contact = models.CharField("conseiller du prescripteur", max_length=200, blank=True)
    eligibility_validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="éligibilité validée par", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="validated_beneficiaries",
        editable=False,
    )
    eligibility_validated_at = models.DateTimeField(
        "éligibilité validée le", null=True, blank=True, editable=False
    )
    eligibility_valid_until = models.DateField(
        "éligibilité valable jusqu'au", null=True, blank=True, editable=False,
        help_text="Un placement qui commence après cette date demande une nouvelle "
        "validation.",
    )
    notes = models.TextField("observations", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    anonymised_at = models.DateTimeField(
        "anonymisée le", null=True, blank=True, editable=False,
        help_text="Date à laquelle les données personnelles ont été effacées.",
    )

    permission_anchors = {"territory": "territory"}
    # A record leaves only by a merge (declared by its facilitators) or the retention
    # purge; it has no lead to hand over.
    permission_anchors_for = {"delete": {}, "change_lead": {}}

    class Meta:
        verbose_name = "bénéficiaire"
        verbose_name_plural = "bénéficiaires"
        ordering = ["pseudonym"]

    def __str__(self):
        # The pseudonym, never the name: str() ends up in logs, admin messages, exports.
        return self.pseudonym or "Bénéficiaire (nouveau)"

    def get_absolute_url(self):
        return reverse("clauses:beneficiary_detail", args=[self.pseudonym])

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and not self.pseudonym:
            self.pseudonym = f"B-{self.pk:04d}"
            type(self)._base_manager.filter(pk=self.pk).update(pseudonym=self.pseudonym)

    def clean(self):
        errors = derogation_errors(
            self.derogation, self.derogation_justification, self.prescriber_opinion
        )
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def eligibility_validated(self) -> bool:
        return self.eligibility_validated_at is not None

    def revalidation_due(self, today) -> bool:
        """Validated, and the validation has ended or ends within a month of `today`."""
        return self.eligibility_validated and revalidation_due(self.eligibility_valid_until,
                                                               today)


class BeneficiaryCriterion(models.Model):
    """One eligibility criterion a beneficiary meets (one row each, so that bilans count
    the typology of beneficiaries with a plain GROUP BY)."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name="bénéficiaire", on_delete=models.CASCADE,
        related_name="criteria",
    )
    criterion = models.CharField(
        "critère", max_length=40, choices=EligibilityCriterion.choices
    )

    permission_anchors = {"territory": "beneficiary__territory"}

    class Meta:
        verbose_name = "critère d'éligibilité"
        verbose_name_plural = "critères d'éligibilité"
        ordering = ["beneficiary", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "criterion"], name="beneficiary_criterion_unique"
            )
        ]

    def __str__(self):
        return self.get_criterion_display()


def proof_upload_path(proof, filename: str) -> str:
    """Where a proof is stored (named by the migrations: keep the name)."""
    # Random folder: the path tells nothing of the person and cannot be guessed.
    return unguessable_name("justificatifs", filename)


class EligibilityProof(models.Model):
    """A document proving one of a beneficiary's eligibility criteria.

    Personal data: kept in private storage (portal.core.private_files), served only to
    whom network.permissions opens Action.VIEW_PERSONAL_DATA, added and removed by
    clauses.operations.proofs (logged), and deleted, file included, with its criterion,
    by the retention purge and with the record.
    """

    criterion = models.ForeignKey(
        BeneficiaryCriterion, verbose_name="critère", on_delete=models.CASCADE,
        related_name="proofs",
    )
    kind = models.CharField("type de justificatif", max_length=40, choices=ProofKind.choices)
    file = models.FileField("fichier", storage=private_storage, upload_to=proof_upload_path,
                            max_length=255)
    filename = models.CharField("nom du fichier", max_length=255)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    permission_anchors = {"territory": "criterion__beneficiary__territory"}
    permission_anchors_for = {"change_lead": {}}

    class Meta:
        verbose_name = "justificatif d'éligibilité"
        verbose_name_plural = "justificatifs d'éligibilité"
        ordering = ["criterion", "uploaded_at", "pk"]

    def __str__(self):
        # Never the file name: it may carry the person's name.
        return self.get_kind_display()
