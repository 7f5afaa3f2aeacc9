"""format_markup writes what Django's format_html writes."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from portal.core.markup import escaped, format_markup

VALUES = ["<b>&\"'</b>", mark_safe("<mark>x</mark>"), 3, None, gettext_lazy("Rechercher"),
          "Éléments « guillemets »", ""]


def test_format_markup_gives_format_html_s_markup_for_every_kind_of_value():
    for value in VALUES:
        for other in VALUES:
            template = '<a href="{}" title="{name}">{}</a>'
            expected = format_html(template, value, other, name=value)
            got = format_markup(template, value, other, name=value)
            assert got == expected
            assert isinstance(got, SafeString)


def test_an_escaped_value_is_not_escaped_twice():
    for value in VALUES:
        assert escaped(value) == conditional_escape(value)
        assert format_markup("{}", escaped(value)) == format_html("{}", conditional_escape(value))
