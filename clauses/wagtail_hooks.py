from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clauses.models import Trade
from clauses.viewsets import ClausesViewSetGroup


@hooks.register("register_admin_viewset")
def register_clauses_viewsets():
    return ClausesViewSetGroup()


class TradeViewSet(SnippetViewSet):
    """The calculator's trades and their usual labour share, kept by editors."""

    model = Trade
    icon = "tasks"
    menu_label = "Corps de métier (calculateur)"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "labour_share", "notes"]
    search_fields = ["name"]
    search_backend_name = None


register_snippet(TradeViewSet)
