"""The kinds of notification, each registered by the app whose events produce it.

A kind says what the notification is about (the preferences screen lists kinds), who
usually receives it (the roles for which the screen offers it) and how it is e-mailed
when the person has not chosen. Apps register theirs in their AppConfig.ready()::

    from network.notifications import Kind, register_kind

    FORECAST = register_kind(Kind(
        key="prevision_transmise", label="Prévisions transmises ou corrigées",
        help_text="…", roles=frozenset({Role.REGIONAL_COORDINATOR}),
    ))
"""

from __future__ import annotations

from dataclasses import dataclass

from network.enums import Delivery, Role


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    help_text: str
    # The roles that receive it (the preferences screen offers it to them).
    roles: frozenset[Role]
    default: Delivery = Delivery.IMMEDIATE
    order: int = 100


_registry: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add a kind, or replace the one with the same key."""
    if len(kind.key) > 60:
        raise ValueError(f"Notification kind key too long: {kind.key}")
    _registry[kind.key] = kind
    return kind


def get_kind(key: str) -> Kind:
    return _registry[key]


def all_kinds() -> list[Kind]:
    return sorted(_registry.values(), key=lambda k: (k.order, k.label))


def kinds_for(roles: set[Role]) -> list[Kind]:
    """The kinds a person holding `roles` may receive."""
    return [kind for kind in all_kinds() if kind.roles & roles]
