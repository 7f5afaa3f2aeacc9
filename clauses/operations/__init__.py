"""The domain operations of the market follow-up: every change of state goes through one
of these functions, whichever channel asks for it (member screens, the Wagtail admin,
the API, the imports, the demo data).

Each operation takes the acting person, asks network.permissions, checks every rule of
clauses.rules, writes atomically, logs personal-data access where it applies and raises
`django.core.exceptions.ValidationError` with French messages keyed by model field name,
or `PermissionDenied` when the person may see the object but not do this. A channel only
translates its input into the operation's arguments, and the errors back into its own
words (form fields, API keys, file columns).

Modules:
- markets: forecasts (submit, correct, assess), a market's edit, territories and lead,
  status, deletion, lots and clauses;
- people: beneficiaries (create with the duplicate check, update, merge, validate and
  validate again once the validity ends);
- proofs: the documents proving a beneficiary's criteria (add, delete);
- placements: open, change and close a placement, record an outcome;
- declarations: declare, correct and delete a month of hours, one by one or in bulk;
- globalisation: agreements that credit hours of one clause to another;
- companies: the contractors' and employers' records (one per SIRET) and their contacts.
"""
