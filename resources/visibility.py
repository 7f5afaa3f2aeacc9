"""Which publications a person may see in listings and feeds.

Wagtail's page view restrictions are the rule (login, groups, shared password). The
rule itself lives in the permission policy (network.permissions.visible_pages): it is
applied to a whole queryset in the database, so that a listing costs the same whatever
the number of pages, and a shared password, passed per browser session, keeps a page
out of every listing and feed.
"""

from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from network.permissions import visibility_class, visible_pages

__all__ = ["public_pages", "restrict_to_committee", "visibility_class", "visible_pages"]


def public_pages(queryset):
    """Pages under no view restriction at all: what feeds show, whoever asks."""
    return visible_pages(AnonymousUser(), queryset)


def restrict_to_committee(page) -> None:
    """Restrict new minutes to their committee's members, unless the page already
    sits under a restriction (a copied page, a private section)."""
    group = getattr(page.committee, "members_group", None)
    if group is None or page.get_view_restrictions().exists():
        return
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
