"""A clause's required hours: from the calculator's inputs, or a fixed number."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError

from clauses import calculator
from clauses.enums import ClauseHoursMode
from clauses.models import Clause


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def apply_calculator(clause: Clause, inputs: Mapping[str, object]) -> calculator.HoursResult:
    """Compute the clause's hours with clauses.calculator and keep the inputs that gave them.

    Raises the calculator's ValidationError ({field: [French message]}) and leaves the
    clause unchanged when an input is wrong. Does not save.
    """
    result = calculator.calculate(inputs)
    clause.hours_mode = ClauseHoursMode.CALCULATED
    clause.formula = result.formula
    clause.calculator_inputs = {
        calculator.FORMULA: str(result.formula),
        **{name: _plain(value) for name, value in result.inputs.items()},
    }
    clause.required_hours = Decimal(result.hours)
    return result


def set_fixed_hours(clause: Clause, hours: Decimal | int | str) -> None:
    """A number of hours decided without the calculator (a negotiated figure). Does not save."""
    try:
        value = Decimal(calculator.parse_decimal(str(hours)))
    except ValueError:
        raise ValidationError({"required_hours": calculator.MESSAGE_NOT_A_NUMBER}) from None
    if value < 0:
        raise ValidationError({"required_hours": "Le nombre d'heures ne peut pas être négatif."})
    clause.hours_mode = ClauseHoursMode.FIXED
    clause.formula = ""
    clause.calculator_inputs = {}
    clause.required_hours = value


def recompute(clause: Clause) -> calculator.HoursResult | None:
    """The calculator's answer for the inputs kept on a calculated clause."""
    if clause.hours_mode != ClauseHoursMode.CALCULATED or not clause.calculator_inputs:
        return None
    return calculator.calculate(clause.calculator_inputs)
