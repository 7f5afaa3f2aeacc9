from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Territory(index.Indexed, models.Model):
    """The area a facilitator covers, run by a PLIE or an MDE.

    It anchors permissions: markets, beneficiaries, placements and hours of the
    territory are followed by `facilitators_group` and by the coordinators of
    its network (see the network.permissions package).
    """

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    departements = models.JSONField(
        "départements", default=list, blank=True,
        help_text="Codes des départements, par exemple [\"21\"].",
    )
    communes = models.JSONField(
        "communes (codes INSEE)", default=list, blank=True,
        help_text="Codes INSEE des communes couvertes.",
    )
    description = models.TextField("présentation", blank=True)
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name="structure porteuse", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="territories",
    )
    network = models.ForeignKey(
        "network.Network", verbose_name="réseau", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="territories",
    )
    facilitators_group = models.OneToOneField(
        "auth.Group", verbose_name="groupe des facilitateurs", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="facilitated_territory", editable=False,
    )

    permission_anchors = {"territory": "pk"}
    # Created and deleted by administrators only.
    permission_anchors_for = {"delete": {}}

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("departements"),
              FieldPanel("communes"), FieldPanel("description"), FieldPanel("organisation"),
              FieldPanel("network")]
    search_fields = [
        index.SearchField("name"), index.SearchField("description"),
        index.AutocompleteField("name"), index.FilterField("network_id"),
    ]

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["name"]
        permissions = [
            ("follow_territory", "Suivre les marchés, placements et heures du territoire"),
            ("view_personal_data", "Voir les données personnelles des bénéficiaires"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/reseau/territoires/{self.slug}/"

    @property
    def departements_display(self) -> str:
        return ", ".join(self.departements or [])
