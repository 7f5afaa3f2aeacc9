"""Rules of a company's follow-up: the documents exchanged with it and the meetings,
calls, site visits and e-mails with it. Plain functions over values already read.

Both record what has happened: a document is dated the day it was received or sent, a
meeting the day it was held, neither after today. What comes next is the meeting's
« prochaine étape », which may be planned but not before the meeting itself.
"""

from __future__ import annotations

import datetime

from clauses.enums import ExchangedDocumentKind, ExchangeDirection, FollowUpContactKind

TITLE_MAX = 200
MESSAGE_TITLE = "Donnez un titre au document (par exemple « Planning d'embauche 2025 »)."
MESSAGE_TITLE_LONG = f"Le titre ne dépasse pas {TITLE_MAX} caractères."
MESSAGE_DOCUMENT_KIND = "Choisissez le type de document."
MESSAGE_DIRECTION = "Indiquez si le document a été reçu de l'entreprise ou envoyé à l'entreprise."
MESSAGE_EXCHANGED_ON = "Indiquez la date à laquelle le document a été reçu ou envoyé."
MESSAGE_EXCHANGED_FUTURE = (
    "Un document s'enregistre une fois reçu ou envoyé : sa date ne peut pas être après "
    "aujourd'hui."
)
MESSAGE_CONTACT_KIND = (
    "Choisissez le type d'échange : réunion, appel, visite de chantier ou e-mail."
)
MESSAGE_HELD_ON = "Indiquez la date de l'échange."
MESSAGE_HELD_FUTURE = (
    "Un échange s'enregistre une fois qu'il a eu lieu : sa date ne peut pas être après "
    "aujourd'hui (notez un rendez-vous à venir comme prochaine étape d'un échange)."
)
MESSAGE_SUMMARY = "Résumez ce qui a été dit ou décidé."
MESSAGE_NEXT_STEP = "La prochaine étape ne peut pas être avant la date de l'échange."
MESSAGE_ATTENDEES_LONG = "La liste des participants ne dépasse pas 255 caractères."


def document_errors(*, title: str, kind: str, direction: str,
                    exchanged_on: datetime.date | None, today: datetime.date) -> dict:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = MESSAGE_TITLE
    elif len(title) > TITLE_MAX:
        errors["title"] = MESSAGE_TITLE_LONG
    if kind not in ExchangedDocumentKind.values:
        errors["kind"] = MESSAGE_DOCUMENT_KIND
    if direction not in ExchangeDirection.values:
        errors["direction"] = MESSAGE_DIRECTION
    if exchanged_on is None:
        errors["exchanged_on"] = MESSAGE_EXCHANGED_ON
    elif exchanged_on > today:
        errors["exchanged_on"] = MESSAGE_EXCHANGED_FUTURE
    return errors


def meeting_errors(*, kind: str, held_on: datetime.date | None, summary: str,
                   attendees: str, next_step_on: datetime.date | None,
                   today: datetime.date) -> dict:
    errors: dict[str, str] = {}
    if kind not in FollowUpContactKind.values:
        errors["kind"] = MESSAGE_CONTACT_KIND
    if held_on is None:
        errors["held_on"] = MESSAGE_HELD_ON
    elif held_on > today:
        errors["held_on"] = MESSAGE_HELD_FUTURE
    if not summary:
        errors["summary"] = MESSAGE_SUMMARY
    if len(attendees) > 255:
        errors["attendees"] = MESSAGE_ATTENDEES_LONG
    if next_step_on is not None and held_on is not None and next_step_on < held_on:
        errors["next_step_on"] = MESSAGE_NEXT_STEP
    return errors
