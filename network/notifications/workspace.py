"""What happens in a workspace, told to its members: a message, a document, and an
action given to someone (told to them alone). Called by the operations of
network/workspaces.py."""

from __future__ import annotations

from django.utils import formats

from network.enums import Delivery, Role
from network.notifications.kinds import Kind, register_kind
from network.notifications.record import notify
from network.permissions import Action, holders

_MEMBERS = frozenset({Role.MEMBER})

POST = register_kind(Kind(
    key="espace_message", label="Messages publiés dans mes espaces de travail",
    help_text="Un membre d'un espace de travail dont vous faites partie y publie un message.",
    roles=_MEMBERS, default=Delivery.DAILY, order=70,
))
DOCUMENT = register_kind(Kind(
    key="espace_document", label="Documents déposés dans mes espaces de travail",
    help_text="Un membre d'un espace de travail dont vous faites partie y dépose un document.",
    roles=_MEMBERS, default=Delivery.DAILY, order=71,
))
ACTION = register_kind(Kind(
    key="action_confiee", label="Actions qui me sont confiées",
    help_text="Une action d'un espace de travail ou d'une réunion vous est confiée.",
    roles=_MEMBERS, order=72,
))


def _name(account) -> str:
    return (account.get_full_name() or account.get_username()) if account else "Un membre"


def post_published(workspace, post, actor) -> int:
    excerpt = " ".join(post.body.split())
    excerpt = excerpt if len(excerpt) <= 300 else excerpt[:299] + "…"
    return notify(
        POST, holders(Action.VIEW, workspace), about=post, actor=actor,
        url=f"{workspace.get_absolute_url()}#messages", label=workspace.name,
        title=f"Nouveau message dans l'espace « {workspace.name} »",
        body=f"{_name(actor)} a écrit : {excerpt}",
    )


def document_shared(workspace, document, actor) -> int:
    return notify(
        DOCUMENT, holders(Action.VIEW, workspace), about=document, actor=actor,
        url=f"{workspace.get_absolute_url()}#documents", label=workspace.name,
        title=f"Nouveau document dans l'espace « {workspace.name} » : {document.title}",
        body=f"{_name(actor)} a déposé « {document.title} ».",
    )


def action_assigned(workspace, item, actor) -> int:
    """Told to the person responsible, if they may see the action."""
    if not item.owner_id:
        return 0
    due = f" Échéance : {formats.date_format(item.due_on, 'j F Y')}." if item.due_on else ""
    description = " ".join(item.description.split())
    short = description if len(description) <= 120 else description[:119] + "…"
    return notify(
        ACTION, holders(Action.VIEW, item).filter(pk=item.owner_id), about=item, actor=actor,
        url=f"{workspace.get_absolute_url()}#actions", label=workspace.name,
        title=f"Une action vous est confiée : {short}",
        body=f"Dans l'espace « {workspace.name} », {_name(actor)} vous confie : "
             f"{description}.{due}",
    )
