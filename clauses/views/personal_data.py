"""The right-of-access export of one beneficiary's data, as a JSON download."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from clauses.models import Beneficiary
from clauses.personal_data import access_export
from network.permissions import Action, filter_queryset


@login_required
def beneficiary_export(request: HttpRequest, pseudonym: str) -> HttpResponse:
    # Only whoever may see the person's data gets it; everyone else gets a 404, so
    # that the pseudonym's existence stays hidden too.
    beneficiary = get_object_or_404(
        filter_queryset(request.user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.all()),
        pseudonym=pseudonym,
    )
    data = access_export(beneficiary, request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{beneficiary.pseudonym}.json"'
    )
    return response
