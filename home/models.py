from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock


class HomePage(Page):
    """The portal's front page. There is exactly one, at the root of the site."""

    body = StreamField(BodyBlock(), blank=True, verbose_name="Contenu")

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ContentPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = "page d'accueil"


class ContentPage(Page):
    """A plain page of text (mentions légales, accessibilité, à propos…)."""

    intro = RichTextField(blank=True, verbose_name="Chapô", features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name="Contenu")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "page de contenu"
