"""The words a market is found by in the database search (/recherche/): reference,
title, buyer, lead territory and CPV code, folded (lower case, no accents) and stored on
the market, so that a search reads one column instead of folding every visible market's
text again for each count it makes, which grew with the number of visible markets."""

from __future__ import annotations

from portal.core.text import words

BATCH = 1000


def market_search_text(reference, title, buyer_name, territory_name, cpv_code) -> str:
    folded = words(" ".join(part or "" for part in (
        reference, title, buyer_name, territory_name, cpv_code)))
    return " " + " ".join(folded) + " "


def text_of(market) -> str:
    return market_search_text(
        market.reference, market.title,
        market.buyer.name if market.buyer_id else "",
        market.lead_territory.name if market.lead_territory_id else "", market.cpv_code,
    )
