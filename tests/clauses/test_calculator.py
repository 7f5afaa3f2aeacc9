"""The calculator's arithmetic, on examples worked by hand."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clauses import calculator
from clauses.enums import HoursFormula

D = Decimal


def test_standard_formula_gives_the_designs_example():
    # 1 000 000 € × 0.5 × 0.05 ÷ 30 €/h = 833.33… h
    result = calculator.standard_hours(D(1_000_000), D("0.5"), D("0.05"), D(30))

    assert result.hours == 833
    assert result.formula == HoursFormula.STANDARD
    assert result.exact_hours_cents == D("833.33")
    assert D("833.33") < result.exact_hours < D("833.34")
    assert result.weighting is None
    assert result.warnings == ()
    assert dict(result.inputs) == {
        "montant": D(1_000_000), "part_main_oeuvre": D("0.5"), "taux": D("0.05"),
        "cout_horaire": D(30),
    }


def test_an_exact_half_hour_rounds_up_not_to_even():
    # 99 900 × 0.5 × 0.1 ÷ 30 = 166.5 (banker's rounding would give 166).
    assert calculator.standard_hours(D(99_900), D("0.5"), D("0.1"), D(30)).hours == 167
    # 1 000 × 1 × 0.05 ÷ 20 = 2.5 (banker's rounding would give 2).
    assert calculator.standard_hours(D(1_000), D(1), D("0.05"), D(20)).hours == 3


def test_just_below_a_half_rounds_down_and_shows_no_half():
    # 832.49… must not be shown as 832.50 beside a result of 832.
    result = calculator.standard_hours(D("99899.94"), D("0.5"), D("0.1"), D(6))

    assert result.exact_hours == D("832.4995")
    assert result.hours == 832
    assert result.exact_hours_cents == D("832.49")


def test_cleaning_weighting_worked_example():
    # A = 600 000 € over N = 24 months: 25 000 € a month. S = 400 h × C = 25 € = 10 000 €.
    # P = 1 − 10 000 ÷ 25 000 = 0.6 ; hours = 0.6 × 600 000 ÷ 25 × 0.05 = 720.
    result = calculator.cleaning_hours(D(600_000), D(24), D(400), D("0.05"))

    assert result.formula == HoursFormula.CLEANING
    assert result.weighting == D("0.6")
    assert result.hours == 720
    assert result.inputs["cout_horaire"] == D(25)  # the default loaded hourly cost
    assert result.warnings == ()


def test_cleaning_below_150_hours_warns_but_still_answers():
    # A = 120 000 € over 12 months: 10 000 € a month; S = 200 h × 25 € = 5 000 €.
    # P = 0.5 ; hours = 0.5 × 120 000 ÷ 25 × 0.05 = 120 h < 150.
    result = calculator.cleaning_hours(D(120_000), D(12), D(200), D("0.05"))

    assert result.hours == 120
    assert result.weighting == D("0.5")
    assert len(result.warnings) == 1
    assert "clause non conseillée" in result.warnings[0]


def test_cleaning_at_150_hours_does_not_warn():
    # P = 1 (no staff taken over): 75 000 ÷ 25 × 0.05 = 150 h.
    result = calculator.cleaning_hours(D(75_000), D(12), D(0), D("0.05"))

    assert (result.hours, result.weighting, result.warnings) == (150, D(1), ())


@pytest.mark.parametrize(
    ("staff_hours", "weighting"),
    [(D(400), D(0)), (D(500), D("-0.25"))],  # 400 h × 25 € = exactly the 10 000 € a month
)
def test_cleaning_staff_taken_over_already_cover_the_obligation(staff_hours, weighting):
    result = calculator.cleaning_hours(D(120_000), D(12), staff_hours, D("0.05"))

    assert result.weighting == weighting
    assert result.hours == 0
    assert result.exact_hours == 0
    assert result.warnings == (calculator.MESSAGE_STAFF_COVERS,)
    assert "couvre déjà" in result.warnings[0]


def test_cleaning_with_an_explicit_hourly_cost():
    # C = 20: P = 1 − (300 × 20) ÷ (240 000 ÷ 12) = 0.7 ; 0.7 × 240 000 ÷ 20 × 0.1 = 840 h.
    result = calculator.cleaning_hours(D(240_000), D(12), D(300), D("0.1"), D(20))

    assert (result.weighting, result.hours) == (D("0.7"), 840)


def test_result_is_frozen():
    result = calculator.standard_hours(D(1_000_000), D("0.5"), D("0.05"), D(30))

    with pytest.raises(AttributeError):
        result.hours = 1
    with pytest.raises(TypeError):
        result.inputs["montant"] = D(1)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0,05", D("0.05")), ("0.05", D("0.05")), ("1 000 000", D(1_000_000)),
     ("1\u202f000\u00a0000,5", D("1000000.5")), (" 30 ", D(30)), ("-2", D(-2))],
)
def test_parse_decimal_reads_french_writing(text, value):
    assert calculator.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["abc", "", "1.000.000", "1,000,000", "NaN", "Infinity", "1e3",
                                  "5 %", "0x10"])
def test_parse_decimal_refuses_what_is_not_a_plain_number(text):
    with pytest.raises(ValueError):
        calculator.parse_decimal(text)


def test_calculate_reads_text_with_comma_decimals():
    result = calculator.calculate(
        {"montant": "1 000 000", "part_main_oeuvre": "0,5", "taux": "0,05", "cout_horaire": "30"}
    )

    assert result.hours == 833


def test_calculate_cleaning_defaults_the_hourly_cost_to_25():
    result = calculator.calculate(
        {"formule": "proprete", "montant": "600000", "mois": "24",
         "heures_reprises_mensuelles": "400", "taux": "0,05", "cout_horaire": ""}
    )

    assert (result.hours, result.inputs["cout_horaire"]) == (720, D(25))


def errors_of(data):
    with pytest.raises(ValidationError) as caught:
        calculator.calculate(data)
    return caught.value.message_dict


RATE_MESSAGE = (
    "Le taux doit être compris entre 0 % (exclu) et 100 % : écrivez par exemple 5 %, 5 ou 0,05."
)
SHARE_MESSAGE = (
    "La part de main-d'œuvre doit être comprise entre 0 % (exclu) et 100 % : écrivez par "
    "exemple 50 %, 50 ou 0,5."
)
VALID_STANDARD = {"montant": "1000000", "part_main_oeuvre": "0.5", "taux": "0.05",
                  "cout_horaire": "30"}
VALID_CLEANING = {"formule": "proprete", "montant": "600000", "mois": "24",
                  "heures_reprises_mensuelles": "400", "taux": "0.05"}


@pytest.mark.parametrize(
    ("base", "field", "value", "message"),
    [
        (VALID_STANDARD, "taux", "0", RATE_MESSAGE),
        (VALID_STANDARD, "taux", "150", RATE_MESSAGE),
        (VALID_STANDARD, "taux", "100,5 %", RATE_MESSAGE),
        (VALID_STANDARD, "taux", "cinq", calculator.MESSAGE_NOT_A_SHARE),
        (VALID_STANDARD, "taux", "%", calculator.MESSAGE_NOT_A_SHARE),
        (VALID_STANDARD, "part_main_oeuvre", "-0.5", SHARE_MESSAGE),
        (VALID_STANDARD, "part_main_oeuvre", "200 %", SHARE_MESSAGE),
        (VALID_STANDARD, "montant", "0", "Le montant doit être supérieur à 0."),
        (VALID_STANDARD, "montant", "-100", "Le montant doit être supérieur à 0."),
        (VALID_STANDARD, "cout_horaire", "0", "Le coût horaire doit être supérieur à 0."),
        (VALID_STANDARD, "montant", "abc", calculator.MESSAGE_NOT_A_NUMBER),
        (VALID_STANDARD, "montant", "", calculator.MESSAGE_REQUIRED),
        (VALID_STANDARD, "montant", None, calculator.MESSAGE_REQUIRED),
        (VALID_STANDARD, "cout_horaire", "", calculator.MESSAGE_REQUIRED),
        (VALID_STANDARD, "montant", "1000000000000", calculator.MESSAGE_TOO_LARGE),
        (VALID_STANDARD, "taux", "0,0000001", calculator.MESSAGE_TOO_PRECISE),
        (VALID_CLEANING, "mois", "0", "La durée du marché doit être supérieure à 0 mois."),
        (VALID_CLEANING, "mois", "", calculator.MESSAGE_REQUIRED),
        (VALID_CLEANING, "heures_reprises_mensuelles", "-1",
         "Les heures mensuelles du personnel repris ne peuvent pas être négatives."),
        (VALID_CLEANING, "cout_horaire", "-25", "Le coût horaire doit être supérieur à 0."),
    ],
)
def test_invalid_input_is_refused_with_a_french_message_on_its_field(base, field, value, message):
    assert errors_of({**base, field: value}) == {field: [message]}


def test_every_invalid_field_is_reported_at_once():
    errors = errors_of({"montant": "-1", "part_main_oeuvre": "", "taux": "500",
                        "cout_horaire": "x"})

    assert set(errors) == {"montant", "part_main_oeuvre", "taux", "cout_horaire"}


def test_unknown_formula_is_refused():
    assert errors_of({**VALID_STANDARD, "formule": "autre"}) == {
        "formule": [calculator.MESSAGE_UNKNOWN_FORMULA]
    }


def test_the_decimal_functions_check_their_values_too():
    with pytest.raises(ValidationError) as caught:
        calculator.cleaning_hours(D(0), D(12), D(-1), D("0.05"))

    assert set(caught.value.message_dict) == {"montant", "heures_reprises_mensuelles"}


def test_extreme_values_within_bounds_give_an_answer_not_a_crash():
    result = calculator.calculate(
        {"formule": "proprete", "montant": "0,000001", "mois": "999999999999",
         "heures_reprises_mensuelles": "999999999999", "taux": "1",
         "cout_horaire": "999999999999"}
    )

    assert result.hours == 0
    assert calculator.explain(result)


def test_explain_writes_the_calculation_in_french():
    standard = calculator.standard_hours(D(1_000_000), D("0.5"), D("0.05"), D(30))
    cleaning = calculator.cleaning_hours(D(600_000), D(24), D(400), D("0.05"))

    assert calculator.explain(standard) == (
        "1\u202f000\u202f000 € × 0,5 × 0,05 ÷ 30 €/h = 833,33 h",
        "Arrondi : 833 h",
    )
    assert calculator.explain(cleaning) == (
        "P = 1 − (400 h × 25 €/h) ÷ (600\u202f000 € ÷ 24 mois) = 0,6",
        "heures = 0,6 × 600\u202f000 € ÷ 25 €/h × 0,05 = 720 h",
        "Arrondi : 720 h",
    )


@pytest.mark.parametrize("rate", ["5", "5 %", "5%", "0,05", "0.05", " 5\u202f% "])
@pytest.mark.parametrize("share", ["50", "50 %", "0,5", "0.5"])
def test_a_rate_and_a_share_read_the_way_people_write_them(rate, share):
    """1,000,000 € × 50 % × 5 % ÷ 30 €/h = 833 h, however the percentages are written."""
    result = calculator.calculate({"montant": "1 000 000", "part_main_oeuvre": share,
                                   "taux": rate, "cout_horaire": "30"})

    assert result.hours == 833
    assert (result.inputs["taux"], result.inputs["part_main_oeuvre"]) == (D("0.05"), D("0.5"))


@pytest.mark.parametrize(("text", "value"), [
    ("1", D(1)), ("1 %", D("0.01")), ("0,5 %", D("0.005")), ("12,5", D("0.125")),
    ("100", D(1)),
])
def test_above_1_or_with_a_percent_sign_a_number_is_a_percentage(text, value):
    assert calculator.parse_share(text) == value
