from django.conf import settings
from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from resources.models import Theme


@hooks.register("on_serve_page", order=-10)
def refuse_signed_in_outsiders(serve):
    """A signed-in member outside the groups a page is restricted to gets a 404.

    Wagtail answers a failed "groups" restriction by sending to the login page,
    where signing in again would change nothing. Wrapping Wagtail's own check
    (this hook is the outermost one) turns that answer into the answer of an absent
    page for signed-in users (listings and search leave such pages out, so the
    address tells nothing either), without reading the restrictions a second time.
    """

    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if (
            response.status_code == 302
            and request.user.is_authenticated
            and response.get("Location", "").startswith(settings.WAGTAIL_FRONTEND_LOGIN_URL)
        ):
            raise Http404("Page introuvable.")
        return response

    return inner


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes des ressources"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)
