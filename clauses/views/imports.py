"""Import screens of the members' area: hours (/espace/marches/import/), forecasts
(/espace/marches/prevision/import/) and awarded markets from the open data
(/espace/marches/decp/import/). The imports themselves live in clauses.imports."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clauses.imports import forecasts, monthly_hours
from clauses.imports.decp import import_decp
from clauses.imports.forms import DecpImportForm, ImportForm
from clauses.imports.templates import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    template_csv,
    template_xlsx,
)
from clauses.models import HoursDeclaration
from network.models import Organisation
from network.permissions import Action, require_any, require_company_manager


@dataclass(frozen=True)
class ImportKind:
    slug: str
    title: str
    intro: str
    columns: tuple
    run: object
    model: type
    action: Action
    refused: str
    url_name: str
    template_url_name: str
    sheet_title: str


HOURS = ImportKind(
    slug="heures",
    title="Importer des heures",
    intro=(
        "Une ligne par bénéficiaire, marché (et lot) et mois. Les heures déjà déclarées pour "
        "ce mois sont remplacées par celles du fichier ; importer deux fois le même fichier "
        "ne change rien. À la moindre erreur, rien n'est enregistré."
    ),
    columns=monthly_hours.COLUMNS,
    run=monthly_hours.import_hours,
    model=HoursDeclaration,
    action=Action.CHANGE,
    refused="L'import des heures est réservé aux facilitateurs et à leurs coordinateurs.",
    url_name="clauses:hours_import",
    template_url_name="clauses:hours_import_template",
    sheet_title="Heures",
)
FORECASTS = ImportKind(
    slug="previsions",
    title="Importer des prévisions de marchés",
    intro=(
        "Une ligne par marché prévu. Une prévision déjà transmise et pas encore étudiée par "
        "la coordination est mise à jour ; importer deux fois le même fichier ne change "
        "rien. À la moindre erreur, rien n'est enregistré."
    ),
    columns=forecasts.COLUMNS,
    run=forecasts.import_forecasts,
    model=Organisation,
    action=Action.SUBMIT_FORECAST,
    refused="Seuls les référents acheteurs transmettent des prévisions.",
    url_name="clauses:forecast_import",
    template_url_name="clauses:forecast_import_template",
    sheet_title="Prévisions",
)


def _allowed(request: HttpRequest, kind: ImportKind) -> None:
    require_any(request.user, kind.action, kind.model, kind.refused)


def _import_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    _allowed(request, kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["fichier"]
        report = kind.run(uploaded, user=request.user, name=uploaded.name)
        if report.ok:
            messages.success(request, report.summary())
            return redirect(kind.url_name)
    return render(request, "clauses/imports/import.html", {
        "kind": kind,
        "form": form,
        "report": report,
        "csv_url": reverse(kind.template_url_name, args=["csv"]),
        "xlsx_url": reverse(kind.template_url_name, args=["xlsx"]),
    }, status=400 if form.is_bound else 200)


def _template_file(request: HttpRequest, kind: ImportKind, fmt: str) -> HttpResponse:
    _allowed(request, kind)
    if fmt == "csv":
        content, content_type = template_csv(kind.columns), CSV_CONTENT_TYPE
    elif fmt == "xlsx":
        content, content_type = template_xlsx(kind.columns, kind.sheet_title), XLSX_CONTENT_TYPE
    else:
        raise Http404("Format inconnu.")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-import-{kind.slug}.{fmt}"'
    return response


@login_required
def hours_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, HOURS)


@login_required
def hours_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return _template_file(request, HOURS, fmt)


@login_required
def forecast_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, FORECASTS)


@login_required
def forecast_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return _template_file(request, FORECASTS, fmt)


@login_required
def decp_import(request: HttpRequest) -> HttpResponse:
    """The DECP file of the person's territories: markets created or brought up to date,
    the others listed with the reason they were skipped."""
    require_company_manager(request.user)
    form = DecpImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_decp(form.cleaned_data["fichier"], user=request.user)
        if report.ok:
            messages.success(request, report.summary())
    status = 400 if form.is_bound and (form.errors or (report and not report.ok)) else 200
    return render(request, "clauses/imports/decp.html", {"form": form, "report": report},
                  status=status)
