"""Registers network.permissions' policy for the Wagtail admin of anchored models,
and its private-collections rule for documents and images.

Done from NetworkConfig.ready(), before anything asks Wagtail's registry
for these models (which would otherwise create a fallback policy). Documents and
images are registered for their exact class, which wins over the policy that
wagtail.documents and wagtail.images register after us.
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry, register_permission_policy

from network.models import ActionItem, Committee, Meeting, Territory, Workspace, WorkspacePost
from network.permissions import AnchoredPermissionPolicy, PrivateCollectionsPolicy

ANCHORED_MODELS = (Territory, Committee, Meeting, ActionItem, Workspace, WorkspacePost)


def register() -> None:
    for model in ANCHORED_MODELS:
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), AnchoredPermissionPolicy
        ):
            register_permission_policy(model, AnchoredPermissionPolicy(model), exact_class=True)
    for model, auth_model in (
        (get_document_model(), "wagtaildocs.Document"),
        (get_image_model(), "wagtailimages.Image"),
    ):
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), PrivateCollectionsPolicy
        ):
            register_permission_policy(
                model,
                PrivateCollectionsPolicy(
                    model, auth_model=auth_model, owner_field_name="uploaded_by_user"
                ),
                exact_class=True,
            )
