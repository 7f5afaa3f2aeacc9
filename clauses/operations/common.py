"""What every operation shares: who acts, asking the permission policy, collecting errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet

from network.permissions import Action, filter_queryset, has_permission
from portal.core.uploads import validate_upload


class SystemActor:
    """The operator running a management command without naming an account (an import
    of the whole region's hours, the demo data): every right, and nobody's name in the
    personal-data log."""

    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "système"

    def get_username(self) -> str:
        return ""


SYSTEM = SystemActor()

MESSAGE_NOT_ALLOWED = "Vous n'avez pas le droit de faire cette action."


def is_system(actor) -> bool:
    return actor is SYSTEM


def account(actor):
    """The account to record as author (None for the system)."""
    return None if is_system(actor) else actor


def may(actor, action: Action, obj: Model) -> bool:
    if actor is None:
        raise TypeError("An operation needs the acting person (or SYSTEM), not None.")
    return is_system(actor) or has_permission(actor, action, obj)


def ensure(actor, action: Action, obj: Model, message: str = MESSAGE_NOT_ALLOWED) -> None:
    """PermissionDenied unless `actor` may `action` `obj` (the channel has already made
    sure they may see it: a hidden object answers 404 before any operation runs)."""
    if not may(actor, action, obj):
        raise PermissionDenied(message)


def allowed(actor, action: Action, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `actor` may `action`: the choices an operation accepts
    (and that channels offer)."""
    if actor is None:
        raise TypeError("An operation needs the acting person (or SYSTEM), not None.")
    return queryset if is_system(actor) else filter_queryset(actor, action, queryset)


class Errors:
    """French messages collected by field, raised together."""

    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        messages = self.by_field.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def extend(self, errors: dict[str, list[str] | str]) -> None:
        for field, messages in errors.items():
            for message in [messages] if isinstance(messages, str) else messages:
                self.add(field, message)

    def check_upload(self, uploaded_file, missing: str, field: str = "file",
                     **limits) -> None:
        """The file is there and passes portal.core.uploads' checks (size, kind)."""
        if uploaded_file is None:
            self.add(field, missing)
            return
        try:
            validate_upload(uploaded_file, **limits)
        except ValidationError as error:
            self.extend({field: error.messages})

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def model_errors(instance: Model, exclude: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The model's own validation (field validators, choices, constraints), as a dict."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=True)
    except ValidationError as error:
        return error.message_dict
    return {}
