"""Registers network.permissions' policy for the Wagtail admin of anchored models.

Done from NetworkConfig.ready(), before anything asks Wagtail's registry
for these models (which would otherwise create a fallback policy).
"""

from wagtail.permissions import policy_registry, register_permission_policy

from network.models import ActionItem, Committee, Meeting, Territory, Workspace, WorkspacePost
from network.permissions import AnchoredPermissionPolicy

ANCHORED_MODELS = (Territory, Committee, Meeting, ActionItem, Workspace, WorkspacePost)


def register() -> None:
    for model in ANCHORED_MODELS:
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), AnchoredPermissionPolicy
        ):
            register_permission_policy(model, AnchoredPermissionPolicy(model), exact_class=True)
