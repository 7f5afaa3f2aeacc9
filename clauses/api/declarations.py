"""Hours declarations through the API: read, create, update (with the import's checks).

A declaration is written by whoever may change its placement (network.permissions),
and only if they may see the person placed. An update carries the version it was read
at: if someone saved the declaration since, the update is refused with 409.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from clauses.api.access import get_for, require
from clauses.api.auth import AUTH
from clauses.api.calculator import ErrorsOut
from clauses.api.errors import from_django
from clauses.imports.declarations import create_declaration, update_declaration
from clauses.models import STALE_MESSAGE, HoursDeclaration, Placement, StaleRecordError
from network.permissions import Action, filter_queryset

router = Router(tags=["Heures"], auth=AUTH)
MESSAGE_READ_ONLY = (
    "Vous pouvez consulter ces heures mais pas les déclarer : seuls les facilitateurs des "
    "territoires du marché et leurs coordinateurs le peuvent."
)
MESSAGE_HIDDEN_PERSON = (
    "Vous ne pouvez pas déclarer d'heures pour ce bénéficiaire : il est suivi par un "
    "territoire que votre compte ne voit pas."
)
Number = str | float | int


class Message(Schema):
    detail: str


class DeclarationOut(Schema):
    id: int
    placement: int = Field(alias="placement_id")
    beneficiaire: str
    mois: str
    heures: str
    heures_formation: str
    clause_creditee: int = Field(alias="credited_clause_id")
    version: int
    modifiee_le: datetime.datetime = Field(alias="updated_at")

    @staticmethod
    def resolve_beneficiaire(declaration):
        return declaration.placement.beneficiary.pseudonym

    @staticmethod
    def resolve_mois(declaration):
        return f"{declaration.month:%Y-%m}"

    @staticmethod
    def resolve_heures(declaration):
        return f"{declaration.hours_worked:.2f}"

    @staticmethod
    def resolve_heures_formation(declaration):
        return f"{declaration.training_hours:.2f}"


HOURS_HELP = "Nombre avec une virgule ou un point (au plus 250 heures dans le mois)."


class DeclarationIn(Schema):
    placement: int = Field(description="Identifiant du placement.")
    mois: str = Field(description="Mois, écrit AAAA-MM.", examples=["2025-03"])
    heures: Number = Field(description="Heures travaillées. " + HOURS_HELP, examples=["35,5"])
    heures_formation: Number | None = Field(
        None, description="Heures de formation (0 par défaut). " + HOURS_HELP
    )
    clause_creditee: int | None = Field(
        None, description="Clause créditée, si ce n'est pas celle du placement "
        "(accord de globalisation)."
    )


class DeclarationUpdate(Schema):
    version: int = Field(description="La version lue : refus (409) si elle a changé depuis.")
    heures: Number = Field(description="Heures travaillées. " + HOURS_HELP)
    heures_formation: Number | None = Field(None, description="Heures de formation (0 si vide).")
    clause_creditee: int | None = Field(None, description="Clause créditée (inchangée si vide).")


def _declarations():
    return HoursDeclaration.objects.select_related("placement__beneficiary")


def _require_person(user, placement: Placement) -> None:
    """Hours are written only for a person the writer may see."""
    require(user, Action.VIEW, placement.beneficiary, refused=MESSAGE_HIDDEN_PERSON,
            within=placement)


def _changeable_placement(user, placement_id: int) -> Placement:
    placement = get_for(
        user, Action.CHANGE,
        Placement.objects.select_related("beneficiary", "clause__market", "clause__lot"),
        pk=placement_id, refused=MESSAGE_READ_ONLY,
    )
    _require_person(user, placement)
    return placement


ERRORS = {403: Message, 404: Message, 422: ErrorsOut}


@router.get(
    "/placements/{int:placement_id}/declarations", response=list[DeclarationOut],
    url_name="placement_declarations", summary="Heures déclarées d'un placement",
)
@paginate(LimitOffsetPagination, max_limit=500)
def placement_declarations(request: HttpRequest, placement_id: int):
    placement = get_for(request.user, Action.VIEW, Placement.objects.all(), pk=placement_id)
    return (
        filter_queryset(request.user, Action.VIEW, _declarations())
        .filter(placement=placement).order_by("month")
    )


@router.get(
    "/declarations/{int:declaration_id}", response={200: DeclarationOut, 404: Message},
    url_name="declaration", summary="Une déclaration d'heures",
)
def declaration_detail(request: HttpRequest, declaration_id: int):
    return get_for(request.user, Action.VIEW, _declarations(), pk=declaration_id)


@router.post(
    "/declarations", response={201: DeclarationOut, **ERRORS}, url_name="declarations",
    summary="Déclarer les heures d'un mois",
    description="Mêmes contrôles que l'import : mois dans les dates du placement et la "
    "période de la clause, pas de mois à venir, heures positives et au plus 250 dans le "
    "mois, une seule déclaration par placement et par mois.",
)
def declaration_create(request: HttpRequest, payload: DeclarationIn):
    placement = _changeable_placement(request.user, payload.placement)
    try:
        declaration = create_declaration(request.user, placement, payload.model_dump())
    except ValidationError as error:
        return Status(422, from_django(error))
    return Status(201, declaration)


@router.put(
    "/declarations/{int:declaration_id}", response={200: DeclarationOut, 409: Message, **ERRORS},
    url_name="declaration_update", summary="Modifier une déclaration d'heures",
    description="Envoyez la version lue : si la déclaration a été modifiée depuis, la "
    "modification est refusée (409) et rien n'est enregistré.",
)
def declaration_update(request: HttpRequest, declaration_id: int, payload: DeclarationUpdate):
    declaration = get_for(
        request.user, Action.CHANGE,
        _declarations().select_related(
            "placement__clause__market", "placement__clause__lot",
            "credited_clause__market", "credited_clause__lot",
        ),
        pk=declaration_id, refused=MESSAGE_READ_ONLY,
    )
    _require_person(request.user, declaration.placement)
    try:
        update_declaration(
            request.user, declaration, payload.model_dump(exclude={"version"}), payload.version
        )
    except ValidationError as error:
        return Status(422, from_django(error))
    except StaleRecordError:
        return Status(409, {"detail": STALE_MESSAGE})
    return Status(200, declaration)
