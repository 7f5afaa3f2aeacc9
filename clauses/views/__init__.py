"""The clauses app's pages; one module per subject."""
