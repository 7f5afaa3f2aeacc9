from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from network import siret as sirets
from network.enums import COMPANY_KINDS, OrganisationKind

naf_validator = RegexValidator(
    r"^\d{2}\.\d{2}[A-Z]$",
    "Un code NAF s'écrit avec 4 chiffres et une lettre, par exemple 43.99C.",
)
commune_code_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", "Un code commune INSEE s'écrit avec 5 caractères, par exemple 21231."
)
# A company is seen by the facilitators (and coordinators) of every territory where it
# holds a lot (and so its clause); a buyer by its referents. Both paths go through the
# same lots and markets: the filter reads a company's lots once, whatever the number of
# people it employs.
COMPANY_TERRITORIES = ("held_lots__market__lead_territory", "held_lots__market__territories")
BUYER_ONLY = {"buyer": "pk"}


class Network(index.Indexed, models.Model):
    """A partner network (AVE, IDEAL, URPA, URMDEF-PLIE Bourgogne, ACUF…).

    Regional coordinators are the members of `coordinators_group`: they follow
    every territory of the network.
    """

    name = models.CharField("nom", max_length=200, unique=True)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    description = models.TextField("présentation", blank=True)
    website = models.URLField("site internet", blank=True)
    coordinators_group = models.OneToOneField(
        "auth.Group", verbose_name="groupe des coordinateurs", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="coordinated_network", editable=False,
    )

    panels = [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("slug"),
              FieldPanel("description"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name"), index.SearchField("acronym"),
        index.SearchField("description"), index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = "réseau"
        verbose_name_plural = "réseaux"
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return f"/reseau/reseaux/{self.slug}/"


class Organisation(index.Indexed, models.Model):
    """Any body of the ecosystem: buyers, PLIE, MDE, SIAE, companies, prescribers.

    Buyer referents are the members of `buyer_referents_group`: they follow the
    organisation's markets, with beneficiaries pseudonymised. Company referents are the
    members of `company_referents_group`: they see their company's lots with a clause
    and the placements it employs, and declare their hours. A company (COMPANY_KINDS)
    carries its SIRET (one record per SIRET), legal form and NAF code, and its contacts.
    """

    name = models.CharField("nom", max_length=255)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    kind = models.CharField("type", max_length=30, choices=OrganisationKind.choices)
    networks = models.ManyToManyField(
        Network, verbose_name="réseaux", blank=True, related_name="organisations"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("commune", max_length=120, blank=True)
    website = models.URLField("site internet", blank=True)
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[sirets.validate_siret],
        help_text="14 chiffres, sans espaces.",
    )
    legal_form = models.CharField(
        "forme juridique", max_length=120, blank=True,
        help_text="Par exemple SAS, SARL, association.",
    )
    naf_code = models.CharField("code NAF", max_length=6, blank=True, validators=[naf_validator])
    commune_code = models.CharField(
        "code commune (INSEE)", max_length=5, blank=True, validators=[commune_code_validator]
    )
    buyer_referents_group = models.OneToOneField(
        "auth.Group", verbose_name="groupe des référents acheteurs", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="referent_of_organisation", editable=False,
    )

    company_referents_group = models.OneToOneField(
        "auth.Group", verbose_name="groupe des référents de l'entreprise", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="referent_of_company",
        editable=False,
    )

    # A company's referents see their own company's record ("company": "pk").
    permission_anchors = {**BUYER_ONLY, "territory": COMPANY_TERRITORIES, "company": "pk"}
    # Only seeing (and following up) a company opens through its territories: every other
    # action on an organisation stays with its buyer anchor (company records are written
    # through clauses.operations.companies, asked of may_manage_companies).
    permission_anchors_for = {
        **dict.fromkeys(
            ("change", "delete", "change_lead", "declare", "download", "view_personal_data",
             "contribute", "manage_members", "submit_forecast", "assess_forecast",
             "view_audit_log", "submit_dce", "review_dce", "override_publication",
             "declare_hours", "validate_hours", "propose_hire", "moderate_follow_up"),
            BUYER_ONLY,
        ),
        # Following a company up (its documents and meetings): the territories that open
        # its page, never its buyer or company anchor.
        "follow_up_company": {"territory": COMPANY_TERRITORIES},
    }

    panels = [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("slug"), FieldPanel("kind"),
              FieldPanel("networks"), FieldPanel("address"), FieldPanel("postal_code"),
              FieldPanel("city"), FieldPanel("commune_code"), FieldPanel("website"),
              FieldPanel("siret"), FieldPanel("legal_form"), FieldPanel("naf_code")]
    search_fields = [
        index.SearchField("name"), index.SearchField("acronym"), index.SearchField("city"),
        index.AutocompleteField("name"), index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="organisation_siret_unique",
                violation_error_message="Une organisation porte déjà ce SIRET.",
            ),
        ]
        permissions = [
            ("follow_buyer_markets", "Suivre les marchés de l'acheteur (pseudonymisés)"),
            ("submit_forecast", "Transmettre des prévisions de marchés"),
            ("act_for_company", "Agir pour l'entreprise (référent entreprise)"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/reseau/organisations/{self.slug}/"

    @property
    def is_company(self) -> bool:
        return self.kind in COMPANY_KINDS

    @property
    def siren(self) -> str:
        return sirets.siren(self.siret)


class Contact(models.Model):
    """A person to contact in an organisation. Shown to signed-in members only."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField("nom", max_length=200)
    job_title = models.CharField("fonction", max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Profile(models.Model):
    """Links an account to the partner organisation it belongs to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE,
        related_name="profile",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="profiles",
    )
    job_title = models.CharField("fonction", max_length=200, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "profil"
        verbose_name_plural = "profils"

    def __str__(self):
        return f"Profil de {self.user}"
