"""What writing a market's clause reads: the facts behind each lot's suggested legal
basis, the market's values that fill a template's placeholders, the current draft, and
the draft as a word-processing file (one article per lot, ready for the CCAP).

The rules themselves are clauses.rules.drafting's; the templates come from the library
through portal.core.clause_library; the files are written by portal.core.documents,
as the library's own downloads are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.text import slugify

from clauses.calculator import format_number
from clauses.models import Clause, DraftVersion, Lot, LotClauseChoice, Market
from clauses.rules import drafting as rules
from network.enums import OrganisationKind as K
from network.models import Organisation, Territory
from portal.core import documents
from portal.core.documents import Block
from portal.core.vocabulary import LegalBasis

SIAE_HOLDERS = (K.SIAE_EI, K.SIAE_ACI, K.SIAE_EITI)
SIAE_PROVIDERS = (K.SIAE_AI, K.SIAE_ETTI)


# --- Suggestions -----------------------------------------------------------------------------


def _postal_prefix(departement: str) -> str:
    # Corsica's départements (2A, 2B) share the postal codes starting with 20.
    return "20" if departement.upper() in ("2A", "2B") else departement


def territory_supply(market: Market) -> rules.Supply:
    """The organisations of the directory in the départements of the market's territories,
    counted by kind in one query (an organisation is placed by its postal code)."""
    codes = {
        code
        for codes in Territory.objects.filter(
            Q(pk=market.lead_territory_id) | Q(markets=market)
        ).values_list("departements", flat=True)
        for code in (codes or [])
    }
    if not codes:
        return rules.Supply()
    located = Q()
    for code in sorted(codes):
        located |= Q(postal_code__startswith=_postal_prefix(str(code)))
    counts = dict(
        Organisation.objects.filter(located, kind__in=[*SIAE_HOLDERS, *SIAE_PROVIDERS,
                                                       K.EA, K.ESAT, K.GEIQ])
        .order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return rules.Supply(
        siae_holders=sum(counts.get(k, 0) for k in SIAE_HOLDERS),
        siae_providers=sum(counts.get(k, 0) for k in SIAE_PROVIDERS),
        ea_esat=counts.get(K.EA, 0) + counts.get(K.ESAT, 0),
        geiq=counts.get(K.GEIQ, 0),
    )


def buyer_history(market: Market) -> dict[str, int]:
    """The legal bases of the buyer's clauses on its other markets, counted."""
    return dict(
        Clause.objects.filter(market__buyer=market.buyer_id).exclude(market=market)
        .order_by().values_list("legal_basis").annotate(n=Count("pk"))
        .values_list("legal_basis", "n")
    )


def lot_hours(market: Market) -> dict[int, int]:
    """The insertion hours the calculator gave each lot's clauses (lots without a clause
    are absent: their hours are not computed yet)."""
    return {
        row["lot"]: int(row["hours"])
        for row in Clause.objects.filter(market=market, lot__isnull=False)
        .order_by().values("lot").annotate(hours=Sum("required_hours"))
    }


@dataclass
class LotSuggestion:
    lot: Lot
    suggestion: rules.Suggestion
    choice: LotClauseChoice | None

    @property
    def basis(self) -> str:
        """The legal basis the lot's article is written on: the one chosen, else the
        one suggested."""
        if self.choice is not None and self.choice.decided:
            return self.choice.chosen_basis
        return self.suggestion.legal_basis


def suggestions(market: Market) -> list[LotSuggestion]:
    """Each lot of the market with its suggestion and the facilitator's choice, read in a
    fixed number of queries whatever the number of lots."""
    lots = list(market.lots.select_related("clause_choice__decided_by").order_by("number"))
    if not lots:
        return []
    supply, history, hours = territory_supply(market), buyer_history(market), lot_hours(market)
    found = []
    for lot in lots:
        facts = rules.LotFacts(
            category=market.category, amount=lot.amount, hours=hours.get(lot.pk),
            supply=supply, buyer_history=history,
        )
        choice = getattr(lot, "clause_choice", None)
        found.append(LotSuggestion(lot, rules.suggest(facts), choice))
    return found


def suggestion_for(lot: Lot) -> rules.Suggestion:
    market = lot.market
    facts = rules.LotFacts(
        category=market.category, amount=lot.amount, hours=lot_hours(market).get(lot.pk),
        supply=territory_supply(market), buyer_history=buyer_history(market),
    )
    return rules.suggest(facts)


# --- Placeholders ----------------------------------------------------------------------------


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _person(account) -> tuple[str, str, str]:
    if account is None or not getattr(account, "pk", None):
        return "", "", ""
    profile = getattr(account, "profile", None)
    name = account.get_full_name() or account.get_username()
    return name, account.email or "", getattr(profile, "phone", "") or ""


def placeholder_values(market: Market, lot: Lot, writer=None) -> dict[str, str]:
    """What fills the placeholders of the lot's article: the market's buyer and titles,
    the hours of the lot's clauses, the clause's period, the facilitator in charge (or
    the one writing) and the lead territory's structure."""
    clauses = list(Clause.objects.filter(market=market, lot=lot))
    hours = sum((c.required_hours for c in clauses), Decimal(0)) if clauses else None
    starts = min((c.starts_on for c in clauses if c.starts_on), default=None)
    ends = max((c.ends_on for c in clauses if c.ends_on), default=None)
    starts = starts or market.execution_starts_on
    ends = ends or market.execution_ends_on
    name, email, phone = _person(market.facilitator or writer)
    territory = market.lead_territory
    structure = territory.organisation.name if territory.organisation_id else ""
    return {
        "hours": format_number(hours, 0) if hours is not None else "",
        "buyer": market.buyer.name,
        "market_title": market.title,
        "reference": market.reference,
        "lot_number": str(lot.number),
        "lot_title": lot.title,
        "starts_on": _day(starts),
        "ends_on": _day(ends),
        "period": f"du {_day(starts)} au {_day(ends)}" if starts and ends else "",
        "facilitator": name,
        "facilitator_email": email,
        "facilitator_phone": phone,
        "structure": structure,
        "territory": territory.name,
    }


def fill_template(text: str, market: Market, lot: Lot, writer=None) -> str:
    return documents.fill(text, rules.value_of(placeholder_values(market, lot, writer)))


# --- The draft ------------------------------------------------------------------------------


def current_draft(market: Market) -> DraftVersion | None:
    return market.draft_versions.order_by("-number").first()


@dataclass
class Article:
    lot_id: int
    number: int
    lot_title: str
    legal_basis: str
    template_title: str
    text: str

    @property
    def legal_basis_label(self) -> str:
        return LegalBasis(self.legal_basis).label if self.legal_basis else ""

    @property
    def highlighted(self):
        return documents.highlight(self.text)

    @property
    def leftovers(self) -> list[str]:
        """The placeholders the market could not fill, to complete by hand."""
        return documents.placeholders(self.text)


def articles(draft: DraftVersion | None, lots=None) -> list[Article]:
    """The draft's articles in the order of the lots, those of lots still on the market."""
    if draft is None:
        return []
    kept = None if lots is None else {lot.pk for lot in lots}
    found = [
        Article(int(key), value["number"], value.get("lot_title", ""),
                value.get("legal_basis", ""), value.get("template_title", ""),
                value.get("text", ""))
        for key, value in draft.articles.items()
        if kept is None or int(key) in kept
    ]
    return sorted(found, key=lambda a: a.number)


def export_blocks(market: Market, draft: DraftVersion) -> list[Block]:
    """One article per lot, numbered, with its legal basis and its text."""
    blocks = [
        Block("title", f"Clause sociale d'insertion — {market.reference}"),
        Block("text", f"Marché : {market.title}. Acheteur : {market.buyer.name}."),
        Block("text", f"Version {draft.number} du {draft.created_at:%d/%m/%Y}."),
    ]
    for index, article in enumerate(articles(draft, market.lots.all()), start=1):
        blocks.append(Block("heading", f"Article {index} — Lot {article.number} : "
                                       f"{article.lot_title}"))
        if article.legal_basis:
            blocks.append(Block("text", f"Fondement juridique : {article.legal_basis_label}"))
        blocks += [Block("text", line) for line in article.text.splitlines() if line.strip()]
    return blocks


def export(market: Market, draft: DraftVersion, extension: str) -> tuple[str, bytes, str]:
    """(content type, file, file name) of the draft in `extension` (docx or odt)."""
    content_type, write = documents.FORMATS[extension]
    title = f"Clause sociale d'insertion — {market.reference}"
    name = f"clause-{slugify(market.reference)}-v{draft.number}.{extension}"
    return content_type, write(title, export_blocks(market, draft)), name
