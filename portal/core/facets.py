"""Faceted listings: the filters a reader chose in the URL, every facet's options with
the number of results choosing each would give, and the filters in force. The library
(/ressources/) and the search (/recherche/) are both such listings.

A listing declares:

- its filters (``Filters``): the words, one field per facet, the page;
- its facets (``Facet``): URL parameter, heading, the form field that reads the value, the
  labels and order of its options, what to say of a chosen option that does not exist;
- for each queryset it lists, how each facet applies to it (``Dimension``): the rows a
  chosen value keeps, the key (and label) its options are grouped by.

``count`` reads the options of every facet of every queryset in one query
(``counting_query``), a UNION ALL of grouped querysets. Each facet is counted under every
*other* active filter: each option then shows how many results choosing it would give,
and choosing another option of the same facet stays possible. The ORM writes all the
SQL; chosen values go as parameters."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast

from portal.core.queries import union_query

EMPTY = ("", None)
INVALID_FILTER = "Le filtre « {} » est invalide : il a été ignoré."


@dataclass(frozen=True)
class Filters:
    """What the reader asked for. A listing subclasses it with one field per facet, in
    the order of its filter panel, which is also their order in the URLs it writes."""

    q: str = ""
    page: int = 1

    @classmethod
    @functools.cache  # asked for each link of every option a listing shows
    def facet_params(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("q", "page"))

    def chosen(self) -> dict[str, Any]:
        """The active facet filters, by URL parameter."""
        values = {param: getattr(self, param) for param in self.facet_params()}
        return {param: value for param, value in values.items() if value not in EMPTY}

    def active(self) -> dict[str, str]:
        """The active filters as URL parameters, the words first, the page left out."""
        values = {"q": self.q, **self.chosen()}
        return {name: str(value) for name, value in values.items() if value not in EMPTY}

    def url(self, **changes) -> str:
        """The query string of these filters with ``changes`` applied: on the first page
        unless ``page`` is among the changes."""
        params = {**self.active(), **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v not in EMPTY})

    def without(self, *params: str) -> Filters:
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        return dataclasses.replace(self, **{param: defaults[param] for param in params})


class WordsField(forms.CharField):
    """Words typed by the reader, with runs of spaces made one once the words are valid."""

    def clean(self, value):
        return " ".join(super().clean(value).split())


# How the options of a facet are listed.
ORDERS: dict[str, Callable[[Facet, FacetOption], Any]] = {
    "choices": lambda facet, option: facet.position(option.value),
    "key": lambda facet, option: option.value,
    "label": lambda facet, option: option.label.lower(),
}


@dataclass(frozen=True)
class Facet:
    """One filter of a listing, read from the URL parameter ``param``."""

    param: str
    label: str
    field: forms.Field
    # A closed list of options: their labels, in the order they are listed.
    choices: Sequence[tuple[str, str]] = ()
    order: str = "choices"  # a key of ORDERS
    descending: bool = False
    # Every choice is an option, even without results; otherwise a chosen option
    # without results is listed first.
    every_choice: bool = False
    # A chosen value that is no option (a slug nobody has) is dropped with this message,
    # "{}" standing for the value; without one, it is kept and shown without results.
    unknown: str = ""

    def option_label(self, key: str, label: str = "") -> str:
        return dict(self.choices).get(key) or label or key

    def position(self, key: str) -> int:
        keys = [value for value, _ in self.choices]
        return keys.index(key) if key in keys else len(keys)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class CountedFacet:
    """A facet as a page shows it: its options with their counts and links."""

    param: str
    label: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass(frozen=True)
class Dimension:
    """How a facet applies to the rows of one queryset."""

    # What options are grouped by: a field path or an expression on the listed model.
    key: Any
    # Read with the key (a field path or an expression); else the facet's choices or the
    # key itself label the option.
    label: Any = None
    # The rows a chosen value keeps, as a Q; None when no row of this queryset can have
    # it. Without one: the rows whose key is the value.
    condition: Callable[[Any], Q | None] | None = None
    # The chosen option's own row (``f_key``, ``f_label``), found even when no result
    # has it, so that an option that does not exist is told apart from an empty one.
    known: Callable[[Any], QuerySet] | None = None

    def where(self, value) -> Q | None:
        if self.condition is not None:
            return self.condition(value)
        return Q(**{self.key: value})


def column(name: str, values: Iterable[Any] | None = None) -> Dimension:
    """A facet read from a field of the listed rows; ``values``, if given, are all the
    values the field can hold (any other chosen value matches nothing)."""
    if values is None:
        return Dimension(key=name)
    allowed = frozenset(values)
    return Dimension(
        key=name, condition=lambda value: Q(**{name: value}) if value in allowed else None
    )


def constant(value: str) -> Dimension:
    """Every row of the queryset has the same option (one type of result among several)."""
    return Dimension(key=Value(value), condition=lambda chosen: Q() if chosen == value else None)


def related(model, relation: str, key: str, label: str | Callable[[str], Any] | None = None
            ) -> Dimension:
    """A facet read from the many-to-many ``relation`` of ``model``: a row counts under
    each related object, identified by its field ``key``, labelled by ``label`` (a field
    of the related model, or a function of the path prefix giving an expression)."""
    relation_field = model._meta.get_field(relation)
    target = relation_field.related_model
    links = relation_field.remote_field.through._default_manager
    source_name = relation_field.m2m_field_name()
    target_path = f"{relation_field.m2m_reverse_field_name()}__{key}"

    def condition(value) -> Q:
        # EXISTS rather than a join: grouping on the same relation still counts a row
        # once under each of its options.
        return Q(Exists(links.filter(**{source_name: OuterRef("pk"), target_path: value})))

    def known(value) -> QuerySet:
        return target._default_manager.order_by().filter(**{key: value}).values(
            f_key=Cast(key, TextField()), f_label=_text(_at(label, "")),
        )

    return Dimension(key=f"{relation}__{key}", label=_at(label, f"{relation}__"),
                     condition=condition, known=known)


def _at(label, prefix: str):
    """``label`` (a field name, or a function of the path prefix) from further away."""
    if label is None:
        return None
    return label(prefix) if callable(label) else prefix + label


def _text(expression) -> Cast | Value:
    if expression is None:
        return Value("", output_field=TextField())
    return Cast(expression, TextField())


def narrow(queryset: QuerySet, dimensions: Mapping[str, Dimension], chosen: Mapping[str, Any],
           skip: str | None = None) -> QuerySet:
    """``queryset`` under every chosen filter but ``skip``; empty when one of them
    cannot apply to it."""
    found = conditions(dimensions, chosen, skip)
    if found is None:
        return queryset.none()
    return queryset.filter(*found)


def conditions(dimensions: Mapping[str, Dimension], chosen: Mapping[str, Any],
               skip: str | None = None) -> list[Q] | None:
    """What every chosen filter but ``skip`` asks of rows with these dimensions; None
    when one of them cannot apply to such rows."""
    found = []
    for param, value in chosen.items():
        if param == skip:
            continue
        condition = dimensions[param].where(value) if param in dimensions else None
        if condition is None:
            return None
        found.append(condition)
    return found


class Counts:
    """Every facet's options as counted: URL parameter -> option key -> label, count.
    The same option counted in several querysets adds up."""

    def __init__(self, rows: Iterable[Sequence] = ()):
        self._options: dict[str, dict[str, list]] = {}
        for row in rows:
            self.add(*row)

    def add(self, param: str, key, label="", count: int | None = 0) -> None:
        if key in EMPTY:
            return  # rows without any option of this facet
        option = self._options.setdefault(param, {}).setdefault(str(key), ["", 0])
        option[0] = option[0] or str(label or "")
        option[1] += count or 0

    def options(self, param: str) -> dict[str, tuple[str, int]]:
        return {key: (label, n) for key, (label, n) in self._options.get(param, {}).items()}

    def count(self, param: str, key) -> int:
        return self._options.get(param, {}).get(str(key), ["", 0])[1]

    def __contains__(self, option: tuple[str, Any]) -> bool:
        param, key = option
        return str(key) in self._options.get(param, {})

    def rows(self) -> list[tuple[str, str, str, int]]:
        """Plain rows, to keep in a cache and to make a ``Counts`` of again."""
        return [(param, key, label, n) for param, options in self._options.items()
                for key, (label, n) in options.items()]

    def total(self, param: str, chosen=None) -> int:
        """The number of results under every filter, read from facet ``param``, of which
        every row has exactly one option: the chosen option's count, or their sum."""
        if chosen not in EMPTY:
            return self.count(param, chosen)
        return sum(n for _, n in self.options(param).values())


def count(sources: Iterable[tuple[QuerySet, Mapping[str, Dimension]]],
          chosen: Mapping[str, Any], known: Iterable[str] = ()) -> Counts:
    """The options of every facet of every source (a queryset and how each facet applies
    to it), each counted under every other chosen filter, in one query; plus the own row
    of the chosen option of each facet in ``known``."""
    query = counting_query(sources, chosen, known)
    return counts_of(query if query is not None else ())


def counts_of(rows: Iterable[Mapping[str, Any]]) -> Counts:  # of `counting_query`'s rows
    return Counts((r["f_facet"], r["f_key"], r["f_label"], r["f_count"]) for r in rows)


def counting_query(sources: Iterable[tuple[QuerySet, Mapping[str, Dimension]]],
                   chosen: Mapping[str, Any], known: Iterable[str] = ()) -> QuerySet | None:
    """The one query `count` reads; None: nothing to count."""
    sources, members = list(sources), []
    for queryset, dimensions in sources:
        for param, dimension in dimensions.items():
            others = conditions(dimensions, chosen, skip=param)
            if others is not None:
                members.append(_grouped(queryset.filter(*others), param, dimension))
    for param in known:
        finders = [d[param].known for _, d in sources if param in d and d[param].known]
        if param in chosen and finders:
            members.append(finders[0](chosen[param]).annotate(
                f_facet=Value(param, output_field=TextField()), f_count=Value(0),
            ).values("f_facet", "f_key", "f_label", "f_count"))
    return union_query(members)


def _grouped(queryset: QuerySet, param: str, dimension: Dimension) -> QuerySet:
    return queryset.order_by().values(
        f_facet=Value(param, output_field=TextField()),
        f_key=Cast(dimension.key, TextField()),
        f_label=_text(dimension.label),
    ).annotate(f_count=Count("pk"))


@dataclass(frozen=True)
class Listing:
    """A faceted listing: how its URL is read, and its facets shown."""

    filters: type[Filters]
    facets: tuple[Facet, ...]
    words: forms.Field
    page: forms.Field = field(default_factory=lambda: forms.IntegerField(min_value=1,
                                                                        required=False))
    # What to say when the words are refused; else what is said of any invalid filter.
    invalid_words: str = ""

    def parse(self, params) -> tuple[Filters, list[str]]:
        """The filters read from a query dict. An invalid value is dropped with a French
        message, and the rest of the request answered as if it were absent."""
        fields = {"q": self.words, **{f.param: f.field for f in self.facets}, "page": self.page}
        form = type("FilterForm", (forms.Form,), dict(fields))(params)
        form.is_valid()
        labels = {"q": self.words.label, **{f.param: f.label for f in self.facets}}
        messages, values = [], {}
        for name in fields:
            if name in form.errors:
                if name == "q" and self.invalid_words:
                    messages.append(self.invalid_words)
                elif name != "page":
                    messages.append(INVALID_FILTER.format(labels[name]))
                continue
            value = form.cleaned_data.get(name)
            if value not in EMPTY:
                values[name] = value
        return self.filters(**values), messages

    def resolve(self, filters: Filters, counted: Callable[[Filters], Counts]
                ) -> tuple[Filters, Counts, list[str]]:
        """The counts of ``filters`` (``counted``), after dropping, with a French message,
        every chosen option that does not exist: it would empty every list."""
        counts = counted(filters)
        unknown = [
            facet for facet in self.facets
            if facet.unknown and getattr(filters, facet.param) not in EMPTY
            and (facet.param, getattr(filters, facet.param)) not in counts
        ]
        if not unknown:
            return filters, counts, []
        messages = [facet.unknown.format(getattr(filters, facet.param)) for facet in unknown]
        filters = filters.without(*(facet.param for facet in unknown))
        return filters, counted(filters), messages

    @property
    def checked(self) -> tuple[str, ...]:
        """The facets whose chosen option must exist (for ``count``'s ``known``)."""
        return tuple(facet.param for facet in self.facets if facet.unknown)

    def show(self, filters: Filters, counts: Counts) -> list[CountedFacet]:
        """Every facet with its options in order, each with its count and the link that
        chooses it (or, chosen, removes it). Options without results are left out,
        unless chosen."""
        shown = []
        for facet in self.facets:
            chosen = getattr(filters, facet.param)
            selected = "" if chosen in EMPTY else str(chosen)
            options = {
                key: FacetOption(key, label, 0)
                for key, label in (facet.choices if facet.every_choice else ())
            }
            for key, (label, n) in counts.options(facet.param).items():
                options[key] = FacetOption(key, facet.option_label(key, label), n)
            ordered = sorted(options.values(), key=lambda o, f=facet: ORDERS[f.order](f, o),
                             reverse=facet.descending)
            if selected and selected not in options:
                ordered.insert(0, FacetOption(selected, facet.option_label(selected), 0))
            for option in ordered:
                option.selected = option.value == selected
            kept = [o for o in ordered if o.count or o.selected]
            for option in kept:  # the links of the options shown only
                option.url = filters.url(**{facet.param: "" if option.selected else option.value})
            shown.append(CountedFacet(facet.param, facet.label, kept))
        return shown


def active_filters(facets: Iterable[CountedFacet], filters: Filters, words_label: str = ""
                   ) -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it; the words too when
    ``words_label`` names them."""
    active = [
        {"label": facet.label, "value": option.label, "url": option.url}
        for facet in facets for option in facet.options if option.selected
    ]
    if words_label and filters.q:
        active.append({"label": words_label, "value": filters.q, "url": filters.url(q="")})
    return active
