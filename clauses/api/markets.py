"""GET /api/v1/marches…: markets with their lots, clauses and hours, and their placements;
POST /api/v1/marches/<id>/etat moves a market through the pipeline (the same operation
as the market's page).

Every listing is filtered by network.permissions in the database. Beneficiaries appear
by their pseudonym only, whoever asks: the API never carries personal data.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from clauses import progress
from clauses.api import errors as api_errors
from clauses.api.access import get_for
from clauses.api.auth import AUTH
from clauses.api.calculator import ErrorsOut
from clauses.api.pagination import MAX_PAGE, BoundedPagination
from clauses.enums import MarketStatus
from clauses.models import STALE_MESSAGE, Clause, Lot, Market, Placement, StaleRecordError
from clauses.operations import markets as market_ops
from network.permissions import Action, filter_queryset

router = Router(tags=["Marchés"], auth=AUTH)


def _hours(value) -> str:
    return f"{value or 0:.2f}"


class Ref(Schema):
    id: int
    nom: str


class MarketOut(Schema):
    id: int
    reference: str
    intitule: str = Field(alias="title")
    acheteur: Ref
    territoire_pilote: Ref
    annee: int = Field(alias="programme_year")
    categorie: str = Field(alias="category")
    etat: str = Field(alias="status", description="Valeur : " + ", ".join(MarketStatus.values))
    etat_libelle: str
    heures_exigees: str = Field(description="Somme des heures exigées par ses clauses.")
    heures_realisees: str = Field(
        description="Heures (travaillées et de formation) créditées à ses clauses."
    )
    version: int

    @staticmethod
    def resolve_acheteur(market):
        return {"id": market.buyer_id, "nom": market.buyer.name}

    @staticmethod
    def resolve_territoire_pilote(market):
        return {"id": market.lead_territory_id, "nom": market.lead_territory.name}

    @staticmethod
    def resolve_etat_libelle(market):
        return market.get_status_display()

    @staticmethod
    def resolve_heures_exigees(market):
        return _hours(market.required_hours_total)

    @staticmethod
    def resolve_heures_realisees(market):
        return _hours(market.done_hours_total)


class LotOut(Schema):
    numero: int = Field(alias="number")
    intitule: str = Field(alias="title")
    montant: str | None
    titulaire: str | None

    @staticmethod
    def resolve_montant(lot):
        return None if lot.amount is None else f"{lot.amount:.2f}"

    @staticmethod
    def resolve_titulaire(lot):
        return lot.contractor.name if lot.contractor_id else None


class ClauseOut(Schema):
    id: int
    lot: int | None
    fondement_juridique: str = Field(alias="legal_basis")
    heures_exigees: str
    heures_realisees: str
    debut: datetime.date | None = Field(alias="period_start")
    fin: datetime.date | None = Field(alias="period_end")

    @staticmethod
    def resolve_lot(clause):
        return clause.lot.number if clause.lot_id else None

    @staticmethod
    def resolve_heures_exigees(clause):
        return _hours(clause.required_hours)

    @staticmethod
    def resolve_heures_realisees(clause):
        return _hours(clause.done_hours)


class MarketDetailOut(MarketOut):
    autres_territoires: list[Ref]
    publiee_le: datetime.date | None = Field(alias="published_on")
    attribuee_le: datetime.date | None = Field(alias="awarded_on")
    debut_execution: datetime.date | None = Field(alias="execution_starts_on")
    fin_execution: datetime.date | None = Field(alias="execution_ends_on")
    lots: list[LotOut]
    clauses: list[ClauseOut]

    @staticmethod
    def resolve_autres_territoires(market):
        return [{"id": t.pk, "nom": t.name} for t in market.territories.all()]

    @staticmethod
    def resolve_lots(market):
        return list(market.lots.all())

    @staticmethod
    def resolve_clauses(market):
        return market.annotated_clauses


class PlacementOut(Schema):
    id: int
    beneficiaire: str = Field(description="Pseudonyme : jamais de donnée personnelle.")
    clause: int = Field(alias="clause_id")
    lot: int | None
    employeur: str
    modalite: str = Field(alias="modality")
    type_contrat: str = Field(alias="contract_type")
    poste: str = Field(alias="job_label")
    debut: datetime.date = Field(alias="starts_on")
    fin: datetime.date | None = Field(alias="ends_on")
    version: int

    @staticmethod
    def resolve_beneficiaire(placement):
        return placement.beneficiary.pseudonym

    @staticmethod
    def resolve_lot(placement):
        return placement.clause.lot.number if placement.clause.lot_id else None

    @staticmethod
    def resolve_employeur(placement):
        return placement.employer.name


class MarketFilters(Schema):
    annee: int | None = Field(None, description="Année de programmation.")
    etat: MarketStatus | None = Field(None, description="État dans le suivi.")
    reference: str | None = Field(None, description="Référence exacte.")


def visible_markets(user) -> QuerySet:
    return filter_queryset(user, Action.VIEW, Market.objects.all())


class PageThenTotals(BoundedPagination):
    """Cut the page out of the ordered markets first, then sum the hours of its markets
    only: a deep page costs the same as the first one, whatever the number of markets."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        limit = min(pagination.limit, self.max_limit)
        ids = list(queryset.values_list("pk", flat=True)[pagination.offset:][:limit])
        page = progress.with_market_totals(Market.objects.filter(pk__in=ids)).select_related(
            "buyer", "lead_territory"
        ).in_bulk()
        return {"items": [page[pk] for pk in ids if pk in page], "count": queryset.count()}


@router.get(
    "", response=list[MarketOut], url_name="marches",
    summary="Marchés suivis",
    description="Les marchés que votre compte peut voir, avec leurs heures exigées et réalisées.",
)
@paginate(PageThenTotals, max_limit=MAX_PAGE)
def market_list(request: HttpRequest, filters: Query[MarketFilters]):
    markets = visible_markets(request.user)
    if filters.annee is not None:
        markets = markets.filter(programme_year=filters.annee)
    if filters.etat:
        markets = markets.filter(status=filters.etat)
    if filters.reference:
        markets = markets.filter(reference=filters.reference)
    return markets.order_by("-programme_year", "reference")


@router.get(
    "/{int:market_id}", response=MarketDetailOut, url_name="marche",
    summary="Un marché, ses lots et ses clauses",
)
def market_detail(request: HttpRequest, market_id: int):
    markets = progress.with_market_totals(Market.objects.all()).select_related(
        "buyer", "lead_territory"
    ).prefetch_related(
        "territories",
        Prefetch("lots", queryset=Lot.objects.select_related("contractor").order_by("number")),
    )
    market = get_for(request.user, Action.VIEW, markets, pk=market_id)
    market.annotated_clauses = list(
        progress.with_progress(Clause.objects.filter(market=market), timezone.localdate())
        .select_related("lot").order_by("lot__number", "pk")
    )
    return market


@router.get(
    "/{int:market_id}/placements", response=list[PlacementOut], url_name="marche_placements",
    summary="Placements d'un marché",
    description="Les personnes placées sur les clauses du marché, par leur pseudonyme.",
)
@paginate(BoundedPagination, max_limit=MAX_PAGE)
def market_placements(request: HttpRequest, market_id: int):
    market = get_for(request.user, Action.VIEW, Market.objects.all(), pk=market_id)
    return (
        filter_queryset(request.user, Action.VIEW, Placement.objects.filter(clause__market=market))
        .select_related("beneficiary", "clause__lot", "employer")
        .order_by("starts_on", "pk")
    )


class StatusIn(Schema):
    etat: str = Field(description="Nouvel état. Valeur : " + ", ".join(MarketStatus.values))
    date: datetime.date | None = Field(None, description="Date du changement (aujourd'hui "
                                                         "par défaut).")
    motif: str = Field("", description="Obligatoire pour un abandon et pour une dérogation.")
    derogation: bool = Field(False, description="Publier sans relecture conforme du DCE "
                                                "(coordination régionale seulement).")
    version: int | None = Field(None, description="La version du marché lue (409 si le "
                                                  "marché a été modifié depuis).")


class Message(Schema):
    detail: str


# The operation's field names, as the API names them.
STATUS_FIELDS = {"new_status": "etat", "reason": "motif", "override": "derogation",
                 "on": "date", "__all__": "etat"}


@router.post(
    "/{int:market_id}/etat",
    response={200: MarketOut, 403: Message, 404: Message, 409: Message, 422: ErrorsOut},
    url_name="marche_etat", summary="Changer l'état d'un marché",
    description="Mêmes contrôles que la page du marché : transitions du parcours, motif "
    "d'un abandon, titulaires avant l'attribution, et publication de la consultation "
    "seulement après une relecture « clause conforme » du DCE (ou une dérogation motivée "
    "de la coordination régionale).",
)
def market_status(request: HttpRequest, market_id: int, payload: StatusIn):
    market = get_for(request.user, Action.VIEW, Market.objects.all(), pk=market_id)
    try:
        market_ops.change_status(
            request.user, market, payload.etat, version=payload.version,
            reason=payload.motif, on=payload.date, override=payload.derogation,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except StaleRecordError:
        return Status(409, {"detail": STALE_MESSAGE})
    except ValidationError as error:
        return Status(422, api_errors.renamed(error, STATUS_FIELDS))
    return progress.with_market_totals(Market.objects.filter(pk=market.pk)).select_related(
        "buyer", "lead_territory"
    ).get()
