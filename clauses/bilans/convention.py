"""A convention's bilan (mid-term or final), filed for its steering committee's minutes.

The bilan is frozen as an XLSX Wagtail document in the private collection of the
committee's workspace: committee members read it there, and an editor who is a member of
the committee (the private collection is theirs only, network.permissions.collections),
or an administrator, attaches it to the meeting's minutes from the minutes page's
"Documents joints" panel. The library
(resources) thus links to it as to any document, without importing this app. The file
is the snapshot: figures corrected afterwards do not change a bilan already presented.
Breakdowns of fewer than five people are left out of it (clauses.bilans.secrecy).
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils.text import slugify
from wagtail.documents import get_document_model

from clauses.bilans.enums import ConventionBilanKind, ScopeKind
from clauses.bilans.exports import to_xlsx
from clauses.bilans.scopes import Period, Scope, ScopeError
from clauses.bilans.secrecy import bilan_for
from network import permissions
from network.models import Committee, Convention

BILAN_TAG = "bilan de convention"


def committees_of(convention: Convention) -> QuerySet:
    """The committees following the convention that have a private collection."""
    return Committee.objects.filter(
        convention=convention, workspace__collection__isnull=False
    ).select_related("workspace", "workspace__collection").order_by("kind", "name")


def may_file(user, committee: Committee) -> bool:
    """Filing in a committee's collection is contributing to its workspace."""
    return permissions.has_permission(user, permissions.Action.CONTRIBUTE, committee.workspace)


def document_title(convention: Convention, kind: ConventionBilanKind, period: Period) -> str:
    return f"{ConventionBilanKind(kind).label} — {convention.title} ({period.label})"[:255]


def file_bilan(
    user,
    convention: Convention,
    kind: ConventionBilanKind | str,
    period: Period,
    committee: Committee,
    today: datetime.date | None = None,
):
    """Compute the bilan and save it as an XLSX document of the committee's collection."""
    if committee.convention_id != convention.pk or getattr(committee, "workspace", None) is None:
        raise ScopeError("Ce comité ne suit pas cette convention.", status=400)
    if not may_file(user, committee):
        raise ScopeError(
            "Seuls les membres du comité peuvent déposer un document dans son espace.",
            status=403,
        )
    kind = ConventionBilanKind(kind)
    scope = Scope(ScopeKind.CONVENTION, convention, period)
    # Every committee member reads the document, whatever their rights: breakdowns of
    # too few people stay secret in it (reader None).
    content = to_xlsx(bilan_for(None, scope), scope.label, period.label, generated_on=today)
    title = document_title(convention, kind, period)
    Document = get_document_model()
    document = Document(
        title=title, collection=committee.workspace.collection, uploaded_by_user=user
    )
    filename = f"{slugify(f'{kind.value}-{convention.slug}')[:80]}.xlsx"
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    document.tags.add(BILAN_TAG)
    return document


def filed_bilans(committees) -> QuerySet:
    """Bilans already filed in these committees' collections, newest first."""
    Document = get_document_model()
    collections = [c.workspace.collection_id for c in committees]
    return Document.objects.filter(
        collection_id__in=collections, tags__name=BILAN_TAG
    ).order_by("-created_at")
