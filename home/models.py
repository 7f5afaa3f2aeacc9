from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from portal.core.pages import SpecificChildRoutingMixin, ViewRestrictionsMixin
from resources.highlights import latest_publications, upcoming_public_meetings


class HomePage(SpecificChildRoutingMixin, ViewRestrictionsMixin, Page):
    """The portal's front page. There is exactly one, at the root of the site."""

    body = StreamField(BodyBlock(), blank=True, verbose_name="Contenu")

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ContentPage", "resources.ResourceIndexPage"]
    max_count = 1
    child_base_model = Page

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_publications"] = latest_publications(request.user)
        context["upcoming_meetings"] = upcoming_public_meetings()
        return context


class ContentPage(SpecificChildRoutingMixin, ViewRestrictionsMixin, Page):
    """A plain page of text (mentions légales, accessibilité, à propos…)."""

    intro = RichTextField(blank=True, verbose_name="Chapô", features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name="Contenu")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    child_base_model = Page

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "page de contenu"
