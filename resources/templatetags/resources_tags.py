from django import template

from portal.core.documents import highlight

register = template.Library()


@register.filter
def placeholders(text):
    """Escape a clause's text and mark its [placeholders] so that readers spot them."""
    return highlight(text)
