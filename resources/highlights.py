"""What the home page shows of the library and of the committees' calendar."""

from django.utils import timezone

from resources.library import NEWEST_FIRST
from resources.models import Publication
from resources.visibility import visible_pages

LATEST_COUNT = 4
MEETINGS_COUNT = 3


def latest_publications(user, limit: int = LATEST_COUNT):
    """The newest live publications ``user`` may see."""
    return list(
        visible_pages(user, Publication.objects.live())
        .order_by(NEWEST_FIRST, "-pk")[:limit]
    )


def upcoming_public_meetings(limit: int = MEETINGS_COUNT):
    """Next meetings whose date and agenda the committees announce publicly."""
    from network.models import Meeting

    return list(
        Meeting.objects.filter(is_public=True, starts_at__gte=timezone.now())
        .select_related("committee").order_by("starts_at")[:limit]
    )
