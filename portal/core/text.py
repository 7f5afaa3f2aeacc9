"""French text for search: folding, a light stemmer, query terms and excerpts.

Used where the engine itself does not speak French: the SQLite backend (FTS5 folds
accents and case but has no French stemmer), the markets' database search, and the
highlighting of excerpts, which must agree with all engines well enough to mark the
words that made a result match.

The stemmer is deliberately light (in the spirit of Savoy's light French stemmer,
which Elasticsearch's ``light_french`` also follows): it removes the plural and
feminine endings, so that "clauses" and "clause", "sociaux" and "sociale", "marchés"
and "marche" meet. It never tries to reach a linguistic root; matching a stem as a
word prefix may find a little more than the exact word ("march" also finds
"marchand"), never less.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 12
_WORD = re.compile(r"[a-z0-9]+")

# Words too common to tell documents apart (the short list of Snowball's French
# stop words that carry no meaning on their own), already folded.
_STOP_WORDS_TEXT = """
    a au aux avec ce ces c d dans de des du elle en et eux il ils je j l la le les leur
    lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s
    sa se ses son sur t ta te tes toi ton tu un une vos votre vous y est sont ete etre
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    folded = (decomposed[0] if decomposed else char).lower()
    return folded if len(folded) == 1 else char


class _FoldTable(dict):
    """`_fold_char` by code point, for ``str.translate``: filled as characters come."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=16384)
def _fold_word(word: str) -> str:
    return word.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Lower case, without diacritics, one character for one: positions are kept,
    so that a match found in the folded text marks the same span of the original.

    Word by word (between spaces): a word in ASCII is only lower-cased, the others
    are translated character by character, the same words coming back from one text
    to the next. Translating a whole text costs several times as much."""
    if text.isascii():
        return text.lower()
    return " ".join([
        word.lower() if word.isascii()
        else _fold_word(word) if len(word) <= _SHORT_WORD else word.translate(_FOLD_TABLE)
        for word in text.split(" ")
    ])


# Longer "words" (without spaces) are not kept by `_fold_word`.
_SHORT_WORD = 40


def stem(word: str) -> str:
    """The light stem of a folded word (see the module's docstring).

    Only endings are removed, so the stem is a prefix of the word and of its
    variants: an engine without a French stemmer (SQLite's FTS5) finds them all by
    prefix, and the stems of a word and of its plural are equal.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("aux") and len(word) > 4:
        word = word[:-2]  # sociaux -> socia(l)
    elif word[-1] in "sx":
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1].isalpha():
        word = word[:-1]  # personnell(e) -> personnel
    if word.endswith("al") and len(word) > 4:
        word = word[:-1]  # social, sociale, sociaux -> socia
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def query_terms(query: str) -> list[str]:
    """The stems a query asks for, in order, without stop words or repeats."""
    return list(_query_terms(query))


@lru_cache(maxsize=1024)
def _query_terms(query: str) -> tuple[str, ...]:
    # Cached: a page asks for the same query's terms once per excerpt.
    stems: list[str] = []
    for word in words(query):
        if word in STOP_WORDS:
            continue
        stemmed = stem(word)
        if stemmed not in stems:
            stems.append(stemmed)
    return tuple(stems[:MAX_TERMS])


def clean_query(query: str) -> str:
    """The query as plain folded words (no operators, no stop words) for the engines
    that do their own stemming (PostgreSQL, Elasticsearch)."""
    kept = [word for word in words(query) if word not in STOP_WORDS]
    return " ".join(dict.fromkeys(kept))


# -- excerpts --------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int


@lru_cache(maxsize=256)
def _words_starting_with(stems: tuple[str, ...]) -> re.Pattern:
    """A whole word (as `_WORD` cuts them) that begins with one of `stems`: one regular
    expression scans the text, rather than every word tried against every stem."""
    alternatives = "|".join(re.escape(s) for s in stems)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})[a-z0-9]*")


def _hits(text: str, stems: list[str]) -> list[_Hit]:
    folded = fold(text)
    if not all(stems):  # an empty stem begins every word
        return [_Hit(m.start(), m.end()) for m in _WORD.finditer(folded)]
    if not any(s in folded for s in stems):  # no word can begin with one
        return []
    return [_Hit(m.start(), m.end()) for m in _words_starting_with(tuple(stems)).finditer(folded)]


def _word_end(text: str, position: int) -> int:
    """The first space at or after `position` (the text's end if none): cut there, a
    prefix of the text holds whole words only, so its hits are the text's."""
    if position >= len(text):
        return len(text)
    space = text.find(" ", position)
    return len(text) if space < 0 else space


@lru_cache(maxsize=256)
def _could_hit(stems: tuple[str, ...]) -> re.Pattern:
    """What the text must hold, unfolded, for a word of it to begin with one of `stems`:
    each letter of a stem as itself, in upper case or as any character beyond ASCII
    (the only characters that fold to it). Looked for before folding, in one scan, so
    that a text the words do not appear in (the usual case for a body when the title
    matched) is never folded."""
    return re.compile("|".join("".join(_folding_to(c) for c in stem) for stem in stems))


def _folding_to(char: str) -> str:
    """A class of the characters that may fold to the ASCII `char`: itself, its upper
    case and every character beyond ASCII. Written as the ASCII characters it leaves
    out: a class holding the range beyond ASCII is compiled in tens of milliseconds."""
    kept = sorted({ord(char), ord(char.upper())})
    ranges, first = [], 0
    for code in [*kept, 0x80]:
        if code > first:
            ranges.append(f"{re.escape(chr(first))}-{re.escape(chr(code - 1))}")
        first = code + 1
    return f"[^{''.join(ranges)}]"


def _first_hit_prefix(text: str, stems: list[str], length: int) -> tuple[int, list[_Hit]]:
    """The hits of the shortest prefix of `text` (cut between words) that has one, with
    the prefix's length; the whole text's if none has. Folding is one character for
    one, so the prefix's hits are the text's: a long text is folded only as far as its
    first hit, rather than whole for a window of `length` characters."""
    if all(stems) and not _could_hit(tuple(stems)).search(text):
        return len(text), []
    cut = _word_end(text, 2 * length)
    hits = _hits(text[:cut], stems)
    if hits or cut >= len(text):
        return cut, hits
    return len(text), _hits(text, stems)


def excerpt(text: str, query: str, length: int = 240) -> SafeString:
    """A passage of `text` around the first word matching `query`, HTML-escaped, the
    matching words wrapped in <mark> (accents, case and plural ignored)."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")  # noqa: S308 - an empty string
    stems = query_terms(query)
    start, end = 0, len(text)
    if len(text) <= length:
        hits = _hits(text, stems) if stems else []
    else:
        folded_to, hits = _first_hit_prefix(text, stems, length) if stems else (0, [])
        if hits and hits[0].start > length // 3:
            start = text.rfind(" ", 0, hits[0].start - length // 3) + 1
        if len(text) - start > length:
            end = text.rfind(" ", start, start + length)
            if end <= start:
                end = start + length
        if end > folded_to and hits:
            # The window reaches past what was folded: its other hits are still needed.
            hits = _hits(text[:_word_end(text, end)], stems)
    parts = ["… " if start else ""]
    cursor = start
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        parts.append(escape(text[cursor:hit.start]))
        parts.append(f"<mark>{escape(text[hit.start:hit.end])}</mark>")
        cursor = hit.end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
