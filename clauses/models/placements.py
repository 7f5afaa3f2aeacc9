from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from clauses.enums import ContractType, DeclarationStatus, Modality, OutcomeCategory, OutcomeMoment
from clauses.models.base import Versioned
from clauses.models.markets import _lead_through, _through

rome_validator = RegexValidator(
    r"^[A-N]\d{4}$", "Un code ROME s'écrit avec une lettre et 4 chiffres, par exemple F1703."
)


def _declared_by(territory: str, company: str = "") -> dict:
    """Placements, their hours and outcomes are written by the facilitators of the
    person's territory (who see their personal data), whichever territory leads the
    market: a co-territory declares for its own beneficiaries. With `company`, the
    employer's referents declare hours too (which a facilitator then validates)."""
    anchors = {"territory": territory}
    hours = {**anchors, "company": company} if company else anchors
    # A placement has no lead to hand over.
    return {
        **dict.fromkeys(("declare", "change", "delete", "validate_hours"), anchors),
        "declare_hours": hours, "change_lead": {},
    }


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
    permission_anchors_for = _lead_through("clauses__market")

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

    # The employer's referents see the placements of the people their company employs.
    permission_anchors = {**_through("clause__market"), "company": "employer"}
    permission_anchors_for = _declared_by("beneficiary__territory", company="employer")

    class Meta:
        verbose_name = "placement"
        verbose_name_plural = "placements"
        ordering = ["-starts_on", "pk"]
        indexes = [
            # The placements that ended in a bilan's period, with their person: read from
            # the index alone (clauses.bilans.indicators).
            models.Index(fields=["ends_on", "id", "beneficiary"], name="placement_ended"),
        ]

    def __str__(self):
        return f"{self.beneficiary} — {self.job_label} ({self.starts_on:%m/%Y})"

    def get_absolute_url(self):
        return reverse("clauses:placement_detail", args=[self.pk])


class DeclarationQuerySet(models.QuerySet):
    def counted(self):
        """The declarations whose hours count (progress, bilans): the validated ones."""
        return self.filter(status=DeclarationStatus.VALIDATED)


class HoursDeclaration(Versioned):
    """The hours of one placement in one month."""

    objects = DeclarationQuerySet.as_manager()

    placement = models.ForeignKey(
        Placement, verbose_name="placement", on_delete=models.CASCADE,
        related_name="declarations",
    )
    month = models.DateField("mois", help_text="Premier jour du mois.")
    # Their limits (not negative, at most 250 in a month) are rules of a declaration:
    # clauses.rules.hours, checked by every channel through clauses.operations.
    hours_worked = models.DecimalField(
        "heures travaillées", max_digits=7, decimal_places=2, default=0
    )
    training_hours = models.DecimalField(
        "heures de formation", max_digits=7, decimal_places=2, default=0
    )
    credited_clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause créditée", on_delete=models.PROTECT,
        related_name="credited_declarations",
        help_text="La clause du placement, ou une autre sous accord de globalisation.",
    )
    # Only validated hours count (clauses.progress, the bilans' figures).
    status = models.CharField(
        "statut", max_length=20, choices=DeclarationStatus.choices,
        default=DeclarationStatus.VALIDATED,
    )
    rejection_reason = models.TextField("motif du refus", blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déclarée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="validée ou refusée par", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField("validée ou refusée le", null=True, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    permission_anchors = {**_through("placement__clause__market"),
                          "company": "placement__employer"}
    permission_anchors_for = _declared_by(
        "placement__beneficiary__territory", company="placement__employer"
    )

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
            models.Index(fields=["status"], name="declaration_status_idx"),
        ]

    def __str__(self):
        return f"{self.placement} — {self.month:%m/%Y}"

    @property
    def total_hours(self):
        return self.hours_worked + self.training_hours

    def clean(self):
        # A month is kept as its first day, whatever day the channel read.
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)


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
    permission_anchors_for = _declared_by("placement__beneficiary__territory")

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
