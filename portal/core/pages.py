"""Behaviour shared by the portal's page types, written to keep a page view within its
query budget without changing what Wagtail decides."""

from django.conf import settings
from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from portal.core import cache as content_cache


def ancestor_paths(page: Page) -> list[str]:
    """The tree paths of `page` and of every ancestor, read off its own path
    (treebeard's materialised path: each level adds `steplen` characters)."""
    step = page.steplen
    return [page.path[: step * level] for level in range(1, len(page.path) // step + 1)]


class ViewRestrictionsMixin:
    """Wagtail reads the restrictions of a page and of its ancestors with two queries
    (the ancestors, then their restrictions), on every request (its `before_serve_page`
    hook). One query does it here: the ancestors' paths are prefixes of the page's own.
    Most pages have none: that answer is kept until the next content change (a
    restriction saved, its groups changed, a page moved all move the generation), and
    such a page reads no restriction at all.

    Same rule as Wagtail's: an alias (or an alias ancestor) is covered by the
    restrictions of the page it is an alias of, and never by its own."""

    def get_view_restrictions(self):
        # Kept on the instance: the page's own context asks again after Wagtail's hook
        # has read them (a page instance lives for one request).
        if getattr(self, "_view_restrictions", None) is None:
            self._view_restrictions = self._read_view_restrictions()
        return self._view_restrictions

    def _read_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        if self.pk is None:  # a preview of a page never saved
            return self._restrictions_query()
        key = content_cache.key("no-view-restriction", self.pk, self.path)
        if content_cache.store().get(key):
            return PageViewRestriction.objects.none()
        restrictions = self._restrictions_query()
        if not restrictions:  # evaluated once here, kept by the queryset for its callers
            content_cache.store().set(key, True, settings.PAGE_CACHE_SECONDS)
        return restrictions

    def _restrictions_query(self):
        # The page and its ancestors, each one or the page it is an alias of: an index
        # lookup by path in a subquery. The groups come along (one query, only when
        # there is a restriction), since Wagtail reads them for each group restriction.
        covering = Page.objects.filter(path__in=ancestor_paths(self)).values(
            covering=Coalesce("alias_of_id", "id")
        )
        return PageViewRestriction.objects.filter(page_id__in=covering).prefetch_related(
            "groups"
        )


class SpecificChildRoutingMixin:
    """Route to a child page with one query instead of Wagtail's two (the child as a
    plain `Page`, then its specific instance), for a parent whose children all share
    a concrete multi-table base: `child_base_model`, with its subclasses that the
    parent allows as children joined in the same query (`select_related` follows the
    parent links down)."""

    child_base_model = None  # a concrete Page subclass
    child_select_related: tuple = ()  # what the children's pages always show, joined too

    @classmethod
    def child_links(cls) -> tuple[str, ...]:
        """The reverse one-to-one links from `child_base_model` to the page types
        Wagtail allows below this one (`subpage_types`, `parent_page_types`). Read on
        first use, when every page model is known, and kept on the class itself (a
        subclass allows its own children)."""
        links = cls.__dict__.get("_child_links")
        if links is None:
            base = cls.child_base_model
            links = tuple(
                model._meta.model_name for model in cls.allowed_subpage_models()
                if model is not base and base in model._meta.parents
            )
            cls._child_links = links
        return links

    def route(self, request, path_components):
        # RoutablePageMixin (before this class in the MRO) has already tried its own
        # routes when it calls this `route`.
        if not path_components:
            return super().route(request, path_components)
        links = self.child_links()
        child = (
            self.child_base_model.objects.child_of(self)
            .filter(slug=path_components[0])
            .select_related(*links, *self.child_select_related)
            .first()
        )
        if child is None:
            raise Http404
        specific = next(
            (getattr(child, link) for link in links if _loaded(child, link)), None
        )
        if specific is None or specific.content_type_id != child.content_type_id:
            specific = child.specific  # a type not joined above: Wagtail's own lookup
        specific._cached_parent_obj = self
        return specific.route(request, path_components[1:])


def _loaded(instance, link: str) -> bool:
    """Whether the reverse one-to-one `link` was found by `select_related` (Django
    caches a missing reverse relation as None)."""
    descriptor = type(instance)._meta.get_field(link)
    try:
        return descriptor.get_cached_value(instance) is not None
    except KeyError:
        return False
