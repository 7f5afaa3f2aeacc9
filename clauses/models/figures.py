"""Monthly figures kept beside the declarations, so that a bilan reads a few rows per
clause instead of scanning every declaration (clauses.figures keeps them current).

Both tables are derived: `manage.py rebuild_bilan_figures` makes them again from the
declarations and placements, and a test checks that the bilan they give is exactly the
one the declarations give.
"""

from django.db import models

# Bit i of `PlacementYear.months` is month i + 1 of the year.
ALL_MONTHS = (1 << 12) - 1


class ClauseMonth(models.Model):
    """The hours credited to one clause in one month, by the modality and contract of the
    placements they were done in."""

    credited_clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause créditée", on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField("mois")
    modality = models.CharField("modalité", max_length=30)
    contract_type = models.CharField("type de contrat", max_length=30)
    hours_worked = models.DecimalField("heures travaillées", max_digits=12, decimal_places=2)
    training_hours = models.DecimalField("heures de formation", max_digits=12, decimal_places=2)
    declarations = models.PositiveIntegerField("déclarations")

    permission_anchors = {"territory": ("credited_clause__market__lead_territory",
                                        "credited_clause__market__territories")}

    class Meta:
        verbose_name = "heures d'une clause dans un mois"
        verbose_name_plural = "heures des clauses par mois"
        constraints = [
            models.UniqueConstraint(
                fields=["credited_clause", "month", "modality", "contract_type"],
                name="clause_month_unique",
            ),
        ]
        indexes = [models.Index(fields=["month"], name="clause_month_month")]

    def __str__(self):
        return f"{self.credited_clause_id} — {self.month:%m/%Y}"


class PlacementYear(models.Model):
    """The months of one year in which a placement has hours credited to one clause, with
    what the bilans count of the person: the people employed (each counted once), their
    modality and contract, and the start of the placement (their age band)."""

    # No constraint and no cascade: while a placement's declarations are deleted one by
    # one (each refreshing these rows), the placement is still there; its rows go with
    # its own post_delete (clauses.bilans.figures).
    placement = models.ForeignKey(
        "clauses.Placement", verbose_name="placement", on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    credited_clause = models.ForeignKey(
        "clauses.Clause", verbose_name="clause créditée", on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("année")
    months = models.PositiveSmallIntegerField("mois avec des heures (bits)")
    beneficiary = models.ForeignKey(
        "clauses.Beneficiary", verbose_name="bénéficiaire", on_delete=models.CASCADE,
        related_name="+",
    )
    modality = models.CharField("modalité", max_length=30)
    contract_type = models.CharField("type de contrat", max_length=30)
    starts_on = models.DateField("début du placement")

    permission_anchors = {"territory": "beneficiary__territory"}

    class Meta:
        verbose_name = "mois d'un placement dans une année"
        verbose_name_plural = "mois des placements par année"
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "credited_clause", "year"], name="placement_year_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["credited_clause", "year"], name="placement_year_clause"),
            models.Index(fields=["year"], name="placement_year_year"),
        ]

    def __str__(self):
        return f"{self.placement_id} — {self.year}"
