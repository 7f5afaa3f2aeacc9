import pytest

from tests.resources.factories import ResourceIndexPageFactory


@pytest.fixture
def library(home_page):
    """The library at /ressources/, under the home page the default site serves."""
    return ResourceIndexPageFactory(parent=home_page)
