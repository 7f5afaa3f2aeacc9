import datetime

from django import template

from network.members_nav import links_for

register = template.Library()


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta, rounded up (a lock-out of 14 min 30 s reads 15)."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.simple_tag(takes_context=True)
def members_nav(context) -> list:
    """The members' navigation of the signed-in person, the current screen marked: no
    query of its own (network.members_nav)."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_members_nav", None)
    if cached is None:
        cached = links_for(getattr(request, "user", None), request.path)
        request._members_nav = cached
    return cached
