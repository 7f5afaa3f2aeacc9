from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from network.views import accounts
from portal.api import api
from portal.core import routing

urlpatterns = [
    # Before Wagtail's own views at the same addresses: sign-out by POST only, and
    # password reset requests within their limits (network/views/accounts.py).
    path("admin/logout/", accounts.AdminLogoutView.as_view()),
    path("admin/password_reset/", accounts.AdminPasswordResetView.as_view()),
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
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it catches every path left. Its views, but page
# serving through portal/core/routing.py (the route of each address kept until the next
# content change), under Wagtail's pattern and name so that page URLs reverse as before.
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
