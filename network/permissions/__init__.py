"""The portal's one permission policy.

Who may see or change what is decided in this package and nowhere else. Views, the
Wagtail admin, search, exports, feeds and the API import this module only, never
its parts:

- grants.py: the actions, a person's grants (read once per request) and roles;
- rules.py: the rule table, and the answers computed from it (filters, object
  checks, anchor ids for Elasticsearch);
- refusals.py: whether a refusal answers 404 or 403 (`get_for`, `require`);
- workspaces.py: a person's role in a workspace and what it lets them do;
- bilans.py: who reads which bilan (national, network, convention…);
- conventions.py: the conventions that concern a person;
- companies.py: who keeps the company records (and who sees a company: its anchors),
  who removes a record of its follow-up;
- facilitators.py: who may be put in charge of a market;
- audience.py: who a notification is for (role holders among the object's viewers);
- privacy.py: Wagtail's page and collection view restrictions on querysets;
- collections.py: who reaches a workspace's private collection in the Wagtail admin;
- wagtail_admin.py: the adapter registered as Wagtail's permission policy.

Grants. Roles are group memberships. django-guardian object permissions are
granted once to the group of each *anchor* (territory, network, buyer organisation,
committee, workspace; network/groups.py): a territory's facilitators and the
coordinators of its network both hold "follow" and "personal data" on it, a buyer's
referents "follow" and "submit forecasts" on the organisation, a company's referents "act
for the company" on it (the `company` anchor: their lots with a clause, the placements and
hours of the people their company employs; DECLARE_HOURS and PROPOSE_HIRE, never
VALIDATE_HOURS), and so on. A user's
grants are read in one query, cached on the user object for the request and in the
shared cache under a generation that any change of a group, a membership or an object
permission moves on (`grants_for`, `grants_changed`): a role given or taken away
applies from the next request on.

Anchors. Child objects (markets, beneficiaries, placements, hours, minutes…) carry
no permission of their own: their model declares how to reach its anchors in
`permission_anchors`, a mapping of anchor kind to ORM path (or tuple of paths)::

    permission_anchors = {"territory": ("lead_territory", "territories"), "buyer": "buyer"}

An anchor reaches itself through "pk". Every action uses these paths unless the
model gives others for it in `permission_anchors_for` (keys are Action values)::

    permission_anchors_for = {
        Action.DELETE: {"territory": "lead_territory"},      # not a co-territory
        Action.DECLARE: {"territory": "beneficiary__territory"},
    }

An empty mapping for an action (``{Action.DELETE: {}}`` on territories, committees
and workspaces) leaves it to administrators.

The rule table. `RULES` maps each action to the grants that open it and through
which anchor kind (VIEW: followed territories, buyer organisations, committees,
workspaces read; CHANGE: followed territories, workspaces contributed to; DECLARE:
territories whose personal data the person sees; SUBMIT_DCE: the lead territory or the
buyer's forecasters; REVIEW_DCE: the lead territory; OVERRIDE_PUBLICATION: its
coordinators…). A rule may also require another
action on the same object (`Rule.also`: DECLARE requires VIEW, so a facilitator
declares hours for a person of their territory only on a market they see).
`filter_queryset` (SQL, so listings are filtered in the database), `has_permission`,
`anchor_ids` (the ids per anchor kind, for Elasticsearch) and `holders` (the accounts
that may act on one object, for notifications) are all computed from the table, the
model's anchors and the grants, never from one another.

Refusals. `get_for` and `require` answer 404 to whom may not view the object and
403 to whom may view it but not do the action (see refusals.py for the
exceptions); views, the admin, the workspaces and the API all go through them.
"""

from network.permissions.audience import among_viewers, coordinators_of, facilitators_of
from network.permissions.bilans import (
    bilan_conventions,
    bilan_networks,
    bilan_reader_fingerprint,
    may_read_bilan,
    may_read_national_bilan,
)
from network.permissions.collections import (
    PRIVATE_COLLECTION_PERMISSIONS,
    PrivateCollectionsPolicy,
    collections_out_of_reach,
    private_collections,
    shared_collections,
)
from network.permissions.companies import (
    may_manage_companies,
    may_remove_follow_up,
    require_company_manager,
    with_removal,
)
from network.permissions.conventions import followed_conventions
from network.permissions.facilitators import assignable_facilitators
from network.permissions.grants import (
    EDITORS_GROUP,
    MODERATORS_GROUP,
    Action,
    Anchor,
    can_see_contacts,
    forget_grants,
    grants_changed,
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
    holders,
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
    "PRIVATE_COLLECTION_PERMISSIONS",
    "EDITORS_GROUP",
    "MODERATORS_GROUP",
    "RULES",
    "Action",
    "Anchor",
    "AnchoredPermissionPolicy",
    "PrivateCollectionsPolicy",
    "SearchVisibility",
    "allowed_parents",
    "among_viewers",
    "anchor_ids",
    "anchors_for",
    "anchors_of",
    "assignable_facilitators",
    "bilan_conventions",
    "bilan_networks",
    "bilan_reader_fingerprint",
    "can_see_contacts",
    "collections_out_of_reach",
    "coordinators_of",
    "facilitators_of",
    "filter_queryset",
    "followed_conventions",
    "forget_grants",
    "grants_changed",
    "get_for",
    "has_any_anchor",
    "has_permission",
    "holders",
    "is_anchor_model",
    "is_committee_member",
    "may_delete_document",
    "may_delete_post",
    "may_manage_companies",
    "may_remove_follow_up",
    "may_read_bilan",
    "may_read_national_bilan",
    "may_set_action_status",
    "private_collections",
    "refusal",
    "require",
    "require_any",
    "require_company_manager",
    "roles_of",
    "search_visibility",
    "shared_collections",
    "visibility_class",
    "visible_documents",
    "visible_pages",
    "with_removal",
    "workspace_role",
]
