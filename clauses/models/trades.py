"""Trades and their usual labour share, kept by editors for the hours calculator."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel


class Trade(models.Model):
    """A trade (corps de métier) and the share of labour usual in its works, in percent:
    the calculator offers it in place of a labour share typed by hand."""

    name = models.CharField("corps de métier", max_length=120, unique=True)
    labour_share = models.DecimalField(
        "part de main-d'œuvre habituelle (%)", max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text="En pourcentage du montant HT, par exemple 70 pour la peinture intérieure.",
    )
    notes = models.CharField(
        "remarque", max_length=255, blank=True,
        help_text="Ce que recouvre le corps de métier, ou la source du repère.",
    )

    panels = [FieldPanel("name"), FieldPanel("labour_share"), FieldPanel("notes")]

    class Meta:
        verbose_name = "corps de métier"
        verbose_name_plural = "corps de métier"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.labour_share_display})"

    @property
    def labour_share_display(self) -> str:
        """70 %, 37,5 % (French writing, as typed in the calculator)."""
        value = self.labour_share.normalize()
        text = f"{value:f}".replace(".", ",")
        return f"{text} %"
