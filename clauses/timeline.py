"""A market's timeline: its dated steps through the pipeline and the exchange that
prepared its publication (the clause's versions, the DCE sent, the reviews), in one
list, oldest first. Four queries whatever the length of the exchange."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clauses.models import DceVersion, Market


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    at: datetime.datetime
    kind: str  # "etat", "clause", "dce" or "relecture"
    title: str
    who: str
    detail: str = ""


def _who(account) -> str:
    if account is None:
        return ""
    return account.get_full_name() or account.get_username()


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def entries(market: Market) -> list[Entry]:
    found: list[Entry] = []
    for change in market.status_changes.select_related("changed_by"):
        detail = change.reason
        if change.publication_override:
            detail = ("Publiée sans relecture conforme du DCE (dérogation de la "
                      f"coordination) : {change.reason}")
        found.append(Entry(change.changed_on, change.recorded_at, "etat",
                           change.get_to_status_display(), _who(change.changed_by), detail))
    for version in market.draft_versions.select_related("created_by").order_by("number"):
        found.append(Entry(_local(version.created_at), version.created_at, "clause",
                           f"Clause rédigée, version {version.number}",
                           _who(version.created_by), " ".join(version.changes)))
    for version in DceVersion.objects.filter(document__market=market).select_related(
        "document", "uploaded_by"
    ):
        what = "DCE transmis" if version.number == 1 else "Nouvelle version du DCE"
        found.append(Entry(_local(version.uploaded_at), version.uploaded_at, "dce",
                           f"{what} : {version.document.title} (version {version.number})",
                           _who(version.uploaded_by), version.note))
    for review in market.dce_reviews.select_related("reviewer"):
        found.append(Entry(_local(review.reviewed_at), review.reviewed_at, "relecture",
                           f"Relecture du DCE : {review.get_verdict_display()}",
                           _who(review.reviewer), review.comment))
    return sorted(found, key=lambda e: (e.day, e.at))
