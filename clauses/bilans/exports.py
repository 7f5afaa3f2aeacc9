"""One layout of a bilan's numbers for every output: the page, CSV, XLSX and JSON.

`sections()` turns compute_bilan()'s dict into titled figures and tables with French
labels; the HTML page, the CSV and the XLSX all read that, so they cannot disagree. A
breakdown under statistical secrecy (clauses.bilans.secrecy) is a table without rows
that says so, in every output. Files are written by portal.core.tabular, so that no
label becomes a formula in a spreadsheet.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import numberformat, timezone

from clauses.bilans.indicators import INDICATOR_LABELS, INDICATORS
from clauses.bilans.secrecy import SECRECY_MARK, SECRET_LABEL, is_secret
from portal.core.tabular import FRENCH, append_row, write_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
CSV_COLUMNS = ("perimetre", "periode", "indicateur", "tableau", "code", "libelle", "mesure",
               "valeur")

FIGURE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "marches_avec_clause": {
        "total": ("Marchés avec clause sociale", "marchés"),
        "en_execution": ("dont en exécution", "marchés"),
        "termines": ("dont terminés pendant la période", "marchés"),
        "acheteurs": ("Acheteurs de ces marchés", "acheteurs"),
        "entreprises": ("Entreprises titulaires de leurs clauses", "entreprises"),
    },
    "heures_realisees": {
        "travaillees": ("Heures travaillées", "heures"),
        "formation": ("Heures de formation", "heures"),
        "total": ("Total des heures réalisées pendant la période", "heures"),
        "exigees": ("Heures exigées par les clauses de ces marchés", "heures"),
        "realisees_cumulees": ("Heures réalisées sur ces clauses depuis leur début", "heures"),
        "taux_realisation": ("Taux de réalisation (heures réalisées ÷ exigées)", "%"),
    },
    "personnes": {
        "total": ("Personnes mises à l'emploi (comptées une fois)", "personnes"),
        "placements": ("Placements ayant des heures pendant la période", "placements"),
    },
    "situations": {
        "placements_termines": ("Placements terminés pendant la période", "placements"),
        "personnes": ("Personnes dont un placement s'est terminé pendant la période",
                      "personnes"),
    },
}
TABLE_CAPTIONS = {
    "par_fondement_juridique": "Clauses par fondement juridique",
    "par_consideration_sociale": "Marchés par considération sociale (typologie DECP)",
    "par_critere": "Personnes par critère d'éligibilité (une personne peut en remplir plusieurs)",
    "par_sexe": "Personnes par sexe",
    "par_tranche_age": "Personnes par tranche d'âge au début du placement",
    "par_niveau_diplome": "Personnes par niveau de diplôme",
    "par_residence_qpv": "Personnes selon la résidence en quartier prioritaire",
    "par_modalite": "Heures et personnes par modalité",
    "par_type_contrat": "Heures et personnes par type de contrat",
    "par_entreprise": "Heures réalisées pendant la période par entreprise (titulaire du lot, "
                      "ou employeur pour une clause sur tout le marché)",
    "a_la_fin": "Situation à la fin du placement",
    "a_six_mois": "Situation environ 6 mois après la fin du placement",
}
MEASURE_LABELS = {
    "clauses": "Clauses",
    "heures_exigees": "Heures exigées",
    "marches": "Marchés",
    "personnes": "Personnes",
    "heures": "Heures",
    "sorties": "Sorties",
}
# Which measure of which table is drawn (the table beside it holds the same numbers).
CHARTED = {
    "par_fondement_juridique": "clauses",
    "par_tranche_age": "personnes",
    "par_sexe": "personnes",
    "par_modalite": "heures",
    "par_type_contrat": "heures",
    "a_la_fin": "sorties",
    "a_six_mois": "sorties",
}


def display(value) -> str:
    """French writing of a number: 1 234,50 (hours keep their cents only when they have any)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    decimals = 0 if isinstance(value, int) else max(1, -value.as_tuple().exponent)
    return numberformat.format(
        value, ",", decimal_pos=decimals, grouping=3, thousand_sep="\u202f", force_grouping=True
    )


def chart_label(label: str, width: int = 26) -> list[str]:
    """A short label for a chart axis, in lines: the words before " — " (the table
    beside the chart keeps the whole label)."""
    words = label.split(" — ")[0].split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


@dataclass
class Figure:
    code: str
    label: str
    unit: str
    value: int | Decimal | None

    @property
    def display(self) -> str:
        shown = display(self.value)
        if self.value is None:
            return shown
        return f"{shown} %" if self.unit == "%" else f"{shown}"

    @property
    def machine_value(self) -> str:
        value = _plain(self.value)
        return "" if value is None else str(value)


@dataclass
class Table:
    key: str
    caption: str
    measures: list[tuple[str, str]]
    rows: list[dict]
    chart_measure: str | None = None
    secret: bool = False

    @property
    def secret_label(self) -> str:
        return SECRET_LABEL

    @property
    def body(self) -> list[dict]:
        """Rows ready for a template: label, code, and each measure's raw and French value."""
        return [
            {
                "code": row["code"],
                "libelle": row["libelle"],
                "cells": [
                    {"measure": m, "value": str(_plain(row[m])), "display": display(row[m])}
                    for m, _ in self.measures
                ],
            }
            for row in self.rows
        ]

    @property
    def chart(self) -> dict | None:
        """What bilans.js draws: labels and one series, the table's own numbers."""
        if not self.chart_measure or self.secret:
            return None
        return {
            "id": f"graphique-{self.key}",
            "title": self.caption,
            "measure": MEASURE_LABELS[self.chart_measure],
            "labels": [chart_label(row["libelle"]) for row in self.rows],
            "values": [_plain(row[self.chart_measure]) for row in self.rows],
        }


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def sections(bilan: dict) -> list[Section]:
    result = []
    for key in INDICATORS:
        content = bilan[key]
        section = Section(key, INDICATOR_LABELS[key])
        for name, value in content.items():
            if isinstance(value, list):
                measures = [m for m in value[0] if m not in ("code", "libelle")] if value else []
                section.tables.append(Table(
                    key=name, caption=TABLE_CAPTIONS[name],
                    measures=[(m, MEASURE_LABELS[m]) for m in measures], rows=value,
                    chart_measure=CHARTED.get(name),
                ))
            elif is_secret(value):
                section.tables.append(Table(
                    key=name, caption=TABLE_CAPTIONS[name], measures=[], rows=[], secret=True,
                ))
            else:
                label, unit = FIGURE_LABELS[key][name]
                section.figures.append(Figure(name, label, unit, value))
        result.append(section)
    return result


def charts(bilan: dict) -> list[dict]:
    return [table.chart for section in sections(bilan) for table in section.tables
            if table.chart]


# --- Flat rows: CSV and the XLSX "Données" sheet ----------------------------------------


def _plain(value) -> str | int | None:
    """Numbers as machines read them: 1234.50, 3; None stays empty."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def flat_rows(bilan: dict) -> list[tuple]:
    """(indicateur, tableau, code, libellé, mesure, valeur) for every number of the bilan."""
    rows = []
    for section in sections(bilan):
        for figure in section.figures:
            rows.append((section.key, "", figure.code, figure.label, figure.unit, figure.value))
        for table in section.tables:
            if table.secret:
                rows.append((section.key, table.key, SECRECY_MARK, SECRET_LABEL, "", None))
            for row in table.rows:
                for measure, measure_label in table.measures:
                    rows.append((section.key, table.key, row["code"], row["libelle"],
                                 measure_label.lower(), row[measure]))
    return rows


def to_csv(bilan: dict, scope_label: str, period_label: str) -> str:
    """The bilan's rows as French Excel opens them by double-click: semicolons, decimal
    commas, a byte-order mark (tabular.FRENCH)."""
    return write_csv([
        CSV_COLUMNS,
        *((scope_label, period_label, *row) for row in flat_rows(bilan)),
    ], FRENCH)


def to_xlsx(bilan: dict, scope_label: str, period_label: str,
            generated_on: datetime.date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bilan"
    append_row(sheet, ["Bilan des clauses sociales d'insertion"])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, ["Périmètre", scope_label])
    append_row(sheet, ["Période", period_label])
    append_row(sheet, ["Établi le",
                       (generated_on or timezone.localdate()).strftime("%d/%m/%Y")])
    for section in sections(bilan):
        sheet.append([])
        append_row(sheet, [section.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        for figure in section.figures:
            append_row(sheet, [figure.label, figure.value, figure.unit])
        for table in section.tables:
            sheet.append([])
            append_row(sheet, [table.caption])
            sheet.cell(sheet.max_row, 1).font = bold
            if table.secret:
                append_row(sheet, [SECRET_LABEL])
                continue
            append_row(sheet, ["", *[label for _, label in table.measures]])
            for row in table.rows:
                append_row(sheet, [row["libelle"], *[row[m] for m, _ in table.measures]])
    sheet.column_dimensions["A"].width = 70
    for column in "BCD":
        sheet.column_dimensions[column].width = 16

    data = workbook.create_sheet("Données")
    append_row(data, CSV_COLUMNS)
    for cell in data[1]:
        cell.font = bold
    for row in flat_rows(bilan):
        append_row(data, [scope_label, period_label, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(bilan: dict) -> dict:
    """The bilan with exact decimals written as strings ("1234.50"), as the API answers."""
    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return _plain(value)

    return convert(bilan)
