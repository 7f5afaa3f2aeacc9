import datetime

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta, rounded up (a lock-out of 14 min 30 s reads 15)."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)
