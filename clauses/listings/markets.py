"""The lists of markets: every market followed (/espace/marches/) and the buyers'
forecasts (/espace/marches/previsions/)."""

from __future__ import annotations

import functools

from django import forms
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clauses import listing_cache, progress
from clauses.enums import MarketStatus
from clauses.flags import permission_flag
from clauses.listings.base import Column, Listing, ListingForm, Sort
from clauses.models import Market
from clauses.rules.markets import forecast_correction_error
from network.models import Organisation, Territory
from network.permissions import Action, filter_queryset, has_any_anchor
from portal.core.text import words as folded_words

FORECAST_STATUSES = (MarketStatus.FORECAST, MarketStatus.STUDIED)
ASSESSMENT = [("", "Toutes"), ("a_etudier", "À étudier"), ("etudiees", "Étudiées")]


def search_markets(rows, words: str):
    """Markets whose reference, title, buyer, lead territory or CPV code hold every word
    (the folded words kept on the market, clauses.search_text)."""
    for word in folded_words(words):
        rows = rows.filter(search_text__contains=f" {word}")
    return rows


class MarketFilterForm(ListingForm):
    territoire = forms.ModelChoiceField(
        label="Territoire", queryset=Territory.objects.none(), required=False,
        empty_label="Tous", to_field_name="slug",
    )
    acheteur = forms.ModelChoiceField(
        label="Acheteur", queryset=Organisation.objects.none(), required=False,
        empty_label="Tous", to_field_name="slug",
    )
    etat = forms.ChoiceField(
        label="État", choices=[("", "Tous"), *MarketStatus.choices], required=False
    )
    annee = forms.TypedChoiceField(label="Année", coerce=int, required=False, empty_value=None)
    sorts = (
        Sort("annee", "Année, la plus récente d'abord", ("-programme_year", "reference")),
        Sort("reference", "Référence", ("reference",)),
        Sort("dce", "DCE prévu, le plus proche d'abord",
             (F("dce_planned_on").asc(nulls_last=True), "reference")),
        Sort("fin_execution", "Fin d'exécution, la plus proche d'abord",
             (F("execution_ends_on").asc(nulls_last=True), "reference")),
    )

    # The cached choices are those of the markets this form lists.
    choices_cache_name = "market-filter-choices"

    def __init__(self, data, visible, *args, user=None, **kwargs):
        super().__init__(data, visible, *args, user=user, **kwargs)

        def ids():
            return visible.values("pk")

        if self.is_bound:
            # The querysets check a chosen value: an unbound form (the list as it
            # first opens) checks none and skips building them.
            self.fields["territoire"].queryset = self._territories(ids())
            self.fields["acheteur"].queryset = self._buyers(ids())
        # The lists shown are read once per person until a market changes
        # (clauses.listing_cache), and only when needed: the filters' HTML is itself
        # cached (market_list.html), and only the year is checked against its list.

        @functools.cache
        def choices():
            if user is None:
                return self._choices(ids())
            return listing_cache.cached_for(user, self.choices_cache_name, "",
                                            lambda: self._choices(ids()))

        self.fields["territoire"].choices = lambda: [("", "Tous"), *choices()["territoire"]]
        self.fields["acheteur"].choices = lambda: [("", "Tous"), *choices()["acheteur"]]
        self.fields["annee"].choices = lambda: [("", "Toutes"), *choices()["annee"]]

    @staticmethod
    def _territories(ids):
        return Territory.objects.filter(
            pk__in=Market.objects.filter(pk__in=ids).values("lead_territory")
        ) | Territory.objects.filter(
            pk__in=Market.territories.through.objects.filter(market__in=ids).values("territory")
        )

    @staticmethod
    def _buyers(ids):
        return Organisation.objects.filter(pk__in=Market.objects.filter(pk__in=ids).values("buyer"))

    def _choices(self, ids) -> dict[str, list[tuple]]:
        years = (
            Market.objects.filter(pk__in=ids).order_by("-programme_year")
            .values_list("programme_year", flat=True).distinct()
        )
        return {
            "territoire": [(t.slug, str(t)) for t in self._territories(ids)],
            "acheteur": [(o.slug, str(o)) for o in self._buyers(ids)],
            "annee": [(year, str(year)) for year in years],
        }

    def search(self, rows, words):
        return search_markets(rows, words)

    def filter(self, markets, data):
        if data.get("territoire"):
            territory = data["territoire"]
            markets = markets.filter(
                pk__in=Market.objects.filter(
                    Q(lead_territory=territory) | Q(territories=territory)
                ).values("pk")
            )
        if data.get("acheteur"):
            markets = markets.filter(buyer=data["acheteur"])
        if data.get("etat"):
            markets = markets.filter(status=data["etat"])
        if data.get("annee"):
            markets = markets.filter(programme_year=data["annee"])
        return markets


def _feasibility(m: Market) -> str:
    return m.get_feasibility_display() if m.feasibility else ""


class MarketListing(Listing):
    """The market list's files (its page is clauses.views.markets.market_list)."""

    key = "market_list"
    title = "Marchés suivis"
    noun = ("marché", "marchés")
    model = Market
    form_class = MarketFilterForm
    refusal = ("Le suivi des marchés est réservé aux facilitateurs, à leurs coordinateurs et "
               "aux référents acheteurs.")

    def rows(self, user):
        return filter_queryset(user, Action.VIEW, Market.objects.all())

    def decorate(self, rows, user):
        return progress.market_queryset_for_listing(rows, timezone.localdate()).select_related(
            "facilitator").prefetch_related("territories")

    def columns(self, user):
        return [
            Column("Référence", lambda m: m.reference, link=lambda m: m.get_absolute_url()),
            Column("Intitulé", lambda m: m.title),
            Column("Acheteur", lambda m: m.buyer.name),
            Column("Territoire pilote", lambda m: m.lead_territory.name),
            Column("Autres territoires",
                   lambda m: ", ".join(t.name for t in m.territories.all())),
            Column("Année", lambda m: m.programme_year, numeric=True),
            Column("Catégorie", lambda m: m.get_category_display()),
            Column("Procédure", lambda m: m.get_procedure_display() if m.procedure else ""),
            Column("Montant estimé (€ HT)", lambda m: m.estimated_amount, numeric=True),
            Column("Considération sociale (DECP)",
                   lambda m: m.get_decp_consideration_display() if m.decp_consideration
                   else ""),
            Column("État", lambda m: m.get_status_display()),
            Column("Faisabilité", _feasibility),
            Column("Facilitateur en charge", lambda m: (
                m.facilitator.get_full_name() or m.facilitator.get_username()
            ) if m.facilitator_id else ""),
            Column("DCE prévu le", lambda m: m.dce_planned_on),
            Column("Début d'exécution", lambda m: m.execution_starts_on),
            Column("Fin d'exécution", lambda m: m.execution_ends_on),
            Column("Heures exigées", lambda m: m.required_hours_total, numeric=True),
            Column("Heures réalisées", lambda m: m.done_hours_total, numeric=True),
        ]


class ForecastFilters(MarketFilterForm):
    etude = forms.ChoiceField(label="Étude de faisabilité", choices=ASSESSMENT,
                              required=False)
    choices_cache_name = "forecast-filter-choices"
    sorts = (
        Sort("dce", "DCE prévu, le plus proche d'abord",
             (F("dce_planned_on").asc(nulls_last=True), "reference")),
        Sort("recues", "Reçues récemment",
             (F("forecast_received_on").desc(nulls_last=True), "reference")),
        Sort("reference", "Référence", ("reference",)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["etat"]

    def filter(self, markets, data):
        markets = super().filter(markets, data)
        if data.get("etude") == "a_etudier":
            markets = markets.filter(status=MarketStatus.FORECAST, assessed_at__isnull=True)
        elif data.get("etude") == "etudiees":
            markets = markets.filter(assessed_at__isnull=False)
        return markets


def _forecast_action(m: Market) -> str | None:
    if m.can_assess and m.status in FORECAST_STATUSES:
        return "Étudier la faisabilité"
    if m.can_submit and forecast_correction_error(m.status, m.assessed_at is not None) is None:
        return "Corriger"
    return None


def _forecast_link(m: Market) -> str:
    name = "clauses:market_assess" if m.can_assess else "clauses:forecast_edit"
    return reverse(name, args=[m.pk])


class ForecastListing(Listing):
    key = "forecast_list"
    title = "Prévisions de marchés"
    intro = ("Les prévisions transmises par les acheteurs, jusqu'à l'étude de faisabilité "
             "par la coordination régionale.")
    noun = ("prévision", "prévisions")
    empty = "Aucune prévision ne correspond à ces critères."
    model = Market
    form_class = ForecastFilters
    refusal = MarketListing.refusal

    def rows(self, user):
        return filter_queryset(user, Action.VIEW, Market.objects.filter(
            status__in=FORECAST_STATUSES))

    def decorate(self, rows, user):
        return rows.select_related("buyer", "lead_territory").annotate(
            can_assess=permission_flag(user, Action.ASSESS_FORECAST, Market),
            can_submit=permission_flag(user, Action.SUBMIT_FORECAST, Market),
        )

    def columns(self, user):
        return [
            Column("Référence", lambda m: m.reference, link=lambda m: m.get_absolute_url()),
            Column("Intitulé", lambda m: m.title),
            Column("Acheteur", lambda m: m.buyer.name),
            Column("Territoire pilote", lambda m: m.lead_territory.name),
            Column("Année", lambda m: m.programme_year, numeric=True),
            Column("Montant estimé (€ HT)", lambda m: m.estimated_amount, numeric=True),
            Column("Reçue le", lambda m: m.forecast_received_on),
            Column("DCE prévu le", lambda m: m.dce_planned_on),
            Column("État", lambda m: m.get_status_display()),
            Column("Faisabilité", _feasibility),
            Column("Motif", lambda m: m.feasibility_reason),
            Column("Action", _forecast_action, link=_forecast_link, exported=False),
        ]

    def actions(self, user):
        if not has_any_anchor(user, Action.SUBMIT_FORECAST, Organisation):
            return []
        return [("Transmettre une prévision", reverse("clauses:forecast_create")),
                ("Importer des prévisions (CSV, XLSX)", reverse("clauses:forecast_import"))]

