"""Demo data of the clauses app (seed_demo). Idempotent."""


def seed() -> None:
    """Filled in by the issue that builds this app."""
