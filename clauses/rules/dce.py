"""Rules of the DCE's review before publication: the CMRA sends the draft tender file to
the facilitator "to make sure the social clause is written" (the convention's annex).

A market moves to « consultation publiée » only when its latest review says « clause
conforme » and no document has had a new version since; otherwise a regional
coordinator may publish it anyway, saying why (an urgent consultation, a clause
checked outside the portal). Plain functions over values already read.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from clauses.enums import DceVerdict

MESSAGE_NO_DCE = (
    "Le DCE n'a pas été transmis au facilitateur : déposez-le et faites relire la clause "
    "avant de publier la consultation (ou demandez une dérogation à la coordination)."
)
MESSAGE_NOT_REVIEWED = (
    "Le DCE n'a pas encore été relu par le facilitateur : la consultation se publie après "
    "une relecture « clause conforme » (ou avec une dérogation de la coordination)."
)
MESSAGE_TO_CORRECT = (
    "La dernière relecture du DCE demande des corrections : déposez une nouvelle version "
    "et faites-la relire avant de publier (ou demandez une dérogation à la coordination)."
)
MESSAGE_NEW_VERSION = (
    "Une nouvelle version du DCE a été déposée depuis la relecture « clause conforme » : "
    "faites-la relire avant de publier (ou demandez une dérogation à la coordination)."
)
MESSAGE_OVERRIDE_REASON = "Indiquez pourquoi la consultation est publiée sans relecture conforme."
MESSAGE_OVERRIDE_NOT_ALLOWED = (
    "Seule la coordination régionale publie une consultation sans relecture conforme du DCE."
)
MESSAGE_COMMENT_REQUIRED = (
    "Indiquez ce qui est à corriger : un commentaire général ou sur au moins un document."
)
MESSAGE_NOTHING_TO_REVIEW = "Aucun document du DCE n'a été déposé : il n'y a rien à relire."
MESSAGE_UNKNOWN_VERDICT = "Choisissez « Clause conforme » ou « À corriger »."


@dataclass(frozen=True)
class DceState:
    """What the publication gate reads of a market's DCE exchange."""

    documents: int = 0
    last_upload_at: datetime.datetime | None = None
    last_verdict: str = ""
    last_review_at: datetime.datetime | None = None


def publication_error(state: DceState) -> str | None:
    """Why the consultation may not be published without an override, or None."""
    if not state.documents:
        return MESSAGE_NO_DCE
    if not state.last_verdict:
        return MESSAGE_NOT_REVIEWED
    if state.last_verdict != DceVerdict.CONFORMING:
        return MESSAGE_TO_CORRECT
    if state.last_upload_at and state.last_review_at and (
        state.last_upload_at > state.last_review_at
    ):
        return MESSAGE_NEW_VERSION
    return None


def override_error(may_override: bool, reason: str) -> str | None:
    """Why an override is refused, or None: a coordinator's, with its reason."""
    if not may_override:
        return MESSAGE_OVERRIDE_NOT_ALLOWED
    if not (reason or "").strip():
        return MESSAGE_OVERRIDE_REASON
    return None


def review_errors(verdict: str, documents: int, comment: str,
                  document_comments: Mapping[int, str]) -> dict[str, str]:
    """Why a review cannot be recorded, by field ({} when it can): something to review,
    a known verdict, and for « à corriger » at least one comment saying what."""
    if not documents:
        return {"__all__": MESSAGE_NOTHING_TO_REVIEW}
    if verdict not in DceVerdict.values:
        return {"verdict": MESSAGE_UNKNOWN_VERDICT}
    said = (comment or "").strip() or any((c or "").strip() for c in document_comments.values())
    if verdict == DceVerdict.TO_CORRECT and not said:
        return {"comment": MESSAGE_COMMENT_REQUIRED}
    return {}
