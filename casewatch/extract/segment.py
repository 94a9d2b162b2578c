"""Fast rule-based sentence splitting with character offsets into the original text."""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt st jr sr no nos art arts para sec vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept gov govt rep sen
    u.s u.k u.n e.u a.m p.m approx est fig ca cf i.e e.g""".split()
)

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9«])|\n\s*\n|\n(?=\s*\S)")


@lru_cache(maxsize=256)
def _is_abbreviation(word: str) -> bool:
    w = word.lower().rstrip(".")
    if w in _ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." do not end a sentence.
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", w))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, trimmed of surrounding whitespace.

    >>> split_sentences("He was held. She was not.")
    [(0, 12), (13, 25)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        piece = text[start:match.start()]
        if match.group().startswith((".", "!", "?")) is False and not match.group().strip("\n \t"):
            end = match.start()
        elif match.group()[0] == ".":
            last_word = piece.rsplit(None, 1)[-1] if piece.split() else ""
            if last_word and _is_abbreviation(last_word + "."):
                continue
        _add(text, start, end, spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# "CAIRO, May 12 (Reuters) - ", "GENEVA (14 August 2025) - ", "TBILISI — ": a place in capitals,
# maybe a country and a date, maybe an agency or date in parentheses, then a dash.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,[^\n()]{0,40})?(?:\s*\([^)\n]{2,40}\))?\s*[-–—]+\s", re.M)


# "Addis Abeba – ", "Bujumbura (AFP) - ": a place in title case, which must be a known place
_TITLE_DATELINE = re.compile(r"^(?P<place>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2})(?:,[^\n()]{0,40})?(?:\s*\([^)\n]{2,40}\))?"
                             r"\s*(?:[–—]+|-)\s", re.M)


def dateline(text: str) -> tuple[int, int] | None:
    """The span of the news dateline that opens the text or the paragraph after its headline.

    >>> text = "Verdict\\n\\nCAIRO, May 12 (Reuters) - A court ..."
    >>> start, end = dateline(text); text[start:end]
    'CAIRO, May 12 (Reuters) - '
    """
    m = _DATELINE.search(text, 0, 400)
    if m is None:
        m = _TITLE_DATELINE.search(text, 0, 400)
        if m is not None and not _is_place(m.group("place")):
            m = None
    if m is None or "\n" in text[:m.start()].strip():
        return None  # deeper than the first paragraph after a headline line
    return m.start(), m.end()


def _is_place(words: str) -> bool:
    from casewatch.extract.lexicon import find_places  # the lexicon's place names, loaded on first use

    return any(h.start == 0 and h.end == len(words) for h in find_places(words))
