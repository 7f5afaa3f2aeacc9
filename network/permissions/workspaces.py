"""Workspaces: a person's role in one, and what their role or authorship lets them do.

Roles come from the workspace's own groups and from its anchor's (the facilitators
of a territory manage its workspace, a committee's members contribute to the
committee's; see network/groups.py). Giving a role is a write: network/workspaces.py.
"""

from __future__ import annotations

from network.enums import WorkspaceRole
from network.permissions.grants import grants_for


def workspace_role(user, workspace) -> WorkspaceRole | None:
    g = grants_for(user)
    if g.superuser:
        return WorkspaceRole.MANAGER
    return g.workspace_roles.get(workspace.pk)
