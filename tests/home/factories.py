import factory
import wagtail_factories

from home.demo import HOME_BODY
from home.models import ContentPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Clauses sociales d'insertion"
    slug = factory.Sequence(lambda n: f"accueil-{n}")
    body = factory.LazyFunction(lambda: HOME_BODY)

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page de contenu {n}")
    intro = "<p>Présentation de la page.</p>"

    class Meta:
        model = ContentPage
