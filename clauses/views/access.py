"""Query helpers of the members' views, asking network.permissions. No rule is decided
here; an object is fetched with network.permissions.get_for (404 or 403)."""

from django.db.models import BooleanField, Case, Value, When

from clauses.models import Beneficiary
from network.permissions import Action, filter_queryset


def personal_data_ids(user, beneficiary_ids) -> frozenset[int]:
    """Which of these beneficiaries' personal data `user` may see (one query)."""
    ids = [pk for pk in set(beneficiary_ids) if pk is not None]
    if not ids:
        return frozenset()
    visible = filter_queryset(
        user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.filter(pk__in=ids)
    )
    return frozenset(visible.values_list("pk", flat=True))


def permission_flag(user, action: Action, model, field: str = "pk") -> Case:
    """A boolean annotation: may `user` `action` the `model` row reached by `field`?

    The policy's own filter, as a subquery, so that a page asks it in the same query
    that reads the rows instead of one query per row or per action.
    """
    allowed = filter_queryset(user, action, model._default_manager.all()).values("pk")
    return Case(
        When(**{f"{field}__in": allowed}, then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    )
