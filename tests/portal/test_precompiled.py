"""Queries compiled once (portal.core.precompiled): the same rows as the queryset they
come from, whatever the lists of ids passed on each run, and one query per run."""

from django.db.models import F, Value
from django.db.models.functions import Concat

from network.models import Territory
from portal.core.precompiled import PROBE, UNCOMPILABLE, InIds, Precompiled, Words
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


def _named_like(text, slot):
    return Territory.objects.filter(InIds("pk", slot), name__icontains=text).order_by().values(
        t_id=F("pk"))


def _like(text):
    # As a full-text query's parameters: a configuration's name, then the words'.
    return ["french", f"%{text}%"]


def test_a_query_of_typed_words_is_compiled_once_and_gives_each_text_its_rows(db):
    """The words typed change from one run to the next: each run finds what its own
    words find, from one compiled SQL."""
    apple, pear = TerritoryFactory(name="Pommeraie"), TerritoryFactory(name="Poiraie")
    ids = [[apple.pk, pear.pk]]
    compiled = Precompiled()

    def found(text):
        return [row["t_id"] for row in compiled.rows("nommés", _named_like, ids,
                                                   words=Words(text, _like))]

    assert found("pomme") == [apple.pk]
    assert found("poir") == [pear.pk]
    assert found(PROBE) == []
    assert sorted(found("raie")) == sorted([apple.pk, pear.pk])
    assert len(compiled._compiled) == 1
    assert next(iter(compiled._compiled.values())) is not UNCOMPILABLE


def test_a_query_whose_words_cannot_be_told_apart_is_built_each_time(db):
    """When the words' parameters cannot be found in the SQL, it is not kept: each run
    is built by the ORM, and still finds what its words find."""
    apple, pear = TerritoryFactory(name="Pommeraie"), TerritoryFactory(name="Poiraie")
    compiled = Precompiled()

    def found(text):
        words = Words(text, lambda typed: [typed])  # not what the ORM passes
        return [row["t_id"] for row in compiled.rows("nommés", _named_like,
                                                   [[apple.pk, pear.pk]], words=words)]

    assert found("pomme") == [apple.pk]
    assert found("poir") == [pear.pk]
    assert next(iter(compiled._compiled.values())) is UNCOMPILABLE
