"""Regular expressions factored as a trie: one alternation per shared prefix, which the ``re`` module
tries far faster than a flat ``a|b|c`` of hundreds of words (it walks one branch per character)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def trie_pattern(words: Iterable[str], piece: Callable[[str], str] = re.escape, *, shortest: bool = False) -> str:
    """A pattern matching any of ``words``; ``piece`` turns each character into its pattern.

    At a position the longest word matches first; with ``shortest`` a match ends at the first word
    that ends there (the longer ones are then found from the match, as prefilter's scans do).
    """
    # The trie is walked on the sorted words rather than built as nested dicts: the words under a
    # node are a run of the sorted list, and a chain of nodes with one child each (most of a word)
    # is its run's common prefix, taken in one step. Every process builds a few hundred of these.
    ordered = sorted(set(words))
    pieces: dict[str, str] = {}

    def spell(chars: str) -> str:
        out = []
        for ch in chars:
            p = pieces.get(ch)
            if p is None:
                p = pieces[ch] = piece(ch)
            out.append(p)
        return "".join(out)

    def build(lo: int, hi: int, depth: int) -> str:
        """The pattern of ``ordered[lo:hi]`` after their shared first ``depth`` characters."""
        ends = len(ordered[lo]) == depth  # a word ends here (sorted first)
        if shortest and ends:
            return ""
        alts = []
        i = lo + 1 if ends else lo
        while i < hi:
            ch = ordered[i][depth]
            j = i + 1
            while j < hi and ordered[j][depth] == ch:
                j += 1
            first, last = ordered[i], ordered[j - 1]  # the run's common prefix is theirs
            stop = depth + 1
            limit = min(len(first), len(last))
            while stop < limit and first[stop] == last[stop]:
                stop += 1
            alts.append(spell(first[depth:stop]) + build(i, j, stop))
            i = j
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return build(0, len(ordered), 0) if ordered else ""


def words_pattern(words: Iterable[str]) -> str:
    """:func:`trie_pattern` of words and phrases whose spaces match any run of white space."""
    return trie_pattern(words, lambda ch: r"\s+" if ch == " " else re.escape(ch))
