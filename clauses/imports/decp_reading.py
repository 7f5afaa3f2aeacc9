"""Reading the open data of public procurement (DECP) for clauses.imports.decp: the
published JSON (``{"marches": [...]}``, or the 2022 schema's ``{"marches": {"marche":
[...]}}``), each market's values, its département and its category. Nothing here reads
the database or writes.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from clauses.enums import Procedure
from clauses.imports.limits import ImportLimits, LimitExceeded, french_number
from clauses.imports.reading import normalise
from clauses.imports.report import SHOWN_ERRORS, ImportReport, RowError
from clauses.models.markets import cpv_validator
from network import siret as sirets
from network.departements import DEPARTEMENTS
from portal.core.vocabulary import DecpConsideration, MarketCategory

# A record of the published file weighs one or two kilobytes: a file heavier than this
# per market allowed is refused before it is parsed (json reads it whole).
BYTES_PER_MARKET = 8192
MAX_AMOUNT = Decimal(10) ** 12
SOCIAL = (DecpConsideration.SOCIAL_CLAUSE, DecpConsideration.SOCIAL_CRITERION,
          DecpConsideration.RESERVED_MARKET)
PROCEDURES = {normalise(label): value for value, label in Procedure.choices}
CONSIDERATIONS = {normalise(value): value for value in DecpConsideration.values}

MESSAGE_NOT_JSON = (
    "Ce fichier n'est pas un fichier JSON lisible ({detail}) : déposez le fichier des "
    "données essentielles tel qu'il est publié (format JSON, encodé en UTF-8)."
)
MESSAGE_NO_MARKETS = (
    "Ce fichier n'est pas au format des données essentielles : il doit contenir une liste "
    "« marches »."
)
MESSAGE_EMPTY = "Le fichier ne contient aucun marché."
MESSAGE_TOO_LARGE = (
    "Le fichier pèse plus de {size} octets, le maximum pour un import : découpez-le en "
    "plusieurs fichiers et importez-les l'un après l'autre. Rien n'a été enregistré."
)


class DecpError(Exception):
    """A market of the file whose data are wrong: the file is refused."""


@dataclass
class DecpReport(ImportReport):
    """The outcome of a DECP import: markets created, updated, unchanged, the ones
    skipped (each with its reason, nothing refused) and the companies created."""

    skipped: list[RowError] = field(default_factory=list)
    companies: int = 0

    def skip(self, line: int, ident: str, reason: str) -> None:
        self.skipped.append(RowError(line, ident, reason))

    @property
    def shown_skipped(self) -> list[RowError]:
        return self.skipped[:SHOWN_ERRORS]

    @property
    def more_skipped(self) -> str:
        rest = len(self.skipped) - SHOWN_ERRORS
        return f"… et {french_number(rest)} autre(s) marché(s) écarté(s)" if rest > 0 else ""

    def summary(self) -> str:
        if self.errors:
            return (
                f"Import refusé : {french_number(len(self.errors))} erreur(s). Rien n'a été "
                "enregistré ; corrigez le fichier puis importez-le de nouveau."
            )
        return (
            f"Import terminé : {self.rows} marché(s) lu(s), {self.created} créé(s), "
            f"{self.updated} mis à jour, {self.unchanged} déjà à jour, "
            f"{len(self.skipped)} écarté(s) ; {self.companies} entreprise(s) créée(s)."
        )


@dataclass
class Contractor:
    siret: str
    name: str


@dataclass
class DecpMarket:
    line: int
    ident: str
    buyer_siret: str
    title: str
    notified_on: datetime.date
    cpv_code: str
    amount: Decimal | None
    procedure: str
    consideration: str
    place_code: str
    place_type: str
    contractors: list[Contractor]
    unusable_contractors: list[str]


def content(file, limits: ImportLimits) -> bytes:
    cap = BYTES_PER_MARKET * max(limits.max_rows, 1)
    if hasattr(file, "read"):
        file.seek(0)
        data = file.read(cap + 1)
    else:
        with open(file, "rb") as stream:
            data = stream.read(cap + 1)
    if len(data) > cap:
        raise LimitExceeded(MESSAGE_TOO_LARGE.format(size=french_number(cap)))
    return data


def records(data: bytes, limits: ImportLimits) -> list:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DecpError(MESSAGE_NOT_JSON.format(detail="il n'est pas encodé en UTF-8")) from None
    except (json.JSONDecodeError, RecursionError) as error:
        detail = (f"erreur ligne {error.lineno}, colonne {error.colno}"
                  if isinstance(error, json.JSONDecodeError) else "trop imbriqué")
        raise DecpError(MESSAGE_NOT_JSON.format(detail=detail)) from None
    markets = document.get("marches") if isinstance(document, dict) else None
    # The 2022 schema wraps the list: {"marches": {"marche": [...]}}.
    if isinstance(markets, dict):
        markets = markets.get("marche")
    if not isinstance(markets, list):
        raise DecpError(MESSAGE_NO_MARKETS)
    if not markets:
        raise DecpError(MESSAGE_EMPTY)
    limits.check_rows(len(markets))
    return markets


# --- Reading one market -----------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise DecpError("une valeur simple était attendue.")
    return str(value).strip()


def _get(record: dict, name: str, required: bool = True) -> str:
    try:
        value = _text(record.get(name))
    except DecpError:
        raise DecpError(f"« {name} » : une valeur simple était attendue.") from None
    if required and not value:
        raise DecpError(f"« {name} » manque.")
    return value


def _date(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        raise DecpError(
            f"« dateNotification » : « {raw} » n'est pas une date (AAAA-MM-JJ)."
        ) from None


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DecpError(f"« montant » : « {value} » n'est pas un nombre.") from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise DecpError(f"« montant » : {value} n'est pas un montant possible.")
    return amount.quantize(Decimal("0.01"))


def _list(value, inner: str) -> list:
    """A list of the file, possibly wrapped in an object as the 2022 schema does."""
    if isinstance(value, dict):
        value = value.get(inner, [])
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def _contractors(record: dict) -> tuple[list[Contractor], list[str]]:
    usable, unusable = [], []
    for item in _list(record.get("titulaires"), "titulaire"):
        if isinstance(item, dict) and isinstance(item.get("titulaire"), dict):
            item = item["titulaire"]
        if not isinstance(item, dict):
            raise DecpError("« titulaires » : chaque titulaire est un objet (id, typeIdentifiant).")
        ident = _text(item.get("id"))
        kind = normalise(item.get("typeIdentifiant") or "siret")
        name = _text(item.get("denominationSociale"))
        if kind == "siret" and sirets.is_valid(ident):
            usable.append(Contractor(sirets.normalise(ident), name))
        else:
            unusable.append(f"{ident or '?'} ({_text(item.get('typeIdentifiant')) or 'SIRET'})")
    return usable, unusable


def parse(line: int, record) -> DecpMarket:
    if not isinstance(record, dict):
        raise DecpError("chaque marché de la liste « marches » est un objet.")
    buyer = record.get("acheteur")
    buyer_siret = _text(buyer.get("id")) if isinstance(buyer, dict) else ""
    if not buyer_siret:
        raise DecpError("« acheteur.id » (le SIRET de l'acheteur) manque.")
    place = record.get("lieuExecution")
    place = place if isinstance(place, dict) else {}
    considerations = [
        CONSIDERATIONS.get(normalise(value), "")
        for value in _list(record.get("considerationsSociales"), "considerationSociale")
        if isinstance(value, str)
    ]
    contractors, unusable = _contractors(record)
    return DecpMarket(
        line=line,
        ident=_get(record, "id"),
        buyer_siret=sirets.normalise(buyer_siret),
        title=_get(record, "objet")[:255],
        notified_on=_date(_get(record, "dateNotification")),
        cpv_code=_get(record, "codeCPV", required=False),
        amount=_amount(record.get("montant")),
        procedure=PROCEDURES.get(normalise(_get(record, "procedure", required=False)), ""),
        consideration=next((c for c in SOCIAL if c in considerations), ""),
        place_code=_text(place.get("code")).upper().replace(" ", ""),
        place_type=normalise(place.get("typeCode")),
        contractors=contractors,
        unusable_contractors=unusable,
    )


def departement_of(code: str, type_code: str) -> str | None:
    """The département of a DECP place of execution (its code and normalised type), or
    None when the place is wider (a region, a country) or unreadable."""
    code = code.upper()
    if type_code == "code_postal" and len(code) == 5 and code.isdigit():
        if code.startswith("97"):
            found = code[:3]
        elif code.startswith("20"):
            found = "2A" if int(code[:3]) < 202 else "2B"
        else:
            found = code[:2]
    elif type_code == "code_commune" and len(code) == 5:
        found = code[:3] if code.startswith("97") else code[:2]
    elif type_code == "code_departement":
        found = code.zfill(2) if code.isdigit() else code
    elif type_code in ("code_arrondissement", "code_canton"):
        found = code[:3] if code.startswith("97") else code[:2]
    else:
        return None
    return found if found in DEPARTEMENTS else None


def category_of(cpv: str) -> str | None:
    """Works, services or supplies, from the CPV division (45: works; 50 and beyond:
    services; below: supplies)."""
    if not cpv[:2].isdigit():
        return None
    division = int(cpv[:2])
    if division == 45:
        return MarketCategory.WORKS
    return MarketCategory.SERVICES if division >= 50 else MarketCategory.SUPPLIES


def valid_cpv(cpv: str) -> bool:
    try:
        cpv_validator(cpv)
    except ValidationError:
        return False
    return True
