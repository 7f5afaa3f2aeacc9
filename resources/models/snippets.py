"""Taxonomy of the library: themes (edited as snippets) and market categories."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.core.vocabulary import MarketCategory


class Theme(index.Indexed, models.Model):
    """A subject publications are filed under (calcul des heures, suivi, SIAE…)."""

    name = models.CharField("nom", max_length=120, unique=True)
    slug = models.SlugField(
        "identifiant", max_length=120, unique=True,
        help_text="Utilisé dans l'adresse des listes filtrées (par exemple calcul-des-heures).",
    )
    description = models.TextField("description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["name"]

    def __str__(self):
        return self.name


class MarketCategoryOption(models.Model):
    """One row per ``MarketCategory``, so that a publication can concern several
    categories and the library can count them in the database.

    The rows are created by a data migration; a new ``MarketCategory`` needs one too.
    """

    code = models.CharField(
        "code", max_length=20, primary_key=True, choices=MarketCategory.choices
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie de marché"
        verbose_name_plural = "catégories de marché"
        ordering = ["position", "code"]

    def __str__(self):
        return MarketCategory(self.code).label
