"""Query pieces the ORM lacks, the same on SQLite and PostgreSQL."""

from collections.abc import Callable, Mapping, Sequence

from django.db.models import Aggregate, CharField, QuerySet

SEPARATOR = "\x1f"  # ASCII unit separator: never typed in a name


class GroupConcat(Aggregate):
    """The values of a group joined into one string with ``SEPARATOR``, in no set order
    (``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '" + SEPARATOR + "')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def split_joined(joined: str | None) -> list[str]:
    """The values a ``GroupConcat`` joined."""
    return joined.split(SEPARATOR) if joined else []


def union_query(querysets: Sequence[QuerySet]) -> QuerySet | None:
    """Every queryset's rows as one query (None for none). Each must give the same
    columns in the same order (``values()`` with the same names), without ordering nor
    slicing: SQLite refuses them in the members of a UNION."""
    if not querysets:
        return None
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def union_all(querysets: Sequence[QuerySet]) -> list[dict]:
    """The rows of every queryset (as `union_query` says), read in one query."""
    query = union_query(querysets)
    return list(query) if query is not None else []


class LazyQuerysets(Mapping):
    """Querysets by key, each built by its function when first read: building one costs
    more than some requests spend reading the ones they use."""

    def __init__(self, builders: dict[str, Callable[[], QuerySet]]):
        self.builders = builders
        self.built: dict[str, QuerySet] = {}

    def __getitem__(self, key: str) -> QuerySet:
        if key not in self.built:
            self.built[key] = self.builders[key]()
        return self.built[key]

    def __iter__(self):
        return iter(self.builders)

    def __len__(self) -> int:
        return len(self.builders)
