"""Insertion-hours calculator (DESIGN.md §3), shared by the page and the JSON API.

Standard formula::

    hours = amount excl. tax × labour share × insertion rate ÷ loaded hourly cost

Cleaning contracts whose staff is taken over from the previous contractor::

    P = 1 − (S × C) ÷ (A ÷ N)        hours = P × A ÷ C × T

(A amount, N months, S monthly hours of the staff taken over, C loaded hourly cost,
25 € by default, T rate). Below 150 hours the clause is not advised; P ≤ 0 means the
staff taken over already cover the obligation, so no hour is required.

Rounding: the exact value is rounded to the nearest whole hour, an exact half hour
going up (``ROUND_HALF_UP``: 832.5 → 833, never banker's rounding).

Rates and labour shares are read as people write them: "5", "5 %", "5%", "0,05" and
"0.05" all mean 5 % (see ``parse_share``).

Field names are the French names used by the form, the query string of the API and
the keys of the ``ValidationError`` dicts, so one set of messages serves all three.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType

from django.core.exceptions import ValidationError

from clauses.enums import HoursFormula

FORMULA = "formule"
AMOUNT = "montant"
LABOUR_SHARE = "part_main_oeuvre"
RATE = "taux"
HOURLY_COST = "cout_horaire"
MONTHS = "mois"
STAFF_HOURS = "heures_reprises_mensuelles"

FIELDS_BY_FORMULA = {
    HoursFormula.STANDARD: (AMOUNT, LABOUR_SHARE, RATE, HOURLY_COST),
    HoursFormula.CLEANING: (AMOUNT, MONTHS, STAFF_HOURS, RATE, HOURLY_COST),
}

DEFAULT_CLEANING_HOURLY_COST = Decimal(25)
ADVISED_MINIMUM_HOURS = 150
ROUNDING_RULE = (
    "Le résultat est arrondi à l'heure entière la plus proche ; une demi-heure exacte "
    "est arrondie à l'heure supérieure (832,5 h donnent 833 h)."
)
WARNING_TOO_FEW_HOURS = (
    f"Moins de {ADVISED_MINIMUM_HOURS} heures d'insertion : clause non conseillée, "
    "le volume est trop faible pour offrir un vrai parcours à une personne."
)
MESSAGE_STAFF_COVERS = (
    "Le personnel repris couvre déjà l'obligation d'insertion (pondération P ≤ 0) : "
    "aucune heure d'insertion supplémentaire n'est à exiger."
)

MESSAGE_REQUIRED = "Ce champ est obligatoire."
MESSAGE_NOT_A_NUMBER = "Saisissez un nombre, par exemple 1000000 ou 0,05."
MESSAGE_NOT_A_SHARE = "Saisissez un pourcentage, par exemple 5 %, 5 ou 0,05 pour 5 %."
MESSAGE_UNKNOWN_FORMULA = "Choisissez la formule « standard » ou « proprete »."
# Bounds keep every intermediate value within the precision of the computation.
MAX_INTEGER_DIGITS = 12
MAX_DECIMAL_PLACES = 6
MESSAGE_TOO_LARGE = (
    f"Ce nombre est trop grand ({MAX_INTEGER_DIGITS} chiffres au plus avant la virgule)."
)
MESSAGE_TOO_PRECISE = f"Saisissez au plus {MAX_DECIMAL_PLACES} chiffres après la virgule."

RULES = {
    AMOUNT: (lambda v: v > 0, "Le montant doit être supérieur à 0."),
    LABOUR_SHARE: (
        lambda v: 0 < v <= 1,
        "La part de main-d'œuvre doit être comprise entre 0 % (exclu) et 100 % : écrivez "
        "par exemple 50 %, 50 ou 0,5.",
    ),
    RATE: (
        lambda v: 0 < v <= 1,
        "Le taux doit être compris entre 0 % (exclu) et 100 % : écrivez par exemple 5 %, 5 "
        "ou 0,05.",
    ),
    HOURLY_COST: (lambda v: v > 0, "Le coût horaire doit être supérieur à 0."),
    MONTHS: (lambda v: v > 0, "La durée du marché doit être supérieure à 0 mois."),
    STAFF_HOURS: (
        lambda v: v >= 0,
        "Les heures mensuelles du personnel repris ne peuvent pas être négatives.",
    ),
}

# Spaces (also the non-breaking ones French formatting uses) group thousands; one comma
# or dot marks the decimals. "1.000.000" is refused rather than guessed.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PRECISION = 60


@dataclass(frozen=True)
class HoursResult:
    formula: HoursFormula
    hours: int
    exact_hours: Decimal
    # The cleaning weighting P; None for the standard formula.
    weighting: Decimal | None
    inputs: Mapping[str, Decimal] = field(hash=False)
    warnings: tuple[str, ...] = ()

    @property
    def exact_hours_cents(self) -> Decimal:
        """The exact hours cut to two decimals.

        Cut rather than rounded so that what is shown never contradicts the rounding:
        832.4999 shows 832.49 (→ 832 h), not 832.50.
        """
        return self.exact_hours.quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    @property
    def weighting_display(self) -> Decimal | None:
        if self.weighting is None:
            return None
        with localcontext(prec=_PRECISION):
            return self.weighting.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def round_hours(value: Decimal) -> int:
    """Nearest whole hour, an exact half going up (ROUND_HALF_UP)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_decimal(text: str) -> Decimal:
    """Read a number typed by a person: "0,05", "1 000 000", "30.5". ValueError if not."""
    cleaned = _SPACES.sub("", text)
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    return Decimal(cleaned.replace(",", "."))


SHARE_FIELDS = (LABOUR_SHARE, RATE)


def parse_share(text: str) -> Decimal:
    """Read a rate or a share as people write it: "5 %", "5%", "5", "0,05" and "0.05" are
    all 5 % (0.05). A number followed by % or above 1 is a percentage; a number up to 1
    is a fraction, so "1" is 100 % and one percent is written "1 %" or "0,01".
    ValueError if it is not a number."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    value = parse_decimal(cleaned[:-1] if percent else cleaned)
    if percent or value > 1:
        with localcontext(prec=_PRECISION):
            value = value / 100
    return value


def _field_error(name: str, value: Decimal) -> str | None:
    if not value.is_finite():
        return MESSAGE_NOT_A_NUMBER
    if value != 0 and value.adjusted() >= MAX_INTEGER_DIGITS:
        return MESSAGE_TOO_LARGE
    if value.normalize().as_tuple().exponent < -MAX_DECIMAL_PLACES:
        return MESSAGE_TOO_PRECISE
    is_valid, message = RULES[name]
    return None if is_valid(value) else message


def _validated(values: Mapping[str, Decimal | int]) -> dict[str, Decimal]:
    decimals = {name: Decimal(value) for name, value in values.items()}
    errors = {
        name: [message]
        for name, value in decimals.items()
        if (message := _field_error(name, value))
    }
    if errors:
        raise ValidationError(errors)
    return decimals


def standard_hours(
    amount: Decimal, labour_share: Decimal, rate: Decimal, hourly_cost: Decimal
) -> HoursResult:
    """hours = amount × labour share × rate ÷ hourly cost, rounded half up.

    Raises ValidationError ({field: [French message]}) on invalid values.
    """
    inputs = _validated(
        {AMOUNT: amount, LABOUR_SHARE: labour_share, RATE: rate, HOURLY_COST: hourly_cost}
    )
    with localcontext(prec=_PRECISION):
        exact = inputs[AMOUNT] * inputs[LABOUR_SHARE] * inputs[RATE] / inputs[HOURLY_COST]
    return HoursResult(
        formula=HoursFormula.STANDARD,
        hours=round_hours(exact),
        exact_hours=exact,
        weighting=None,
        inputs=MappingProxyType(inputs),
    )


def cleaning_hours(
    amount: Decimal,
    months: Decimal,
    staff_hours: Decimal,
    rate: Decimal,
    hourly_cost: Decimal = DEFAULT_CLEANING_HOURLY_COST,
) -> HoursResult:
    """Cleaning contract with staff taken over: P = 1 − (S × C) ÷ (A ÷ N),
    hours = P × A ÷ C × T, rounded half up; 0 hours when P ≤ 0.

    Raises ValidationError ({field: [French message]}) on invalid values.
    """
    inputs = _validated(
        {AMOUNT: amount, MONTHS: months, STAFF_HOURS: staff_hours, RATE: rate,
         HOURLY_COST: hourly_cost}
    )
    a, n, s, t, c = (inputs[k] for k in (AMOUNT, MONTHS, STAFF_HOURS, RATE, HOURLY_COST))
    with localcontext(prec=_PRECISION):
        # Both written with a single division, P = 1 − S×C×N ÷ A and
        # hours = (A − S×C×N) × T ÷ C (algebraically the convention's formulas), so that
        # P = 0 and an exact half hour stay exact instead of drifting by a last digit.
        weighting = 1 - s * c * n / a
        exact = (a - s * c * n) * t / c
    if weighting <= 0:
        return HoursResult(
            formula=HoursFormula.CLEANING,
            hours=0,
            exact_hours=Decimal(0),
            weighting=weighting,
            inputs=MappingProxyType(inputs),
            warnings=(MESSAGE_STAFF_COVERS,),
        )
    hours = round_hours(exact)
    return HoursResult(
        formula=HoursFormula.CLEANING,
        hours=hours,
        exact_hours=exact,
        weighting=weighting,
        inputs=MappingProxyType(inputs),
        warnings=(WARNING_TOO_FEW_HOURS,) if hours < ADVISED_MINIMUM_HOURS else (),
    )


def calculate(data: Mapping[str, object]) -> HoursResult:
    """Compute from raw text values (a form's or a query string's), keyed by field name.

    The formula defaults to the standard one; the cleaning formula's hourly cost
    defaults to 25 €. Every invalid field is reported at once, in one ValidationError.
    """
    formula_text = str(data.get(FORMULA) or "").strip() or HoursFormula.STANDARD
    if formula_text not in HoursFormula.values:
        raise ValidationError({FORMULA: [MESSAGE_UNKNOWN_FORMULA]})
    formula = HoursFormula(formula_text)

    fields = FIELDS_BY_FORMULA[formula]
    values: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for name in fields:
        raw = data.get(name)
        text = "" if raw is None else str(raw).strip()
        if not text and name == HOURLY_COST and formula == HoursFormula.CLEANING:
            values[name] = DEFAULT_CLEANING_HOURLY_COST
        elif not text:
            errors[name] = [MESSAGE_REQUIRED]
        else:
            share = name in SHARE_FIELDS
            try:
                values[name] = parse_share(text) if share else parse_decimal(text)
            except ValueError:
                errors[name] = [MESSAGE_NOT_A_SHARE if share else MESSAGE_NOT_A_NUMBER]
    for name, value in values.items():
        if message := _field_error(name, value):
            errors[name] = [message]
    if errors:
        raise ValidationError({name: errors[name] for name in fields if name in errors})

    if formula == HoursFormula.STANDARD:
        return standard_hours(
            values[AMOUNT], values[LABOUR_SHARE], values[RATE], values[HOURLY_COST]
        )
    return cleaning_hours(
        values[AMOUNT], values[MONTHS], values[STAFF_HOURS], values[RATE], values[HOURLY_COST]
    )


def format_number(value: Decimal, places: int | None = None) -> str:
    """French writing of a number: 1 000 000 and 0,05 (narrow no-break space)."""
    with localcontext(prec=_PRECISION):
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        else:
            value = value.normalize()
        sign, text = ("-", f"{-value:f}") if value < 0 else ("", f"{value:f}")
    whole, _, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    grouped = "\u202f".join([whole, *groups])
    return sign + grouped + ("," + decimals if decimals else "")


def explain(result: HoursResult) -> tuple[str, ...]:
    """The calculation with the numbers put in, in French, one line per step."""
    i = {name: format_number(value) for name, value in result.inputs.items()}
    exact = format_number(result.exact_hours_cents)
    if result.formula == HoursFormula.STANDARD:
        return (
            f"{i[AMOUNT]} € × {i[LABOUR_SHARE]} × {i[RATE]} ÷ {i[HOURLY_COST]} €/h "
            f"= {exact} h",
            f"Arrondi : {result.hours} h",
        )
    weighting = format_number(result.weighting_display)
    lines = [
        f"P = 1 − ({i[STAFF_HOURS]} h × {i[HOURLY_COST]} €/h) ÷ ({i[AMOUNT]} € ÷ "
        f"{i[MONTHS]} mois) = {weighting}",
    ]
    if result.weighting <= 0:
        lines.append("P ≤ 0 : heures = 0 h")
    else:
        lines.append(
            f"heures = {weighting} × {i[AMOUNT]} € ÷ {i[HOURLY_COST]} €/h × {i[RATE]} "
            f"= {exact} h"
        )
    lines.append(f"Arrondi : {result.hours} h")
    return tuple(lines)
