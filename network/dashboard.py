"""Panels of the members' dashboard (/espace/).

Any app adds its own panels without network knowing it, e.g. in its
AppConfig.ready()::

    from network.dashboard import Panel, register_panel

    register_panel(Panel(
        key="consultations", title="Consultations à moins de 20 jours",
        template_name="clauses/dashboard/consultations.html",
        get_context=lambda request: {"markets": due_consultations(request.user)},
        order=40,
    ))

`get_context` returns the panel's template context, or None to leave the
panel out for this user. The template renders the panel's body (the
dashboard adds its frame and the title); `request` and `panel` are in its
context. Panels are listed by `order`. Each panel should
read a fixed number of queries: the dashboard as a whole keeps a budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template_name: str
    get_context: Callable[[HttpRequest], dict | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    panel: Panel
    html: str


_registry: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    """Add a panel, or replace the one with the same key."""
    _registry[panel.key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _registry.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_registry.values(), key=lambda p: (p.order, p.key))


def panels_for(request: HttpRequest) -> list[RenderedPanel]:
    rendered = []
    for panel in registered_panels():
        context = panel.get_context(request)
        if context is not None:
            html = render_to_string(
                panel.template_name, {**context, "panel": panel}, request=request
            )
            rendered.append(RenderedPanel(panel=panel, html=html))
    return rendered
