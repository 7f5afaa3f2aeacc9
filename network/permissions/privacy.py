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
from django.utils.functional import SimpleLazyObject
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from network.permissions.grants import grants_for
from portal.core import cache as content_cache


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


def _person(user) -> tuple:
    """Everything the SQL of `_failed_restrictions` depends on in `user`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ("visiteur",)
    if user.is_superuser:
        return ("administrateur",)
    return ("membre", user.pk)


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
    what `visible_pages` and `visible_documents` let them see. A member's groups come
    with their grants (read once per request, and again after `forget_grants`)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "visiteur"
    if user.is_superuser:
        return "administrateur"
    return "membre:" + ",".join(map(str, sorted(grants_for(user).group_ids)))


@dataclass(frozen=True)
class SearchVisibility:
    """The same rule as `visible_pages` and `visible_documents`, as lookups applied inside
    the search query, before counts and pagination.

    Restricted pages with children hide their subtree by path prefix (a few, listed).
    A page is also hidden when a restriction it fails is its own (the many restricted
    minutes): in the database, `pk NOT IN` the ids of those restrictions' pages, one
    scan of the restrictions table and no join, which search backends also accept.
    Engines outside the database (Elasticsearch) get the leaves' paths listed
    (`with_listed_leaves`)."""

    restricted_path_prefixes: tuple[str, ...] = ()
    restricted_collection_ids: tuple[int, ...] = ()
    # The failed restrictions of pages, not evaluated (database engines).
    failed_leaves: QuerySet | None = None
    # Their paths, listed (engines outside the database).
    restricted_leaf_paths: tuple[str, ...] = ()
    # Whom `failed_leaves` is about (`_person`).
    person: tuple = ()

    @property
    def key(self) -> tuple:
        """Everything the lookups of `pages` and `documents` depend on: the same key,
        the same SQL and parameters (for queries compiled once, portal.core.precompiled)."""
        return (self.person, self.restricted_path_prefixes, self.restricted_collection_ids,
                self.failed_leaves is not None, self.restricted_leaf_paths)

    def pages(self, queryset: QuerySet) -> QuerySet:
        hidden = Q(path__in=self.restricted_leaf_paths) if self.restricted_leaf_paths else Q()
        for prefix in self.restricted_path_prefixes:
            hidden |= Q(path__startswith=prefix)
        if hidden:
            queryset = queryset.exclude(hidden)
        if self.failed_leaves is not None and not self.restricted_leaf_paths:
            queryset = queryset.exclude(pk__in=self.failed_leaves.values("page_id"))
        return queryset

    def documents(self, queryset: QuerySet) -> QuerySet:
        if not self.restricted_collection_ids:
            return queryset
        return queryset.exclude(collection_id__in=self.restricted_collection_ids)

    def with_listed_leaves(self) -> SearchVisibility:
        """The leaves' paths read once into a tuple (those not already under a hidden
        prefix), for engines outside the database."""
        if self.failed_leaves is None:
            return self
        paths = {
            path for path in self.failed_leaves.filter(page__numchild=0)
            .values_list("page__path", flat=True)
            if not any(path.startswith(prefix) for prefix in self.restricted_path_prefixes)
        }
        return SearchVisibility(
            self.restricted_path_prefixes, self.restricted_collection_ids, None,
            tuple(sorted(paths)), self.person,
        )


def search_visibility(user) -> SearchVisibility:
    """What `user` may not open among pages and documents: the restricted pages with
    children and the restricted collections, read in one query and kept per visibility
    class until the next content change (restrictions are content: portal.core.cache);
    the leaves are checked inside the search query (see SearchVisibility)."""
    prefixes, collection_ids, fails_a_leaf = content_cache.get_or_set(
        content_cache.key("search-visibility-leaves", visibility_class(user)),
        lambda: (*_restricted_subtrees(user), _fails_a_leaf(user)),
    )
    return SearchVisibility(
        restricted_path_prefixes=prefixes,
        restricted_collection_ids=collection_ids,
        # None when no restriction of a page without children hides it from the
        # person (most members): the search then has no such lookup to make. Else
        # built when first read: a query compiled once (portal.core.precompiled) does
        # not need it.
        failed_leaves=SimpleLazyObject(lambda: _failed_restrictions(user, PageViewRestriction))
        if fails_a_leaf else None,
        person=_person(user),
    )


def _fails_a_leaf(user) -> bool:
    """Whether a restriction on a page without children hides that page from `user`."""
    return _failed_restrictions(user, PageViewRestriction).filter(page__numchild=0).exists()


def _restricted_subtrees(user) -> tuple[tuple[str, ...], tuple[int, ...]]:
    failed_pages = _failed_restrictions(user, PageViewRestriction)
    pages = failed_pages.filter(page__numchild__gt=0).order_by().values_list(
        Value("page", output_field=CharField()), "page__path", "page__numchild"
    )
    failed_collections = _failed_restrictions(user, CollectionViewRestriction).filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    collections = Collection.objects.filter(Exists(failed_collections)).order_by().values_list(
        Value("collection", output_field=CharField()), Cast("pk", CharField()), F("depth")
    )
    prefixes, collection_ids = [], []
    for kind, key, _ in pages.union(collections, all=True):
        if kind == "collection":
            collection_ids.append(int(key))
        else:
            prefixes.append(key)
    # A subtree inside another hidden subtree needs no clause of its own.
    kept: list[str] = []
    for prefix in sorted(prefixes):
        if not any(prefix.startswith(outer) for outer in kept):
            kept.append(prefix)
    return tuple(kept), tuple(sorted(collection_ids))
