from resources.models.base import Publication, PublicationDocument, RelatedPublication
from resources.models.pages import (
    ClauseTemplatePage,
    ExperiencePage,
    GuidePage,
    MinutesPage,
    ResourceIndexPage,
    ToolPage,
)
from resources.models.snippets import MarketCategoryOption, Theme

__all__ = [
    "ClauseTemplatePage",
    "ExperiencePage",
    "GuidePage",
    "MarketCategoryOption",
    "MinutesPage",
    "Publication",
    "PublicationDocument",
    "RelatedPublication",
    "ResourceIndexPage",
    "Theme",
    "ToolPage",
]
