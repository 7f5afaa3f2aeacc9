"""The library's facet counts are kept in the cache (resources.library): they must still
change as soon as the content or who may see it does."""

import pytest
from wagtail.models import PageViewRestriction

from tests.network.factories import committee_member_of
from tests.resources.factories import GuidePageFactory, ThemeFactory
from tests.resources.test_library import URL

pytestmark = pytest.mark.django_db


def theme_count(client, slug):
    facets = {facet.param: facet for facet in client.get(URL).context["facets"]}
    return {option.value: option.count for option in facets["theme"].options}.get(slug, 0)


def test_a_new_publication_is_counted_on_the_next_request(client, catalogue, library):
    before = theme_count(client, "calcul-des-heures")
    guide = GuidePageFactory(parent=library, title="Nouveau guide")
    guide.themes.add(*catalogue["guide"].themes.all())
    guide.save_revision().publish()
    assert theme_count(client, "calcul-des-heures") == before + 1


def test_a_renamed_theme_shows_its_new_name(client, catalogue):
    theme = catalogue["guide"].themes.get(slug="calcul-des-heures")
    assert "Calcul des heures" in client.get(URL).content.decode()
    theme.name = "Calcul des heures d'insertion"
    theme.save()
    assert "Calcul des heures d&#x27;insertion" in client.get(URL).content.decode()


def test_counts_are_not_shared_between_a_member_and_a_visitor(client, catalogue):
    committee = catalogue["restricted-minutes"].committee
    visitor_count = theme_count(client, "calcul-des-heures")
    client.force_login(committee_member_of(committee))
    assert theme_count(client, "calcul-des-heures") == visitor_count + 1
    client.logout()
    assert theme_count(client, "calcul-des-heures") == visitor_count


def test_lifting_a_restriction_counts_the_page_for_visitors(client, catalogue):
    visitor_count = theme_count(client, "calcul-des-heures")
    PageViewRestriction.objects.filter(page=catalogue["restricted-minutes"]).delete()
    assert theme_count(client, "calcul-des-heures") == visitor_count + 1


def test_a_new_theme_filter_option_appears(client, catalogue, library):
    theme = ThemeFactory(name="Achats responsables", slug="achats-responsables")
    guide = GuidePageFactory(parent=library)
    guide.themes.add(theme)
    guide.save_revision().publish()
    assert theme_count(client, "achats-responsables") == 1
