"""Bilans in the members' area, their exports, a market's and a convention's bilan, and
the public key figures. The numbers come from clauses.bilans; who may read which scope
from network.permissions (through clauses.bilans.scopes)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from clauses.bilans import convention as convention_bilans
from clauses.bilans import exports, key_figures
from clauses.bilans.cache import page_bilan_rendered, page_scope_choices
from clauses.bilans.enums import ConventionBilanKind, ScopeKind
from clauses.bilans.scopes import (
    Period,
    Scope,
    ScopeError,
    available_years,
    convention_period,
    default_scope,
    parse_year,
    pick,
    resolve_scope,
)
from clauses.bilans.secrecy import bilan_for
from clauses.documents.convention import convention_years
from portal.core.cache import not_page_cached

# "annee=tout": every year at once (a market's whole life, say).
ALL_YEARS = "tout"


class Selection:
    """What the form asked for: the year, the scope, and the choices offered."""

    def __init__(self, request: HttpRequest):
        self.today = timezone.localdate()
        self.error: ScopeError | None = None
        self.scope: Scope | None = None
        self.year: int | str = self.today.year
        raw_year = request.GET.get("annee", "").strip()
        try:
            if raw_year == ALL_YEARS:
                self.year = ALL_YEARS
            else:
                self.year = parse_year(raw_year, default=self.today.year)
        except ScopeError as error:
            self.error = error
        period = Period() if self.year == ALL_YEARS else Period.year(self.year)
        self.groups = page_scope_choices(request.user, period)
        if self.error:
            return
        key = request.GET.get("perimetre", "").strip()
        try:
            scope = pick(self.groups, key) if key else default_scope(self.groups)
            if scope is None and key:
                scope = resolve_scope(request.user, key, period)
            if scope is not None and scope.kind == ScopeKind.CONVENTION:
                scope = scope.with_period(convention_period(scope.obj))
            self.scope = scope
        except ScopeError as error:
            self.error = error

    @property
    def options(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """The choices as the form lists them, (label, [(key, name, selected)]) per group:
        worked out here once rather than by the template for each of a hundred options."""
        selected = self.scope.key if self.scope else None
        return [
            (group.label, [(scope.key, scope.name, scope.key == selected)
                           for scope in group.scopes])
            for group in self.groups
        ]

    @property
    def status(self) -> int:
        return self.error.status if self.error else 200

    @property
    def query(self) -> str:
        return f"perimetre={self.scope.key}&annee={self.year}" if self.scope else ""


def _render_bilan(bilan: dict) -> str:
    return render_to_string("clauses/bilans/_bilan.html", {
        "sections": exports.sections(bilan), "with_charts": True,
    })


@login_required
@require_GET
def bilan_page(request: HttpRequest) -> HttpResponse:
    selection = Selection(request)
    bilan, bilan_html = (
        page_bilan_rendered(request.user, selection.scope, _render_bilan)
        if selection.scope else (None, "")
    )
    context = {
        "selection": selection,
        "years": available_years(selection.today),
        "all_years": ALL_YEARS,
        "bilan": bilan,
        "bilan_html": bilan_html,
        "charts": exports.charts(bilan) if bilan else [],
        "convention_url": (
            reverse("clauses:convention_bilan", args=[selection.scope.obj.slug])
            if selection.scope and selection.scope.kind == ScopeKind.CONVENTION else ""
        ),
    }
    return render(request, "clauses/bilans/index.html", context, status=selection.status)


def _filename(scope: Scope, extension: str) -> str:
    period = scope.period
    if period.start is None and period.end is None:
        when = ALL_YEARS
    elif period.start and period.end and period.start.year == period.end.year:
        when = period.start.year
    else:
        when = f"{period.start or ''}-{period.end or ''}"
    return f"bilan-{slugify(scope.key.replace(':', '-'))}-{when}.{extension}"


def export_response(scope: Scope, bilan: dict, fmt: str) -> HttpResponse:
    if fmt == "csv":
        # French conventions, byte-order mark included (exports.to_csv).
        response = HttpResponse(
            exports.to_csv(bilan, scope.label, scope.period.label),
            content_type=exports.CSV_MIME,
        )
    else:
        response = HttpResponse(
            exports.to_xlsx(bilan, scope.label, scope.period.label),
            content_type=exports.XLSX_MIME,
        )
    response["Content-Disposition"] = f'attachment; filename="{_filename(scope, fmt)}"'
    return response


@login_required
@require_GET
def bilan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    selection = Selection(request)
    if selection.scope is None:
        message = selection.error.message if selection.error else "Aucun bilan ne vous est ouvert."
        return HttpResponse(message, status=selection.error.status if selection.error else 403,
                            content_type="text/plain; charset=utf-8")
    bilan = bilan_for(request.user, selection.scope, where=f"Export {fmt.upper()} du bilan")
    return export_response(selection.scope, bilan, fmt)


# --- A market's own bilan (shown on the market's page) ---------------------------------


def market_bilan_url(market) -> str:
    """The market's bilan over its whole life on /espace/bilans/ (charts and exports)."""
    key = f"{ScopeKind.MARKET.value}:{market.pk}"
    return f"{reverse('clauses:bilans')}?perimetre={key}&annee={ALL_YEARS}"


MARKET_HIGHLIGHTS = (
    ("heures_realisees", "total"),
    ("heures_realisees", "exigees"),
    ("heures_realisees", "taux_realisation"),
    ("personnes", "total"),
    ("situations", "placements_termines"),
)


def market_bilan_context(market, period: Period | None = None, user=None) -> dict:
    """Context for clauses/bilans/_market_bilan.html: the market's bilan over its whole
    life (or `period`), as `user` may read it (without a user, small breakdowns stay
    secret). The caller has already checked that the user may view the market."""
    scope = Scope(ScopeKind.MARKET, market, period or Period())
    bilan = bilan_for(user, scope)
    sections = exports.sections(bilan)
    figures = {(s.key, f.code): f for s in sections for f in s.figures}
    return {
        "market_bilan": bilan,
        "market_bilan_sections": sections,
        "market_bilan_figures": [figures[key] for key in MARKET_HIGHLIGHTS],
        "market_bilan_scope": scope,
        "market_bilan_url": market_bilan_url(market),
    }


# --- A convention's bilan, filed for its committee's minutes ---------------------------


def _as_of(raw: str | None, today: datetime.date) -> datetime.date:
    if not raw:
        return today
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ScopeError(
            f"« {raw} » n'est pas une date : choisissez-la dans le calendrier (AAAA-MM-JJ)."
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def convention_bilan(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else request.GET
    kind_raw = data.get("bilan") or ConventionBilanKind.FINAL.value
    error = None
    scope = bilan = None
    kind = ConventionBilanKind.FINAL
    committees: list = []
    try:
        scope = resolve_scope(request.user, f"{ScopeKind.CONVENTION.value}:{slug}", Period())
        if kind_raw not in ConventionBilanKind.values:
            raise ScopeError("Choisissez un bilan à mi-parcours ou un bilan définitif.")
        kind = ConventionBilanKind(kind_raw)
        committees = list(convention_bilans.committees_of(scope.obj))
        period = convention_period(scope.obj, kind, _as_of(data.get("arrete_au"), today))
        scope = scope.with_period(period)
    except ScopeError as exc:
        error = exc
        if exc.status in (403, 404):
            raise Http404(exc.message) from None

    if request.method == "POST" and error is None:
        committee = next(
            (c for c in committees if str(c.pk) == request.POST.get("comite", "")), None
        )
        try:
            if committee is None:
                raise ScopeError("Choisissez le comité dont l'espace recevra le bilan.")
            document = convention_bilans.file_bilan(
                request.user, scope.obj, kind, scope.period, committee, today
            )
        except ScopeError as exc:
            error = exc
        else:
            messages.success(
                request,
                f"Le bilan « {document.title} » est déposé dans l'espace du comité "
                f"« {committee.name} » : un éditeur membre du comité, ou un administrateur, "
                "peut maintenant le joindre au compte rendu de la réunion (panneau "
                "« Documents joints »).",
            )
            return redirect(
                f"{reverse('clauses:convention_bilan', args=[slug])}?bilan={kind.value}"
                + (f"&arrete_au={scope.period.end.isoformat()}"
                   if kind == ConventionBilanKind.MID_TERM else "")
            )

    if scope is not None and error is None:
        bilan = bilan_for(request.user, scope)
    context = {
        "convention": scope.obj if scope else None,
        "scope": scope,
        "kind": kind,
        "kinds": ConventionBilanKind.choices,
        "as_of": data.get("arrete_au") or today.isoformat(),
        "error": error,
        "bilan": bilan,
        "sections": exports.sections(bilan) if bilan else [],
        "charts": exports.charts(bilan) if bilan else [],
        "committees": [
            {"committee": c, "may_file": convention_bilans.may_file(request.user, c)}
            for c in committees
        ],
        "filed": convention_bilans.filed_bilans(committees) if committees else [],
        "pdf_years": convention_years(scope.obj) if scope is not None else [],
    }
    return render(request, "clauses/bilans/convention.html", context,
                  status=error.status if error else 200)


# --- Public key figures ----------------------------------------------------------------


@require_GET
@not_page_cached
def key_figures_page(request: HttpRequest) -> HttpResponse:
    return render(request, "clauses/bilans/key_figures.html", {
        "years": key_figures.key_figures(),
        "min_people": key_figures.MIN_PEOPLE,
    })


@require_GET
@not_page_cached
def key_figures_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        key_figures.to_csv(key_figures.key_figures()), content_type=exports.CSV_MIME
    )
    response["Content-Disposition"] = 'attachment; filename="chiffres-cles-clauses-sociales.csv"'
    return response
