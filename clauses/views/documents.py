"""The documents of the members' area: a market's bilan for its buyer (PDF, DOCX) and the
facilitator's comment that closes it, a convention's yearly bilan (PDF), and a market's
hours template for a month (XLSX). Objects are fetched through network.permissions (404
to whom may not see them); the documents are built by clauses.documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clauses.bilans.scopes import ScopeError
from clauses.documents import hours_template, pdf
from clauses.documents.convention import convention_bilan
from clauses.documents.market import CLAUSE_HEADINGS, MONTH_HEADINGS, market_bilan, period_of
from clauses.documents.texts import INDICATORS_NOTE, SECRECY_EXPLANATION
from clauses.documents.word import DOCX_MIME, market_bilan_docx
from clauses.forms.documents import BilanCommentForm
from clauses.imports.templates import XLSX_CONTENT_TYPE
from clauses.models import Market
from clauses.operations import markets as market_ops
from clauses.views.access import Refused, get_visible, require, run
from network.permissions import Action

PDF_MIME = "application/pdf"
SERVICE_UNAVAILABLE = 503


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _markets():
    return Market.objects.select_related("buyer", "lead_territory", "bilan_comment_by")


TEXTS = {"indicators_note": INDICATORS_NOTE, "secret_explanation": SECRECY_EXPLANATION}


@login_required
@require_GET
def market_bilan_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404("Format inconnu.")
    market = get_visible(request.user, _markets(), pk=pk)
    if fmt == "pdf" and pdf.unavailable_reason() is not None:
        return _text(pdf.MESSAGE_UNAVAILABLE, SERVICE_UNAVAILABLE)
    try:
        period = period_of(request.GET.get("annee"))
    except ScopeError as error:
        return _text(error.message, error.status)
    doc = market_bilan(request.user, market, period, where=f"Bilan {fmt.upper()} du marché")
    if fmt == "docx":
        return _attachment(market_bilan_docx(doc), DOCX_MIME, f"{doc.filename_stem}.docx")
    content = pdf.render_pdf("clauses/documents/market_bilan.html", {
        "doc": doc, "clause_headings": CLAUSE_HEADINGS, "month_headings": MONTH_HEADINGS,
        **TEXTS,
    })
    return _attachment(content, PDF_MIME, f"{doc.filename_stem}.pdf")


@login_required
def market_bilan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.CHANGE, market)
    form = BilanCommentForm(request.POST or None, market=market)
    context = {
        "market": market,
        "title": f"Commentaire du bilan — marché {market.reference}",
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        try:
            changed = run(form, market_ops.comment_bilan, user, market,
                          form.cleaned_data["bilan_comment"],
                          version=form.cleaned_data["version"])
        except Refused as refused:
            return render(request, "clauses/simple_form.html", context, status=refused.status)
        if changed:
            messages.success(request, "Commentaire du bilan enregistré : il figure dans le "
                                      "bilan remis à l'acheteur.")
        return redirect(f"{market.get_absolute_url()}#documents")
    return render(request, "clauses/simple_form.html", context,
                  status=400 if form.is_bound else 200)


@login_required
@require_GET
def market_hours_template(request: HttpRequest, pk: int) -> HttpResponse:
    market = get_visible(request.user, Market.objects.all(), pk=pk)
    try:
        month = hours_template.parse_month(request.GET.get("mois"), timezone.localdate())
    except hours_template.BadMonth as error:
        return _text(str(error), 400)
    return _attachment(hours_template.hours_template(request.user, market, month),
                       XLSX_CONTENT_TYPE, hours_template.filename(market, month))


@login_required
@require_GET
def convention_bilan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    if pdf.unavailable_reason() is not None:
        return _text(pdf.MESSAGE_UNAVAILABLE, SERVICE_UNAVAILABLE)
    try:
        doc = convention_bilan(request.user, slug, request.GET.get("annee"))
    except ScopeError as error:
        if error.status in (403, 404):
            # Whoever may not read the bilan does not learn whether the convention exists.
            raise Http404(error.message) from None
        return _text(error.message, error.status)
    content = pdf.render_pdf("clauses/documents/convention_bilan.html", {"doc": doc, **TEXTS})
    return _attachment(content, PDF_MIME, doc.filename)
