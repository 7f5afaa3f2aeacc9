"""Permission flags read with the rows: may the person do this on each row listed?"""

from django.db.models import BooleanField, Case, Value, When

from network.permissions import Action, filter_queryset


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
