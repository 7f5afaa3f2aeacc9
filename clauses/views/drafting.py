"""Members' screens of the clause's drafting and of the DCE's review:
/espace/marches/<id>/redaction/ and what it posts to.

Nothing is decided here: the market is fetched through the permission policy (404 to
whom may not see it, 403 to whom sees it but may not act), and every change is a domain
operation (clauses.operations.drafting, clauses.operations.dce) whose French refusals
come back on the page's form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clauses import drafting
from clauses.forms.drafting import (
    ArticleForm,
    BasisForm,
    DceUploadForm,
    DceVersionForm,
    ReviewForm,
    TemplateForm,
)
from clauses.models import DceDocument, DceReview, DceVersion, Lot, Market
from clauses.operations import dce as dce_ops
from clauses.operations import drafting as drafting_ops
from clauses.rules import dce as dce_rules
from clauses.views.access import Refused, get_visible, require, run
from network.permissions import Action, has_permission
from portal.core import clause_library
from portal.core.documents import FORMATS
from portal.core.private_files import serve_private


def _market(user, pk: int) -> Market:
    return get_visible(
        user, Market.objects.select_related("buyer", "lead_territory__organisation",
                                            "facilitator"),
        pk=pk,
    )


def _lot(market: Market, lot_pk: int) -> Lot:
    lot = market.lots.filter(pk=lot_pk).first()
    if lot is None:
        raise Http404("Ce lot n'est pas un lot de ce marché.")
    return lot


def _page_url(market: Market, anchor: str = "") -> str:
    return reverse("clauses:market_drafting", args=[market.pk]) + (f"#{anchor}" if anchor else "")


def _rows(user, market, draft, can_change, bound):
    """One row per lot: its suggestion, the choice, its article and the forms to act."""
    by_lot = {a.lot_id: a for a in drafting.articles(draft)}
    templates: dict[str, list] = {}
    rows = []
    for item in drafting.suggestions(market):
        lot, basis = item.lot, item.basis
        row = {"lot": lot, "suggestion": item.suggestion, "choice": item.choice,
               "basis": basis, "article": by_lot.get(lot.pk)}
        if can_change:
            row["basis_form"] = bound.get(f"basis_{lot.pk}") or BasisForm(
                lot=lot, initial_basis=basis
            )
            if basis and basis not in templates:
                templates[basis] = clause_library.published_templates(user, basis)
            row["template_form"] = bound.get(f"template_{lot.pk}") or TemplateForm(
                lot=lot, templates=templates.get(basis, []),
                based_on=draft.number if draft else 0,
            )
        rows.append(row)
    return rows


def _page(request, market: Market, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    can_change = has_permission(user, Action.CHANGE, market)
    can_submit = has_permission(user, Action.SUBMIT_DCE, market)
    can_review = has_permission(user, Action.REVIEW_DCE, market)
    drafting_open = market.status in drafting_ops.DRAFTING_STATUSES
    dce_open = market.status in dce_ops.BEFORE_PUBLICATION
    draft = drafting.current_draft(market)
    documents = list(
        DceDocument.objects.filter(market=market).prefetch_related("versions__uploaded_by")
    )
    latest = dce_ops.latest_versions(market)
    if can_submit and dce_open:
        for document in documents:
            document.version_form = bound.get(f"version_{document.pk}") or DceVersionForm(
                document=document
            )
    reviews = list(
        DceReview.objects.filter(market=market).select_related("reviewer")
        .prefetch_related("comments__version__document")
    )
    return render(request, "clauses/market_drafting.html", {
        "market": market,
        "rows": _rows(user, market, draft, can_change and drafting_open, bound),
        "draft": draft,
        "versions": market.draft_versions.select_related("created_by"),
        "documents": documents,
        "reviews": reviews,
        "can_change": can_change,
        "drafting_open": drafting_open,
        "dce_open": dce_open,
        "upload_form": (bound.get("upload") or DceUploadForm()) if can_submit and dce_open
        else None,
        "review_form": (bound.get("review") or ReviewForm(versions=latest))
        if can_review and dce_open and latest else None,
        "publication_gate": dce_rules.publication_error(dce_ops.dce_state(market)),
        "formats": list(FORMATS),
    }, status=status)


@login_required
def drafting_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _market(request.user, pk))


@login_required
@require_POST
def lot_basis(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.CHANGE, market)
    lot = _lot(market, lot_pk)
    form = BasisForm(request.POST, lot=lot)
    if form.is_valid():
        try:
            run(form, drafting_ops.decide_basis, request.user, market, lot,
                legal_basis=form.cleaned_data["legal_basis"], reason=form.cleaned_data["reason"])
        except Refused as refused:
            return _page(request, market, refused.status, **{f"basis_{lot.pk}": form})
        messages.success(request, f"Fondement du lot {lot.number} enregistré.")
        return redirect(_page_url(market, f"lot-{lot.pk}"))
    return _page(request, market, 400, **{f"basis_{lot.pk}": form})


@login_required
@require_POST
def lot_template(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.CHANGE, market)
    lot = _lot(market, lot_pk)
    templates = drafting_ops.template_choices(request.user, lot)
    form = TemplateForm(request.POST, lot=lot, templates=templates)
    if form.is_valid():
        try:
            run(form, drafting_ops.draft_article, request.user, market, lot,
                template_id=form.cleaned_data["template"],
                based_on=form.cleaned_data.get("based_on"))
        except Refused as refused:
            return _page(request, market, refused.status, **{f"template_{lot.pk}": form})
        messages.success(request, f"Article du lot {lot.number} rédigé à partir du modèle.")
        return redirect(_page_url(market, f"lot-{lot.pk}"))
    return _page(request, market, 400, **{f"template_{lot.pk}": form})


@login_required
def lot_article(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.CHANGE, market)
    lot = _lot(market, lot_pk)
    draft = drafting.current_draft(market)
    article = next((a for a in drafting.articles(draft) if a.lot_id == lot.pk), None)
    if article is None:
        raise Http404("Ce lot n'a pas encore d'article.")
    form = ArticleForm(request.POST or None, initial={
        "text": article.text, "based_on": draft.number,
    })
    context = {"market": market, "form": form, "back_url": _page_url(market, f"lot-{lot.pk}"),
               "title": f"Texte de l'article du lot {lot.number} — {market.reference}"}
    if request.method == "POST" and form.is_valid():
        try:
            run(form, drafting_ops.edit_article, request.user, market, lot,
                text=form.cleaned_data["text"], based_on=form.cleaned_data.get("based_on"))
        except Refused as refused:
            return render(request, "clauses/simple_form.html", context, status=refused.status)
        messages.success(request, f"Texte de l'article du lot {lot.number} enregistré.")
        return redirect(_page_url(market, f"lot-{lot.pk}"))
    return render(request, "clauses/simple_form.html", context,
                  status=400 if form.is_bound else 200)


@login_required
def draft_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    market = _market(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    draft = drafting.current_draft(market)
    if draft is None:
        raise Http404("Aucune clause rédigée pour ce marché.")
    content_type, content, name = drafting.export(market, draft, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def dce_upload(request: HttpRequest, pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.SUBMIT_DCE, market)
    form = DceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run(form, dce_ops.submit_dce, request.user, market,
                title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"])
        except Refused as refused:
            return _page(request, market, refused.status, upload=form)
        messages.success(request, "Document déposé : le facilitateur est invité à le relire.")
        return redirect(_page_url(market, "dce"))
    return _page(request, market, 400, upload=form)


@login_required
@require_POST
def dce_new_version(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.SUBMIT_DCE, market)
    document = DceDocument.objects.filter(market=market, pk=document_pk).first()
    if document is None:
        raise Http404("Ce document n'est pas un document de ce marché.")
    form = DceVersionForm(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            run(form, dce_ops.submit_dce, request.user, market, document=document,
                uploaded_file=form.cleaned_data["file"], note=form.cleaned_data["note"])
        except Refused as refused:
            return _page(request, market, refused.status, **{f"version_{document.pk}": form})
        messages.success(request, "Nouvelle version déposée : le facilitateur est invité à "
                                  "la relire.")
        return redirect(_page_url(market, "dce"))
    return _page(request, market, 400, **{f"version_{document.pk}": form})


@login_required
def dce_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    """Serve a DCE file after the permission check: never from a public URL."""
    market = _market(request.user, pk)
    version = get_visible(request.user, DceVersion.objects.filter(document__market=market),
                          pk=version_pk)
    return serve_private(version.file, version.filename)


@login_required
@require_POST
def dce_review(request: HttpRequest, pk: int) -> HttpResponse:
    market = _market(request.user, pk)
    require(request.user, Action.REVIEW_DCE, market)
    form = ReviewForm(request.POST, versions=dce_ops.latest_versions(market))
    if form.is_valid():
        try:
            review = run(form, dce_ops.review_dce, request.user, market,
                         verdict=form.cleaned_data["verdict"],
                         comment=form.cleaned_data["comment"],
                         document_comments=form.document_comments())
        except Refused as refused:
            return _page(request, market, refused.status, review=form)
        messages.success(request, f"Relecture enregistrée : {review.get_verdict_display()}.")
        return redirect(_page_url(market, "relectures"))
    return _page(request, market, 400, review=form)
