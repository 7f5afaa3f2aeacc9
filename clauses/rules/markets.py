"""Rules of a market: its territories, when a buyer may still correct its forecast, and
what an award needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clauses.enums import MarketStatus

MESSAGE_ASSESSED = (
    "Cette prévision a déjà été étudiée par la coordination : elle ne se corrige plus par "
    "l'acheteur. Écrivez au facilitateur pour la faire évoluer."
)
MESSAGE_NOT_A_FORECAST = (
    "Le marché a déjà été étudié par la coordination (état : {status}) : il ne se corrige "
    "plus par l'acheteur, seul le facilitateur le modifie désormais."
)
MESSAGE_LOT_WITHOUT_CONTRACTOR = (
    "Indiquez le titulaire du lot {numbers} avant de passer le marché à l'état « Attribué » : "
    "la clause de ce lot est l'obligation de son titulaire."
)
MESSAGE_LOTS_WITHOUT_CONTRACTOR = (
    "Indiquez le titulaire des lots {numbers} avant de passer le marché à l'état "
    "« Attribué » : la clause de chaque lot est l'obligation de son titulaire."
)
MESSAGE_NO_CONTRACTOR = (
    "Indiquez le titulaire du marché (sur son lot) avant de le passer à l'état « Attribué » : "
    "la clause est l'obligation de son titulaire."
)


def forecast_correction_error(status: str, assessed: bool) -> str | None:
    """Why the buyer can no longer correct this forecast, or None: until the coordination
    has assessed it, the forecast is theirs."""
    if status != MarketStatus.FORECAST:
        return MESSAGE_NOT_A_FORECAST.format(status=MarketStatus(status).label.lower())
    if assessed:
        return MESSAGE_ASSESSED
    return None


@dataclass(frozen=True)
class LotHolding:
    """A lot of the market, whether it carries a clause and has a contractor."""

    number: int
    has_clause: bool
    has_contractor: bool


def award_error(lots: Iterable[LotHolding], market_level_clauses: int) -> str | None:
    """Why the market cannot be awarded yet, or None: each lot with a clause needs its
    contractor, and a clause on the whole market needs a contractor on some lot."""
    lots = list(lots)
    missing = sorted(lot.number for lot in lots if lot.has_clause and not lot.has_contractor)
    if len(missing) == 1:
        return MESSAGE_LOT_WITHOUT_CONTRACTOR.format(numbers=missing[0])
    if missing:
        listed = ", ".join(map(str, missing[:-1])) + f" et {missing[-1]}"
        return MESSAGE_LOTS_WITHOUT_CONTRACTOR.format(numbers=listed)
    if market_level_clauses and not any(lot.has_contractor for lot in lots):
        return MESSAGE_NO_CONTRACTOR
    return None


BILAN_COMMENT_MAX_LENGTH = 4000
MESSAGE_BILAN_COMMENT_TOO_LONG = (
    f"Le commentaire du bilan tient en {BILAN_COMMENT_MAX_LENGTH} caractères au plus "
    "(il en a {length}) : résumez-le, le détail reste dans les observations du marché."
)


def bilan_comment_error(comment: str) -> str | None:
    """Why this comment cannot close the market's bilan, or None: it must fit the
    document's last page."""
    if len(comment) > BILAN_COMMENT_MAX_LENGTH:
        return MESSAGE_BILAN_COMMENT_TOO_LONG.format(length=len(comment))
    return None
