"""What happens in a workspace: members, documents, posts and action items.

Views call these functions; who may do what is asked of network.permissions, which also
decides whether a refusal answers 404 or 403.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from wagtail.documents import get_document_model

from network.enums import ActionStatus, WorkspaceRole
from network.groups import anchor_role_groups
from network.models import ActionItem, Meeting, Workspace, WorkspacePost
from network.notifications import workspace as news
from network.permissions import (
    Action,
    filter_queryset,
    forget_grants,
    may_delete_document,
    may_delete_post,
    may_set_action_status,
    refusal,
    require,
)
from portal.core.uploads import validate_upload

ROLE_OF_GROUP_FIELD = {
    "readers_group": WorkspaceRole.READER,
    "contributors_group": WorkspaceRole.CONTRIBUTOR,
    "managers_group": WorkspaceRole.MANAGER,
}
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Membership:
    user: object
    role: WorkspaceRole
    # The role given in the workspace itself, which a manager may change or
    # take away; None for members through their anchor only.
    direct_role: WorkspaceRole | None
    # Facilitators of the territory, coordinators, committee members: their
    # access comes with that role and is managed there.
    through_anchor: bool


# --- Dashboard -----------------------------------------------------------------


def workspaces_of(user) -> QuerySet:
    return filter_queryset(user, Action.VIEW, Workspace.objects.all()).select_related(
        "territory", "committee"
    )


def open_action_items_of(user, limit: int = 20) -> list[ActionItem]:
    """Open actions the user is responsible for, soonest first."""
    if not user.is_authenticated:
        return []
    items = filter_queryset(
        user, Action.VIEW, ActionItem.objects.filter(owner=user, status__in=OPEN_STATUSES)
    )
    return list(
        items.select_related("workspace", "meeting__committee").order_by(
            F("due_on").asc(nulls_last=True), "pk"
        )[:limit]
    )


def upcoming_meetings_of(user, limit: int = 10) -> list[Meeting]:
    meetings = filter_queryset(
        user, Action.VIEW, Meeting.objects.filter(starts_at__gte=timezone.now())
    )
    return list(meetings.select_related("committee").order_by("starts_at")[:limit])


# --- Members -------------------------------------------------------------------


def members_of(workspace: Workspace) -> list[Membership]:
    """Everyone who reaches the workspace, with their highest role (two queries)."""
    own = {
        getattr(workspace, f"{field}_id"): role
        for field, role in ROLE_OF_GROUP_FIELD.items()
        if getattr(workspace, f"{field}_id")
    }
    anchored = {
        pk: ROLE_OF_GROUP_FIELD[field] for pk, field in anchor_role_groups(workspace).items()
    }
    User = get_user_model()
    rows = User.objects.filter(groups__in=[*own, *anchored], is_active=True).values_list(
        "pk", "groups"
    )
    direct: dict[int, WorkspaceRole] = {}
    via: dict[int, WorkspaceRole] = {}
    for user_pk, group_pk in rows:
        target, role = (direct, own[group_pk]) if group_pk in own else (via, anchored[group_pk])
        if user_pk not in target or role.rank > target[user_pk].rank:
            target[user_pk] = role
    users = (
        User.objects.filter(pk__in={*direct, *via})
        .select_related("profile__organisation")
        .order_by("last_name", "first_name", "username")
    )
    memberships = []
    for user in users:
        roles = [r for r in (direct.get(user.pk), via.get(user.pk)) if r is not None]
        memberships.append(Membership(
            user=user, role=max(roles, key=lambda r: r.rank),
            direct_role=direct.get(user.pk), through_anchor=user.pk in via,
        ))
    return memberships


def set_workspace_role(workspace: Workspace, user, role: WorkspaceRole | None) -> None:
    """Give `user` exactly `role` in `workspace` (None removes them)."""
    groups = {
        WorkspaceRole.READER: workspace.readers_group,
        WorkspaceRole.CONTRIBUTOR: workspace.contributors_group,
        WorkspaceRole.MANAGER: workspace.managers_group,
    }
    for group_role, group in groups.items():
        if group is None:
            continue
        if group_role == role:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    forget_grants(user)


def find_account(identifier: str):
    identifier = (identifier or "").strip()
    if not identifier:
        raise ValidationError("Indiquez l'identifiant ou l'adresse électronique du compte.")
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier)
    )
    found = list(users[:2])
    if len(found) != 1:
        raise ValidationError(
            "Aucun compte actif ne correspond à « %(identifier)s ». Vérifiez l'identifiant "
            "ou l'adresse électronique.",
            params={"identifier": identifier},
        )
    return found[0]


@transaction.atomic
def add_member(workspace: Workspace, by_user, identifier: str, role: WorkspaceRole):
    """Give an account a role in the workspace (or change its role). Managers only."""
    require(by_user, Action.MANAGE_MEMBERS, workspace)
    if role not in WorkspaceRole.values:
        raise ValidationError("Choisissez un rôle : lecteur, contributeur ou gestionnaire.")
    account = find_account(identifier)
    set_workspace_role(workspace, account, WorkspaceRole(role))
    return account


@transaction.atomic
def remove_member(workspace: Workspace, by_user, account) -> None:
    """Take an account out of the workspace's own groups: its access ends at once."""
    require(by_user, Action.MANAGE_MEMBERS, workspace)
    if account.pk == by_user.pk:
        raise ValidationError(
            "Vous ne pouvez pas vous retirer vous-même : demandez-le à un autre gestionnaire."
        )
    set_workspace_role(workspace, account, None)


# --- Documents -----------------------------------------------------------------


def documents_of(workspace: Workspace) -> QuerySet:
    Document = get_document_model()
    if workspace.collection_id is None:
        return Document.objects.none()
    return Document.objects.filter(collection=workspace.collection_id).select_related(
        "uploaded_by_user"
    ).order_by("-created_at")


def document_of(workspace: Workspace, document_id: int):
    """The workspace's document, or DoesNotExist: a document of another workspace is never found."""
    return documents_of(workspace).get(pk=document_id)


@transaction.atomic
def upload_document(workspace: Workspace, by_user, title: str, uploaded_file):
    """Store a validated file in the workspace's private collection. Contributors only."""
    require(by_user, Action.CONTRIBUTE, workspace)
    validate_upload(uploaded_file)
    Document = get_document_model()
    document = Document(
        title=(title or "").strip() or uploaded_file.name,
        collection_id=workspace.collection_id,
        uploaded_by_user=by_user,
    )
    # A random folder: even where media is served (DEBUG), no one guesses the path.
    name = PurePath(uploaded_file.name).name
    document.file.save(f"{secrets.token_hex(12)}/{name}", uploaded_file, save=False)
    document.file_size = uploaded_file.size
    document.save()
    news.document_shared(workspace, document, by_user)
    return document


@transaction.atomic
def delete_document(workspace: Workspace, by_user, document) -> None:
    if not may_delete_document(by_user, workspace, document):
        raise refusal(by_user, workspace)
    document.file.delete(save=False)
    document.delete()


# --- Posts and action items ----------------------------------------------------


@transaction.atomic
def add_post(workspace: Workspace, by_user, body: str) -> WorkspacePost:
    require(by_user, Action.CONTRIBUTE, workspace)
    body = (body or "").strip()
    if not body:
        raise ValidationError("Le message est vide.")
    post = WorkspacePost.objects.create(workspace=workspace, author=by_user, body=body)
    news.post_published(workspace, post, by_user)
    return post


def delete_post(workspace: Workspace, by_user, post: WorkspacePost) -> None:
    if not may_delete_post(by_user, workspace, post):
        raise refusal(by_user, workspace)
    post.delete()


@transaction.atomic
def add_action_item(workspace: Workspace, by_user, **fields) -> ActionItem:
    require(by_user, Action.CONTRIBUTE, workspace)
    item = ActionItem.objects.create(workspace=workspace, **fields)
    news.action_assigned(workspace, item, by_user)
    return item


def set_action_status(workspace: Workspace, by_user, item: ActionItem, status: str) -> None:
    if status not in ActionStatus.values:
        raise ValidationError("Cet état n'existe pas.")
    if not may_set_action_status(by_user, workspace, item):
        raise refusal(by_user, workspace)
    item.status = status
    item.save(update_fields=["status"])


def action_items_of(workspace: Workspace) -> QuerySet:
    """The workspace's actions, and those of its committee's meetings."""
    condition = Q(workspace=workspace)
    if workspace.committee_id:
        condition |= Q(meeting__committee=workspace.committee_id)
    return ActionItem.objects.filter(condition).select_related("owner", "meeting").order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )


def meetings_of(workspace: Workspace) -> QuerySet:
    if not workspace.committee_id:
        return Meeting.objects.none()
    return Meeting.objects.filter(committee=workspace.committee_id).order_by("starts_at")
