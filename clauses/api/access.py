"""The API's side of network.permissions' refusals: 403 as ninja's HttpError, with the
French message the endpoint gives; 404 (not found, or not visible) goes on to the
API's own handler (clauses.api.errors), which answers in French too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from ninja.errors import HttpError

from network import permissions
from network.permissions import Action


@contextmanager
def _as_http_error(message: str | None) -> Iterator[None]:
    try:
        yield
    except PermissionDenied as refused:
        raise HttpError(403, message or str(refused)) from refused


def get_for(user, action: Action, queryset: QuerySet, *, refused: str | None = None,
            **lookup) -> Model:
    """permissions.get_for, a refusal of what the person may see answered with `refused`."""
    with _as_http_error(refused):
        return permissions.get_for(user, action, queryset, **lookup)


def require(user, action: Action, obj: Model, *, refused: str | None = None,
            within: Model | None = None) -> None:
    """permissions.require, a refusal of what the person may see answered with `refused`."""
    with _as_http_error(refused):
        permissions.require(user, action, obj, within=within)
