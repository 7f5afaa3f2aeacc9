"""The admin's site history without the documents and images a person may not reach.

Wagtail shows the log entries of every model whose permission the person holds at
model level: an editor would read the titles of every private workspace document and
of what was done to it. Entries about documents and images are kept only for those
that Wagtail's policy (network.permissions.PrivateCollectionsPolicy) lists for the
person; those of deleted files are for administrators only, as their collection is no
longer known.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        # Page entries have a page, not an object id; pages have their own rules.
        fields = {field.name for field in queryset.model._meta.get_fields()}
        if user.is_superuser or "object_id" not in fields:
            return queryset
        for model in (get_document_model(), get_image_model()):
            content_type = ContentType.objects.get_for_model(model)
            reachable = (
                policy_registry.get_by_type(model)
                .instances_user_has_any_permission_for(user, ["change", "choose"])
                .order_by().annotate(key=Cast("pk", CharField())).values("key")
            )
            queryset = queryset.filter(
                ~Q(content_type=content_type) | Q(object_id__in=reachable)
            )
        return queryset
