"""From the engines' rows and counts to what the page shows: results with their link,
type, date and highlighted excerpt, facets with their counts."""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from wagtail.models import Page

from clauses.enums import MarketStatus
from portal.core.text import excerpt
from search.engine import Outcome
from search.enums import ResultType
from search.query import FILTER_LABELS, SearchFilters

DIRECTORY_URLS = {
    ResultType.NETWORK: "network_detail",
    ResultType.ORGANISATION: "organisation_detail",
    ResultType.TERRITORY: "territory_detail",
    ResultType.CONVENTION: "convention_detail",
    ResultType.COMMITTEE: "committee_detail",
}
PAGE_TYPES = {*ResultType.values} - {
    ResultType.DOCUMENT, ResultType.MARKET, *DIRECTORY_URLS
}


@dataclass
class Result:
    type: str
    type_label: str
    title: str
    url: str
    date: datetime.date | None
    excerpt: SafeString
    meta: str = ""
    title_html: SafeString | str = ""


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _url(row: dict, request) -> str:
    kind, link = row["r_type"], row["r_link"]
    if kind in DIRECTORY_URLS:
        return reverse(DIRECTORY_URLS[kind], args=[link])
    if kind == ResultType.MARKET:
        return reverse("clauses:market_detail", args=[row["r_id"]])
    if kind == ResultType.DOCUMENT:
        try:
            return reverse("wagtaildocs_serve", args=[row["r_id"], posixpath.basename(link)])
        except NoReverseMatch:
            return ""
    # Without the request: the cached site roots are enough, and a relative URL is
    # given whenever one site is served (no site lookup per request).
    return Page(id=row["r_id"], url_path=link).get_url(None) or ""


def _meta(row: dict) -> str:
    if row["r_type"] == ResultType.MARKET and row["r_meta"] in MarketStatus.values:
        return MarketStatus(row["r_meta"]).label
    return row["r_meta"] or ""


def build_results(rows: list[dict], request, query: str) -> list[Result]:
    labels = dict(ResultType.choices)
    return [
        Result(
            type=row["r_type"],
            type_label=labels.get(row["r_type"], ""),
            title=row["r_title"],
            url=_url(row, request),
            date=_date(row["r_date"]),
            excerpt=excerpt(row["r_text"] or "", query),
            meta=_meta(row),
            title_html=excerpt(row["r_title"] or "", query, length=len(row["r_title"] or "") + 1),
        )
        for row in rows
    ]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption] = field(default_factory=list)


def build_facets(filters: SearchFilters, outcome: Outcome) -> list[Facet]:
    facets = []
    type_labels = dict(ResultType.choices)
    type_options = [
        FacetOption(value, type_labels[value], outcome.type_counts.get(value, 0))
        for value in ResultType.values
    ]
    per_param = {"type": type_options}
    for param in ("reseau", "annee", "categorie"):
        options = [
            FacetOption(str(key), str(label), count)
            for key, label, count in outcome.facet_counts.get(param, [])
        ]
        merged: dict[str, FacetOption] = {}
        for option in options:  # a network counted for publications and for markets
            if option.value in merged:
                merged[option.value].count += option.count
            else:
                merged[option.value] = option
        options = list(merged.values())
        if param == "annee":
            options.sort(key=lambda o: o.value, reverse=True)
        else:
            options.sort(key=lambda o: o.label.lower())
        per_param[param] = options
    for param, label in FILTER_LABELS.items():
        selected = str(getattr(filters, param) or "")
        options = per_param[param]
        if selected and selected not in {o.value for o in options}:
            label_of = type_labels.get(selected, selected) if param == "type" else selected
            options.insert(0, FacetOption(selected, label_of, 0))
        for option in options:
            option.selected = option.value == selected
            option.url = filters.url(**{param: "" if option.selected else option.value})
        facets.append(Facet(param, label, [o for o in options if o.count or o.selected]))
    return facets
