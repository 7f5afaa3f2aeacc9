"""How the members' views ask network.permissions. No rule is decided here: an object is
fetched with network.permissions.get_for (404 to whom may not see it) and an action is
checked with network.permissions.require (403 to whom sees it but may not act)."""

from django.core.exceptions import ValidationError

from clauses.flags import permission_flag  # noqa: F401 - the views read it from here
from clauses.forms.fields import add_operation_errors
from clauses.models import STALE_MESSAGE, Beneficiary, StaleRecordError
from network import permissions
from network.permissions import Action, filter_queryset

BAD_REQUEST = 400
CONFLICT = 409


def get_visible(user, queryset, **lookup):
    """The object if `user` may view it; 404 otherwise, so that its existence stays hidden."""
    return permissions.get_for(user, Action.VIEW, queryset, **lookup)


def require(user, action: Action, obj) -> None:
    """Nothing if `user` may `action` `obj`; the policy's refusal otherwise."""
    permissions.require(user, action, obj)


def personal_data_ids(user, beneficiary_ids) -> frozenset[int]:
    """Which of these beneficiaries' personal data `user` may see (one query)."""
    ids = [pk for pk in set(beneficiary_ids) if pk is not None]
    if not ids:
        return frozenset()
    visible = filter_queryset(
        user, Action.VIEW_PERSONAL_DATA, Beneficiary.objects.filter(pk__in=ids)
    )
    return frozenset(visible.values_list("pk", flat=True))


class Refused(Exception):
    """The operation refused: the form now carries why, and the answer's status."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def run(form, operation, *args, **kwargs):
    """Call a domain operation for a member form: its refusals land on the form's fields
    (400), a save over someone else's (StaleRecordError) on the form as a whole (409).
    PermissionDenied goes through: the page answers 403."""
    try:
        return operation(*args, **kwargs)
    except StaleRecordError:
        form.add_error(None, STALE_MESSAGE)
        raise Refused(CONFLICT) from None
    except ValidationError as error:
        if hasattr(form, "add_operation_errors"):
            form.add_operation_errors(error)
        else:
            add_operation_errors(form, error)
        raise Refused(BAD_REQUEST) from None
