"""What needs a member's attention, for the /espace/ dashboard.

`attention_panels(user)` returns the panels (title, items, total); every list is
filtered by network.permissions and computed in the database, in two queries at most
per panel. `register_dashboard_panels()` (called from ClausesConfig.ready) adds them to
network.dashboard; clauses/dashboard/<key>.html render their bodies.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from clauses import progress
from clauses.enums import MarketStatus
from clauses.models import Clause, Market, Placement
from network.dashboard import Panel as DashboardPanel
from network.dashboard import register_panel
from network.models import Convention
from network.permissions import Action, filter_queryset, followed_conventions, has_any_anchor

PANEL_SIZE = 10
FULL_LIST_SIZE = 500


@dataclass
class Panel:
    key: str
    title: str
    empty: str
    items: list = field(default_factory=list)
    total: int = 0


def _panel(key, title, empty, queryset, size) -> Panel:
    items = list(queryset[: size + 1])
    total = len(items) if len(items) <= size else queryset.count()
    return Panel(key=key, title=title, empty=empty, items=items[:size], total=total)


def late_consultations(user, today):
    markets = filter_queryset(user, Action.VIEW, Market.objects.all())
    return progress.late_consultations(markets, today).select_related(
        "buyer", "lead_territory"
    ).order_by("dce_planned_on", "reference")


def clauses_behind(user, today):
    clauses = filter_queryset(
        user, Action.VIEW, Clause.objects.filter(market__status=MarketStatus.IN_EXECUTION)
    )
    return progress.with_progress(clauses, today).filter(is_behind=True).select_related(
        "market", "lot"
    ).order_by("period_end", "pk")


def outcomes_due(user, today):
    placements = filter_queryset(user, Action.VIEW, Placement.objects.all())
    return progress.six_month_outcomes_due(placements, today).select_related(
        "beneficiary", "clause__market"
    ).order_by("ends_on", "pk")


def conventions_ending(user, today):
    """Conventions of the person's territories or organisations ending within 90 days."""
    ending = Convention.objects.filter(
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=progress.CONVENTION_NOTICE_DAYS),
    )
    return followed_conventions(user, ending).order_by("ends_on", "title")


PANELS = {
    "consultations": (
        "Consultations à moins de 20 jours du DCE",
        "Aucun marché ne déroge à la règle des 20 jours.",
        late_consultations, Market,
    ),
    "retards": (
        "Clauses en retard sur le calendrier", "Aucune clause en retard.",
        clauses_behind, Clause,
    ),
    "sorties": (
        "Sorties à 6 mois à renseigner", "Aucune sortie à 6 mois en attente.",
        outcomes_due, Placement,
    ),
    "conventions": (
        "Conventions arrivant à échéance dans les 90 jours",
        "Aucune convention n'arrive à échéance.",
        conventions_ending, None,
    ),
}


def panel(
    key: str, user, today: datetime.date | None = None, size: int = PANEL_SIZE
) -> Panel | None:
    """One panel for `user`, or None when the user can follow nothing of that kind."""
    title, empty, items_of, model = PANELS[key]
    if not user.is_authenticated:
        return None
    if model is not None and not has_any_anchor(user, Action.VIEW, model):
        return None
    return _panel(key, title, empty, items_of(user, today or timezone.localdate()), size)


def attention_panels(
    user, today: datetime.date | None = None, size: int = PANEL_SIZE
) -> list[Panel]:
    panels = (panel(key, user, today, size) for key in PANELS)
    return [p for p in panels if p is not None]


def register_dashboard_panels() -> None:
    for order, key in enumerate(PANELS, start=40):
        title = PANELS[key][0]

        def get_context(request, key=key):
            found = panel(key, request.user)
            return None if found is None else {"attention": found}

        register_panel(DashboardPanel(
            key=f"clauses_{key}", title=title, template_name=f"clauses/dashboard/{key}.html",
            get_context=get_context, order=order,
        ))
