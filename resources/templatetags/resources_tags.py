from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from resources.exports import PLACEHOLDER

register = template.Library()


@register.filter
def placeholders(text):
    """Escape a clause's text and mark its [placeholders] so that readers spot them."""
    pieces = []
    for piece in PLACEHOLDER.split(str(text or "")):
        if PLACEHOLDER.fullmatch(piece):
            pieces.append(format_html('<mark class="placeholder">{}</mark>', piece))
        else:
            pieces.append(conditional_escape(piece))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
