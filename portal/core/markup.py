"""``format_markup``: Django's ``format_html`` without its per-value lazy-string wrapper.

The search page formats a few hundred values (its twenty results, its facet options);
``conditional_escape`` and ``escape`` are wrapped by ``keep_lazy``, whose check of
every argument costs more than the escaping itself at that count. The output is the
same: a value with ``__html__`` is taken as it says, any other is escaped by
``html.escape`` (what ``django.utils.html.escape`` does), lazy strings first made
strings.
"""

from __future__ import annotations

from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def _text(value) -> str:
    """``conditional_escape(value)``, as a plain string."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def escaped(value) -> SafeString:
    """``conditional_escape(value)``."""
    return SafeString(_text(value))


def format_markup(template: str, *args, **kwargs) -> SafeString:
    """``format_html(template, *args, **kwargs)``."""
    return mark_safe(template.format(  # noqa: S308 - every value is escaped
        *[_text(value) for value in args],
        **{name: _text(value) for name, value in kwargs.items()},
    ))
