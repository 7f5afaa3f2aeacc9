"""Wagtail's own spreadsheet exports (the admin's reports, the site history, listings
with `list_export`) written under portal.core.tabular's rule.

Wagtail writes their CSV with the csv module as is, and in XLSX only turns text that
openpyxl reads as a formula ("=…") back into text: a page title or a territory name
typed as ``=HYPERLINK(...)`` would reach an administrator's spreadsheet as a formula.
Its export mixin is given, once at start-up, the same neutralisation as every other
file the portal writes: a leading quote in CSV, Excel's quote prefix in XLSX.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from portal.core.tabular import FORMULA_STARTS, neutralise


def install() -> None:
    if getattr(SpreadsheetExportMixin, "_portal_neutralised", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return neutralise(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in xlsx_row(self, worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._portal_neutralised = True
