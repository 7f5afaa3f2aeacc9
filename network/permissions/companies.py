"""Who keeps the company records (contractors and employers).

A company's record (SIRET, name, legal form, address, contacts) is reference data shared
by every territory, like the partner directory: the facilitators and regional
coordinators, who meet the companies, create and correct it, whichever territory they
work in. Seeing a company's page (its lots, clauses, hours and people) is another
matter: Action.VIEW on the organisation, opened through the territories of the markets
where it holds a lot (Organisation.permission_anchors). Following it up (recording the
documents exchanged with it and the meetings with it) is that territory half of seeing it
(Action.FOLLOW_UP_COMPANY): never its buyer's or its own referents.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from network.models import Territory
from network.permissions.grants import Action
from network.permissions.rules import has_any_anchor, has_permission

MESSAGE = (
    "Les fiches des entreprises sont tenues par les facilitateurs et les coordinateurs "
    "régionaux."
)


def may_manage_companies(user) -> bool:
    """Administrators, and whoever follows a territory (facilitators, coordinators)."""
    return has_any_anchor(user, Action.CHANGE, Territory)


def require_company_manager(user) -> None:
    """PermissionDenied (403) unless `user` keeps company records: a role they hold on no
    object at all, so there is no object whose existence to hide."""
    if not may_manage_companies(user):
        raise PermissionDenied(MESSAGE)


def may_remove_follow_up(user, record) -> bool:
    """A document or a meeting of a company's follow-up: removed by the coordination of
    one of the company's territories, or by whoever recorded it while they still follow
    the company."""
    if has_permission(user, Action.MODERATE_FOLLOW_UP, record):
        return True
    return (
        record.created_by_id is not None and record.created_by_id == user.pk
        and has_permission(user, Action.FOLLOW_UP_COMPANY, record.company)
    )
