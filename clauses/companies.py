"""One company seen across buyers and territories (/espace/entreprises/<id>/): its clauses
and their hours, its placements, its globalisation agreements and the timeline of its
follow-up, each read in a fixed number of queries.

What the person may open is network.permissions' answer, row by row: the clauses, lots,
placements and agreements they may see are shown in full; the company's clauses that
other territories follow are summed per territory (a count and hours, no market, buyer or
person), so that a facilitator knows the whole of its obligations, and whom to call to
pool them, without reading another territory's follow-up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import formats

from clauses import progress
from clauses.enums import ExchangeDirection
from clauses.models import (
    Beneficiary,
    Clause,
    ExchangedDocument,
    FollowUpMeeting,
    GlobalisationAgreement,
    HoursDeclaration,
    Lot,
    Market,
    MarketStatusChange,
    Placement,
)
from network.models import Notification, Organisation
from network.notifications import get_kind
from network.permissions import Action, filter_queryset, with_removal

TIMELINE_LENGTH = 100


def _flag(user, action: Action, model, path: str = "pk") -> Case:
    """May `user` `action` the row reached by `path`: the policy's filter as a subquery."""
    allowed = filter_queryset(user, action, model._default_manager.all()).values("pk")
    return Case(When(**{f"{path}__in": allowed}, then=Value(True)), default=Value(False),
                output_field=BooleanField())


def clauses_of(company: Organisation) -> QuerySet:
    """The clauses that are the company's obligation: those of the lots it holds, and those
    on a whole market of which it holds a lot."""
    return Clause.objects.filter(
        Q(lot__contractor=company)
        | Q(lot__isnull=True, market__in=Lot.objects.filter(contractor=company).values("market"))
    )


@dataclass
class OtherTerritory:
    """The company's clauses followed by a territory the person does not follow."""

    name: str
    clauses: int = 0
    required: Decimal = Decimal(0)
    done: Decimal = Decimal(0)


@dataclass
class Obligations:
    clauses: list = field(default_factory=list)  # the ones the person sees, annotated
    others: list[OtherTerritory] = field(default_factory=list)
    required: Decimal = Decimal(0)
    done: Decimal = Decimal(0)

    @property
    def done_percent(self) -> int | None:
        return int(self.done * 100 / self.required) if self.required else None


def obligations(user, company: Organisation, today: datetime.date) -> Obligations:
    """Every clause of the company with its hours required and done (clauses.progress:
    hours credited to it, globalised ones included), and the totals: one query."""
    rows = progress.with_progress(
        Clause.objects.filter(pk__in=clauses_of(company).values("pk")).select_related(
            "market__buyer", "market__lead_territory", "lot"
        ).annotate(visible=_flag(user, Action.VIEW, Clause)),
        today,
    ).order_by("market__lead_territory__name", "market__reference", "lot__number", "pk")
    result = Obligations()
    others: dict[str, OtherTerritory] = {}
    for clause in rows:
        result.required += clause.required_hours or 0
        result.done += clause.done_hours or 0
        if clause.visible:
            clause.figures = progress.progress_figures(clause)
            result.clauses.append(clause)
            continue
        name = clause.market.lead_territory.name
        other = others.setdefault(name, OtherTerritory(name))
        other.clauses += 1
        other.required += clause.required_hours or 0
        other.done += clause.done_hours or 0
    result.others = list(others.values())
    return result


def visible_lots(user, company: Organisation) -> QuerySet:
    lots = filter_queryset(user, Action.VIEW, Lot.objects.filter(contractor=company))
    return lots.select_related("market__buyer", "market__lead_territory").annotate(
        clause_count=Count("clauses")
    ).order_by("market__reference", "number")


def placements(user, company: Organisation) -> list[Placement]:
    """The placements the person may see where the company employs someone or on its
    clauses, with their hours and whether the person may read the beneficiary's name."""
    hours = (
        HoursDeclaration.objects.counted().filter(placement=OuterRef("pk")).order_by()
        .values("placement")
        .annotate(total=Sum(progress.declared_hours(), output_field=progress.HOURS))
        .values("total")
    )
    mine = Placement.objects.filter(
        Q(employer=company) | Q(clause__in=clauses_of(company).values("pk"))
    )
    return list(
        filter_queryset(user, Action.VIEW, mine)
        .select_related("beneficiary", "employer", "clause__market", "clause__lot")
        .annotate(
            hours_total=Coalesce(Subquery(hours, output_field=progress.HOURS), progress.ZERO,
                                 output_field=progress.HOURS),
            show_personal=_flag(user, Action.VIEW_PERSONAL_DATA, Beneficiary, "beneficiary"),
        )
        .order_by("-starts_on", "pk")
    )


def agreements(user, company: Organisation) -> QuerySet:
    return filter_queryset(
        user, Action.VIEW, GlobalisationAgreement.objects.filter(contractor=company)
    ).prefetch_related("clauses__market", "clauses__lot").order_by("-signed_on", "title")


def exchanged_documents(user, company: Organisation) -> list[ExchangedDocument]:
    """The documents exchanged with the company, newest first, each saying whether the
    person may remove it and see the market it concerns (one query)."""
    rows = filter_queryset(user, Action.VIEW, ExchangedDocument.objects.filter(company=company))
    return list(
        with_removal(user, rows).select_related("market", "created_by")
        .annotate(market_visible=_flag(user, Action.VIEW, Market, "market"))
        .order_by("-exchanged_on", "-pk")
    )


def follow_up_meetings(user, company: Organisation) -> list[FollowUpMeeting]:
    """The meetings, calls, visits and e-mails with the company, newest first (one query)."""
    rows = filter_queryset(user, Action.VIEW, FollowUpMeeting.objects.filter(company=company))
    return list(
        with_removal(user, rows).select_related("contact", "created_by")
        .order_by("-held_on", "-pk")
    )


@dataclass(frozen=True)
class Event:
    on: datetime.date
    label: str
    text: str
    url: str = ""


def _month(value: datetime.date) -> str:
    return formats.date_format(value, "F Y")


def _hours(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, force_grouping=True)


def timeline(user, company: Organisation, clauses: list, shown: list[Placement],
             signed: list, today: datetime.date, documents: list = (),
             meetings: list = ()) -> list[Event]:
    """The follow-up, newest first: the steps of its markets, placements started and
    ended, hours declared month by month, agreements signed, the notifications and
    reminders the portal sent about them, and the documents exchanged and meetings held
    with the company. Only what the person may see."""
    market_ids = {clause.market_id for clause in clauses} | set(
        visible_lots(user, company).values_list("market_id", flat=True)
    )
    placement_ids = [p.pk for p in shown]
    events: list[Event] = []
    markets = {m.pk: m for m in Market.objects.filter(pk__in=market_ids).only("reference")}
    for change in MarketStatusChange.objects.filter(market_id__in=market_ids).order_by():
        market = markets[change.market_id]
        events.append(Event(change.changed_on, "Marché",
                            f"{market.reference} : {change.get_to_status_display().lower()}",
                            market.get_absolute_url()))
    for placement in shown:
        where = f"marché {placement.clause.market.reference}"
        who = placement.beneficiary.pseudonym
        events.append(Event(placement.starts_on, "Placement commencé",
                            f"{who} — {placement.job_label} ({where})",
                            placement.get_absolute_url()))
        if placement.ends_on and placement.ends_on <= today:
            events.append(Event(placement.ends_on, "Placement terminé",
                                f"{who} — {placement.job_label} ({where})",
                                placement.get_absolute_url()))
    months = (
        HoursDeclaration.objects.counted().filter(placement_id__in=placement_ids).order_by()
        .values("month")
        .annotate(total=Sum(progress.declared_hours(), output_field=progress.HOURS),
                  placements=Count("placement", distinct=True), last=Max("updated_at"))
    )
    for row in months:
        count = row["placements"]
        events.append(Event(
            row["last"].date(), "Heures déclarées",
            f"{_month(row['month']).capitalize()} : {_hours(row['total'])} h pour {count} "
            f"placement{'s' if count > 1 else ''}",
        ))
    for agreement in signed:
        if agreement.signed_on:
            events.append(Event(agreement.signed_on, "Accord de globalisation signé",
                                agreement.title))
    events += _notifications(market_ids, [c.pk for c in clauses], placement_ids)
    events += _exchanges(company, documents, meetings)
    events.sort(key=lambda e: (e.on, e.label), reverse=True)
    return events[:TIMELINE_LENGTH]


def _notifications(market_ids, clause_ids, placement_ids) -> list[Event]:
    """Each notification or reminder sent about the company's markets, clauses and
    placements, once (however many people received it)."""
    types = ContentType.objects.get_for_models(Market, Clause, Placement)
    about = Q(pk__in=[])
    for model, ids in ((Market, market_ids), (Clause, clause_ids), (Placement, placement_ids)):
        if ids:
            about |= Q(content_type=types[model], object_id__in=sorted(ids))
    rows = (
        Notification.objects.filter(about).order_by()
        .values("kind", "content_type", "object_id", "period", "title", "url")
        .annotate(sent=Min("created_at"), recipients=Count("recipient", distinct=True))
    )
    events = []
    for row in rows:
        try:
            label = get_kind(row["kind"]).label
        except KeyError:
            label = "Notification"
        count = row["recipients"]
        events.append(Event(
            row["sent"].date(), f"Rappel ou notification — {label}",
            f"{row['title']} ({count} destinataire{'s' if count > 1 else ''})", row["url"],
        ))
    return events


def _exchanges(company: Organisation, documents, meetings) -> list[Event]:
    events = []
    for document in documents:
        label = ("Document reçu" if document.direction == ExchangeDirection.RECEIVED
                 else "Document envoyé")
        url = reverse("clauses:company_document_download", args=[company.pk, document.pk])
        events.append(Event(document.exchanged_on, label,
                            f"{document.title} ({document.get_kind_display().lower()})", url))
    page = reverse("clauses:company_detail", args=[company.pk])
    for meeting in meetings:
        who = meeting.contact.name if meeting.contact else meeting.attendees
        text = truncatechars(meeting.summary, 120)
        events.append(Event(meeting.held_on, meeting.get_kind_display(),
                            f"{who} : {text}" if who else text,
                            f"{page}#echange-{meeting.pk}"))
    return events
