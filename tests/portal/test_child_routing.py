"""The parents that route to a child in one query join the page types Wagtail allows
below them (portal.core.pages.SpecificChildRoutingMixin), read from `subpage_types`."""

from home.models import ContentPage, HomePage
from resources.models import ResourceIndexPage


def test_the_joined_children_are_the_allowed_page_types():
    assert HomePage.child_links() == ("contentpage", "resourceindexpage")
    assert ContentPage.child_links() == ("contentpage",)
    assert ResourceIndexPage.child_links() == (
        "guidepage", "clausetemplatepage", "toolpage", "experiencepage", "minutespage",
    )


def test_each_class_keeps_its_own():
    """Read once per class, not inherited from the first class that asked."""
    HomePage.child_links()
    ContentPage.child_links()
    assert vars(HomePage)["_child_links"] != vars(ContentPage)["_child_links"]
