"""Which publications a person may see in listings and feeds.

Wagtail's page view restrictions are the rule (login, groups, shared password);
this module applies them to a whole queryset in the database, so that a listing
costs the same whatever the number of pages. It is the one place listings and
feeds ask, until it moves behind network.permissions.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def _failed_restrictions(user):
    """Restrictions on a page or its ancestors (matched on the tree path of the outer
    page queryset) that ``user`` does not pass."""
    # A restriction on page P covers every page whose path starts with P's path.
    covering = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    # A shared password is passed per browser session, never per account: such
    # pages stay out of every listing and feed.
    failed = Q(restriction_type=PageViewRestriction.PASSWORD)
    if not user.is_authenticated:
        return covering.exclude(restriction_type=PageViewRestriction.NONE)
    if not user.is_superuser:
        in_a_group = Exists(
            PageViewRestriction.groups.through.objects.filter(
                pageviewrestriction_id=OuterRef("pk"), group__user=user
            )
        )
        failed |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Q(in_a_group)
    return covering.filter(failed)


def visible_pages(user, queryset):
    """``queryset`` without the pages under a view restriction ``user`` does not pass."""
    return queryset.exclude(Exists(_failed_restrictions(user or AnonymousUser())))


def public_pages(queryset):
    """Pages under no view restriction at all: what feeds and public listings show."""
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
