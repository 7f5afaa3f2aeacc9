"""Forms of the market follow-up (/espace/marches/): filters, forecasts, markets,
assessments, statuses, lots and clauses.

Choices offered to a person are always narrowed by network.permissions: a form
never lists a territory or buyer the person may not act on.
"""


from django import forms
from django.utils import timezone

from clauses import calculator, pipeline
from clauses.enums import (
    ClauseHoursMode,
    Feasibility,
    HoursFormula,
    MarketStatus,
)
from clauses.forms.calculator import CalculatorForm
from clauses.forms.fields import (
    DATE_INPUT,
    FrenchDecimalField,
    OperationForm,
    VersionedForm,
    date_widgets,
)
from clauses.models import (
    Clause,
    Lot,
    Market,
)
from clauses.operations import forecasts
from clauses.operations import markets as market_ops
from network.permissions import assignable_facilitators

MARKET_FIELDS = [
    "reference", "title", "buyer", "lead_territory", "territories", "programme_year",
    "category", "cpv_code", "procedure", "estimated_amount", "decp_consideration",
    "forecast_received_on", "dce_planned_on", "notes",
]


class ForecastForm(VersionedForm):
    """A buyer referent's forecast of a market (the CMRA's yearly list, one by one), new
    or corrected until the coordination assesses it."""

    class Meta:
        model = Market
        fields = MARKET_FIELDS
        widgets = date_widgets("forecast_received_on", "dce_planned_on")
        field_classes = {"estimated_amount": FrenchDecimalField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = forecasts.buyer_choices(user)
        self.fields["territories"].required = False
        if not self.instance.pk:
            self.fields["forecast_received_on"].initial = timezone.localdate()
            self.fields["programme_year"].initial = timezone.localdate().year


class MarketForm(VersionedForm):
    """The facilitator's edit of a market: everything but its status."""

    class Meta:
        model = Market
        fields = [
            *MARKET_FIELDS, "facilitator", "facilitator_consulted_on", "published_on",
            "awarded_on", "execution_starts_on", "execution_ends_on",
        ]
        widgets = date_widgets(
            "forecast_received_on", "dce_planned_on", "facilitator_consulted_on",
            "published_on", "awarded_on", "execution_starts_on", "execution_ends_on",
        )
        field_classes = {"estimated_amount": FrenchDecimalField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_territory"].queryset = market_ops.lead_choices(user, self.instance)
        self.fields["territories"].required = False
        self.fields["buyer"].queryset = market_ops.buyer_choices()
        self.fields["facilitator"].queryset = assignable_facilitators(
            user, self.instance, self.fields["facilitator"].queryset
        )


class AssessmentForm(forms.Form):
    feasibility = forms.ChoiceField(
        label="Une clause est-elle faisable ?", choices=Feasibility.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire si la clause n'est pas faisable.",
    )
    on = forms.DateField(label="Date de l'étude", widget=DATE_INPUT, required=False)

    def __init__(self, *args, market, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("feasibility") == Feasibility.NOT_FEASIBLE and not cleaned.get(
            "reason", ""
        ).strip():
            self.add_error("reason", "Indiquez pourquoi une clause n'est pas faisable.")
        return cleaned


class StatusForm(forms.Form):
    new_status = forms.ChoiceField(label="Nouvel état", choices=())
    on = forms.DateField(label="Date", widget=DATE_INPUT, required=False)
    reason = forms.CharField(
        label="Motif ou commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour un abandon, et pour une publication par dérogation.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, market, may_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market
        statuses = pipeline.next_statuses(market)
        self.fields["new_status"].choices = [
            (status, MarketStatus(status).label) for status in statuses
        ]
        self.fields["on"].initial = timezone.localdate()
        self.fields["version"].initial = market.version
        if may_override and MarketStatus.PUBLISHED in statuses:
            # The coordination may publish before a conforming review of the DCE, saying
            # why (clauses.rules.dce); nobody else is offered the box.
            self.fields["override"] = forms.BooleanField(
                label="Publier sans relecture conforme du DCE (dérogation de la coordination)",
                required=False, help_text="Indiquez le motif ci-dessus.",
            )


class LotForm(OperationForm):
    class Meta:
        model = Lot
        fields = ["number", "title", "amount", "contractor"]
        field_classes = {"amount": FrenchDecimalField}

    def __init__(self, *args, market, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market
        self.fields["contractor"].queryset = market_ops.contractor_choices()


def plain_amount(amount) -> str:
    """An amount as the calculator reads it back: 500000, 12500,5."""
    return f"{amount.normalize():f}".replace(".", ",") if amount is not None else ""


class LotSelect(forms.Select):
    """The market's lots, each option carrying its amount for clause-form.js to copy
    into the calculator."""

    amounts: dict[str, str] = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        amount = self.amounts.get(str(value))
        if amount:
            option["attrs"]["data-amount"] = amount
        return option


class ClauseForm(OperationForm):
    """A clause, its hours computed by clauses.calculator or fixed by hand. A new clause
    starts from the amount of its lot (the only lot, or the one chosen: clause-form.js),
    else from the market's estimated amount."""

    fixed_hours = forms.CharField(
        label="Nombre d'heures fixé", required=False,
        help_text="Seulement si les heures ne sont pas calculées.",
    )

    class Meta:
        model = Clause
        fields = ["lot", "legal_basis", "hours_mode", "starts_on", "ends_on", "notes"]
        widgets = {**date_widgets("starts_on", "ends_on"), "hours_mode": forms.RadioSelect}

    def __init__(self, *args, market, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market
        self.fields["lot"].queryset = market.lots.all()
        amounts = {str(pk): plain_amount(amount)
                   for pk, amount in market.lots.values_list("pk", "amount")}
        self.fields["lot"].widget = LotSelect(choices=self.fields["lot"].widget.choices)
        self.fields["lot"].widget.amounts = amounts
        calculator_fields = CalculatorForm.base_fields
        for name, field in calculator_fields.items():
            copy = field.__class__(
                label=field.label, required=False, help_text=field.help_text,
                widget=field.widget.__class__(attrs=dict(field.widget.attrs)),
                initial=field.initial,
            )
            if name == calculator.FORMULA:
                copy.widget = forms.RadioSelect(choices=HoursFormula.choices)
            self.fields[f"calc_{name}"] = copy
        inputs = self.instance.calculator_inputs or {}
        for name in calculator_fields:
            if name in inputs:
                self.initial[f"calc_{name}"] = inputs[name]
        if self.instance.hours_mode == ClauseHoursMode.FIXED and self.instance.pk:
            self.initial["fixed_hours"] = self.instance.required_hours
        if self.instance.pk is None and not self.is_bound:
            self._prefill_amount(amounts)

    def _prefill_amount(self, amounts: dict[str, str]) -> None:
        if len(amounts) == 1 and not self.initial.get("lot"):
            self.initial["lot"] = next(iter(amounts))
        chosen = str(self.initial.get("lot") or "")
        amount = amounts.get(chosen) if chosen else (
            plain_amount(self.market.estimated_amount) if not amounts else ""
        )
        if amount and not self.initial.get(f"calc_{calculator.AMOUNT}"):
            self.initial[f"calc_{calculator.AMOUNT}"] = amount

    def calculator_bound_fields(self):
        return [self[f"calc_{name}"] for name in CalculatorForm.base_fields]

    def operation_values(self) -> dict:
        """What clauses.operations.markets.save_clause takes."""
        data = self.values("lot", "legal_basis", "hours_mode", "starts_on", "ends_on", "notes")
        if data.get("hours_mode") == ClauseHoursMode.FIXED:
            data["fixed_hours"] = (self.cleaned_data.get("fixed_hours") or "").strip()
        else:
            data["calculator_inputs"] = {
                name: self.cleaned_data.get(f"calc_{name}") for name in CalculatorForm.base_fields
            }
        return data

    def add_operation_errors(self, error, renamed=None):
        # The calculator names its fields as the page does; "required_hours" is the
        # figure typed by hand.
        if hasattr(error, "error_dict"):
            renamed = {name: f"calc_{name}" for name in CalculatorForm.base_fields}
            renamed.update({"required_hours": "fixed_hours"})
        super().add_operation_errors(error, renamed)
