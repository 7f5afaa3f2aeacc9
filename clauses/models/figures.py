"""Figures kept beside the declarations, so that a bilan reads one row per placement and
year instead of scanning every declaration, and one row per market and year for what it
counts of markets (clauses.bilans.figures keeps them current).

The tables are derived: `manage.py rebuild_bilan_figures` makes them again from the
declarations and placements, and a test checks that the bilan they give is exactly the
one the declarations give.
"""

from django.db import models

# Bit i of `PlacementYear.months` is month i + 1 of the year.
ALL_MONTHS = (1 << 12) - 1
MONTHS = range(1, 13)
# A placement's hours fit in 9 digits; a market's, summed from its placements', in 12.
PLACEMENT_DIGITS = 9
MARKET_DIGITS = 12


def worked_column(month: int) -> str:
    return f"worked_{month:02d}"


def training_column(month: int) -> str:
    return f"training_{month:02d}"


def _hours(label: str, digits: int = PLACEMENT_DIGITS) -> models.DecimalField:
    return models.DecimalField(label, max_digits=digits, decimal_places=2, default=0)


class PlacementYear(models.Model):
    """One placement's hours of one year credited to one clause, month by month, with
    what the bilans count of the person: the months with hours (as bits: each person is
    counted once per period), the placement's modality and contract, and its start (the
    person's age band)."""

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
    # The placement's employer: whose hours these are when the clause is on a whole
    # market (no lot, so no contractor).
    employer = models.ForeignKey(
        "network.Organisation", verbose_name="employeur", on_delete=models.DO_NOTHING,
        db_constraint=False, null=True, related_name="+",
    )
    # Whose hours these are: the contractor of the credited clause's lot, or the employer
    # for a clause on a whole market (kept current when a lot's contractor or a clause's
    # lot changes, clauses.bilans.figures), so that the hours per company need no join.
    company = models.ForeignKey(
        "network.Organisation", verbose_name="entreprise", on_delete=models.DO_NOTHING,
        db_constraint=False, db_index=False, null=True, related_name="+",
    )
    modality = models.CharField("modalité", max_length=30)
    contract_type = models.CharField("type de contrat", max_length=30)
    starts_on = models.DateField("début du placement")
    # Who the person is, as the typology of the bilans reads it (kept current with the
    # person's record and criteria, clauses.bilans.figures): counting people per age band,
    # sex, diploma, QPV or criterion then needs no join to the people.
    # Start and birth as YYYYMMDD integers, subtracted (clauses.bilans.queries.ymd): the
    # smallest of a person's rows is their age at their first start. None: no birth date.
    age_key = models.IntegerField("âge au début (AAAAMMJJ)", null=True)
    sex = models.CharField("sexe", max_length=1, blank=True)
    diploma_level = models.CharField("niveau de diplôme", max_length=20, blank=True)
    qpv_resident = models.BooleanField("habite un QPV", default=False)
    derogation = models.BooleanField("dérogation", default=False)
    # Bit i: the person meets the i-th criterion of EligibilityCriterion.
    criteria = models.PositiveIntegerField("critères d'éligibilité (bits)", default=0)
    worked = _hours("heures travaillées de l'année")
    training = _hours("heures de formation de l'année")

    permission_anchors = {"territory": "beneficiary__territory"}

    class Meta:
        verbose_name = "heures d'un placement dans une année"
        verbose_name_plural = "heures des placements par année"
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "credited_clause", "year"], name="placement_year_unique",
            ),
        ]
        indexes = [
            # The hours of the counted clauses up to a period's end are read clause by
            # clause: with the hours in the index, PostgreSQL and SQLite read it alone,
            # not the wide rows (monthly hours, the person's typology).
            models.Index(fields=["credited_clause", "year", "worked", "training"],
                         name="placement_year_clause_hours"),
            models.Index(fields=["year"], name="placement_year_year"),
            # The same, year first: the clauses with hours in a period.
            models.Index(fields=["year", "credited_clause", "worked", "training"],
                         name="placement_year_hours"),
        ]

    def __str__(self):
        return f"{self.placement_id} — {self.year}"


class MarketYear(models.Model):
    """The placement-years of one market's clauses in one year, summed: the months with
    hours (bits) and the hours, month by month. The bilan counts a market's clauses all
    together (all of them or none), so the markets with hours in a period and the hours
    of the counted clauses up to its end are read here, a few rows per market, rather
    than from every placement-year joined to its clause."""

    market = models.ForeignKey(
        "clauses.Market", verbose_name="marché", on_delete=models.CASCADE, db_index=False,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("année")
    months = models.PositiveSmallIntegerField("mois avec des heures (bits)")
    worked = _hours("heures travaillées de l'année", MARKET_DIGITS)
    training = _hours("heures de formation de l'année", MARKET_DIGITS)

    class Meta:
        verbose_name = "heures d'un marché dans une année"
        verbose_name_plural = "heures des marchés par année"
        constraints = [
            models.UniqueConstraint(fields=["market", "year"], name="market_year_unique"),
        ]
        indexes = [
            # The markets with hours in a period, and the hours of the counted markets up
            # to its end: both read from the index alone.
            models.Index(fields=["year", "market", "months"], name="market_year_months"),
            models.Index(fields=["market", "year", "worked", "training"],
                         name="market_year_hours"),
        ]

    def __str__(self):
        return f"{self.market_id} — {self.year}"


# The month by month hours: a period that is not whole years sums the months it holds.
for _model, _digits in ((PlacementYear, PLACEMENT_DIGITS), (MarketYear, MARKET_DIGITS)):
    for _month in MONTHS:
        _model.add_to_class(worked_column(_month),
                            _hours(f"heures travaillées du mois {_month}", _digits))
        _model.add_to_class(training_column(_month),
                            _hours(f"heures de formation du mois {_month}", _digits))
