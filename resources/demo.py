"""Demo data of the resources app (seed_demo). Idempotent."""


def seed() -> None:
    """Filled in by the issue that builds this app."""
