import pytest

from tests.resources.factories import ResourceIndexPageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents uploaded by a test go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def library(home_page):
    """The library at /ressources/, under the home page the default site serves."""
    return ResourceIndexPageFactory(parent=home_page)
