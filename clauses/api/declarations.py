"""Hours declarations through the API: read (with their status), create, update.

Writes go through clauses.operations.declarations, the same rules as the member form,
the admin and the import: this module reads the JSON and words the answers (403 for
what the person may see but not declare, 404 for what they may not see, 422 for a
refused value, 409 when someone saved the declaration since the version sent).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from clauses.api.access import get_for
from clauses.api.auth import AUTH
from clauses.api.calculator import ErrorsOut
from clauses.api.errors import from_django
from clauses.api.pagination import MAX_PAGE, BoundedPagination
from clauses.enums import DeclarationStatus
from clauses.imports import values
from clauses.models import STALE_MESSAGE, Clause, HoursDeclaration, Placement, StaleRecordError
from clauses.operations import declarations
from clauses.rules import hours as hours_rules
from network.permissions import Action, filter_queryset

router = Router(tags=["Heures"], auth=AUTH)
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
    statut: DeclarationStatus = Field(
        alias="status", description="declaree (par l'entreprise, en attente de validation : "
        "ne compte pas encore), validee (compte dans l'avancement et les bilans) ou refusee.",
    )
    statut_libelle: str
    motif_refus: str = Field(alias="rejection_reason", description="Vide sauf si refusée.")
    validee_ou_refusee_par: str | None = Field(
        None, description="Qui a validé ou refusé les heures (vide tant qu'elles attendent).")
    validee_ou_refusee_le: datetime.datetime | None = Field(alias="reviewed_at")
    version: int
    modifiee_le: datetime.datetime = Field(alias="updated_at")

    @staticmethod
    def resolve_statut_libelle(declaration):
        return declaration.get_status_display()

    @staticmethod
    def resolve_validee_ou_refusee_par(declaration):
        reviewer = declaration.reviewed_by
        return (reviewer.get_full_name() or reviewer.get_username()) if reviewer else None

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


def declaration_queryset():
    return HoursDeclaration.objects.select_related("placement__beneficiary", "reviewed_by")


class DeclarationFilters(Schema):
    statut: DeclarationStatus | None = Field(
        None, description="Seulement les déclarations de ce statut : declaree, validee ou "
        "refusee.",
    )


# The operation's field names, in the API's words.
API_FIELD = {
    "month": "mois", "hours_worked": "heures", "training_hours": "heures_formation",
    "credited_clause": "clause_creditee",
}


def _read(payload: dict, with_month: bool) -> dict:
    """The payload's values as the operation takes them; 422 for what cannot be read."""
    errors: dict[str, list[str]] = {}
    read = {}

    def parse(name, parser, target, required=True):
        raw = payload.get(name)
        if raw is None or values.text(raw) == "":
            if required:
                errors.setdefault(name, []).append("Ce champ est obligatoire.")
            return
        try:
            read[target] = parser(raw)
        except values.InvalidValue as error:
            errors.setdefault(name, []).append(str(error))

    if with_month:
        parse("mois", values.month, "month")
    parse("heures", values.decimal, "hours_worked")
    parse("heures_formation", values.decimal, "training_hours", required=False)
    clause_id = payload.get("clause_creditee")
    if clause_id is not None:
        # Resolved by the operation among the clauses the person may credit.
        read["credited_clause"] = Clause.objects.filter(pk=clause_id).select_related(
            "market", "lot"
        ).first() or Clause(pk=clause_id)
    if errors:
        # What could be read still meets the hours' own limits, so that one answer lists
        # every problem of the payload.
        for name, message in hours_rules.hours_errors(
            read.get("hours_worked"), read.get("training_hours")
        ).items():
            if name not in errors:
                errors[name] = [message]
        raise ValidationError(errors)
    return read


def _refusal(error: ValidationError) -> Status:
    renamed = ValidationError({
        API_FIELD.get(field, field): messages for field, messages in error.message_dict.items()
    })
    return Status(422, from_django(renamed))


ERRORS = {403: Message, 404: Message, 422: ErrorsOut}


@router.get(
    "/placements/{int:placement_id}/declarations", response=list[DeclarationOut],
    url_name="placement_declarations", summary="Heures déclarées d'un placement",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def placement_declarations(request: HttpRequest, placement_id: int,
                           filters: Query[DeclarationFilters]):
    placement = get_for(request.user, Action.VIEW, Placement.objects.all(), pk=placement_id)
    declarations = (
        filter_queryset(request.user, Action.VIEW, declaration_queryset())
        .filter(placement=placement).order_by("month")
    )
    return declarations.filter(status=filters.statut) if filters.statut else declarations


@router.get(
    "/declarations", response=list[DeclarationOut], url_name="declaration_list",
    summary="Les déclarations d'heures que le compte voit",
    description="Du mois le plus ancien au plus récent ; « statut=declaree » donne les "
    "heures déclarées par les entreprises qui attendent une validation.",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def declaration_list(request: HttpRequest, filters: Query[DeclarationFilters]):
    declarations = filter_queryset(request.user, Action.VIEW, declaration_queryset())
    if filters.statut:
        declarations = declarations.filter(status=filters.statut)
    return declarations.order_by("month", "pk")


@router.get(
    "/declarations/{int:declaration_id}", response={200: DeclarationOut, 404: Message},
    url_name="declaration", summary="Une déclaration d'heures",
)
def declaration_detail(request: HttpRequest, declaration_id: int):
    return get_for(request.user, Action.VIEW, declaration_queryset(), pk=declaration_id)


@router.post(
    "/declarations", response={201: DeclarationOut, **ERRORS}, url_name="declarations",
    summary="Déclarer les heures d'un mois",
    description="Mêmes contrôles que l'import : mois dans les dates du placement et la "
    "période de la clause, pas de mois à venir, heures positives et au plus 250 dans le "
    "mois, une seule déclaration par placement et par mois.",
)
def declaration_create(request: HttpRequest, payload: DeclarationIn):
    placement = get_for(
        request.user, Action.VIEW,
        Placement.objects.select_related("beneficiary", "clause__market", "clause__lot"),
        pk=payload.placement,
    )
    try:
        declaration = declarations.declare_hours(
            request.user, placement, **_read(payload.model_dump(), with_month=True)
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        return _refusal(error)
    return Status(201, declaration)


@router.put(
    "/declarations/{int:declaration_id}", response={200: DeclarationOut, 409: Message, **ERRORS},
    url_name="declaration_update", summary="Modifier une déclaration d'heures",
    description="Envoyez la version lue : si la déclaration a été modifiée depuis, la "
    "modification est refusée (409) et rien n'est enregistré.",
)
def declaration_update(request: HttpRequest, declaration_id: int, payload: DeclarationUpdate):
    declaration = get_for(
        request.user, Action.VIEW,
        declaration_queryset().select_related(
            "placement__clause__market", "placement__clause__lot",
            "credited_clause__market", "credited_clause__lot",
        ),
        pk=declaration_id,
    )
    try:
        declarations.correct_hours(
            request.user, declaration, version=payload.version,
            **_read(payload.model_dump(exclude={"version"}), with_month=False),
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        return _refusal(error)
    except StaleRecordError:
        return Status(409, {"detail": STALE_MESSAGE})
    return Status(200, declaration)
