"""Validating or rejecting, through the API, the hours a company declared.

The same operation as the member screen /espace/marches/heures/a-valider/
(clauses.operations.hours_review): only the facilitators of the person's territory and
their coordinators validate (Action.VALIDATE_HOURS). A declaration the account may not
see answers 404; one it sees without validating it (the company's own referent, a buyer,
a co-territory) 403; a stale version 409; a refusal without reason, or hours no longer
awaiting validation, 422.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from clauses.api import errors as api_errors
from clauses.api.access import get_for
from clauses.api.auth import AUTH
from clauses.api.calculator import ErrorsOut
from clauses.api.declarations import DeclarationOut, Message, declaration_queryset
from clauses.api.pagination import MAX_PAGE, BoundedPagination
from clauses.models import STALE_MESSAGE, HoursDeclaration, StaleRecordError
from clauses.operations import hours_review
from network.permissions import Action, has_any_anchor

router = Router(tags=["Heures"], auth=AUTH)

VERSION_HELP = "La version lue : refus (409) si la déclaration a changé depuis."
# The operation's field names, in the API's words; its other refusals are about the status.
API_FIELD = {"reason": "motif", "__all__": "statut"}
ANSWERS = {200: DeclarationOut, 403: Message, 404: Message, 409: Message, 422: ErrorsOut}


class ValidationIn(Schema):
    version: int | None = Field(None, description=VERSION_HELP)


class RejectionIn(Schema):
    motif: str = Field("", description="Obligatoire : l'entreprise le lit sur son espace.")
    version: int | None = Field(None, description=VERSION_HELP)


@router.get(
    "/declarations/a-valider", response={200: list[DeclarationOut], 403: Message},
    url_name="declarations_awaiting", summary="Heures déclarées qui attendent ma validation",
    description="Les heures déclarées par les entreprises que le compte valide, du mois le "
    "plus ancien au plus récent (la liste de « Heures à valider » de l'espace membres).",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def declarations_awaiting(request: HttpRequest):
    if not has_any_anchor(request.user, Action.VALIDATE_HOURS, HoursDeclaration):
        raise HttpError(403, hours_review.MESSAGE_NOT_VALIDATING)
    return hours_review.awaiting(request.user).select_related("reviewed_by")


def _review(request, declaration_id: int, operation, **values):
    declaration = get_for(request.user, Action.VIEW, declaration_queryset(), pk=declaration_id)
    try:
        operation(request.user, declaration, **values)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except StaleRecordError:
        return Status(409, {"detail": STALE_MESSAGE})
    except ValidationError as error:
        return Status(422, api_errors.renamed(error, API_FIELD))
    return Status(200, declaration)


@router.post(
    "/declarations/{int:declaration_id}/validation", response=ANSWERS,
    url_name="declaration_validate", summary="Valider des heures déclarées par l'entreprise",
    description="Les heures comptent dès lors dans l'avancement de la clause et les bilans.",
)
def declaration_validate(request: HttpRequest, declaration_id: int,
                         payload: ValidationIn | None = None):
    version = payload.version if payload else None
    return _review(request, declaration_id, hours_review.validate_hours, version=version)


@router.post(
    "/declarations/{int:declaration_id}/refus", response=ANSWERS,
    url_name="declaration_reject", summary="Refuser des heures déclarées par l'entreprise",
    description="Le motif est obligatoire : l'entreprise le lit et peut corriger ses heures.",
)
def declaration_reject(request: HttpRequest, declaration_id: int, payload: RejectionIn):
    return _review(request, declaration_id, hours_review.reject_hours,
                   reason=payload.motif, version=payload.version)
