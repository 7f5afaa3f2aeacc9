"""The network's own panels of the members' dashboard (see network/dashboard.py) and
entries of the members' navigation (network/members_nav.py)."""

from network import workspaces
from network.dashboard import Panel, register_panel
from network.members_nav import Entry, register_entry
from network.models import Workspace
from network.notifications import inbox
from network.permissions import Action, has_any_anchor

RECENT_NOTIFICATIONS = 5


def _workspaces(request):
    return {"workspaces": list(workspaces.workspaces_of(request.user))}


def _action_items(request):
    return {"action_items": workspaces.open_action_items_of(request.user)}


def _meetings(request):
    return {"meetings": workspaces.upcoming_meetings_of(request.user)}


def _notifications(request):
    return {
        "notifications": list(inbox.notifications_of(request.user)[:RECENT_NOTIFICATIONS]),
        "unread": inbox.unread_count(request.user),
    }


def register() -> None:
    register_panel(Panel(
        key="notifications", title="Mes notifications",
        template_name="network/dashboard/notifications.html", get_context=_notifications,
        order=5,
    ))
    register_panel(Panel(
        key="workspaces", title="Mes espaces de travail",
        template_name="network/dashboard/workspaces.html", get_context=_workspaces, order=10,
    ))
    register_panel(Panel(
        key="action_items", title="Mes actions en cours",
        template_name="network/dashboard/action_items.html", get_context=_action_items, order=20,
    ))
    register_panel(Panel(
        key="meetings", title="Prochaines réunions",
        template_name="network/dashboard/meetings.html", get_context=_meetings, order=30,
    ))


def register_entries() -> None:
    register_entry(Entry(
        key="dashboard", label="Tableau de bord", url_name="members_dashboard",
        is_open=lambda user: user.is_authenticated, order=0,
    ))
    register_entry(Entry(
        key="workspaces", label="Espaces de travail", url_name="workspace_list",
        is_open=lambda user: has_any_anchor(user, Action.VIEW, Workspace), order=70,
        prefixes=("/espace/territoires/", "/espace/comites/"),
    ))
