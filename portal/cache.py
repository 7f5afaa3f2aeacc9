"""Shared page cache for anonymous visitors.

A visitor's GET of a public page is answered from Django's cache (Redis when REDIS_URL is
set, local memory otherwise), keyed by the full URL. Only answers that are the same for
every visitor are stored: status 200, no cookie set or about to be set, no `private` or
`no-store` in Cache-Control (Wagtail marks pages under a view restriction that way, and
SecurityHeadersMiddleware marks the members' paths and signed-in answers).

Invalidation is by generation: every key carries a counter that any content change bumps
(publishing, unpublishing, moving or deleting a page, saving a snippet, a setting or a
network record). All pages refresh at once instead of the affected ones only: a page
shows menus, listings, highlights and counts from many other pages, and tracking those
links exactly would cost more than re-rendering the few pages visitors ask for next.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

from portal.core.cache import bump, generation, store
from portal.middleware import is_private_path

# Models whose rows appear on public pages: a save or delete refreshes every page.
CONTENT_APPS = frozenset({"home", "resources", "network", "wagtailcore", "wagtailimages",
                          "wagtaildocs", "taggit", "wagtailredirects"})
# Rows of those apps that no public page shows and that change often.
IGNORED_MODELS = frozenset({"wagtailcore.modellogentry", "wagtailcore.pagelogentry",
                            "wagtailcore.revision", "wagtailcore.workflowstate",
                            "wagtailcore.taskstate", "wagtailcore.pagesubscription",
                            "wagtailcore.comment", "wagtailcore.commentreply"})
HEADER = "X-Cache"


def invalidate_all(**kwargs) -> None:
    """Make every cached page stale (old keys expire on their own): now, and again once
    the change is committed, so that a request that read the content just before the
    commit cannot keep what it read under the new generation."""
    bump()
    transaction.on_commit(bump)


def _indexed(sender, task_result, **kwargs) -> None:
    """The search index of a saved object is written by a task (by the database worker,
    in production) after the save that moved the generation: searches cached in
    between must be searched again."""
    from modelsearch.tasks import insert_or_update_object_task

    if task_result.task.func is insert_or_update_object_task.func:
        invalidate_all()


def _content_changed(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS:
        invalidate_all()


def connect_signals() -> None:
    from django_tasks.signals import task_finished
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtail.snippets.models import get_snippet_models

    task_finished.connect(_indexed, dispatch_uid="pagecache_indexed")

    page_published.connect(invalidate_all, dispatch_uid="pagecache_published")
    page_unpublished.connect(invalidate_all, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(invalidate_all, dispatch_uid="pagecache_moved")
    # Pages deleted, snippets and settings changed, network records edited.
    post_save.connect(_content_changed, dispatch_uid="pagecache_saved")
    post_delete.connect(_content_changed, dispatch_uid="pagecache_deleted")
    # Who may see a restricted page or collection is in these links, set after the
    # restriction itself is saved.
    from django.db.models.signals import m2m_changed
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    for restriction in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(invalidate_all, sender=restriction.groups.through,
                            dispatch_uid=f"pagecache_{restriction._meta.label_lower}_groups")
    for model in get_snippet_models():
        if model._meta.app_label not in CONTENT_APPS:
            post_save.connect(invalidate_all, sender=model,
                              dispatch_uid=f"pagecache_snippet_{model._meta.label_lower}")
            post_delete.connect(invalidate_all, sender=model,
                                dispatch_uid=f"pagecache_snippet_del_{model._meta.label_lower}")


def _key(request: HttpRequest, gen: int) -> str:
    url = request.build_absolute_uri()
    return f"pagecache:{gen}:{hashlib.sha256(url.encode()).hexdigest()}"


def _eligible_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or is_private_path(request.path):
        return False
    # A pending flash message is shown once, to this visitor only.
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not getattr(response, "page_cacheable", True):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.headers.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class PageCacheMiddleware:
    """Placed after the authentication and messages middleware: it needs to know who asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _eligible_request(request):
            return self.get_response(request)
        key = _key(request, generation())
        cached = store().get(key)
        if cached is not None:
            cached[HEADER] = "HIT"
            return cached
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            response[HEADER] = "MISS"
            store().set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
