"""Wagtail's page serving, with each address's route kept until the next content change.

Wagtail finds the page of an address with a query per level of the tree (the site and
its root page, then each child down to the page), on every request. The route found
(the site, the specific page with its parent, and a routable page's view) depends on
the address and on published content only: it is kept under the content generation
(portal.core.cache), so that any publication, move, deletion or restriction change
finds it again. Who may see the page is still checked on each request, after routing
(Wagtail's `before_serve_page` hooks), and an address without a page (404) is never
kept.
"""

from django.conf import settings
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from portal.core import cache as content_cache


def serve(request, path):
    """wagtail.views.serve, with the route read from the cache when it is there."""
    if request.method in ("GET", "HEAD"):
        _route(request, path)
    return wagtail_views.serve(request, path)


def _route(request, path: str) -> None:
    """Set what Wagtail's `Page.route_for_request` and `Site.find_for_request` keep on
    the request, from the cache or, on a miss, by asking them (and keep it)."""
    key = content_cache.key("page-route", request.get_host(), translation.get_language(), path)
    cached = content_cache.store().get(key)
    if cached is not None:
        request._wagtail_site, request._wagtail_route_for_request = cached
        return
    route = Page.route_for_request(request, path)
    if route is not None:
        content_cache.store().set(
            key, (Site.find_for_request(request), route), settings.PAGE_CACHE_SECONDS
        )
