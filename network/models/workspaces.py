from django.conf import settings
from django.db import models

from network.enums import WorkspaceKind


class Workspace(models.Model):
    """A members-only space of a territory or a committee.

    Each workspace role (lecteur, contributeur, gestionnaire) is a group with
    object permissions on the workspace; the workspace's documents live in its
    own private Wagtail collection and are served after a permission check.
    """

    name = models.CharField("nom", max_length=255)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    kind = models.CharField("type", max_length=20, choices=WorkspaceKind.choices)
    description = models.TextField("présentation", blank=True)
    territory = models.OneToOneField(
        "network.Territory", verbose_name="territoire", null=True, blank=True,
        on_delete=models.CASCADE, related_name="workspace",
    )
    committee = models.OneToOneField(
        "network.Committee", verbose_name="comité", null=True, blank=True,
        on_delete=models.CASCADE, related_name="workspace",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", verbose_name="collection privée", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="workspace", editable=False,
    )
    readers_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="workspace_as_readers", editable=False,
    )
    contributors_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="workspace_as_contributors", editable=False,
    )
    managers_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="workspace_as_managers", editable=False,
    )

    permission_anchors = {"workspace": "pk"}
    # Created and deleted by administrators only.
    permission_anchors_for = {"delete": {}}
    # The directory leads to every territory's and committee's workspace: refusing
    # one tells its existence anyway (403, not 404).
    permission_existence_public = True

    class Meta:
        verbose_name = "espace de travail"
        verbose_name_plural = "espaces de travail"
        ordering = ["name"]
        permissions = [
            ("view_workspace_content", "Consulter l'espace de travail"),
            ("contribute_workspace", "Contribuer à l'espace de travail"),
            ("manage_workspace", "Gérer les membres de l'espace de travail"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=WorkspaceKind.TERRITORY, territory__isnull=False,
                             committee__isnull=True)
                    | models.Q(kind=WorkspaceKind.COMMITTEE, committee__isnull=False,
                               territory__isnull=True)
                ),
                name="workspace_anchor_matches_kind",
                violation_error_message="Un espace est rattaché soit à un territoire, "
                "soit à un comité, selon son type.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == WorkspaceKind.TERRITORY:
            return f"/espace/territoires/{self.slug}/"
        return f"/espace/comites/{self.slug}/"


class WorkspacePost(models.Model):
    workspace = models.ForeignKey(
        Workspace, verbose_name="espace", on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL,
        related_name="workspace_posts",
    )
    body = models.TextField("message", max_length=5000)
    created_at = models.DateTimeField("publié le", auto_now_add=True)

    permission_anchors = {"workspace": "workspace"}

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["-created_at"]

    def __str__(self):
        return self.body[:60]
