"""Queries compiled once and run many times: for the querysets whose SQL depends on a
few choices only (which sources, which facets), the values that change from one request
to the next (lists of ids) being a single parameter each.

Building a queryset and compiling it costs the ORM more than running it does when it
reads a few rows by primary key. ``Precompiled`` keeps the SQL of such a queryset per
key: the first request builds it with a ``Slot`` in place of each list of ids, and the
next ones only pass the lists.

A query may also depend on a text the person typed (the search's words), which the ORM
turns into parameters (a full-text match expression): `Words` names that text and how
to get those parameters without building the query. The SQL is compiled twice, for the
text and for a probe text, and kept only if the two differ in those parameters alone.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet


class Slot:
    """Stands for a list of ids while a precompiled query is compiled."""


def encoded(ids: Sequence[int], vendor: str) -> str:
    """A list of ids as the one parameter `InIds` reads."""
    if vendor == "postgresql":
        return "{" + ",".join(str(int(pk)) for pk in ids) + "}"
    return json.dumps([int(pk) for pk in ids])


class InIds(Func):
    """``column`` among the ids of a list (or of a `Slot`), as a filter: one parameter
    whatever their number, so that the SQL stays the same from one list to the next
    (``= ANY`` of an array on PostgreSQL, which its planner reads as an index lookup;
    ``IN`` over ``json_each`` on SQLite)."""

    output_field = BooleanField()

    def __init__(self, column: str, ids):
        super().__init__(F(column))
        self.ids = ids

    def _sql(self, compiler, connection, template: str):
        column, params = compiler.compile(self.source_expressions[0])
        ids = self.ids if isinstance(self.ids, Slot) else encoded(self.ids, connection.vendor)
        return template.format(column), [*params, ids]

    def as_sql(self, compiler, connection, **extra_context):
        return self._sql(compiler, connection, "{} IN (SELECT value FROM json_each(%s))")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._sql(compiler, connection, "{} = ANY(%s::bigint[])")


@dataclass(frozen=True)
class Words:
    """A text the SQL depends on: `build` receives it first, and `params(text)` gives
    the parameters the ORM makes of it (those of the full-text match). The text must
    change nothing else in the SQL (a text that does is found out when its SQL is
    compiled, not after)."""

    text: str
    params: Callable[[str], Sequence]


# A text that no search is expected to be: the compiled SQL is checked against it.
PROBE = "zqxwvj"
# Stored for a key whose SQL cannot be precompiled: the ORM builds it on each run.
UNCOMPILABLE = (None, None, None)


def supported(using: str = "default") -> bool:
    return connections[using].vendor in ("sqlite", "postgresql")


class Precompiled:
    """The SQL of querysets, per key (at most `size` keys, the least recently used
    forgotten first). A key must name everything the SQL depends on but the lists of
    ids passed to `rows`."""

    def __init__(self, size: int = 64):
        self.size = size
        self._compiled: OrderedDict = OrderedDict()

    def rows(self, key, build: Callable[..., QuerySet | None],
             id_lists: Sequence[Sequence[int]], using: str = "default",
             words: Words | None = None) -> list[dict] | None:
        """The rows (dicts by column) of ``build(*slots)``, a ``values()`` queryset whose
        lists of ids are read by ``InIds(column, slot)`` (each slot once or more), run with
        `id_lists` in their place; None when `build` gives None. With `words`,
        ``build(text, *slots)``, and the key need not name the text."""
        connection = connections[using]
        key = (using, connection.vendor, key)
        texts = tuple(words.params(words.text)) if words else ()
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(build, len(id_lists), using, words)
            if compiled is None:  # nothing to keep for every text: see `_compile`
                return self._run_built(build, id_lists, using, words)
            self._compiled[key] = compiled
            while len(self._compiled) > self.size:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(key)
        if compiled is UNCOMPILABLE or len(texts) <= max(
                (-1 - n for _, n in compiled[2] if n < 0), default=-1):
            return self._run_built(build, id_lists, using, words)
        sql, params, positions = compiled
        if sql is None:
            return None
        params = list(params)
        for position, n in positions:
            params[position] = (encoded(id_lists[n], connection.vendor) if n >= 0
                                else texts[-1 - n])
        return _fetch(connection, sql, params)

    @staticmethod
    def _run_built(build, id_lists, using, words):
        """The rows of the query built by the ORM, as without precompiling."""
        queryset = build(*([words.text] if words else []), *id_lists)
        if queryset is None:
            return None
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        return _fetch(connections[using], sql, params)

    @classmethod
    def _compile(cls, build, count: int, using: str, words: Words | None):
        slots = [Slot() for _ in range(count)]
        if words is None:
            return cls._sql(build(*slots), slots, using)
        texts, probes = tuple(words.params(words.text)), tuple(words.params(PROBE))
        if len(texts) != len(probes):
            return None
        # The parameters that change with the text (a configuration's name does not).
        varying = [n for n, (text, probe) in enumerate(zip(texts, probes, strict=True))
                   if text != probe]
        if not varying or {texts[n] for n in varying} & {probes[n] for n in varying}:
            return None  # the text cannot be told from the probe's
        sql, params, positions = cls._sql(build(words.text, *slots), slots, using)
        probe_sql, probe_params, _ = cls._sql(build(PROBE, *slots), slots, using)
        if sql is None or sql != probe_sql or len(params) != len(probe_params):
            return None  # this text's SQL is not the probe's: built for this text alone
        # Where the two compilations differ, each parameter must be the text's and the
        # probe's same one: n < 0 stands for the text parameter -1 - n.
        found = list(positions)
        for position, (param, probe) in enumerate(zip(params, probe_params, strict=True)):
            if isinstance(param, Slot) or param == probe:
                continue
            matches = [n for n in varying if texts[n] == param and probes[n] == probe]
            if len(matches) != 1:
                return UNCOMPILABLE
            found.append((position, -1 - matches[0]))
        return sql, params, tuple(found)

    @staticmethod
    def _sql(queryset, slots, using: str):
        if queryset is None:
            return None, (), ()
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        positions = tuple(
            (position, n) for position, param in enumerate(params)
            for n, slot in enumerate(slots) if param is slot
        )
        if {n for _, n in positions} != set(range(len(slots))):
            raise ValueError("Every list of ids must be read by a precompiled query.")
        return sql, tuple(params), positions


def _fetch(connection, sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
