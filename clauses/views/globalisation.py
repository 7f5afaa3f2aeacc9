"""Globalisation agreements in the members' area: /espace/marches/globalisation/.

Listed to whoever sees one of their markets; created, changed and ended through
clauses.operations.globalisation, which requires the person to lead every market
concerned (403 otherwise). An agreement the person may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clauses.flags import permission_flag
from clauses.forms.globalisation import GlobalisationForm
from clauses.models import Clause, GlobalisationAgreement, Market
from clauses.operations import globalisation as globalisation_ops
from clauses.views.access import Refused, get_visible, require, run
from network.permissions import Action, filter_queryset, has_any_anchor

REFUSAL = ("Les accords de globalisation sont suivis par les facilitateurs et la "
           "coordination des marchés concernés.")


@login_required
def globalisation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_any_anchor(user, Action.VIEW, GlobalisationAgreement):
        raise PermissionDenied(REFUSAL)
    agreements = filter_queryset(user, Action.VIEW, GlobalisationAgreement.objects.all())
    agreements = agreements.select_related("contractor").prefetch_related(Prefetch(
        "clauses", queryset=Clause.objects.select_related("market", "lot").order_by(
            "market__reference", "lot__number", "pk"),
    )).annotate(
        can_change=permission_flag(user, Action.CHANGE, GlobalisationAgreement),
    ).order_by("title", "pk")
    return render(request, "clauses/globalisation/list.html", {
        "agreements": agreements,
        "can_create": has_any_anchor(user, Action.CHANGE, Market),
    })


def _save(request, agreement, title):
    user = request.user
    form = GlobalisationForm(request.POST or None, instance=agreement, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = run(form, globalisation_ops.agree_globalisation, user,
                            title=data["title"], contractor=data["contractor"],
                            clauses=list(data["clauses"]), signed_on=data.get("signed_on"),
                            notes=data.get("notes", ""),
                            agreement=agreement if agreement.pk else None)
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, f"Accord « {saved.title} » enregistré.")
                return redirect("clauses:globalisation_list")
    return render(request, "clauses/globalisation/form.html", {
        "form": form, "title": title, "agreement": agreement,
    }, status=status)


@login_required
def globalisation_create(request: HttpRequest) -> HttpResponse:
    if not has_any_anchor(request.user, Action.CHANGE, Market):
        raise PermissionDenied(globalisation_ops.MESSAGE_NOT_ALLOWED)
    return _save(request, GlobalisationAgreement(), "Nouvel accord de globalisation")


@login_required
def globalisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = get_visible(user, GlobalisationAgreement.objects.all(), pk=pk)
    require(user, Action.CHANGE, agreement)
    return _save(request, agreement, f"Modifier l'accord « {agreement.title} »")


@login_required
@require_POST
def globalisation_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = get_visible(user, GlobalisationAgreement.objects.all(), pk=pk)
    require(user, Action.CHANGE, agreement)
    globalisation_ops.end_globalisation(user, agreement)
    messages.success(request, f"Accord « {agreement.title} » supprimé. Les heures déjà "
                              "créditées par cet accord restent sur leur clause.")
    return redirect("clauses:globalisation_list")
