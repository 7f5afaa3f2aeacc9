from django.conf import settings
from django.http import HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from network.views import accounts
from network.views.admin_history import SiteHistoryView
from portal.api import api
from portal.core import routing


@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the static file's address,
    read at each request (its name changes with its content in production), and a
    temporary redirect, so that a browser follows the next one."""
    return HttpResponseRedirect(static_url("img/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    # Before Wagtail's own views at the same addresses: sign-out by POST only, and
    # password reset requests within their limits (network/views/accounts.py).
    path("admin/logout/", accounts.AdminLogoutView.as_view()),
    path("admin/password_reset/", accounts.AdminPasswordResetView.as_view()),
    # Without the private documents the person may not reach (network/views/admin_history.py).
    path("admin/reports/site-history/", require_admin_access(SiteHistoryView.as_view())),
    path("admin/reports/site-history/results/",
         require_admin_access(SiteHistoryView.as_view(results_only=True))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    # App url modules spell their paths in full (reseau/, compte/, espace/…,
    # outils/…), so that several apps can share the members' area prefix.
    path("", include("network.urls")),
    path("", include("resources.urls")),
    path("", include("clauses.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.views.static import serve

    from portal.core.private_files import public_media_regex

    # Development only; never the private folder, which only its views serve.
    urlpatterns += [
        re_path(public_media_regex(settings.MEDIA_URL), serve,
                {"document_root": settings.MEDIA_ROOT}),
    ]

# Wagtail's page serving comes last: it catches every path left. Its views, but page
# serving through portal/core/routing.py (the route of each address kept until the next
# content change), under Wagtail's pattern and name so that page URLs reverse as before.
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
