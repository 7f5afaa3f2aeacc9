import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from clauses.enums import ClauseHoursMode, Feasibility, HoursFormula, MarketStatus, Procedure
from clauses.models.base import Versioned
from clauses.search_text import text_of
from portal.core.vocabulary import DecpConsideration, LegalBasis, MarketCategory

# Annex of the Bourgogne convention: the CMRA consults the regional facilitator at
# least 20 days before preparing the DCE.
CONSULTATION_MIN_DAYS = 20

MARKET_ANCHORS = {"territory": ("lead_territory", "territories"), "buyer": "buyer"}
# A market is seen from every territory it concerns, and by its buyer; it is changed,
# deleted and handed over from its lead territory only (its facilitators and their
# coordinators), never from a co-territory.
LEAD_ACTIONS = ("change", "delete", "change_lead")


def _through(prefix: str) -> dict:
    """The market's anchors seen from a child object reaching it through `prefix`."""
    return {
        "territory": tuple(f"{prefix}__{path}" for path in MARKET_ANCHORS["territory"]),
        "buyer": f"{prefix}__{MARKET_ANCHORS['buyer']}",
    }


def _lead_through(prefix: str) -> dict:
    """A child of the market changes as the market does: from its lead territory."""
    lead = {"territory": f"{prefix}__lead_territory"}
    return dict.fromkeys(LEAD_ACTIONS, lead)


cpv_validator = RegexValidator(
    r"^\d{8}(-\d)?$",
    "Le code CPV s'écrit avec 8 chiffres, suivis ou non d'un chiffre de contrôle "
    "(par exemple 45210000-2).",
)


class Market(Versioned):
    """A public market followed from the buyer's forecast to the end of its execution."""

    # Unique per buyer: each buyer numbers its own markets, and a buyer importing its
    # forecasts never learns that another buyer's market bears the same reference.
    reference = models.CharField("référence", max_length=60, db_index=True)
    title = models.CharField("intitulé", max_length=255)
    buyer = models.ForeignKey(
        "network.Organisation", verbose_name="acheteur", on_delete=models.PROTECT,
        related_name="markets",
    )
    lead_territory = models.ForeignKey(
        "network.Territory", verbose_name="territoire pilote", on_delete=models.PROTECT,
        related_name="led_markets",
    )
    territories = models.ManyToManyField(
        "network.Territory", verbose_name="autres territoires concernés", blank=True,
        related_name="markets",
    )
    programme_year = models.PositiveSmallIntegerField(
        "année de programmation", validators=[MinValueValidator(2000)],
        help_text="Année de la prévision d'achat.",
    )
    category = models.CharField("catégorie", max_length=20, choices=MarketCategory.choices)
    cpv_code = models.CharField(
        "code CPV", max_length=10, blank=True, validators=[cpv_validator]
    )
    procedure = models.CharField(
        "procédure", max_length=50, choices=Procedure.choices, blank=True
    )
    estimated_amount = models.DecimalField(
        "montant estimé (€ HT)", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    decp_consideration = models.CharField(
        "considération sociale (DECP)", max_length=40, choices=DecpConsideration.choices,
        blank=True,
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="facilitateur en charge", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="followed_markets",
    )
    status = models.CharField(
        "état", max_length=30, choices=MarketStatus.choices, default=MarketStatus.FORECAST,
        editable=False,
    )
    feasibility = models.CharField(
        "faisabilité d'une clause", max_length=20, choices=Feasibility.choices, blank=True
    )
    feasibility_reason = models.TextField("motif de l'avis de faisabilité", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="étudiée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assessed_markets", editable=False,
    )
    assessed_at = models.DateTimeField("étudiée le", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="prévision transmise par", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="submitted_markets",
        editable=False,
    )
    notes = models.TextField("observations", blank=True)
    # The market's "id" in the open data of public procurement (DECP), unique per buyer:
    # what a new import of those data recognises it by.
    decp_id = models.CharField("identifiant DECP", max_length=80, blank=True, editable=False)
    # Written by the facilitator for the buyer: it closes the market's bilan document.
    bilan_comment = models.TextField("commentaire du facilitateur pour le bilan", blank=True)
    bilan_comment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="commentaire rédigé par", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    bilan_comment_at = models.DateTimeField(
        "commentaire modifié le", null=True, blank=True, editable=False
    )

    forecast_received_on = models.DateField("prévision reçue le", null=True, blank=True)
    facilitator_consulted_on = models.DateField(
        "facilitateur consulté le", null=True, blank=True
    )
    dce_planned_on = models.DateField("DCE prévu le", null=True, blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    awarded_on = models.DateField("attribuée le", null=True, blank=True)
    execution_starts_on = models.DateField("début d'exécution", null=True, blank=True)
    execution_ends_on = models.DateField("fin d'exécution", null=True, blank=True)

    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    # What /recherche/ matches, folded once here (clauses.search_text).
    search_text = models.TextField("texte de recherche", editable=False, default="")

    permission_anchors = MARKET_ANCHORS
    permission_anchors_for = {
        **{action: {"territory": "lead_territory"} for action in LEAD_ACTIONS},
        # The DCE exchange before publication (clauses.operations.dce): with the lead
        # territory and the buyer, never a co-territory.
        "submit_dce": {"territory": "lead_territory", "buyer": "buyer"},
        "review_dce": {"territory": "lead_territory"},
        "override_publication": {"territory": "lead_territory"},
    }

    def save(self, *args, **kwargs):
        self.search_text = text_of(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        return super().save(*args, **kwargs)

    class Meta:
        verbose_name = "marché"
        verbose_name_plural = "marchés"
        ordering = ["-programme_year", "reference"]
        indexes = [
            models.Index(fields=["status"], name="market_status_idx"),
            models.Index(fields=["programme_year"], name="market_year_idx"),
            models.Index(fields=["dce_planned_on"], name="market_dce_idx"),
            # The lists' order (/espace/marches/, the API): a page is read off it.
            models.Index(fields=["-programme_year", "reference"], name="market_list_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "reference"], name="market_reference_unique_per_buyer",
                violation_error_message="Cet acheteur a déjà un marché de cette référence.",
            ),
            models.UniqueConstraint(
                fields=["buyer", "decp_id"], condition=~models.Q(decp_id=""),
                name="market_decp_id_unique_per_buyer",
                violation_error_message="Ce marché des données essentielles (DECP) est déjà "
                "enregistré pour cet acheteur.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self):
        return reverse("clauses:market_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if (
            self.execution_starts_on and self.execution_ends_on
            and self.execution_ends_on < self.execution_starts_on
        ):
            errors["execution_ends_on"] = "La fin d'exécution précède son début."
        if self.feasibility == Feasibility.NOT_FEASIBLE and not self.feasibility_reason.strip():
            errors["feasibility_reason"] = "Indiquez pourquoi une clause n'est pas faisable."
        if errors:
            raise ValidationError(errors)

    @property
    def consultation_days(self) -> int | None:
        """Days between the facilitator's consultation and the planned DCE."""
        if self.facilitator_consulted_on is None or self.dce_planned_on is None:
            return None
        return (self.dce_planned_on - self.facilitator_consulted_on).days

    def consultation_too_late(self, today: datetime.date | None = None) -> bool:
        """The 20-day rule of the convention is broken, or can no longer be met."""
        days = self.consultation_days
        if days is not None:
            return days < CONSULTATION_MIN_DAYS
        if self.dce_planned_on is None or self.facilitator_consulted_on is not None:
            return False
        today = today or timezone.localdate()
        return (self.dce_planned_on - today).days < CONSULTATION_MIN_DAYS and self.status in (
            MarketStatus.FORECAST, MarketStatus.STUDIED, MarketStatus.DRAFTING,
        )

    @property
    def all_territory_ids(self) -> list[int]:
        return [self.lead_territory_id, *(t.pk for t in self.territories.all())]


class MarketStatusChange(models.Model):
    """One dated step of a market through the pipeline (see clauses.pipeline)."""

    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        "état précédent", max_length=30, choices=MarketStatus.choices, blank=True
    )
    to_status = models.CharField("nouvel état", max_length=30, choices=MarketStatus.choices)
    changed_on = models.DateField("date")
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.TextField("motif", blank=True)
    publication_override = models.BooleanField(
        "publiée sans relecture conforme", default=False,
        help_text="Publication décidée par la coordination régionale, motif à l'appui.",
    )

    permission_anchors = _through("market")
    permission_anchors_for = _lead_through("market")

    class Meta:
        verbose_name = "changement d'état"
        verbose_name_plural = "historique des états"
        ordering = ["changed_on", "recorded_at", "pk"]

    def __str__(self):
        return (
            f"{self.market.reference} : {self.get_to_status_display()} "
            f"({self.changed_on:%d/%m/%Y})"
        )


class Lot(models.Model):
    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="lots"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=255)
    amount = models.DecimalField(
        "montant (€ HT)", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    contractor = models.ForeignKey(
        "network.Organisation", verbose_name="titulaire", null=True, blank=True,
        on_delete=models.PROTECT, related_name="held_lots",
    )

    # Its contractor's referents see the lot once it carries a clause.
    permission_anchors = {**_through("market"), "company": "clauses__lot__contractor"}
    permission_anchors_for = _lead_through("market")

    class Meta:
        verbose_name = "lot"
        verbose_name_plural = "lots"
        ordering = ["market", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "number"], name="lot_number_unique_per_market",
                violation_error_message="Ce numéro de lot existe déjà pour ce marché.",
            )
        ]

    def __str__(self):
        return f"Lot {self.number} — {self.title}"


class Clause(models.Model):
    """The insertion obligation of a market or of one of its lots."""

    market = models.ForeignKey(
        Market, verbose_name="marché", on_delete=models.CASCADE, related_name="clauses"
    )
    lot = models.ForeignKey(
        Lot, verbose_name="lot", null=True, blank=True, on_delete=models.CASCADE,
        related_name="clauses",
    )
    legal_basis = models.CharField(
        "fondement juridique", max_length=30, choices=LegalBasis.choices
    )
    hours_mode = models.CharField(
        "mode de calcul des heures", max_length=20, choices=ClauseHoursMode.choices,
        default=ClauseHoursMode.CALCULATED,
    )
    formula = models.CharField(
        "formule", max_length=20, choices=HoursFormula.choices, blank=True
    )
    calculator_inputs = models.JSONField(
        "paramètres du calculateur", default=dict, blank=True,
        help_text="Les valeurs saisies dans le calculateur, par nom de champ.",
    )
    required_hours = models.DecimalField(
        "heures d'insertion exigées", max_digits=10, decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField("début de la période", null=True, blank=True)
    ends_on = models.DateField("fin de la période", null=True, blank=True)
    notes = models.TextField("observations", blank=True)

    permission_anchors = {**_through("market"), "company": "lot__contractor"}
    permission_anchors_for = _lead_through("market")

    class Meta:
        verbose_name = "clause"
        verbose_name_plural = "clauses"
        ordering = ["market", "lot__number", "pk"]

    def __str__(self):
        where = f"lot {self.lot.number}" if self.lot_id else "marché"
        return f"{self.market.reference} ({where}) — {self.required_hours:.0f} h"

    def clean(self):
        errors = {}
        if self.lot_id and self.market_id and self.lot.market_id != self.market_id:
            errors["lot"] = "Ce lot appartient à un autre marché."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "La fin de la période précède son début."
        if errors:
            raise ValidationError(errors)

    @property
    def contractor(self):
        return self.lot.contractor if self.lot_id else None
