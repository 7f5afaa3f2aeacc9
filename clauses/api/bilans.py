"""GET /api/v1/bilans: a bilan's seven indicators, for one year and one scope.

The answer's top-level keys are exactly the seven indicators of compute_bilan();
hours are exact decimals written as strings ("1234.50"), counts are integers. Who may
read which scope is network.permissions' answer, as on /espace/bilans/; a breakdown of
fewer than MIN_PEOPLE people comes as {"secret_statistique": true} to whoever may not
see their personal data (clauses.bilans.secrecy).
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from clauses.api.auth import AUTH
from clauses.bilans.enums import ScopeKind
from clauses.bilans.exports import to_json
from clauses.bilans.scopes import (
    Period,
    ScopeError,
    convention_period,
    default_scope,
    parse_year,
    resolve_scope,
    scope_choices,
)
from clauses.bilans.secrecy import MIN_PEOPLE, bilan_for

router = Router(tags=["Bilans"], auth=AUTH)

MESSAGE_SEVERAL_SCOPES = (
    "Un seul périmètre à la fois : territoire, acheteur, réseau, convention ou marché."
)
MESSAGE_NO_SCOPE = (
    "Aucun bilan n'est ouvert à votre compte : les bilans sont réservés aux facilitateurs, "
    "aux coordinateurs régionaux et aux référents des acheteurs."
)
SCOPE_PARAMETERS = {
    "territoire": ScopeKind.TERRITORY,
    "acheteur": ScopeKind.BUYER,
    "reseau": ScopeKind.NETWORK,
    "convention": ScopeKind.CONVENTION,
    "marche": ScopeKind.MARKET,
}


class BilanQuery(Schema):
    # Strings on purpose: the year and identifiers are checked by clauses.bilans.scopes,
    # which answers in French.
    annee: str | None = Field(None, description="Année du bilan (AAAA).", examples=["2024"])
    territoire: str | None = Field(None, description="Identifiant (slug) d'un territoire.")
    acheteur: str | None = Field(None, description="Numéro d'une organisation acheteuse.")
    reseau: str | None = Field(None, description="Identifiant (slug) d'un réseau.")
    convention: str | None = Field(
        None, description="Identifiant (slug) d'une convention : toute sa période de validité."
    )
    marche: str | None = Field(None, description="Numéro d'un marché.")


SECRET_NOTE = (
    f" Un tableau qui compte moins de {MIN_PEOPLE} personnes est remplacé par "
    '{"secret_statistique": true} (secret statistique) si le compte ne peut pas voir les '
    "données personnelles de chacune d'elles."
)


class BilanOut(Schema):
    marches_avec_clause: dict = Field(
        description="Total, en exécution, terminés ; nombre d'acheteurs et d'entreprises "
        "titulaires."
    )
    typologie_clauses: dict = Field(
        description="Clauses par fondement juridique ; marchés par considération DECP."
    )
    heures_realisees: dict = Field(
        description="Heures travaillées, de formation, total, exigées, cumul, taux ; heures "
        "par entreprise (par_entreprise : code = SIRET, libellé, heures)."
    )
    personnes: dict = Field(description="Personnes distinctes mises à l'emploi.")
    typologie_beneficiaires: dict = Field(
        description="Par critère, sexe, tranche d'âge au début du placement, diplôme, QPV."
        + SECRET_NOTE
    )
    modalites: dict = Field(
        description="Heures et personnes par modalité et type de contrat." + SECRET_NOTE
    )
    situations: dict = Field(
        description="Placements terminés, leurs personnes, et les sorties à la fin du "
        "placement et à 6 mois." + SECRET_NOTE
    )


class ErrorsOut(Schema):
    erreurs: dict[str, list[str]]


class Message(Schema):
    detail: str


@router.get(
    "",
    response={200: BilanOut, 403: Message, 404: Message, 422: ErrorsOut},
    url_name="bilans",
    summary="Bilan annuel (les sept indicateurs)",
    description=(
        "Sans paramètre de périmètre : le plus large ouvert au compte (l'ensemble des "
        "territoires pour un administrateur, sinon son réseau, son territoire ou son "
        "acheteur). Un marché compte dans son territoire pilote ; une personne employée "
        "sur plusieurs marchés compte une fois. Secret statistique : quand moins de "
        f"{MIN_PEOPLE} personnes sont comptées, chaque tableau qui les répartit "
        "(typologie des bénéficiaires, modalités, sorties) devient "
        '{"secret_statistique": true}, sauf pour les comptes qui peuvent voir les données '
        "personnelles de chacune d'elles (leur lecture est alors journalisée) ; les "
        "nombres de personnes et les heures restent."
    ),
)
def bilan(request: HttpRequest, query: Query[BilanQuery]):
    try:
        year = parse_year(query.annee)
    except ScopeError as error:
        return Status(422, {"erreurs": {"annee": [error.message]}})
    period = Period.year(year)
    asked = {name: getattr(query, name) for name in SCOPE_PARAMETERS if getattr(query, name)}
    if len(asked) > 1:
        return Status(422, {"erreurs": {"perimetre": [MESSAGE_SEVERAL_SCOPES]}})
    try:
        if asked:
            (name, ident), = asked.items()
            scope = resolve_scope(request.user, f"{SCOPE_PARAMETERS[name].value}:{ident}",
                                  period)
        else:
            scope = default_scope(scope_choices(request.user, period))
            if scope is None:
                return Status(403, {"detail": MESSAGE_NO_SCOPE})
        if scope.kind == ScopeKind.CONVENTION:
            scope = scope.with_period(convention_period(scope.obj))
    except ScopeError as error:
        if error.status in (403, 404):
            return Status(error.status, {"detail": error.message})
        return Status(422, {"erreurs": {"perimetre": [error.message]}})
    return Status(200, to_json(bilan_for(request.user, scope, where="API des bilans")))
