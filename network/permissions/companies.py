"""Who keeps the company records (contractors and employers).

A company's record (SIRET, name, legal form, address, contacts) is reference data shared
by every territory, like the partner directory: the facilitators and regional
coordinators, who meet the companies, create and correct it, whichever territory they
work in. Seeing a company's page (its lots, clauses, hours and people) is another
matter: Action.VIEW on the organisation, opened through the territories of the markets
where it holds a lot (Organisation.permission_anchors).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from network.models import Territory
from network.permissions.grants import Action
from network.permissions.rules import has_any_anchor

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
