"""Yearly bilans: the seven indicators of the conventions, for any scope and period.

- scopes: what a bilan covers and who may choose which scope (asked of network.permissions);
- indicators: compute_bilan(scope), aggregated in the database;
- secrecy: the bilan as a person may read it (breakdowns of fewer than five people only
  for whom may see their personal data), bilan_for(user, scope);
- exports: the same numbers as rows, CSV, XLSX and JSON;
- key_figures: the public table by year and territory, small cells hidden;
- convention: a convention's bilan filed as a document for its committee's minutes.
"""
