"""Wagtail's user bar, kept in the shared cache on the screens that are not pages.

On a Wagtail page the bar links to the page (edit, explore, add) and is rendered every
time. Elsewhere (the members' area) it holds the same links for everyone: the admin and
the accessibility checker, dressed in the person's admin theme and language, and its
origin (the host). Those are its key, so that a change of theme or language shows on
the next request; access to the admin is checked on every request, before the cache."""

from __future__ import annotations

import wagtail
from django import template
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar
from wagtail.users.models import UserProfile

from portal.core import cache as shared

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_userbar(context, position: str = "bottom-right") -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or get_page_instance(context) is not None:
        return wagtailuserbar(context, position)
    if not user.has_perm("wagtailadmin.access_admin"):
        return ""
    if getattr(request, "in_preview_panel", False):
        return wagtailuserbar(context, position)
    # Read with the user (network.backends); absent before the first visit, when it is
    # made here so that the first visit fills the cache like any other.
    profile = getattr(user, "wagtail_userprofile", None) or UserProfile.get_for_user(user)
    key = shared.key(
        "userbar", wagtail.__version__, position, user.pk, get_language(),
        profile.preferred_language, profile.theme, profile.contrast, profile.density,
        request.get_host(),
    )
    return shared.get_or_set(key, lambda: wagtailuserbar(context, position))
