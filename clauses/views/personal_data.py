"""The right-of-access export of one beneficiary's data, as a JSON download."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from clauses.models import Beneficiary
from clauses.personal_data import access_export
from network.permissions import Action, get_for


@login_required
def beneficiary_export(request: HttpRequest, pseudonym: str) -> HttpResponse:
    # Only whoever may see the person's data gets it.
    beneficiary = get_for(
        request.user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.all(), pseudonym=pseudonym
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
