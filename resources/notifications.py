"""Minutes published: told to the members of their committee who may open them.

Connected to Wagtail's `page_published` signal (ResourcesConfig.ready), so that every
way of publishing (the admin, a moderator approving "Relecture", a scheduled
publication) tells them once: a new revision published later adds nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from wagtail.models import Page
from wagtail.signals import page_published

from network.enums import Role
from network.notifications import Kind, notify, register_kind
from network.permissions import Action, holders, visible_pages
from resources.models import MinutesPage

MINUTES_PUBLISHED = register_kind(Kind(
    key="compte_rendu_publie", label="Comptes rendus de mes comités publiés",
    help_text="Le compte rendu d'une réunion d'un comité dont vous êtes membre est publié.",
    roles=frozenset({Role.COMMITTEE_MEMBER}), order=82,
))


def readers(minutes: MinutesPage) -> list[int]:
    """The committee's members who pass the page's view restrictions."""
    page = Page.objects.filter(pk=minutes.pk)
    accounts = get_user_model()._default_manager
    return [
        member.pk for member in accounts.filter(
            pk__in=holders(Action.VIEW, minutes.committee).values("pk")
        ) if visible_pages(member, page).exists()
    ]


def minutes_published(sender, instance, **kwargs) -> int:
    minutes = instance.specific if isinstance(instance, Page) else instance
    if not isinstance(minutes, MinutesPage) or not minutes.committee_id:
        return 0
    revision = kwargs.get("revision")
    actor = getattr(revision, "user", None)
    parts = minutes.get_url_parts()
    if parts is None:
        return 0
    meeting = ""
    if minutes.meeting_id:
        held = formats.date_format(timezone.localtime(minutes.meeting.starts_at), "j F Y")
        meeting = f" du {held}"
    return notify(
        MINUTES_PUBLISHED, readers(minutes), about=minutes, actor=actor,
        url=parts[2], label=minutes.title,
        title=f"Compte rendu publié : {minutes.title} ({minutes.committee.name})",
        body=f"Le compte rendu de la réunion{meeting} du comité « {minutes.committee.name} » "
             "est publié sur le portail.",
    )


def connect() -> None:
    page_published.connect(minutes_published, dispatch_uid="resources_minutes_published")
