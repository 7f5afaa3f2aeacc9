"""The rules of one month of hours, whichever way it arrives: form, admin, API or import.

Plain functions over values already read, so that an import of 100,000 rows runs them
without a query. Messages are in French and name what to fix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

# More than this in one month is a typing error (a full-time month is about 151 h).
MAX_MONTHLY_HOURS = Decimal(250)

MESSAGE_NEGATIVE = "Le nombre d'heures ne peut pas être négatif."
MESSAGE_TOO_MANY = (
    f"Plus de {MAX_MONTHLY_HOURS} heures dans un mois : vérifiez la saisie."
)
MESSAGE_TOTAL_TOO_MANY = (
    f"Heures travaillées et de formation dépassent ensemble {MAX_MONTHLY_HOURS} heures "
    "dans le mois : vérifiez la saisie."
)
MESSAGE_NOTHING = "Déclarez au moins une heure travaillée ou de formation."
MESSAGE_FUTURE = "On ne déclare pas les heures d'un mois à venir."


def _month_text(value: datetime.date) -> str:
    return f"{value:%m/%Y}"


@dataclass(frozen=True)
class Period:
    """From the month of `start` to the month of `end`; an open side is not checked."""

    start: datetime.date | None
    end: datetime.date | None

    def __post_init__(self):
        # Months compare by their first day; computed once, checked for every row.
        object.__setattr__(self, "_first", self.start.replace(day=1) if self.start else None)
        object.__setattr__(self, "_last", self.end.replace(day=1) if self.end else None)

    def contains(self, month: datetime.date) -> bool:
        first, last = self._first, self._last
        return (first is None or month >= first) and (last is None or month <= last)

    def describe(self) -> str:
        if self.start and self.end:
            return f"du {_month_text(self.start)} au {_month_text(self.end)}"
        if self.start:
            return f"à partir de {_month_text(self.start)}"
        return f"jusqu'à {_month_text(self.end)}" if self.end else "sans limite"


def hours_errors(worked: Decimal | None, training: Decimal | None) -> dict[str, str]:
    """Errors by field ("heures", "heures_formation") for the hours of one month."""
    errors: dict[str, str] = {}
    for name, value in (("heures", worked), ("heures_formation", training)):
        if value is None:
            continue
        if value < 0:
            errors[name] = MESSAGE_NEGATIVE
        elif value > MAX_MONTHLY_HOURS:
            errors[name] = MESSAGE_TOO_MANY
    if errors or worked is None or training is None:
        return errors
    if worked + training > MAX_MONTHLY_HOURS:
        errors["heures_formation" if training else "heures"] = MESSAGE_TOTAL_TOO_MANY
    elif worked + training <= 0:
        errors["heures"] = MESSAGE_NOTHING
    return errors


def month_error(
    month: datetime.date,
    placement: Period,
    clause: Period,
    today: datetime.date,
) -> str | None:
    """Why hours cannot be declared for `month` on this placement and clause, or None."""
    if month > today.replace(day=1):
        return MESSAGE_FUTURE
    if not placement.contains(month):
        return (
            f"Le mois {_month_text(month)} est en dehors des dates du placement "
            f"({placement.describe()})."
        )
    if not clause.contains(month):
        return (
            f"Le mois {_month_text(month)} est en dehors de la période de la clause "
            f"({clause.describe()})."
        )
    return None
