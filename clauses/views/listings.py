"""The lists of the members' area and their XLSX and CSV files: one page view and one
file view for every listing of clauses.listings.

A page reads the ordered ids of its rows, then only its own rows with what their
columns need; a file reads every filtered row with the same joins and annotations, in
the same fixed number of queries whatever their number. Names shown on a page or
written in a file are recorded in the personal-data log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import numberformat
from django.views.decorators.http import require_GET

from clauses import audit
from clauses.enums import AuditAction
from clauses.listings import files
from clauses.listings.base import Listing, table

# The request is understood but refused as asked: narrower filters make it pass.
TOO_LARGE = 400


def _log(request, listing: Listing, rows, columns, action: str, context: str) -> None:
    if not any(column.personal for column in columns):
        return
    named = {}
    for row in rows:
        person = listing.beneficiary(row)
        if person is not None and getattr(row, "show_personal", False):
            named[person.pk] = person
    if named:
        audit.log(request.user, named.values(), action, audit.SHOWN_ON_LISTS, context)


def _filtered(request, listing: Listing):
    user = request.user
    visible = listing.visible(user)
    form = listing.form_class(request.GET or None, visible, user=user)
    return form, form.apply(visible).order_by(*form.ordering())


@login_required
@require_GET
def listing_page(request: HttpRequest, listing: Listing) -> HttpResponse:
    user = request.user
    form, rows = _filtered(request, listing)
    paginator = Paginator(rows.values_list("pk", flat=True), listing.page_size)
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    found = listing.decorate(listing.model._default_manager.filter(pk__in=ids), user).in_bulk(
    ) if ids else {}
    page.object_list = [found[pk] for pk in ids if pk in found]
    columns = listing.columns_for(user)
    _log(request, listing, page.object_list, columns, AuditAction.VIEW,
         f"{listing.log_context} (liste)")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "clauses/listing.html", {
        "listing": listing,
        "form": form,
        "page": page,
        "columns": columns,
        "table": table(columns, page.object_list),
        "query": query.urlencode(),
        "exports": [(fmt.upper(), reverse(f"clauses:{listing.key}_export", args=[fmt]))
                    for fmt in files.FORMATS],
        "export_max_rows": settings.EXPORT_MAX_ROWS,
        "actions": listing.actions(user),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_GET
def listing_export(request: HttpRequest, listing: Listing, fmt: str) -> HttpResponse:
    if fmt not in files.FORMATS:
        raise Http404("Format inconnu : XLSX ou CSV.")
    user = request.user
    _, rows = _filtered(request, listing)
    count = rows.count()
    if files.too_many(count):
        return too_large(request, listing.title, reverse(f"clauses:{listing.key}"), count)
    rows = list(listing.decorate(rows, user))
    columns = listing.columns_for(user, exported=True)
    _log(request, listing, rows, columns, AuditAction.EXPORT,
         f"{listing.log_context} (export {fmt.upper()})")
    return files.response(fmt, columns, rows, listing.key.replace("_", "-"), listing.title)


def _grouped(number: int) -> str:
    return numberformat.format(number, ",", grouping=3, thousand_sep="\u202f",
                               force_grouping=True)


def too_large(request: HttpRequest, title: str, list_url: str, count: int) -> HttpResponse:
    """The French page answering an export above EXPORT_MAX_ROWS: nothing is written, and
    the link goes back to the list with the same filters to narrow them."""
    query = request.GET.urlencode()
    return render(request, "clauses/export_too_large.html", {
        "title": title,
        "count": _grouped(count),
        "limit": _grouped(settings.EXPORT_MAX_ROWS),
        "back": f"{list_url}?{query}" if query else list_url,
    }, status=TOO_LARGE)
