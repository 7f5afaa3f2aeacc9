"""Reading one cell: numbers with a decimal comma, months, dates, choices by value or label.

Each parser returns the value or raises InvalidValue with a French message. Cells of an
XLSX file may already be numbers or dates; cells of a CSV file are text.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from clauses import calculator
from clauses.imports.reading import normalise


class InvalidValue(ValueError):
    """A cell that cannot be read; str() is the French message."""


MAX_NUMBER = Decimal(10) ** 12
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")
_MONTH_FR = re.compile(r"^(\d{1,2})/(\d{4})$")
# What nearly every cell of an hours file looks like: read without the general path.
_PLAIN_AMOUNT = re.compile(r"\d{1,9}(?:[.,]\d{1,2})?")
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def month(value: object) -> datetime.date:
    """A month written 2025-03 (or 03/2025, or a date cell), as its first day."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    raw = text(value)
    match = _MONTH_ISO.match(raw)
    if match:
        year, number = int(match[1]), int(match[2])
    else:
        match = _MONTH_FR.match(raw)
        if not match:
            raise InvalidValue(
                f"« {raw} » n'est pas un mois : écrivez-le AAAA-MM, par exemple 2025-03."
            )
        number, year = int(match[1]), int(match[2])
    if not 1 <= number <= 12 or year < 2000:
        raise InvalidValue(f"« {raw} » n'est pas un mois valide (AAAA-MM, par exemple 2025-03).")
    return datetime.date(year, number, 1)


def decimal(value: object, places: int = 2, example: str = "35,5") -> Decimal:
    """A number with a decimal comma or point, at most `places` decimals."""
    step = _STEPS[places]
    if type(value) is str and places >= 2 and _PLAIN_AMOUNT.fullmatch(value):
        return Decimal(value.replace(",", ".")).quantize(step)
    if isinstance(value, bool):
        raise InvalidValue(f"Écrivez un nombre, par exemple {example}.")
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        raw = text(value)
        try:
            number = calculator.parse_decimal(raw)
        except (ValueError, InvalidOperation):
            raise InvalidValue(f"« {raw} » n'est pas un nombre : écrivez par exemple {example}.") \
                from None
    if not number.is_finite():
        raise InvalidValue(f"Écrivez un nombre, par exemple {example}.")
    if abs(number) >= MAX_NUMBER:
        raise InvalidValue("Ce nombre est trop grand.")
    if number != number.quantize(step):
        raise InvalidValue(f"Écrivez au plus {places} chiffres après la virgule.")
    return number.quantize(step)


def integer(value: object, example: str = "2") -> int:
    if type(value) is str and value.isascii() and value.isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = text(value)
    if not re.fullmatch(r"\d+", raw):
        raise InvalidValue(f"« {raw} » n'est pas un nombre entier : écrivez par exemple {example}.")
    return int(raw)


def date(value: object) -> datetime.date:
    """A date written 31/01/2026 or 2026-01-31, or a date cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, layout).date()
        except ValueError:
            continue
    raise InvalidValue(
        f"« {raw} » n'est pas une date : écrivez-la JJ/MM/AAAA, par exemple 31/01/2026."
    )


def choice(value: object, choices) -> str:
    """The stored value of a TextChoices member, given its value or its label."""
    raw = text(value)
    wanted = normalise(raw)
    for stored, label in choices.choices:
        if wanted in (normalise(stored), normalise(label)):
            return stored
    accepted = ", ".join(f"« {label} »" for _, label in choices.choices)
    raise InvalidValue(f"« {raw} » n'est pas reconnu ; valeurs possibles : {accepted}.")
