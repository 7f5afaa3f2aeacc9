"""What the search looks into, one *source* per model, in the order results are listed.

Each source says which objects the person may see (asking network.permissions),
how each facet applies to it (portal.core.facets: the filters that narrow it, the
options it is counted under), and which columns a result shows. Both engines
(search.engine for the database backends, search.elasticsearch.engine) use them.

Results are listed source after source, most relevant first within each:
directory entries (few, found by their name), then markets, publications, other
pages and documents. This order is the same on every engine and page, so that
pagination is exact and a result never appears on two pages.

Only publications and markets carry a year, networks and market categories: when
one of those filters is chosen, the other sources have no result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    CharField,
    DateField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, TruncDate
from modelsearch.conf import get_app_config
from wagtail.documents import get_document_model
from wagtail.models import Page

from clauses.models import Market
from network.models import Committee, Convention, Network, Organisation, Territory
from network.permissions import (
    Action,
    SearchVisibility,
    filter_queryset,
    has_any_anchor,
)
from portal.core.facets import Dimension, column, conditions, constant, narrow
from resources.enums import PublicationKind
from resources.facets import network_label, publication_dimensions
from resources.models import Publication
from search.enums import ResultType

ROW_COLUMNS = ("r_type", "r_id", "r_title", "r_date", "r_link", "r_text", "r_meta")


def _text(expression) -> Cast:
    return Cast(expression, TextField())


def _no_date() -> Cast:
    return Cast(Value(None), DateField())


def _index_text(content_type=None):
    """The text the database search index holds for the row (what matched), for the
    excerpt; empty on Elasticsearch, where the caller falls back to a summary."""
    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806
    column = "body_text" if connection.vendor == "postgresql" else "body"
    if not any(f.name == column for f in IndexEntry._meta.get_fields()):
        return Value("", output_field=TextField())
    entries = IndexEntry.objects.filter(object_id=Cast(OuterRef("pk"), CharField()))
    entries = entries.filter(
        content_type_id=OuterRef("content_type_id") if content_type is None else content_type
    )
    return Subquery(entries.values(column)[:1], output_field=TextField())


@dataclass(frozen=True)
class Context:
    """Who searches: their user, and what Wagtail's restrictions hide from them."""

    user: object
    visibility: SearchVisibility


class Source:
    key: str = ""
    model = None
    types: tuple[str, ...] = ()
    # Indexed through Wagtail's search backend (markets are not: see search.markets).
    indexed = True
    # Subclasses of `model` that `visible` leaves out (another source's).
    leaves_out: tuple = ()

    def visible(self, ctx: Context) -> QuerySet | None:
        """What the person may open, before any text or filter; None: nothing at all."""
        return self.model._default_manager.all()

    @cached_property
    def dimensions(self) -> dict[str, Dimension]:
        """How each facet applies to the source. A source without a facet has no result
        when that filter is chosen."""
        return {"type": constant(self.types[0])}

    def accepts(self, filters, skip: str | None = None) -> bool:
        """Whether this source can have results under `filters` (`skip` ignored)."""
        return conditions(self.dimensions, filters.chosen(), skip) is not None

    def narrow(self, queryset: QuerySet, filters, skip: str | None = None) -> QuerySet:
        """`queryset` under the active filters (but `skip`), in SQL."""
        return narrow(queryset, self.dimensions, filters.chosen(), skip)

    def narrow_for_search_backend(self, queryset: QuerySet, filters, skip=None) -> QuerySet:
        """The same, with lookups a search backend such as Elasticsearch applies."""
        return self.narrow(queryset, filters, skip)

    def rows(self, queryset: QuerySet) -> QuerySet:
        """`queryset` annotated with the columns of a result (ROW_COLUMNS)."""
        raise NotImplementedError

    def autocomplete_fields(self):
        return None


class DirectorySource(Source):
    slug_link = True

    def rows(self, queryset):
        content_type = ContentType.objects.get_for_model(self.model).pk
        return queryset.annotate(
            r_type=Value(self.types[0], output_field=TextField()),
            r_id=F("pk"),
            r_title=_text(self.title_field),
            r_date=self.date(),
            r_link=_text("slug"),
            r_text=Coalesce(
                NullIf(_index_text(content_type), Value("")), _text(self.text_field),
                output_field=TextField(),
            ),
            r_meta=self.meta(),
        )

    title_field = "name"
    text_field = "description"

    def date(self):
        return _no_date()

    def meta(self):
        return Value("", output_field=TextField())


class NetworkSource(DirectorySource):
    key, model, types = "reseau", Network, (ResultType.NETWORK,)

    def meta(self):
        return _text("acronym")


class OrganisationSource(DirectorySource):
    key, model, types = "organisation", Organisation, (ResultType.ORGANISATION,)
    text_field = "name"

    def meta(self):
        return _text("city")


class TerritorySource(DirectorySource):
    key, model, types = "territoire", Territory, (ResultType.TERRITORY,)

    def meta(self):
        return Coalesce(_text("network__name"), Value(""), output_field=TextField())


class ConventionSource(DirectorySource):
    key, model, types = "convention", Convention, (ResultType.CONVENTION,)
    title_field = "title"
    text_field = "summary"

    def date(self):
        return Cast("signed_on", DateField())


class CommitteeSource(DirectorySource):
    key, model, types = "comite", Committee, (ResultType.COMMITTEE,)


class MarketSource(Source):
    """Markets the permission policy opens to the person; never indexed by Wagtail."""

    key, model, types = "marche", Market, (ResultType.MARKET,)
    indexed = False

    def visible(self, ctx):
        if not has_any_anchor(ctx.user, Action.VIEW, self.model):
            return None
        return filter_queryset(ctx.user, Action.VIEW, self.model.objects.all())

    @cached_property
    def dimensions(self):
        return {
            "type": constant(ResultType.MARKET),
            "reseau": Dimension(key="lead_territory__network__slug",
                                label=network_label("lead_territory__network__")),
            "annee": column("programme_year"),
            "categorie": column("category"),
        }

    def rows(self, queryset):
        return queryset.annotate(
            r_type=Value(ResultType.MARKET.value, output_field=TextField()),
            r_id=F("pk"),
            r_title=_text(Concat("reference", Value(" — "), "title")),
            r_date=Coalesce(
                "dce_planned_on", "published_on", TruncDate("created_at"),
                output_field=DateField(),
            ),
            r_link=_text("pk"),
            r_text=_text(Concat(
                "title", Value(". Acheteur : "), "buyer__name",
                Value(". Territoire : "), "lead_territory__name", Value("."),
            )),
            r_meta=_text("status"),
        )


def _through_ids(relation: str, target: str, value):
    through = Publication._meta.get_field(relation).remote_field.through
    return through.objects.filter(**{target: value}).values("publication_id")


class PublicationSource(Source):
    key, model = "publication", Publication
    types = tuple(PublicationKind.values)

    def visible(self, ctx):
        return ctx.visibility.pages(Publication.objects.live())

    @cached_property
    def dimensions(self):
        # The library's own (resources.facets), for the facets the search has.
        library = publication_dimensions(Publication)
        return {param: library[param] for param in ("type", "reseau", "annee", "categorie")}

    def narrow_for_search_backend(self, queryset, filters, skip=None):
        # Elasticsearch filters on indexed fields only: the page id stands for the
        # publication's networks and categories (read from the database).
        if filters.type and skip != "type":
            queryset = queryset.filter(kind=filters.type)
        if filters.reseau and skip != "reseau":
            queryset = queryset.filter(
                id__in=_through_ids("networks", "network__slug", filters.reseau)
            )
        if filters.annee and skip != "annee":
            queryset = queryset.filter(year=filters.annee)
        if filters.categorie and skip != "categorie":
            queryset = queryset.filter(id__in=_through_ids(
                "market_categories", "marketcategoryoption_id", filters.categorie
            ))
        return queryset

    def rows(self, queryset):
        return queryset.annotate(
            r_type=_text("kind"),
            r_id=F("pk"),
            r_title=_text("title"),
            r_date=TruncDate("first_published_at"),
            r_link=_text("url_path"),
            r_text=Coalesce(
                NullIf(_index_text(), Value("")), _text("summary"), output_field=TextField()
            ),
            r_meta=_text("year"),
        )


class PageSource(Source):
    """Other pages of the site: home, library index, information pages."""

    key, model, types = "page", Page, (ResultType.PAGE,)
    # Publications are a source of their own.
    leaves_out = (Publication,)

    def visible(self, ctx):
        pages = Page.objects.live().filter(depth__gt=1).not_type(*self.leaves_out)
        return ctx.visibility.pages(pages)

    def rows(self, queryset):
        return queryset.annotate(
            r_type=Value(ResultType.PAGE.value, output_field=TextField()),
            r_id=F("pk"),
            r_title=_text("title"),
            r_date=TruncDate("last_published_at"),
            r_link=_text("url_path"),
            r_text=Coalesce(_index_text(), Value(""), output_field=TextField()),
            r_meta=Value("", output_field=TextField()),
        )


class DocumentSource(Source):
    key, types = "document", (ResultType.DOCUMENT,)

    @property
    def model(self):
        return get_document_model()

    def visible(self, ctx):
        return ctx.visibility.documents(self.model.objects.all())

    def rows(self, queryset):
        content_type = ContentType.objects.get_for_model(self.model).pk
        return queryset.annotate(
            r_type=Value(ResultType.DOCUMENT.value, output_field=TextField()),
            r_id=F("pk"),
            r_title=_text("title"),
            r_date=TruncDate("created_at"),
            r_link=_text("file"),
            r_text=Coalesce(
                NullIf(_index_text(content_type), Value("")), _text("title"),
                output_field=TextField(),
            ),
            r_meta=Value("", output_field=TextField()),
        )


SOURCES: tuple[Source, ...] = (
    NetworkSource(),
    OrganisationSource(),
    TerritorySource(),
    ConventionSource(),
    CommitteeSource(),
    MarketSource(),
    PublicationSource(),
    PageSource(),
    DocumentSource(),
)
SOURCE_OF_TYPE = {t: source for source in SOURCES for t in source.types}
SOURCE_BY_KEY = {source.key: source for source in SOURCES}


def visible_querysets(ctx: Context) -> dict[str, QuerySet]:
    """Each source's visible objects (sources with nothing for this person left out)."""
    found = {}
    for source in SOURCES:
        queryset = source.visible(ctx)
        if queryset is not None:
            found[source.key] = queryset
    return found


class VisibleQuerysets(Mapping):
    """The same, each queryset built when first asked for (the database engine): a
    search that finds nothing
    in a source does not build that source's visibility filters. Which sources are
    there is known at once: the markets, the only source that may have nothing for the
    person (the permission policy says), are built at once."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        market = SOURCE_OF_TYPE[ResultType.MARKET]
        markets = market.visible(ctx)
        self.built: dict[str, QuerySet] = {} if markets is None else {market.key: markets}
        self.keys_in_order = [
            source.key for source in SOURCES if source is not market or markets is not None
        ]

    def __getitem__(self, key: str) -> QuerySet:
        if key not in self.keys_in_order:
            raise KeyError(key)
        if key not in self.built:
            self.built[key] = SOURCE_BY_KEY[key].visible(self.ctx)
        return self.built[key]

    def __contains__(self, key) -> bool:
        return key in self.keys_in_order

    def __iter__(self):
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

