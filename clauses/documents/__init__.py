"""The documents the portal hands out, built from the same numbers as the pages.

- market: a market's bilan for its buyer (the seven indicators, as the reader may read
  them, its clauses, the hours done month by month against those required, the
  facilitator's comment), laid out once for its PDF and its DOCX;
- convention: a convention's bilan for one year;
- pdf and docx: the writers (WeasyPrint over Debian's pango; python-docx);
- hours_template: the monthly-hours import's spreadsheet, pre-filled with a market's
  placements active in a month.

Who may read a document is asked of network.permissions by the views, as for the pages;
breakdowns of fewer than five people stay secret here as everywhere
(clauses.bilans.secrecy.bilan_for).
"""
