"""The "Bilans" panel of the members' dashboard (/espace/): a way in to /espace/bilans/
for whoever may read at least one bilan. No query of its own: the user's grants are
already read for the request."""

from network.dashboard import Panel, register_panel
from network.models import Organisation, Territory
from network.permissions import Action, has_any_anchor


def _context(request) -> dict | None:
    user = request.user
    if not (has_any_anchor(user, Action.VIEW, Territory)
            or has_any_anchor(user, Action.VIEW, Organisation)):
        return None
    return {}


def register_dashboard_panel() -> None:
    register_panel(Panel(
        key="clauses_bilans", title="Bilans annuels",
        template_name="clauses/bilans/_dashboard_panel.html", get_context=_context, order=35,
    ))
