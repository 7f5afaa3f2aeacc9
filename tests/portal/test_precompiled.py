"""Queries compiled once (portal.core.precompiled): the same rows as the queryset they
come from, whatever the lists of ids passed on each run, and one query per run."""

from django.db.models import F, Value
from django.db.models.functions import Concat

from network.models import Territory
from portal.core.precompiled import InIds, Precompiled
from portal.core.queries import union_query
from tests.network.factories import TerritoryFactory


def _named(*slots):
    return union_query([
        Territory.objects.filter(InIds("pk", slot)).order_by()
        .values(t_id=F("pk"), t_name=Concat("name", Value(f" ({n})")))
        for n, slot in enumerate(slots)
    ])


def test_the_rows_of_each_list_of_ids_as_the_queryset_reads_them(db, django_assert_num_queries):
    territories = TerritoryFactory.create_batch(4)
    a, b, c, d = (t.pk for t in territories)
    compiled = Precompiled()

    def rows(*id_lists):
        with django_assert_num_queries(1):
            found = compiled.rows("territoires", _named, id_lists)
        return sorted((row["t_id"], row["t_name"]) for row in found)

    assert rows([a, b], [c]) == sorted(_named([a, b], [c]).values_list("t_id", "t_name"))
    assert rows([d], [a, d]) == sorted(_named([d], [a, d]).values_list("t_id", "t_name"))
    assert rows([], [b]) == [(b, f"{territories[1].name} (1)")]


def test_a_list_of_ids_read_twice_and_nothing_to_read(db):
    territory = TerritoryFactory()
    compiled = Precompiled()

    def twice(slot):
        return union_query([
            Territory.objects.filter(InIds("pk", slot)).order_by().values(t_id=F("pk"))
            for _ in range(2)
        ])

    assert compiled.rows("deux fois", twice, [[territory.pk]]) == [{"t_id": territory.pk}] * 2
    assert compiled.rows("rien", lambda: None, []) is None


def test_keys_beyond_the_size_are_forgotten_least_recent_first(db):
    territory = TerritoryFactory()
    compiled = Precompiled(size=2)
    for key in ("a", "b", "a", "c"):
        assert compiled.rows(key, _named, [[territory.pk]])[0]["t_id"] == territory.pk
    assert [key[-1] for key in compiled._compiled] == ["a", "c"]
