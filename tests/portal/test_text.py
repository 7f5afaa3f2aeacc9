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


def _reference_excerpt(text: str, query: str, length: int) -> str:
    """The excerpt as defined: every hit of the whole folded text, then the window."""
    import re

    from django.utils.html import escape

    text = " ".join(text.split())
    stems = query_terms(query)
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(stems) + r")[a-z0-9]*")
    hits = [(m.start(), m.end()) for m in pattern.finditer(fold(text))] if stems else []
    start, end = 0, len(text)
    if len(text) > length:
        if hits and hits[0][0] > length // 3:
            start = text.rfind(" ", 0, hits[0][0] - length // 3) + 1
        if len(text) - start > length:
            end = text.rfind(" ", start, start + length)
            end = start + length if end <= start else end
    out, cursor = ["… " if start else ""], start
    for first, last in hits:
        if start <= first and last <= end:
            out += [escape(text[cursor:first]), f"<mark>{escape(text[first:last])}</mark>"]
            cursor = last
    out.append(escape(text[cursor:end]))
    return "".join(out) + (" …" if end < len(text) else "")


def test_excerpt_of_a_long_text_is_the_one_of_its_whole_folded_text():
    # A long text is folded only up to its first hit, and not at all when the words
    # cannot be in it: the excerpt must not change for that, whatever the letters.
    import random

    rng = random.Random(7)
    vocabulary = ["Marchés", "MARCHÉ", "publics", "ﬁnancement", "Œuvre", "clause", "İnsertion",
                  "kiwano", "KIWANOS", "kïwano", "a-b", "<b>", "&", "ǆungla", "ünité", "½"]
    for _ in range(400):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 400)))
        query = rng.choice(["kiwano", "marchés publics", "insertion", "financement œuvre",
                            "unite", "dz", "zzz", "l'", "12"])
        length = rng.choice([20, 240])
        assert excerpt(text, query, length=length) == _reference_excerpt(text, query, length)
