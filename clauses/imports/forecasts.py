"""Import of market forecasts: the buyer's yearly list, one market per row.

This module reads the file; each row then goes through the same operations as the
forecast form (clauses.operations.forecasts): a new reference is submitted, one already
imported is corrected while the coordination has not assessed it yet. Importing the same
file again changes nothing; one refused row and nothing is written. A file beyond the
import limits (rows, seconds: imports.limits) is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clauses.enums import MarketStatus, Procedure
from clauses.imports import values
from clauses.imports.limits import ImportLimits, LimitExceeded
from clauses.imports.reading import Column, UnreadableFile, normalise, read_table
from clauses.imports.report import ImportReport
from clauses.models import Market
from clauses.operations import forecasts
from clauses.operations.common import SYSTEM
from network.models import Organisation, Territory
from portal.core.batching import batches
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
    # Rows already refused by their values are left out, but the others still meet the
    # rules, so that the report lists every problem of the file at once.
    _write(parsed, lookup, SYSTEM if user is None else user, report, limits)
    report.errors.sort(key=lambda error: error.line)
    return report


@dataclass
class _Parsed:
    line: int
    market: Market
    territories: set[int]
    dated: bool  # the file gives the date the forecast was received


class _Lookup:
    """Buyers, territories and existing references of the file, in a few queries.

    Only the markets of the buyers the person submits for are looked up: a reference
    another buyer uses is, to this person, an unknown one (references are unique per
    buyer), so that the answer tells nothing of markets they may not see.
    """

    def __init__(self, rows, user):
        self.buyers = list(forecasts.buyer_choices(SYSTEM if user is None else user))
        self.buyer_keys = _keyed(self.buyers, ("slug", "siret", "name"))
        self.territory_keys = _keyed(
            Territory.objects.only("pk", "slug", "name"), ("slug", "name")
        )
        refs = {values.text(cells.get("reference")) for _, cells in rows}
        self.markets: dict[tuple[int, str], Market] = {}
        buyer_ids = [buyer.pk for buyer in self.buyers]
        for chunk in batches(refs - {""}):
            self.markets.update(
                ((market.buyer_id, market.reference), market)
                for market in Market.objects.filter(
                    reference__in=chunk, buyer__in=buyer_ids
                ).prefetch_related("territories")
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


class _Refused(Exception):
    """Some row was refused: roll every row back."""


def _write(parsed: list[_Parsed], lookup: _Lookup, actor, report: ImportReport,
           limits: ImportLimits) -> None:
    """Each row through the forecast operations, all in one transaction: a row refused by
    a rule is reported on its line, and then nothing at all is written."""
    seen: dict[tuple[int, str], int] = {}
    try:
        with transaction.atomic():
            for item in parsed:
                # A limit reached in here raises out of the transaction: nothing stays.
                limits.check_time()
                key = (item.market.buyer_id, item.market.reference)
                if key in seen:
                    report.add(item.line, "reference",
                               f"Référence en double : déjà à la ligne {seen[key]}.")
                    continue
                seen[key] = item.line
                _write_row(item, lookup.markets.get(key), actor, report)
            limits.check_time()
            if report.errors:
                raise _Refused
    except _Refused:
        report.created = report.updated = report.unchanged = 0


def _write_row(item: _Parsed, current: Market | None, actor, report: ImportReport) -> None:
    fields = {name: getattr(item.market, name) for name in forecasts.FIELDS}
    if not item.dated:
        fields.pop("forecast_received_on")
    try:
        with transaction.atomic():
            if current is None:
                forecasts.submit_forecast(actor, territories=item.territories, **fields)
                report.created += 1
                return
            changed = forecasts.correct_forecast(
                actor, current, version=None, territories=item.territories, **fields
            )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                report.add(item.line, COLUMN_OF.get(field, _RELATION_COLUMNS.get(field, "")),
                           message)
        return
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


_RELATION_COLUMNS = {
    "__all__": "reference", "buyer": "acheteur", "lead_territory": "territoire",
    "territories": "autres_territoires",
}
