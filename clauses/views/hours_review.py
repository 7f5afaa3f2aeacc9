"""Hours declared by companies, awaiting the facilitator: /espace/marches/heures/a-valider/.

The list shows the declarations the person may validate (Action.VALIDATE_HOURS: the
facilitators of the person's territory and their coordinators); validating or rejecting
(a reason required) goes through clauses.operations.hours_review.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clauses.models import HoursDeclaration
from clauses.operations import hours_review
from clauses.views.access import Refused, get_visible, run
from network.permissions import Action, has_any_anchor


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus", widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": hours_review.MESSAGE_REASON_REQUIRED},
    )


def _require_validator(user) -> None:
    if not has_any_anchor(user, Action.VALIDATE_HOURS, HoursDeclaration):
        raise PermissionDenied(hours_review.MESSAGE_NOT_VALIDATING)


def _page(request, reject_forms=None, status=200):
    declarations = list(hours_review.awaiting(request.user)[:200])
    reject_forms = reject_forms or {}
    rows = [(d, reject_forms.get(d.pk) or RejectForm(prefix=f"d{d.pk}")) for d in declarations]
    return render(request, "clauses/hours_review.html", {"rows": rows}, status=status)


@login_required
def hours_awaiting(request: HttpRequest) -> HttpResponse:
    _require_validator(request.user)
    return _page(request)


@login_required
@require_POST
def hours_validate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    declaration = get_visible(user, HoursDeclaration.objects.select_related(
        "placement__beneficiary"), pk=pk)
    try:
        hours_review.validate_hours(user, declaration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Heures de {declaration.month:%m/%Y} de "
                         f"{declaration.placement.beneficiary.pseudonym} validées.")
    return redirect("clauses:hours_awaiting")


@login_required
@require_POST
def hours_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    declaration = get_visible(user, HoursDeclaration.objects.select_related(
        "placement__beneficiary"), pk=pk)
    form = RejectForm(request.POST, prefix=f"d{declaration.pk}")
    if form.is_valid():
        try:
            run(form, hours_review.reject_hours, user, declaration,
                reason=form.cleaned_data["reason"])
        except Refused as refused:
            _require_validator(user)
            return _page(request, {declaration.pk: form}, refused.status)
        messages.success(request, f"Heures de {declaration.month:%m/%Y} de "
                         f"{declaration.placement.beneficiary.pseudonym} refusées.")
        return redirect("clauses:hours_awaiting")
    _require_validator(user)
    return _page(request, {declaration.pk: form}, 400)
