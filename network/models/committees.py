from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from network.enums import ActionStatus, CommitteeKind


class Committee(index.Indexed, models.Model):
    """A steering committee, working group or facilitators' network.

    Its members are the users of `members_group`; restricted minutes use a
    Wagtail view restriction on that same group, so adding someone to the
    committee opens every restricted page of it at once.
    """

    name = models.CharField("nom", max_length=255)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    kind = models.CharField("type", max_length=30, choices=CommitteeKind.choices)
    description = models.TextField("rôle", blank=True)
    convention = models.ForeignKey(
        "network.Convention", verbose_name="convention", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="committees",
    )
    network = models.ForeignKey(
        "network.Network", verbose_name="réseau", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="committees",
    )
    members_group = models.OneToOneField(
        "auth.Group", verbose_name="groupe des membres", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="committee", editable=False,
    )

    permission_anchors = {"committee": "pk"}
    # Created and deleted by administrators only.
    permission_anchors_for = {"delete": {}}

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"),
              FieldPanel("description"), FieldPanel("convention"), FieldPanel("network")]
    search_fields = [
        index.SearchField("name"), index.SearchField("description"),
        index.AutocompleteField("name"), index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = "comité"
        verbose_name_plural = "comités"
        ordering = ["name"]
        permissions = [("view_committee_space", "Voir les contenus réservés du comité")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/reseau/comites/{self.slug}/"


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name="comité", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField("intitulé", max_length=255)
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=255, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    attendees = models.TextField("participants", blank=True, help_text="Un participant par ligne.")
    is_public = models.BooleanField(
        "annoncée publiquement", default=False,
        help_text="La date et l'ordre du jour apparaissent sur les pages publiques.",
    )

    # Members of the committee see its meetings; contributors of the
    # committee's workspace also keep them up to date.
    permission_anchors = {"committee": "committee", "workspace": "committee__workspace"}

    panels = [FieldPanel("committee"), FieldPanel("title"), FieldPanel("starts_at"),
              FieldPanel("place"), FieldPanel("agenda"), FieldPanel("attendees"),
              FieldPanel("is_public")]

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.committee} — {self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class ActionItem(models.Model):
    """Something someone must do, decided in a meeting or noted in a workspace."""

    description = models.TextField("action")
    meeting = models.ForeignKey(
        Meeting, verbose_name="réunion", null=True, blank=True, on_delete=models.CASCADE,
        related_name="action_items",
    )
    workspace = models.ForeignKey(
        "network.Workspace", verbose_name="espace de travail", null=True, blank=True,
        on_delete=models.CASCADE, related_name="action_items",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="responsable", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="action_items",
    )
    owner_name = models.CharField(
        "responsable (sans compte)", max_length=200, blank=True,
        help_text="Si le responsable n'a pas de compte sur le portail.",
    )
    due_on = models.DateField("échéance", null=True, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    permission_anchors = {
        "committee": "meeting__committee",
        "workspace": ("workspace", "meeting__committee__workspace"),
    }

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False) | models.Q(workspace__isnull=False),
                name="action_item_has_meeting_or_workspace",
                violation_error_message="Une action est rattachée à une réunion ou à un espace.",
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_name
