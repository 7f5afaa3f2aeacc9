from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from clauses import calculator
from clauses.forms.calculator import CalculatorForm


def calculator_page(request: HttpRequest) -> HttpResponse:
    """The public hours calculator. A GET form, so that a result can be linked and the
    page works without JavaScript; calculator.js only makes the result follow typing."""
    submitted = any(name in request.GET for name in CalculatorForm.base_fields)
    form = CalculatorForm(request.GET if submitted else None)
    result = form.result if submitted and form.is_valid() else None
    context = {
        "form": form,
        "result": result,
        "hours": result and calculator.format_number(Decimal(result.hours)),
        "exact_hours": result and calculator.format_number(result.exact_hours_cents, 2),
        "explanation": result and calculator.explain(result),
        "rounding_rule": calculator.ROUNDING_RULE,
        "minimum_hours": calculator.ADVISED_MINIMUM_HOURS,
        "default_cleaning_cost": calculator.DEFAULT_CLEANING_HOURLY_COST,
        "api_url": reverse("api:calculateur_heures"),
    }
    return render(request, "clauses/calculator.html", context)
