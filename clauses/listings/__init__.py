"""The lists of the members' area and their XLSX and CSV files (see base.py):

- markets: every market followed (its page is clauses.views.markets.market_list) and the
  buyers' forecasts;
- people: beneficiaries, placements and months of hours;
- outcomes: the outcomes to record;
- files: the XLSX and CSV answers, through portal.core.tabular.
"""
