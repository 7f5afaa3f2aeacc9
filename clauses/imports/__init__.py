"""Imports of CSV and XLSX files: hours declarations and market forecasts.

Every import follows the same three steps: read the table (imports.reading), check
every row and collect every error with its line number, in French (imports.report),
and only if there is none, write everything in one transaction.
"""
