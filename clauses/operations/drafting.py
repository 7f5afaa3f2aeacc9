"""Writing a market's clause: the legal basis retained for each lot (after the suggestion
of clauses.rules.drafting), and each lot's article drafted from a published template of
the library, then corrected by hand. Every change is a new version of the draft, with
who made it, when and what changed; none is ever rewritten.

Done by the facilitators of the market's lead territory and their coordinators
(Action.CHANGE), on a market being studied or in drafting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clauses import drafting
from clauses.enums import MarketStatus
from clauses.models import DraftVersion, Lot, LotClauseChoice, Market, StaleRecordError
from clauses.operations.common import account, ensure
from clauses.rules import drafting as rules
from network.permissions import Action
from portal.core import clause_library

MESSAGE_NOT_LEAD = (
    "Seuls les facilitateurs du territoire pilote de ce marché, et leurs coordinateurs, "
    "rédigent sa clause."
)
MESSAGE_STATUS = (
    "La clause se rédige sur un marché dont l'opportunité est étudiée ou en rédaction "
    "(état actuel : {status})."
)
MESSAGE_LOT_OF_OTHER_MARKET = "Ce lot appartient à un autre marché."
MESSAGE_NO_CLAUSE_CHOSEN = (
    "Aucune clause n'est retenue pour ce lot : changez d'abord le fondement retenu."
)
MESSAGE_UNKNOWN_TEMPLATE = (
    "Choisissez un modèle de clause publié dans la bibliothèque, du fondement retenu pour "
    "ce lot."
)
MESSAGE_NO_ARTICLE = "Ce lot n'a pas encore d'article : choisissez d'abord un modèle."
MESSAGE_EMPTY_TEXT = "Le texte de l'article est vide."
MESSAGE_UNCHANGED = "Le texte de l'article n'a pas changé."
DRAFTING_STATUSES = (MarketStatus.STUDIED, MarketStatus.DRAFTING)


def _check(actor, market: Market, lot: Lot | None = None) -> None:
    ensure(actor, Action.CHANGE, market, MESSAGE_NOT_LEAD)
    if market.status not in DRAFTING_STATUSES:
        raise ValidationError(MESSAGE_STATUS.format(status=market.get_status_display().lower()))
    if lot is not None and lot.market_id != market.pk:
        raise ValidationError({"lot": [MESSAGE_LOT_OF_OTHER_MARKET]})


@transaction.atomic
def decide_basis(actor, market: Market, lot: Lot, *, legal_basis: str,
                 reason: str = "") -> LotClauseChoice:
    """The facilitator accepts the lot's suggested legal basis or retains another one
    ("" for no clause on the lot), saying why when it is not the suggestion. The
    suggestion and its reasons at that moment are kept beside the choice."""
    _check(actor, market, lot)
    suggestion = drafting.suggestion_for(lot)
    legal_basis, reason = (legal_basis or "").strip(), (reason or "").strip()
    errors = rules.decision_error(suggestion.legal_basis, legal_basis, reason)
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    choice, _ = LotClauseChoice.objects.select_for_update().get_or_create(lot=lot)
    choice.suggested_basis = suggestion.legal_basis
    choice.suggestion_reasons = list(suggestion.reasons)
    choice.suggested_at = timezone.now()
    choice.decided = True
    choice.chosen_basis = legal_basis
    choice.reason = reason
    choice.decided_by = account(actor)
    choice.decided_at = timezone.now()
    choice.save()
    return choice


def retained_basis(lot: Lot) -> str:
    """The legal basis the lot's article is written on: the one retained, else the one
    suggested (the facilitator may draft before deciding)."""
    choice = LotClauseChoice.objects.filter(lot=lot).first()
    if choice is not None and choice.decided:
        return choice.chosen_basis
    return drafting.suggestion_for(lot).legal_basis


def template_choices(actor, lot: Lot) -> list[clause_library.ClauseTemplate]:
    """The published templates offered for the lot: those of its legal basis that the
    person may read."""
    basis = retained_basis(lot)
    if not basis:
        return []
    return clause_library.published_templates(account(actor), basis)


def _new_version(actor, market: Market, articles: dict, based_on: int | None) -> DraftVersion:
    # The market's row is locked, so that two facilitators saving at once get versions
    # n and n + 1 rather than a clash, and a page built from version n - 1 is refused.
    Market.objects.select_for_update().filter(pk=market.pk).first()
    current = drafting.current_draft(market)
    number = current.number if current else 0
    if based_on is not None and based_on != number:
        raise StaleRecordError()
    previous = current.articles if current else {}
    return DraftVersion.objects.create(
        market=market, number=number + 1, articles=articles,
        changes=rules.describe_changes(previous, articles), created_by=account(actor),
    )


@transaction.atomic
def draft_article(actor, market: Market, lot: Lot, *, template_id,
                  based_on: int | None = None) -> DraftVersion:
    """The lot's article written from a published template of its legal basis, its
    placeholders filled from the market; those the market cannot fill stay, highlighted.
    `based_on` is the version the page showed (None: whatever the current one)."""
    _check(actor, market, lot)
    basis = retained_basis(lot)
    if not basis:
        raise ValidationError({"template": [MESSAGE_NO_CLAUSE_CHOSEN]})
    template = clause_library.published_template(account(actor), template_id, basis)
    if template is None:
        raise ValidationError({"template": [MESSAGE_UNKNOWN_TEMPLATE]})
    current = drafting.current_draft(market)
    articles = dict(current.articles) if current else {}
    articles[str(lot.pk)] = {
        "number": lot.number, "lot_title": lot.title, "legal_basis": basis,
        "template_id": template.id, "template_title": template.title,
        "text": drafting.fill_template(template.text, market, lot, account(actor)),
    }
    return _new_version(actor, market, articles, based_on)


@transaction.atomic
def edit_article(actor, market: Market, lot: Lot, *, text: str,
                 based_on: int | None = None) -> DraftVersion:
    """The facilitator's own wording of the lot's article (a placeholder completed by
    hand, a sentence adapted to the buyer)."""
    _check(actor, market, lot)
    current = drafting.current_draft(market)
    article = current.articles.get(str(lot.pk)) if current else None
    if article is None:
        raise ValidationError({"text": [MESSAGE_NO_ARTICLE]})
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [MESSAGE_EMPTY_TEXT]})
    if text == article.get("text"):
        raise ValidationError({"text": [MESSAGE_UNCHANGED]})
    articles = dict(current.articles)
    articles[str(lot.pk)] = {**article, "number": lot.number, "lot_title": lot.title,
                             "text": text}
    return _new_version(actor, market, articles, based_on)

