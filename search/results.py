"""From the engines' rows to what the page shows: results with their link, type, date
and highlighted excerpt."""

from __future__ import annotations

import datetime
import functools
import posixpath
from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Page, Site

from clauses.enums import MarketStatus
from portal.core.markup import format_markup
from portal.core.text import excerpt
from search.enums import ResultType

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

    @property
    def html(self) -> SafeString:
        """The result in the list of search/templates/search/search.html, written here
        rather than in the template: there, the twenty rows of a page cost more to
        render than the rest of the page. format_markup escapes every value that is not
        already safe (the highlighted title and excerpt are)."""
        meta = self.meta and format_markup(' <span class="search-result-meta">{}</span>', self.meta)
        excerpt = self.excerpt and format_markup('<p class="search-result-excerpt">{}</p>',
                                               self.excerpt)
        date = _time(self.date, get_language()) if self.date else ""
        return format_markup(_ROW, type_label=self.type_label, date=date, meta=meta,
                           url=self.url, title=self.title_html, excerpt=excerpt)


@functools.lru_cache(maxsize=4096)
def _time(date: datetime.date, language: str) -> SafeString:
    """A result's date, as the template's date filter writes it (month names in the
    active language): the same few dates come back on every page."""
    return format_markup(' <time datetime="{}">{}</time>', date_format(date, "Y-m-d"),
                       date_format(date, "j F Y"))


# Laid out as the page's other lines (its indentation included).
_ROW = (
    '\n                <li class="card search-result">\n'
    '                    <p class="search-result-kind"><span class="badge">{type_label}</span>'
    "{date}{meta}</p>\n"
    '                    <h3><a href="{url}">{title}</a></h3>\n'
    "                    {excerpt}\n"
    "                </li>\n                "
)


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _url(row: dict, site_root_paths: tuple) -> str:
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
    # Without the request: the cached site roots (read once per page of results) are
    # enough, and a relative URL is given whenever one site is served (no site lookup
    # per request).
    return _page_url(link, site_root_paths, get_language(), get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=4096)
def _page_url(url_path: str, site_root_paths: tuple, *reversed_with) -> str:
    """A page's URL: it depends on its path, the sites' root paths and what `reverse`
    reads (the active language, the script prefix, the URLconf) alone, all in the key: a
    site's change gives other root paths."""
    page = Page(url_path=url_path)
    page._wagtail_cached_site_root_paths = list(site_root_paths)
    return page.get_url(None) or ""


def _meta(row: dict) -> str:
    if row["r_type"] == ResultType.MARKET and row["r_meta"] in MarketStatus.values:
        return MarketStatus(row["r_meta"]).label
    return row["r_meta"] or ""


def build_results(rows: list[dict], request, query: str) -> list[Result]:
    labels = dict(ResultType.choices)
    site_root_paths = tuple(Site.get_site_root_paths())
    return [
        Result(
            type=row["r_type"],
            type_label=labels.get(row["r_type"], ""),
            title=row["r_title"],
            url=_url(row, site_root_paths),
            date=_date(row["r_date"]),
            excerpt=excerpt(row["r_text"] or "", query),
            meta=_meta(row),
            title_html=excerpt(row["r_title"] or "", query, length=len(row["r_title"] or "") + 1),
        )
        for row in rows
    ]
