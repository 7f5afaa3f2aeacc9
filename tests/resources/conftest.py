import pytest
from wagtail.models import PageViewRestriction

from portal.core.vocabulary import LegalBasis
from tests.network.factories import NetworkFactory, TerritoryFactory
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    ExperiencePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
    ResourceIndexPageFactory,
    ThemeFactory,
    ToolPageFactory,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents uploaded by a test go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def library(home_page):
    """The library at /ressources/, under the home page the default site serves."""
    return ResourceIndexPageFactory(parent=home_page)


@pytest.fixture
def catalogue(library):
    """Seven publications, one of them restricted minutes, filed in varied ways."""
    hours = ThemeFactory(name="Calcul des heures", slug="calcul-des-heures")
    siae = ThemeFactory(name="Structures d'insertion", slug="siae")
    ThemeFactory(name="Thème sans publication", slug="vide")
    ave = NetworkFactory(name="Alliance Villes Emploi", acronym="AVE", slug="ave")
    urpa = NetworkFactory(name="Union régionale des PLIE d'Aquitaine", acronym="URPA", slug="urpa")
    graves = TerritoryFactory(name="PLIE des Graves", slug="plie-graves")
    dijon = TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais")
    execution = LegalBasis.EXECUTION_CONDITION
    pages = {
        "guide": GuidePageFactory(
            parent=library, title="Calculer les heures d'insertion", year=2010,
            themes=[hours], networks=[ave], territories=[graves],
            market_categories=["travaux"], legal_basis=execution,
        ),
        "clause-siae": ClauseTemplatePageFactory(
            parent=library, title="Marché réservé aux SIAE", year=2011,
            themes=[hours, siae], networks=[urpa], market_categories=["services"],
            legal_basis=LegalBasis.RESERVED_SIAE,
        ),
        "clause-execution": ClauseTemplatePageFactory(
            parent=library, title="Clause en condition d'exécution", year=2011,
            themes=[siae], networks=[ave], territories=[dijon],
            market_categories=["travaux", "services"], legal_basis=execution,
        ),
        "tool": ToolPageFactory(
            parent=library, title="Tableau de suivi", year=2012, networks=[ave],
            market_categories=["fournitures"],
        ),
        "experience": ExperiencePageFactory(
            parent=library, title="Groupe scolaire", year=2010, themes=[hours],
            territories=[graves], market_categories=["travaux"],
            legal_basis=LegalBasis.AWARD_CRITERION,
        ),
        "public-minutes": MinutesPageFactory(
            parent=library, title="Comité : lancement", year=2011, themes=[siae],
        ),
        "restricted-minutes": MinutesPageFactory(
            parent=library, title="Comité : mi-parcours", year=2011, themes=[hours],
            networks=[urpa],
        ),
    }
    PageViewRestriction.objects.filter(page=pages["public-minutes"]).delete()
    return pages
