from django import template

from network.notifications.inbox import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in person's unread notifications: one query per request at most."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None else 0
