"""The filter panel of a faceted listing (portal/core/facets.py): each facet with its
options, their counts and links.

Written in Python rather than as a template of nested loops: a search page lists a few
dozen options, and the template engine's per-node cost for each of them was a visible
share of the page. Every value is escaped (portal.core.markup); the markup is the one the
template gave, byte for byte."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.core.facets import CountedFacet
from portal.core.markup import escaped, format_markup

register = template.Library()

_OPTION = ('\n            <li>\n                <a href="{}"{}>{}</a>\n'
           '                <span class="facet-count">({}<span class="visually-hidden"> {}{}'
           '</span>)</span>\n            </li>\n            ')
_SELECTED = mark_safe(' aria-current="true" class="selected" title="Retirer ce filtre"')
_FACET_START = ('\n    <section class="facet" aria-labelledby="facet-{}">\n'
                '        <h3 id="facet-{}">{}</h3>\n        <ul>\n            ')
_FACET_END = mark_safe("\n        </ul>\n    </section>\n    ")


@register.simple_tag
def facet_panel(facets: Iterable[CountedFacet], panel_class: str, heading: str,
                noun: str) -> SafeString:
    """With ``noun`` what is counted, singular (plural with an s)."""
    noun = escaped(noun)
    parts = [format_markup('\n<aside class="{}" aria-labelledby="filters-title">\n'
                         '    <h2 id="filters-title">{}</h2>\n    ', panel_class, heading)]
    for facet in facets:
        if not facet.options:
            continue
        param = escaped(facet.param)
        parts.append(format_markup(_FACET_START, param, param, facet.label))
        for option in facet.options:
            parts.append(format_markup(
                _OPTION, option.url, _SELECTED if option.selected else "", option.label,
                option.count, noun, "" if option.count == 1 else "s"))
        parts.append(_FACET_END)
    parts.append("\n</aside>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
