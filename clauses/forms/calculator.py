from django import forms
from django.core.exceptions import ValidationError

from clauses import calculator
from clauses.enums import HoursFormula


def _number_input() -> forms.TextInput:
    # A text input rather than type=number: browsers read type=number in their own
    # locale, and people here type decimal commas ("0,05") and spaced thousands.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class CalculatorForm(forms.Form):
    """The hours calculator's inputs. Every check is made by clauses.calculator, so the
    page and the API give the same French messages; the fields only carry text."""

    formule = forms.CharField(
        label="Formule",
        required=False,
        initial=HoursFormula.STANDARD,
        widget=forms.RadioSelect(choices=HoursFormula.choices),
    )
    montant = forms.CharField(
        label="Montant du marché (€ HT)",
        required=False,
        help_text="Par exemple 1 000 000.",
        widget=_number_input(),
    )
    taux = forms.CharField(
        label="Taux d'insertion",
        required=False,
        help_text="Entre 0 et 1 : 0,05 pour 5 % (travaux ANRU), 0,1 pour 10 %.",
        widget=_number_input(),
    )
    cout_horaire = forms.CharField(
        label="Coût horaire chargé (€/h)",
        required=False,
        help_text=(
            "En général de 25 à 30 €. Formule propreté : 25 € si vous laissez ce champ vide."
        ),
        widget=_number_input(),
    )
    part_main_oeuvre = forms.CharField(
        label="Part de la main-d'œuvre dans le montant",
        required=False,
        help_text=(
            "Entre 0 et 1 : 0,5 pour 50 %. Repères : peinture intérieure ≈ 0,7, "
            "maçonnerie ≈ 0,5, charpente métallique ≈ 0,2."
        ),
        widget=_number_input(),
    )
    mois = forms.CharField(
        label="Durée du marché (mois)",
        required=False,
        help_text="Par exemple 24 pour un marché de deux ans.",
        widget=_number_input(),
    )
    heures_reprises_mensuelles = forms.CharField(
        label="Heures mensuelles du personnel repris",
        required=False,
        help_text=(
            "Heures travaillées chaque mois par les salariés repris du titulaire précédent "
            "(0 si aucun)."
        ),
        widget=_number_input(),
    )

    common_fields = ("montant", "taux", "cout_horaire")
    fields_by_formula = {
        HoursFormula.STANDARD: ("part_main_oeuvre",),
        HoursFormula.CLEANING: ("mois", "heures_reprises_mensuelles"),
    }

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get(calculator.FORMULA):
            data = data.copy()
            data[calculator.FORMULA] = HoursFormula.STANDARD
        super().__init__(data, *args, **kwargs)
        self.result: calculator.HoursResult | None = None

    def clean(self):
        cleaned_data = super().clean()
        try:
            self.result = calculator.calculate(cleaned_data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
        return cleaned_data

    def common(self):
        return [self[name] for name in self.common_fields]

    def standard(self):
        return [self[name] for name in self.fields_by_formula[HoursFormula.STANDARD]]

    def cleaning(self):
        return [self[name] for name in self.fields_by_formula[HoursFormula.CLEANING]]
