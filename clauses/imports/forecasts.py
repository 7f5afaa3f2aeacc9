"""Import of market forecasts: the buyer's yearly list, one market per row.

The same fields and checks as the forecast form (clauses.forms.markets.ForecastForm):
the model's own validation for each value, the buyers the permission policy lets the
person submit for, and the reference unique. A reference already imported and still
a forecast is updated; importing the same file again changes nothing. A file beyond the
import limits (rows, seconds: imports.limits) is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clauses import listing_cache, pipeline
from clauses.enums import MarketStatus, Procedure
from clauses.imports import values
from clauses.imports.common import batches, scoped
from clauses.imports.limits import ImportLimits, LimitExceeded
from clauses.imports.reading import Column, UnreadableFile, normalise, read_table
from clauses.imports.report import ImportReport
from clauses.models import Market
from clauses.search_text import text_of
from network.models import Organisation, Territory
from network.permissions import Action
from portal.core.vocabulary import DecpConsideration, MarketCategory

COLUMNS = (
    Column("reference", "Référence du marché, unique", example="DRFIP-2026-031"),
    Column("intitule", "Intitulé", example="Nettoyage des locaux de la cité administrative"),
    Column("acheteur", "Acheteur : identifiant, SIRET ou nom (facultatif si vous n'en "
                       "représentez qu'un)", required=False, example="mission-achats-bfc"),
    Column("territoire", "Territoire pilote : identifiant ou nom", example="bassin-dijonnais"),
    Column("autres_territoires", "Autres territoires concernés, séparés par des virgules",
           required=False, example=""),
    Column("annee", "Année de programmation", example="2026"),
    Column("categorie", "Travaux, Services ou Fournitures", example="Services"),
    Column("code_cpv", "Code CPV", required=False, example="90910000-9"),
    Column("procedure", "Procédure envisagée", required=False, example="Appel d'offres ouvert"),
    Column("montant_estime", "Montant estimé en euros HT", required=False, example="450000"),
    Column("consideration_sociale", "Considération sociale (typologie DECP)", required=False,
           example="Clause sociale"),
    Column("date_reception", "Prévision reçue le (JJ/MM/AAAA ; aujourd'hui si vide)",
           required=False, example=""),
    Column("date_dce_prevue", "DCE prévu le (JJ/MM/AAAA)", required=False, example="15/03/2026"),
    Column("observations", "Observations", required=False, example=""),
)
# Model field of each column, to report the model's own messages on the right column.
FIELDS = {
    "reference": "reference", "intitule": "title", "annee": "programme_year",
    "categorie": "category", "code_cpv": "cpv_code", "procedure": "procedure",
    "montant_estime": "estimated_amount", "consideration_sociale": "decp_consideration",
    "date_reception": "forecast_received_on", "date_dce_prevue": "dce_planned_on",
    "observations": "notes",
}
COLUMN_OF = {field: column for column, field in FIELDS.items()}
PARSERS = {
    "annee": lambda v: values.integer(v, example="2026"),
    "categorie": lambda v: values.choice(v, MarketCategory),
    "procedure": lambda v: values.choice(v, Procedure),
    "montant_estime": lambda v: values.decimal(v, example="450000"),
    "consideration_sociale": lambda v: values.choice(v, DecpConsideration),
    "date_reception": values.date,
    "date_dce_prevue": values.date,
}
REQUIRED = {column.name: column.required for column in COLUMNS}
COMPARED = [*FIELDS.values(), "buyer_id", "lead_territory_id"]


def import_forecasts(file, user=None, name: str | None = None,
                     limits: ImportLimits | None = None) -> ImportReport:
    """`limits` default to the settings' (IMPORT_MAX_ROWS, IMPORT_MAX_SECONDS)."""
    limits = limits or ImportLimits.from_settings()
    try:
        return _import(file, user, name, limits)
    except LimitExceeded as error:
        return ImportReport.refused(str(error))


def _import(file, user, name, limits: ImportLimits) -> ImportReport:
    report = ImportReport()
    try:
        table = read_table(file, COLUMNS, name, limits)
    except UnreadableFile as error:
        report.add(0, "", str(error))
        return report
    report.rows = len(table.rows)
    if not table.rows:
        report.add(0, "", "Le fichier ne contient aucune ligne de données.")
        return report
    lookup = _Lookup(table.rows, user)
    parsed = []
    for line, cells in table.rows:
        limits.check_time()
        item = _parse(line, cells, lookup, report)
        if item is not None:
            parsed.append(item)
    existing = _check_references(parsed, lookup, report)
    if report.errors:
        report.errors.sort(key=lambda error: error.line)
        return report
    _write(parsed, existing, user, report, limits)
    return report


@dataclass
class _Parsed:
    line: int
    market: Market
    territories: set[int]
    dated: bool  # the file gives the date the forecast was received


class _Lookup:
    """Buyers, territories and existing references of the file, in a few queries."""

    def __init__(self, rows, user):
        self.buyers = list(scoped(user, Action.SUBMIT_FORECAST, Organisation.objects.all()))
        self.buyer_keys = _keyed(self.buyers, ("slug", "siret", "name"))
        self.territory_keys = _keyed(
            Territory.objects.only("pk", "slug", "name"), ("slug", "name")
        )
        refs = {values.text(cells.get("reference")) for _, cells in rows}
        self.markets: dict[str, Market] = {}
        for chunk in batches(refs - {""}):
            self.markets.update(
                (market.reference, market)
                for market in Market.objects.filter(reference__in=chunk).prefetch_related(
                    "territories"
                )
            )

    def buyer(self, raw: str) -> Organisation | None:
        if not raw:
            return self.buyers[0] if len(self.buyers) == 1 else None
        return self.buyer_keys.get(normalise(raw))

    def territory(self, raw: str) -> Territory | None:
        return self.territory_keys.get(normalise(raw))


def _keyed(objects, attributes) -> dict:
    """Objects by the normalised value of each attribute; the first one wins a tie."""
    keyed = {}
    for obj in objects:
        for attribute in attributes:
            key = normalise(getattr(obj, attribute))
            if key:
                keyed.setdefault(key, obj)
    return keyed


def _parse(line, cells, lookup: _Lookup, report: ImportReport):
    market = Market(status=MarketStatus.FORECAST)
    ok = True
    missing = []  # fields already reported: the model's check would repeat it
    for column, field in FIELDS.items():
        raw = cells.get(column, "")
        if values.text(raw) == "":
            if REQUIRED.get(column):
                report.add(line, column, "Cette colonne doit être remplie.")
                missing.append(field)
                ok = False
            continue
        try:
            value = PARSERS[column](raw) if column in PARSERS else values.text(raw)
        except values.InvalidValue as error:
            report.add(line, column, str(error))
            missing.append(field)
            ok = False
            continue
        setattr(market, field, value)
    dated = market.forecast_received_on is not None
    if not dated:
        market.forecast_received_on = timezone.localdate()

    buyer_raw = values.text(cells.get("acheteur"))
    buyer = lookup.buyer(buyer_raw)
    if buyer is None:
        ok = False
        report.add(line, "acheteur", (
            f"Acheteur « {buyer_raw} » inconnu, ou pour lequel vous ne transmettez pas de "
            "prévisions." if buyer_raw else
            "Indiquez l'acheteur : vous transmettez des prévisions pour plusieurs acheteurs."
        ))
    else:
        market.buyer = buyer
    territory_raw = values.text(cells.get("territoire"))
    lead = lookup.territory(territory_raw) if territory_raw else None
    if lead is None:
        ok = False
        report.add(line, "territoire", f"Territoire « {territory_raw} » inconnu."
                   if territory_raw else "Indiquez le territoire pilote.")
    else:
        market.lead_territory = lead
    others = set()
    for name in values.text(cells.get("autres_territoires")).replace("|", ",").split(","):
        if not name.strip():
            continue
        territory = lookup.territory(name)
        if territory is None:
            ok = False
            report.add(line, "autres_territoires", f"Territoire « {name.strip()} » inconnu.")
        elif lead is None or territory.pk != lead.pk:
            others.add(territory.pk)
    try:
        market.full_clean(
            exclude=[
                "buyer", "lead_territory", "facilitator", "assessed_by", "submitted_by",
                *missing,
            ],
            validate_unique=False, validate_constraints=False,
        )
    except ValidationError as error:
        ok = False
        for field, messages in error.message_dict.items():
            for message in messages:
                report.add(line, COLUMN_OF.get(field, ""), message)
    return _Parsed(line, market, others, dated) if ok else None


def _check_references(parsed, lookup: _Lookup, report: ImportReport) -> dict[str, Market]:
    seen: dict[str, int] = {}
    existing = {}
    allowed = {buyer.pk for buyer in lookup.buyers}
    for item in parsed:
        line, market = item.line, item.market
        if market.reference in seen:
            report.add(line, "reference", f"Référence en double : déjà à la ligne "
                                          f"{seen[market.reference]}.")
            continue
        seen[market.reference] = line
        current = lookup.markets.get(market.reference)
        if current is None:
            continue
        if current.buyer_id not in allowed or current.buyer_id != market.buyer_id:
            report.add(line, "reference",
                       f"La référence « {market.reference} » est déjà celle d'un autre marché.")
        elif current.status != MarketStatus.FORECAST:
            report.add(line, "reference",
                       f"Le marché « {market.reference} » a déjà été étudié par la coordination "
                       "(état : " + current.get_status_display().lower() + ") : il ne se "
                       "modifie plus par import.")
        else:
            existing[market.reference] = current
    return existing


@transaction.atomic
def _write(parsed, existing: dict[str, Market], user, report: ImportReport,
           limits: ImportLimits) -> None:
    # A limit reached in here raises out of the transaction: nothing stays written.
    submitted_by = user if user is not None and user.is_authenticated else None
    new = []
    for item in parsed:
        limits.check_time()
        market, others = item.market, item.territories
        current = existing.get(market.reference)
        if current is None:
            market.submitted_by = submitted_by
            new.append((market, others))
            continue
        if not item.dated:
            market.forecast_received_on = current.forecast_received_on
        changed = [f for f in COMPARED if getattr(current, f) != getattr(market, f)]
        same_territories = {t.pk for t in current.territories.all()} == others
        if not changed and same_territories:
            report.unchanged += 1
            continue
        for field in changed:
            setattr(current, field, getattr(market, field))
        current.save()
        current.territories.set(others)
        report.updated += 1
    for market, _ in new:  # bulk_create skips Market.save, which folds this text
        market.search_text = text_of(market)
    created = Market.objects.bulk_create([market for market, _ in new])
    Market.territories.through.objects.bulk_create([
        Market.territories.through(market_id=market.pk, territory_id=territory)
        for market, (_, others) in zip(created, new, strict=True) for territory in others
    ])
    limits.check_time()
    for market in created:
        # One row each, as the form does: a yearly list is a few hundred markets at most.
        pipeline.start_history(market, submitted_by, on=market.forecast_received_on)
    if created:
        # bulk_create sends no post_save: the lists' cached counts must hear of them.
        transaction.on_commit(listing_cache.markets_changed)
    report.created = len(created)
