"""Helpers of the search tests: restrictions, a password-protected collection,
markets, and reading /recherche/ as a person does."""

import re
from html import unescape

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

PASSWORD = "mot-de-passe-partage"


def restrict(page, restriction_type, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type,
        password=PASSWORD if restriction_type == PageViewRestriction.PASSWORD else "",
    )
    restriction.groups.set(groups)
    return page


def password_collection():
    collection = Collection.get_first_root_node().add_child(name="Collection à mot de passe")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    return collection


def market(**kwargs):
    """A market; returns the title its search result shows."""
    from tests.clauses.factories import MarketFactory

    created = MarketFactory(**kwargs)
    return f"{created.reference} — {created.title}"


_RESULT_TITLE = re.compile(
    r'<li class="card search-result">.*?<h3><a href="[^"]*">(.*?)</a></h3>', re.S
)
_TOTAL = re.compile(r'<h2 id="results-title"[^>]*>\s*(\d+) résultat')


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return [unescape(re.sub(r"</?mark>", "", title)) for title in _RESULT_TITLE.findall(html)]


def total(response) -> int:
    found = _TOTAL.search(response.content.decode())
    return int(found.group(1)) if found else 0


def search_titles(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return result_titles(response)
