"""The network's reminders, produced by `send_reminders`: a convention ending within 90
days and a committee meeting within 7 days, told to the committee's members. Each is
stored once per person and deadline, however often the command runs."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import formats, timezone

from network.enums import Role
from network.models import Committee, Convention, Meeting
from network.notifications.kinds import Kind, register_kind
from network.notifications.record import notify
from network.permissions import Action, holders

CONVENTION_NOTICE_DAYS = 90
MEETING_NOTICE_DAYS = 7
_COMMITTEES = frozenset({Role.COMMITTEE_MEMBER})

CONVENTION_ENDING = register_kind(Kind(
    key="convention_echeance", label="Conventions arrivant à échéance (90 jours)",
    help_text="Une convention suivie par un comité dont vous êtes membre prend fin dans "
              "moins de 90 jours.",
    roles=_COMMITTEES, order=80,
))
MEETING_SOON = register_kind(Kind(
    key="reunion_prochaine", label="Réunions de mes comités dans les 7 jours",
    help_text="Un comité dont vous êtes membre se réunit dans moins de 7 jours.",
    roles=_COMMITTEES, order=81,
))


def _members(committees) -> set[int]:
    ids: set[int] = set()
    for committee in committees:
        ids.update(holders(Action.VIEW, committee).values_list("pk", flat=True))
    return ids


def conventions_ending(today: datetime.date) -> int:
    ending = Convention.objects.filter(
        ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=CONVENTION_NOTICE_DAYS)
    ).prefetch_related(Prefetch("committees", queryset=Committee.objects.order_by("pk")))
    stored = 0
    for convention in ending:
        days = (convention.ends_on - today).days
        end = formats.date_format(convention.ends_on, "j F Y")
        stored += notify(
            CONVENTION_ENDING, _members(convention.committees.all()), about=convention,
            url=convention.get_absolute_url(), label=convention.title,
            period=convention.ends_on.isoformat(),
            title=f"Convention arrivant à échéance le {end} : {convention.title}",
            body=f"La convention prend fin dans {days} jour{'s' if days > 1 else ''}. "
                 "Préparez son bilan et, s'il y a lieu, son renouvellement avec les partenaires.",
        )
    return stored


def _meeting_url(meeting) -> str:
    workspace = getattr(meeting.committee, "workspace", None)
    if workspace is not None:
        return f"{workspace.get_absolute_url()}#reunions"
    return meeting.committee.get_absolute_url()


def meetings_soon(now: datetime.datetime) -> int:
    meetings = Meeting.objects.filter(
        starts_at__gte=now, starts_at__lte=now + datetime.timedelta(days=MEETING_NOTICE_DAYS)
    ).select_related("committee__workspace")
    stored = 0
    for meeting in meetings:
        when = timezone.localtime(meeting.starts_at)
        place = f" ({meeting.place})" if meeting.place else ""
        stored += notify(
            MEETING_SOON, _members([meeting.committee]), about=meeting,
            url=_meeting_url(meeting), label=meeting.committee.name,
            period=when.date().isoformat(),
            title=f"Réunion le {formats.date_format(when, 'j F Y')} à {when:%H:%M} : "
                  f"{meeting.committee.name} — {meeting.title}",
            body=f"{meeting.title}{place}. Ordre du jour : "
                 f"{' '.join(meeting.agenda.split()) or 'à venir'}.",
        )
    return stored


def produce(today: datetime.date) -> int:
    """Every network reminder due on `today`; returns the notifications stored."""
    now = timezone.now()
    if timezone.localdate(now) != today:
        now = datetime.datetime.combine(today, datetime.time.min,
                                        tzinfo=timezone.get_current_timezone())
    return conventions_ending(today) + meetings_soon(now)
