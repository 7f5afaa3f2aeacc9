"""Pages and documents: Wagtail's view restrictions, applied to whole querysets.

A page's or a collection's privacy setting (login, groups, shared password) is the
rule for publications and documents. These functions apply it to querysets, so that
listings, feeds and search never show what the person could not open. A shared
password is passed per browser session, never per account: pages and documents
behind one stay out of every listing and search.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

# Beyond this many restricted leaf pages, `search_visibility` reads their paths in a
# subquery rather than listing them.
LISTED_LEAVES_MAX = 200


def _failed_restrictions(user, restriction_model) -> QuerySet:
    """The view restrictions (PageViewRestriction or CollectionViewRestriction)
    that `user` does not pass."""
    restrictions = restriction_model.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return restrictions.exclude(restriction_type=restriction_model.NONE)
    failed = Q(restriction_type=restriction_model.PASSWORD)
    if not user.is_superuser:
        in_a_group = Exists(restriction_model.groups.through.objects.filter(
            **{f"{restriction_model._meta.model_name}_id": OuterRef("pk")},
            group__user=user,
        ))
        failed |= Q(restriction_type=restriction_model.GROUPS) & ~Q(in_a_group)
    return restrictions.filter(failed)


def visible_pages(user, queryset: QuerySet) -> QuerySet:
    """`queryset` (pages) without those under a view restriction `user` does not pass.

    A correlated subquery: no query of its own, the same cost whatever the number
    of pages. Search backends cannot apply it: they use `search_visibility`.
    """
    # A restriction on page P covers every page whose path starts with P's path.
    covering = _failed_restrictions(user, PageViewRestriction).filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(covering))


def visible_documents(user, queryset: QuerySet) -> QuerySet:
    """`queryset` (documents) without those of a collection under a view restriction
    `user` does not pass (restrictions cover the collection's descendants too)."""
    covering = _failed_restrictions(user, CollectionViewRestriction).filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return queryset.exclude(Exists(covering))


def visibility_class(user) -> str:
    """A name shared by every person who passes the same page and collection view
    restrictions (visitors; administrators; members with the same groups), for caching
    what `visible_pages` and `visible_documents` let them see. One query for a member
    (their groups), kept on the user for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "visiteur"
    if user.is_superuser:
        return "administrateur"
    cached = getattr(user, "_visibility_class", None)
    if cached is None:
        groups = sorted(user.groups.values_list("pk", flat=True))
        cached = "membre:" + ",".join(map(str, groups))
        user._visibility_class = cached
    return cached


@dataclass(frozen=True)
class SearchVisibility:
    """The same rule as `visible_pages` and `visible_documents`, as plain lookups on
    fields every search backend filters on (Page.path, Document.collection), so that
    it is applied inside the search query, before counts and pagination."""

    # Paths of restricted pages without children: a tuple, or a subquery when there
    # are many (a database then needs no parameter per path; Elasticsearch's backend
    # reads the subquery into a terms filter).
    restricted_leaf_paths: tuple[str, ...] | QuerySet = ()
    restricted_path_prefixes: tuple[str, ...] = ()
    restricted_collection_ids: tuple[int, ...] = ()

    def pages(self, queryset: QuerySet) -> QuerySet:
        hidden = Q(path__in=self.restricted_leaf_paths) if self.has_leaves else Q()
        for prefix in self.restricted_path_prefixes:
            hidden |= Q(path__startswith=prefix)
        return queryset.exclude(hidden) if hidden else queryset

    def documents(self, queryset: QuerySet) -> QuerySet:
        if not self.restricted_collection_ids:
            return queryset
        return queryset.exclude(collection_id__in=self.restricted_collection_ids)

    @property
    def has_leaves(self) -> bool:
        return isinstance(self.restricted_leaf_paths, QuerySet) or bool(
            self.restricted_leaf_paths
        )

    def with_listed_leaves(self) -> SearchVisibility:
        """The leaves read once into a tuple, for engines outside the database."""
        if not isinstance(self.restricted_leaf_paths, QuerySet):
            return self
        return SearchVisibility(
            tuple(self.restricted_leaf_paths), self.restricted_path_prefixes,
            self.restricted_collection_ids,
        )


def search_visibility(user) -> SearchVisibility:
    """What `user` may not open among pages and documents, read in one query.

    Restricted pages without children are matched by path (one `IN`, however many
    restricted minutes there are); the others hide their whole subtree by prefix.
    """
    pages = _failed_restrictions(user, PageViewRestriction).order_by().values_list(
        Value("page", output_field=CharField()), "page__path", "page__numchild"
    )
    failed_collections = _failed_restrictions(user, CollectionViewRestriction).filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    collections = Collection.objects.filter(Exists(failed_collections)).order_by().values_list(
        Value("collection", output_field=CharField()), Cast("pk", CharField()), F("depth")
    )
    leaves, prefixes, collection_ids = set(), [], []
    for kind, key, number in pages.union(collections, all=True):
        if kind == "collection":
            collection_ids.append(int(key))
        elif number:
            prefixes.append(key)
        else:
            leaves.add(key)
    # A subtree inside another hidden subtree needs no clause of its own.
    kept: list[str] = []
    for prefix in sorted(prefixes):
        if not any(prefix.startswith(outer) for outer in kept):
            kept.append(prefix)
    leaves = {path for path in leaves if not any(path.startswith(p) for p in kept)}
    listed_leaves: tuple[str, ...] | QuerySet = tuple(sorted(leaves))
    if len(leaves) > LISTED_LEAVES_MAX:
        listed_leaves = _failed_restrictions(user, PageViewRestriction).filter(
            page__numchild=0
        ).values("page__path")
    return SearchVisibility(
        restricted_leaf_paths=listed_leaves,
        restricted_path_prefixes=tuple(kept),
        restricted_collection_ids=tuple(sorted(collection_ids)),
    )
