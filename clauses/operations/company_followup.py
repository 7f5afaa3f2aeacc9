"""A company's follow-up: the documents exchanged with it and the meetings, calls, site
visits and e-mails with it, added and removed here only.

Who: whoever follows a territory where the company holds a lot (Action.FOLLOW_UP_COMPANY
on the company: its facilitators and their coordinators, those who open its page; never a
buyer or the company's own referents). A record is removed by whoever made it or by the
coordination (network.permissions.may_remove_follow_up). A document's file goes through
the portal's one upload check (portal.core.uploads) into private storage, and leaves with
its row once the deletion is committed (clauses.signals).
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses.models import ExchangedDocument, FollowUpMeeting, Market
from clauses.operations.common import Errors, account, allowed, ensure, is_system
from clauses.operations.companies import company_choices
from clauses.rules import followup as rules
from network.models import Contact, Organisation
from network.permissions import Action, may_remove_follow_up

MESSAGE_NOT_FOLLOWER = (
    "Seuls les facilitateurs des territoires où l'entreprise tient un lot, et leurs "
    "coordinateurs, suivent ses échanges."
)
MESSAGE_NOT_REMOVER = (
    "Seuls l'auteur de l'enregistrement et la coordination régionale le suppriment."
)
MESSAGE_FILE = "Choisissez le fichier à déposer."
MESSAGE_MARKET = "Choisissez un marché de l'entreprise que vous suivez, ou aucun."
MESSAGE_CONTACT = "Choisissez un contact de l'entreprise, ou aucun."


def followed_companies(actor) -> QuerySet:
    """The companies whose follow-up `actor` may record."""
    return allowed(actor, Action.FOLLOW_UP_COMPANY, company_choices())


def market_choices(actor, company: Organisation) -> QuerySet:
    """The markets where the company holds a lot and that `actor` sees."""
    held = Market.objects.filter(pk__in=company.held_lots.values("market"))
    return allowed(actor, Action.VIEW, held).order_by("reference", "pk")


def contact_choices(company: Organisation) -> QuerySet:
    return Contact.objects.filter(organisation=company).order_by("name", "pk")


def _ensure_follower(actor, company: Organisation) -> None:
    ensure(actor, Action.FOLLOW_UP_COMPANY, company, MESSAGE_NOT_FOLLOWER)


def _ensure_remover(actor, record) -> None:
    if actor is None:
        raise TypeError("An operation needs the acting person (or SYSTEM), not None.")
    if not is_system(actor) and not may_remove_follow_up(actor, record):
        raise PermissionDenied(MESSAGE_NOT_REMOVER)


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def add_document(actor, company: Organisation, *, title: str, kind: str, direction: str,
                 exchanged_on: datetime.date | None, uploaded_file, comment: str = "",
                 market: Market | None = None) -> ExchangedDocument:
    """Keep a document received from or sent to the company; ValidationError by field
    (title, kind, direction, exchanged_on, market, file), nothing written."""
    _ensure_follower(actor, company)
    title = (title or "").strip()
    errors = Errors()
    errors.extend(rules.document_errors(title=title, kind=kind, direction=direction,
                                        exchanged_on=exchanged_on, today=_today()))
    if market is not None and not market_choices(actor, company).filter(pk=market.pk).exists():
        errors.add("market", MESSAGE_MARKET)
    errors.check_upload(uploaded_file, MESSAGE_FILE)
    errors.raise_if_any()
    filename = PurePath(uploaded_file.name).name
    document = ExchangedDocument(
        company=company, market=market, title=title, kind=kind, direction=direction,
        exchanged_on=exchanged_on, comment=(comment or "").strip(), filename=filename[:255],
        size=uploaded_file.size, created_by=account(actor),
    )
    document.file.save(filename, uploaded_file, save=False)
    try:
        document.save()
    except BaseException:
        # Nothing of a refused document stays behind, in the database or on disk.
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def delete_document(actor, document: ExchangedDocument) -> None:
    """Remove a document; its file goes once the deletion is committed (clauses.signals)."""
    _ensure_remover(actor, document)
    document.delete()


@transaction.atomic
def add_meeting(actor, company: Organisation, *, kind: str, held_on: datetime.date | None,
                summary: str, attendees: str = "", contact: Contact | None = None,
                next_step_on: datetime.date | None = None) -> FollowUpMeeting:
    """Note a meeting, call, site visit or e-mail with the company, what was said and,
    if any, the date of the next step; ValidationError by field, nothing written."""
    _ensure_follower(actor, company)
    summary, attendees = (summary or "").strip(), (attendees or "").strip()
    errors = Errors()
    errors.extend(rules.meeting_errors(kind=kind, held_on=held_on, summary=summary,
                                       attendees=attendees, next_step_on=next_step_on,
                                       today=_today()))
    if contact is not None and contact.organisation_id != company.pk:
        errors.add("contact", MESSAGE_CONTACT)
    errors.raise_if_any()
    return FollowUpMeeting.objects.create(
        company=company, kind=kind, held_on=held_on, summary=summary, attendees=attendees,
        contact=contact, next_step_on=next_step_on, created_by=account(actor),
    )


@transaction.atomic
def delete_meeting(actor, meeting: FollowUpMeeting) -> None:
    _ensure_remover(actor, meeting)
    meeting.delete()
