"""French text helpers: what matches what, and excerpts safe to show."""

import pytest

from portal.core.text import clean_query, excerpt, fold, query_terms, stem


@pytest.mark.parametrize(("variants"), [
    ("clause", "clauses", "Clauses"),
    ("marché", "marchés", "marche", "MARCHES"),
    ("social", "sociale", "sociaux", "sociales"),
    ("heure", "heures"),
    ("personnel", "personnelle", "personnels"),
])
def test_a_word_and_its_variants_share_a_stem_that_begins_them_all(variants):
    stems = {stem(fold(word)) for word in variants}

    assert len(stems) == 1
    (common,) = stems
    assert all(fold(word).startswith(common) for word in variants)


def test_folding_keeps_one_character_for_one():
    text = "Éligibilité à l'œuvre"

    assert fold(text) == "eligibilite a l'œuvre"
    assert len(fold(text)) == len(text)


def test_stop_words_and_repeats_leave_the_query():
    assert query_terms("Les clauses de la clause d'insertion") == ["claus", "insertion"]
    assert clean_query("Les marchés publics") == "marches publics"


def test_excerpt_escapes_html_and_marks_the_words_found():
    text = "<script>alert(1)</script> Les marchés publics & les clauses sociales."

    html = excerpt(text, "marches clause")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>marchés</mark>" in html
    assert "<mark>clauses</mark>" in html
    assert "&amp;" in html


def test_excerpt_is_centred_on_the_first_match_of_a_long_text():
    text = " ".join(["préambule"] * 200) + " la clause sociale " + " ".join(["suite"] * 200)

    html = excerpt(text, "clause", length=120)

    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>clause</mark>" in html
    assert len(html) < 200
