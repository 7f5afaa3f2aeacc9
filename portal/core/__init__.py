"""The bottom layer: what several apps share and that knows none of them.

Nothing here imports a domain app (home, resources, network, clauses, search) nor the
wiring of `portal` (settings aside, read through django.conf): import-linter checks it.
"""
