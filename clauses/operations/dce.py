"""The draft DCE exchanged before publication: the buyer's referents (or the facilitators)
send its documents, the facilitators review them, the buyer answers with new versions.

Files go through the portal's one upload check (portal.core.uploads) and are stored in
the private media under a random folder, served only to whoever may see the market
(clauses.views.drafting). The first document sent is the facilitator's first
consultation when none was recorded: the convention's 20-day rule counts from it, and
later versions never move it. The publication gate (clauses.rules.dce) reads the
exchange's state here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from clauses import notifications
from clauses.enums import MarketStatus
from clauses.models import DceDocument, DceReview, DceReviewComment, DceVersion, Market
from clauses.operations.common import Errors, account, ensure
from clauses.rules import dce as rules
from network.permissions import Action

MESSAGE_NOT_SENDER = (
    "Seuls les référents de l'acheteur et les facilitateurs du territoire pilote "
    "transmettent le DCE de ce marché."
)
MESSAGE_NOT_REVIEWER = (
    "Seuls les facilitateurs du territoire pilote de ce marché, et leurs coordinateurs, "
    "relisent son DCE."
)
MESSAGE_STATUS = (
    "Le DCE s'échange avant la publication de la consultation (état actuel : {status})."
)
MESSAGE_TITLE = "Donnez un titre au document (par exemple « CCAP » ou « Règlement de la "
MESSAGE_TITLE += "consultation »)."
MESSAGE_FILE = "Choisissez le fichier à déposer."
MESSAGE_DOCUMENT_OF_OTHER_MARKET = "Ce document appartient au DCE d'un autre marché."
BEFORE_PUBLICATION = (MarketStatus.FORECAST, MarketStatus.STUDIED, MarketStatus.DRAFTING)


def _check_status(market: Market) -> None:
    if market.status not in BEFORE_PUBLICATION:
        raise ValidationError(MESSAGE_STATUS.format(status=market.get_status_display().lower()))


def latest_versions(market: Market) -> list[DceVersion]:
    """The current version of each of the market's DCE documents, in their order."""
    numbers = dict(
        DceDocument.objects.filter(market=market).order_by()
        .annotate(last=Max("versions__number")).values_list("pk", "last")
    )
    wanted = [(doc, n) for doc, n in numbers.items() if n is not None]
    if not wanted:
        return []
    wanted_q = Q()
    for document_id, number in wanted:
        wanted_q |= Q(document_id=document_id, number=number)
    found = list(DceVersion.objects.filter(wanted_q).select_related("document", "uploaded_by"))
    return sorted(found, key=lambda v: (v.document.created_at, v.document_id))


def dce_state(market: Market) -> rules.DceState:
    """What the publication gate reads: the documents, the last upload, the last review."""
    uploads = DceVersion.objects.filter(document__market=market).aggregate(
        last=Max("uploaded_at")
    )
    review = market.dce_reviews.order_by("-reviewed_at", "-pk").first()
    return rules.DceState(
        documents=DceDocument.objects.filter(market=market, versions__isnull=False)
        .distinct().count(),
        last_upload_at=uploads["last"],
        last_verdict=review.verdict if review else "",
        last_review_at=review.reviewed_at if review else None,
    )


@transaction.atomic
def submit_dce(actor, market: Market, *, uploaded_file, title: str = "",
               document: DceDocument | None = None, note: str = "") -> DceVersion:
    """A new DCE document (`title`) or a new version of `document`, in answer to a
    review (`note`). Asks the facilitator in charge to review it."""
    ensure(actor, Action.SUBMIT_DCE, market, MESSAGE_NOT_SENDER)
    _check_status(market)
    errors = Errors()
    title = (title or "").strip()
    if document is not None and document.market_id != market.pk:
        errors.add("document", MESSAGE_DOCUMENT_OF_OTHER_MARKET)
    if document is None and not title:
        errors.add("title", MESSAGE_TITLE)
    errors.check_upload(uploaded_file, MESSAGE_FILE)
    errors.raise_if_any()
    now = timezone.now()
    if document is None:
        document = DceDocument.objects.create(
            market=market, title=title[:200], created_by=account(actor), created_at=now
        )
    else:
        # Two answers sent at once get versions n and n + 1, never the same number.
        DceDocument.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DceVersion(
        document=document, number=number, filename=uploaded_file.name.rsplit("/", 1)[-1][:255],
        size=uploaded_file.size, note=(note or "").strip(), uploaded_by=account(actor),
        uploaded_at=now,
    )
    version.file.save(uploaded_file.name, uploaded_file, save=False)
    version.save()
    if market.facilitator_consulted_on is None:
        market.facilitator_consulted_on = timezone.localdate()
        market.save(update_fields=["facilitator_consulted_on", "updated_at"])
    notifications.dce_submitted(market, version, actor)
    return version


@transaction.atomic
def review_dce(actor, market: Market, *, verdict: str, comment: str = "",
               document_comments: Mapping[int, str] | None = None) -> DceReview:
    """The facilitator's review of the DCE's current versions: « clause conforme », or
    « à corriger » with what to correct, generally or per document (by document id)."""
    ensure(actor, Action.REVIEW_DCE, market, MESSAGE_NOT_REVIEWER)
    _check_status(market)
    document_comments = {
        int(pk): (text or "").strip() for pk, text in (document_comments or {}).items()
    }
    current = {v.document_id: v for v in latest_versions(market)}
    errors = Errors()
    if set(document_comments) - set(current):
        errors.add("__all__", MESSAGE_DOCUMENT_OF_OTHER_MARKET)
    errors.extend(rules.review_errors(verdict, len(current), comment, document_comments))
    errors.raise_if_any()
    review = DceReview.objects.create(
        market=market, verdict=verdict, comment=(comment or "").strip(),
        reviewer=account(actor), reviewed_at=timezone.now(),
    )
    DceReviewComment.objects.bulk_create([
        DceReviewComment(review=review, version=current[pk], comment=text)
        for pk, text in document_comments.items() if text
    ])
    notifications.dce_reviewed(
        market, review, {v.uploaded_by_id for v in current.values()}, actor
    )
    return review


def publication_check(actor, market: Market, *, override: bool, reason: str,
                      may_override: bool) -> bool:
    """Whether the market is published by override; ValidationError when it may not be
    published at all (clauses.rules.dce)."""
    gate = rules.publication_error(dce_state(market))
    if gate is None:
        return False
    if not override:
        raise ValidationError({"new_status": [gate]})
    message = rules.override_error(may_override, reason)
    if message:
        field = "reason" if may_override else "override"
        raise ValidationError({field: [message]})
    return True
