"""The portal's one permission policy.

Who may see or change what is decided in this package and nowhere else. Views, the
Wagtail admin, search, exports, feeds and the API import this module only, never
its parts:

- grants.py: the actions, a person's grants (read once per request) and roles;
- rules.py: the rule table, and the answers computed from it (filters, object
  checks, anchor ids for Elasticsearch);
- workspaces.py: a person's role in a workspace and what it lets them do;
- bilans.py: who reads which bilan (national, network, convention…);
- conventions.py: the conventions that concern a person;
- facilitators.py: who may be put in charge of a market;
- refusals.py: whether a refusal answers 404 or 403 (`get_for`, `require`);
- privacy.py: Wagtail's page and collection view restrictions on querysets;
- wagtail_admin.py: the adapter registered as Wagtail's permission policy.

How it works:
- Roles are group memberships. django-guardian object permissions are granted
  once to the group of each *anchor* (territory, network, buyer organisation,
  committee, workspace; see network/groups.py).
- A user's grants are read in one query and cached on the user object for the
  request (`grants_for`). A new request reads them again, so a role given or
  taken away applies at once.
- Child objects (markets, beneficiaries, placements, hours, minutes…) do not
  carry permissions: their model declares how to reach its anchors in
  `permission_anchors`, a mapping of anchor kind to ORM path (or paths), e.g.
  ``{"territory": ("lead_territory", "territories"), "buyer": "buyer"}``.
- The rule table (`rules.RULES`) says, for each action, which grant opens it
  through which anchor kind: VIEW opens through followed territories, buyer
  organisations, committees and workspaces read; CHANGE through followed
  territories and workspaces contributed to; and so on. An action may also
  require another one on the same object (`Rule.also`).
- The SQL filter (`filter_queryset`), the object check (`has_permission`) and the
  ids for engines outside the database (`anchor_ids`) are all read from the table
  and the grants, so listings are filtered in the database and Elasticsearch
  applies the same rule.
"""

from network.permissions.bilans import (
    bilan_conventions,
    bilan_networks,
    may_read_bilan,
    may_read_national_bilan,
)
from network.permissions.conventions import followed_conventions
from network.permissions.facilitators import assignable_facilitators
from network.permissions.grants import (
    EDITORS_GROUP,
    MODERATORS_GROUP,
    Action,
    Anchor,
    Grants,
    can_see_contacts,
    forget_grants,
    grants_for,
    is_committee_member,
    roles_of,
)
from network.permissions.privacy import (
    SearchVisibility,
    search_visibility,
    visibility_class,
    visible_documents,
    visible_pages,
)
from network.permissions.refusals import get_for, refusal, require, require_any
from network.permissions.rules import (
    RULES,
    anchor_ids,
    anchors_for,
    anchors_of,
    filter_queryset,
    has_any_anchor,
    has_permission,
    is_anchor_model,
)
from network.permissions.wagtail_admin import (
    ADMIN_ONLY,
    AnchoredPermissionPolicy,
    allowed_parents,
)
from network.permissions.workspaces import (
    may_delete_document,
    may_delete_post,
    may_set_action_status,
    workspace_role,
)

__all__ = [
    "ADMIN_ONLY",
    "EDITORS_GROUP",
    "MODERATORS_GROUP",
    "RULES",
    "Action",
    "Anchor",
    "AnchoredPermissionPolicy",
    "Grants",
    "SearchVisibility",
    "allowed_parents",
    "anchor_ids",
    "assignable_facilitators",
    "anchors_for",
    "anchors_of",
    "bilan_conventions",
    "bilan_networks",
    "can_see_contacts",
    "filter_queryset",
    "followed_conventions",
    "forget_grants",
    "get_for",
    "grants_for",
    "has_any_anchor",
    "has_permission",
    "is_anchor_model",
    "is_committee_member",
    "may_delete_document",
    "may_delete_post",
    "may_read_bilan",
    "may_read_national_bilan",
    "may_set_action_status",
    "refusal",
    "require",
    "require_any",
    "roles_of",
    "search_visibility",
    "visibility_class",
    "visible_documents",
    "visible_pages",
    "workspace_role",
]
