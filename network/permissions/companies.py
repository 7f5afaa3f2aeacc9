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
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from network.models import Organisation, Territory
from network.permissions.grants import Action, grants_for
from network.permissions.rules import filter_queryset, has_any_anchor

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


def with_removal(user, records: QuerySet) -> QuerySet:
    """Documents or meetings of companies' follow-up, each annotated `removable`: removed by
    the coordination of one of the company's territories, or by whoever recorded it while
    they still follow the company. In the same query, for a list."""
    if not grants_for(user).authenticated:
        return records.annotate(removable=Value(False, output_field=BooleanField()))
    model = records.model
    moderated = filter_queryset(user, Action.MODERATE_FOLLOW_UP, model._default_manager.all())
    followed = filter_queryset(user, Action.FOLLOW_UP_COMPANY, Organisation.objects.all())
    own = Q(created_by=user.pk, company__in=followed.values("pk"))
    return records.annotate(removable=Case(
        When(Q(pk__in=moderated.values("pk")) | own, then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    ))


def may_remove_follow_up(user, record) -> bool:
    """Whether `user` may remove this document or meeting (see `with_removal`)."""
    rows = with_removal(user, type(record)._default_manager.filter(pk=record.pk))
    return bool(rows.values_list("removable", flat=True).first())
