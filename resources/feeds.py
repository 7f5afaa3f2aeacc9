"""Atom and RSS feeds of the library's latest publications.

Feed readers never sign in and a feed may be shared or cached: feeds list only
publications under no view restriction, whoever asks. They take the library's filters
(``?type=guide&theme=…``, resources.library.filtered_publications: the page's very
semantics). The library's page hands itself over (resources.models imports this module).
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from resources.library import NEWEST_FIRST, filtered_publications
from resources.visibility import public_pages

FEED_SIZE = 20


class LibraryRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.publications, self.filters = filtered_publications(
            public_pages(self.index_page.publications()), request.GET
        )
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} — Clauses sociales"

    def link(self):
        """The library page showing what the feed shows."""
        query = self.filters.url(page=None)
        return self.index_page.get_url(self.request) + ("" if query == "?" else query)

    def description(self):
        return ("Les dernières publications du portail des clauses sociales d'insertion : "
                "guides, modèles de clauses, outils, retours d'expérience, comptes rendus.")

    def items(self):
        return (
            self.publications
            .order_by(NEWEST_FIRST, "-pk")
            .prefetch_related("themes")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.kind_label, *(theme.name for theme in item.themes.all())]


class LibraryAtomFeed(LibraryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
