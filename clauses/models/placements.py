from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from clauses.enums import ContractType, Modality, OutcomeCategory, OutcomeMoment
from clauses.models.base import Versioned
from clauses.models.markets import _through

rome_validator = RegexValidator(
    r"^[A-N]\d{4}$", "Un code ROME s'écrit avec une lettre et 4 chiffres, par exemple F1703."
)
# A month has at most 31 × 24 hours; anything above is a typing error.
MAX_MONTHLY_HOURS = 744


class GlobalisationAgreement(models.Model):
    """Lets hours done on one operation count for other clauses of the same contractor."""

    title = models.CharField("intitulé", max_length=255)
    contractor = models.ForeignKey(
        "network.Organisation", verbose_name="entreprise", on_delete=models.PROTECT,
        related_name="globalisation_agreements",
    )
    clauses = models.ManyToManyField(
        "clauses.Clause", verbose_name="clauses globalisées", related_name="globalisations"
    )
    signed_on = models.DateField("signé le", null=True, blank=True)
    notes = models.TextField("observations", blank=True)

    permission_anchors = _through("clauses__market")

    class Meta:
        verbose_name = "accord de globalisation"
        verbose_name_plural = "accords de globalisation"
        ordering = ["title"]

    def __str__(self):
        return self.title


class Placement(Versioned):
    """A beneficiary's work (or training) under a clause: one step of their parcours."""

    beneficiary = models.ForeignKey(
        "clauses.Beneficiary", verbose_name="bénéficiaire", on_delete=models.PROTECT,
        related_name="placements",
    )
    clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause", on_delete=models.PROTECT,
        related_name="placements",
    )
    employer = models.ForeignKey(
        "network.Organisation", verbose_name="employeur", on_delete=models.PROTECT,
        related_name="placements",
        help_text="Le titulaire, ou la SIAE, l'ETTI, l'AI ou le GEIQ qui emploie la personne.",
    )
    modality = models.CharField("modalité", max_length=30, choices=Modality.choices)
    contract_type = models.CharField("type de contrat", max_length=30, choices=ContractType.choices)
    rome_code = models.CharField(
        "code ROME", max_length=5, blank=True, validators=[rome_validator]
    )
    job_label = models.CharField("poste occupé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    permission_anchors = _through("clause__market")
    # Declaring for a person is anchored on their territory (see network.permissions).
    permission_anchors_for = {"declare": {"territory": "beneficiary__territory"}}

    class Meta:
        verbose_name = "placement"
        verbose_name_plural = "placements"
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return f"{self.beneficiary} — {self.job_label} ({self.starts_on:%m/%Y})"

    def get_absolute_url(self):
        return reverse("clauses:placement_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin du placement précède son début."})


class HoursDeclaration(Versioned):
    """The hours of one placement in one month."""

    placement = models.ForeignKey(
        Placement, verbose_name="placement", on_delete=models.CASCADE,
        related_name="declarations",
    )
    month = models.DateField("mois", help_text="Premier jour du mois.")
    hours_worked = models.DecimalField(
        "heures travaillées", max_digits=7, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHLY_HOURS)],
    )
    training_hours = models.DecimalField(
        "heures de formation", max_digits=7, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHLY_HOURS)],
    )
    credited_clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause créditée", on_delete=models.PROTECT,
        related_name="credited_declarations",
        help_text="La clause du placement, ou une autre sous accord de globalisation.",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    permission_anchors = _through("placement__clause__market")
    permission_anchors_for = {"declare": {"territory": "placement__beneficiary__territory"}}

    class Meta:
        verbose_name = "déclaration d'heures"
        verbose_name_plural = "déclarations d'heures"
        ordering = ["placement", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "month"], name="one_declaration_per_placement_month",
                violation_error_message="Les heures de ce mois sont déjà déclarées "
                "pour ce placement.",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="declaration_month_first_day",
                violation_error_message="Le mois se note par son premier jour.",
            ),
        ]
        indexes = [
            models.Index(fields=["credited_clause", "month"], name="declaration_clause_month"),
        ]

    def __str__(self):
        return f"{self.placement} — {self.month:%m/%Y}"

    @property
    def total_hours(self):
        return self.hours_worked + self.training_hours

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.placement_id and self.credited_clause_id:
            message = credited_clause_error(self.placement, self.credited_clause)
            if message:
                raise ValidationError({"credited_clause": message})
        if self.placement_id and self.month:
            placement = self.placement
            first = placement.starts_on.replace(day=1)
            last = placement.ends_on.replace(day=1) if placement.ends_on else None
            if self.month < first or (last and self.month > last):
                raise ValidationError(
                    {"month": "Ce mois est en dehors des dates du placement."}
                )
            if self.month > timezone.localdate().replace(day=1):
                raise ValidationError({"month": "On ne déclare pas les heures d'un mois à venir."})


class Outcome(models.Model):
    """Where the beneficiary stands at the end of a placement, and about 6 months later."""

    placement = models.ForeignKey(
        Placement, verbose_name="placement", on_delete=models.CASCADE, related_name="outcomes"
    )
    moment = models.CharField("moment", max_length=20, choices=OutcomeMoment.choices)
    category = models.CharField("situation", max_length=30, choices=OutcomeCategory.choices)
    observed_on = models.DateField("constatée le")
    notes = models.TextField("observations", blank=True)

    permission_anchors = _through("placement__clause__market")
    permission_anchors_for = {"declare": {"territory": "placement__beneficiary__territory"}}

    class Meta:
        verbose_name = "sortie"
        verbose_name_plural = "sorties"
        ordering = ["placement", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "moment"], name="one_outcome_per_placement_moment",
                violation_error_message="Cette sortie est déjà renseignée pour ce placement.",
            )
        ]

    def __str__(self):
        return f"{self.placement} — {self.get_moment_display()} : {self.get_category_display()}"


MESSAGE_NOT_GLOBALISED = (
    "Ces heures ne peuvent être créditées qu'à la clause du placement, sauf accord de "
    "globalisation couvrant les deux clauses pour la même entreprise."
)


def credited_clause_error(placement: Placement, clause) -> str | None:
    """Why hours of `placement` cannot be credited to `clause`, or None if they can."""
    if clause.pk == placement.clause_id:
        return None
    contractor_id = placement.clause.lot.contractor_id if placement.clause.lot_id else None
    other_contractor_id = clause.lot.contractor_id if clause.lot_id else None
    if contractor_id is None or contractor_id != other_contractor_id:
        return MESSAGE_NOT_GLOBALISED
    covered = (
        GlobalisationAgreement.objects.filter(contractor_id=contractor_id, clauses=clause)
        .filter(clauses=placement.clause_id)
        .exists()
    )
    return None if covered else MESSAGE_NOT_GLOBALISED
