"""Authentication backend: Django's ModelBackend, with a signed-in user's model
permissions read with the user, in the query every request makes anyway, instead of
two more queries (their own permissions, then their groups'). Every signed-in page asks
at least once: Wagtail's user bar checks access to the admin. The count of their unread
notifications, which the navigation shows on every page, comes in the same query."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from network.models import Notification

# The user's permissions and their groups' permissions, as "app_label.codename"
# joined by commas (a permission codename never holds a comma). Correlated with the
# user row of the outer query.
_PERMISSIONS_SQL = """
    SELECT {aggregate}
    FROM auth_permission p
    JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE p.id IN (
        SELECT up.permission_id FROM auth_user_user_permissions up
        WHERE up.user_id = auth_user.id
        UNION
        SELECT gp.permission_id FROM auth_group_permissions gp
        JOIN auth_user_groups ug ON ug.group_id = gp.group_id
        WHERE ug.user_id = auth_user.id
    )
"""
_AGGREGATES = {
    "postgresql": "string_agg(ct.app_label || '.' || p.codename, ',')",
    "sqlite": "group_concat(ct.app_label || '.' || p.codename, ',')",
}


def _permissions_column():
    aggregate = _AGGREGATES.get(connection.vendor)
    if aggregate is None or get_user_model()._meta.db_table != "auth_user":
        return None
    return RawSQL(_PERMISSIONS_SQL.format(aggregate=aggregate), ())  # noqa: S611 (no input)


def _unread_column():
    """The user's unread notifications (network.notifications.inbox.unread_count reads it)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by().values("recipient").annotate(total=Count("pk")).values("total")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


@functools.cache
def _users(vendor: str, model) -> tuple:
    """The users with what `get_user` reads along, and whether their permissions are
    among it: built once per database kind and user model rather than on every request
    (a queryset is never changed, only copied by filtering)."""
    column = _permissions_column()
    # The admin's profile comes along: Wagtail's user bar, on every page of a person
    # with access to the admin, reads it for its theme.
    users = model._default_manager.select_related("wagtail_userprofile").annotate(
        _unread_notifications=_unread_column()
    )
    if column is None:
        return users, False
    return users.annotate(_permission_list=column), True


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        users, with_permissions = _users(connection.vendor, model)
        if not with_permissions:
            user = users.filter(pk=user_id).first()
            return user if user is not None and self.user_can_authenticate(user) else None
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        if not user.is_superuser:  # a superuser has every permission: read below
            listed = user._permission_list
            user._perm_cache = set(listed.split(",")) if listed else set()
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                permissions = Permission.objects.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                )
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by().distinct()
            }
        return user_obj._perm_cache
