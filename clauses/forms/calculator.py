from django import forms
from django.core.exceptions import ValidationError

from clauses import calculator
from clauses.enums import HoursFormula
from clauses.models import Trade

TRADE = "metier"


def _number_input() -> forms.TextInput:
    # A text input rather than type=number: browsers read type=number in their own
    # locale, and people here type decimal commas ("0,05") and spaced thousands.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class TradeSelect(forms.Select):
    """The trades, each option carrying its labour share for calculator.js to copy."""

    def __init__(self, *args, shares: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.shares = shares

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        share = self.shares.get(str(value))
        if share:
            option["attrs"]["data-labour-share"] = share
        return option


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
        help_text=(
            "5 %, 5 ou 0,05 : trois façons d'écrire 5 % (travaux ANRU) ; 10 % pour la "
            "gestion urbaine de proximité."
        ),
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
            "50 %, 50 ou 0,5 pour la moitié du montant. Repères : peinture intérieure "
            "≈ 70 %, maçonnerie ≈ 50 %, charpente métallique ≈ 20 % ; ou choisissez un "
            "corps de métier ci-dessus."
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
        HoursFormula.STANDARD: (TRADE, "part_main_oeuvre"),
        HoursFormula.CLEANING: ("mois", "heures_reprises_mensuelles"),
    }

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get(calculator.FORMULA):
            data = data.copy()
            data[calculator.FORMULA] = HoursFormula.STANDARD
        super().__init__(data, *args, **kwargs)
        self.result: calculator.HoursResult | None = None
        # Added here rather than declared: the clause form copies the declared fields.
        self.trades = {str(trade.pk): trade for trade in Trade.objects.all()}
        self.fields[TRADE] = forms.ChoiceField(
            label="Corps de métier", required=False,
            choices=[("", "— Choisir un corps de métier —"),
                     *((pk, str(trade)) for pk, trade in self.trades.items())],
            widget=TradeSelect(shares={pk: t.labour_share_display
                                       for pk, t in self.trades.items()}),
            help_text="Reprend sa part de main-d'œuvre habituelle, que vous pouvez ajuster.",
        )

    def clean(self):
        cleaned_data = super().clean()
        trade = self.trades.get(cleaned_data.get(TRADE) or "")
        if trade is not None and not (cleaned_data.get(calculator.LABOUR_SHARE) or "").strip():
            # Without JavaScript, choosing a trade is enough: its usual share is used.
            cleaned_data[calculator.LABOUR_SHARE] = trade.labour_share_display
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
