"""The rules a change of state must respect, as plain functions over values already read.

No query and no permission here: the domain operations (clauses.operations) read what a
rule needs, ask network.permissions who may act, call these functions and turn their
answers into French ValidationErrors per field. The bulk imports call the same functions
row by row, so that a rule is written once whichever channel the data comes through.
"""
