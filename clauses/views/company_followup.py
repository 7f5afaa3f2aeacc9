"""A company's follow-up on its page (/espace/entreprises/<id>/): the documents exchanged
with it and the meetings with it.

Only whoever may record it (network.permissions, Action.FOLLOW_UP_COMPANY: the
facilitators and coordinators of a territory where the company holds a lot) reaches these
forms; a document or meeting is found only among those the person may see. Anyone else
(another territory, a buyer, the company's own referents, a member) is answered 404,
whether it exists or not. A document's file is served from private storage by this view
only, after that check.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clauses.forms.company_followup import ExchangedDocumentForm, FollowUpMeetingForm
from clauses.models import ExchangedDocument, FollowUpMeeting
from clauses.operations import company_followup
from clauses.views.access import Refused, run
from network.models import Organisation
from network.permissions import Action, get_for
from portal.core.private_files import serve_private

DOCUMENTS = "#documents-echanges"
MEETINGS = "#echanges"


def _company(user, pk: int) -> Organisation:
    return get_object_or_404(company_followup.followed_companies(user), pk=pk)


def _page(company: Organisation, anchor: str) -> str:
    return reverse("clauses:company_detail", args=[company.pk]) + anchor


def _record(user, model, pk: int, record_pk: int):
    return get_for(user, Action.VIEW, model.objects.select_related("company"),
                   pk=record_pk, company_id=pk)


def _create(request, company, form, operation, anchor: str, title: str, done: str,
            files: bool = False) -> HttpResponse:
    """The form, then the operation: a redirect to the page's section once it is done,
    the form again with its errors (400, or the refusal's status) otherwise."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                run(form, operation, request.user, company, **form.operation_values())
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, done)
                return redirect(_page(company, anchor))
    return render(request, "clauses/company_followup_form.html", {
        "form": form, "company": company, "title": title, "files": files,
        "back_url": _page(company, anchor),
    }, status=status)


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(request.user, pk)
    form = ExchangedDocumentForm(request.POST or None, request.FILES or None,
                                 user=request.user, company=company)
    return _create(request, company, form, company_followup.add_document, DOCUMENTS,
                   f"Ajouter un document échangé avec {company.name}",
                   "Le document est enregistré.", files=True)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = get_for(request.user, Action.DOWNLOAD, ExchangedDocument.objects.all(),
                       pk=document_pk, company_id=pk)
    return serve_private(document.file, document.filename)


def _delete(request, record, operation, anchor, done: str) -> HttpResponse:
    # Someone who follows the company but may not remove this record: 403, from the
    # operation's PermissionDenied.
    operation(request.user, record)
    messages.success(request, done)
    return redirect(_page(record.company, anchor))


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _record(request.user, ExchangedDocument, pk, document_pk)
    return _delete(request, document, company_followup.delete_document, DOCUMENTS,
                   f"Le document « {document.title} » est supprimé.")


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(request.user, pk)
    form = FollowUpMeetingForm(request.POST or None, company=company)
    return _create(request, company, form, company_followup.add_meeting, MEETINGS,
                   f"Noter un échange avec {company.name}", "L'échange est enregistré.")


@login_required
@require_POST
def meeting_delete(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _record(request.user, FollowUpMeeting, pk, meeting_pk)
    return _delete(request, meeting, company_followup.delete_meeting, MEETINGS,
                   "L'échange est supprimé.")
