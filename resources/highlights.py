"""What the home page shows of the library and of the committees' calendar."""

from django.utils import timezone

from network.models import Meeting
from portal.core import cache as content_cache
from resources.library import NEWEST_FIRST
from resources.models import Publication
from resources.visibility import visibility_class, visible_pages

LATEST_COUNT = 4
MEETINGS_COUNT = 3
MEETINGS_MARGIN = 20


def latest_publications(user, limit: int = LATEST_COUNT):
    """The newest live publications ``user`` may see, kept in the cache per visibility
    class until the next content change (portal.core.cache)."""
    def newest():
        return list(
            visible_pages(user, Publication.objects.live())
            .order_by(NEWEST_FIRST, "-pk")[:limit]
        )

    key = content_cache.key("latest-publications", visibility_class(user), limit)
    return content_cache.get_or_set(key, newest)


def upcoming_public_meetings(limit: int = MEETINGS_COUNT):
    """Next meetings whose date and agenda the committees announce publicly. The next
    few are kept until the next content change (meetings are network records) and
    those already begun are dropped on reading: the cache keeps a margin of meetings
    for the ones that begin while it lives."""
    now = timezone.now()
    upcoming = content_cache.get_or_set(
        content_cache.key("upcoming-public-meetings", limit),
        lambda: list(
            Meeting.objects.filter(is_public=True, starts_at__gte=now)
            .select_related("committee").order_by("starts_at")[:limit + MEETINGS_MARGIN]
        ),
    )
    return [meeting for meeting in upcoming if meeting.starts_at >= now][:limit]
