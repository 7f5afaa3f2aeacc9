import pytest
from wagtail.models import Page, Site

from tests.home.factories import HomePageFactory


@pytest.fixture
def home_page(db):
    """A home page that the default site serves, as seed_demo sets it up."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test cached (counts, pages) is
    never another's answer."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
