"""Workspaces: a person's role in one, and what their role or authorship lets them do.

Roles come from the workspace's own groups and from its anchor's (the facilitators
of a territory manage its workspace, a committee's members contribute to the
committee's; see network/groups.py). Giving a role is a write: network/workspaces.py.
Every answer here is read from the grants already loaded for the request: no query.
"""

from __future__ import annotations

from network.enums import WorkspaceRole
from network.permissions.grants import grants_for


def workspace_role(user, workspace) -> WorkspaceRole | None:
    g = grants_for(user)
    if g.superuser:
        return WorkspaceRole.MANAGER
    return g.workspace_roles.get(workspace.pk)


def _at_least(user, workspace, minimum: WorkspaceRole) -> bool:
    role = workspace_role(user, workspace)
    return role is not None and role.rank >= minimum.rank


def _own(user, author_id) -> bool:
    return author_id is not None and author_id == user.pk


def may_delete_document(user, workspace, document) -> bool:
    """Managers, and contributors for the documents they uploaded."""
    return _at_least(user, workspace, WorkspaceRole.MANAGER) or (
        _own(user, document.uploaded_by_user_id)
        and _at_least(user, workspace, WorkspaceRole.CONTRIBUTOR)
    )


def may_delete_post(user, workspace, post) -> bool:
    """Managers, and contributors for the messages they wrote."""
    return _at_least(user, workspace, WorkspaceRole.MANAGER) or (
        _own(user, post.author_id) and _at_least(user, workspace, WorkspaceRole.CONTRIBUTOR)
    )


def may_set_action_status(user, workspace, item) -> bool:
    """Contributors, and whoever the action is assigned to (a reader may close theirs)."""
    return _own(user, item.owner_id) or _at_least(user, workspace, WorkspaceRole.CONTRIBUTOR)
