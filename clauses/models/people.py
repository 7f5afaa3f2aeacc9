from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from clauses.enums import DiplomaLevel, EligibilityCriterion, Sex
from clauses.models.base import Versioned
from clauses.rules.people import derogation_errors

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
