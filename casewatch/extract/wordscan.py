"""Long lists of literal names found by word and dictionary lookup instead of one giant regular expression.

``(?<![\\w…])(?:name|name|…)(?![\\w…])`` over a few thousand place or organization names costs every
process a tenth of a second or more to build and compile, at its first document. A
:class:`WordScan` finds the same matches with a small pattern for the words the names start with
and a dict from that first word to the names: ready in a few milliseconds, and as fast a scan.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from casewatch.extract.tries import words_pattern

__all__ = ["WordScan"]

_FIRST_WORD = re.compile(r"\w+")
# A first character that starts this many different first words (a capital, for place names) is
# matched as that character and any word, each such word then looked up; the names with a rarer
# first character go into the pattern as they are, so that common lower-case words ("the",
# "state") are not all looked up.
_DENSE = 8


class WordScan:
    """The matches of ``(?<!{before})(?:{words_pattern(names)})(?!{after})``, as ``finditer`` finds
    them: at the leftmost start the longest name, then on from its end; a space in a name matches
    any run of white space. ``before`` and ``after`` are one-character classes that forbid at least
    ``\\w``, and every name starts with a word character.

    Why the same: a name's first word (its leading ``\\w+``) is followed in the name by a non-word
    character, or ends it where ``after`` forbids a word character; so the name can only match
    where a whole word of the text equals its first word. There the names that share that first
    word are tried longest first, which is the trie's greedy choice (at most one of its branches
    matches each character).
    """

    __slots__ = ("_after", "_before", "_by_first", "_starts")

    def __init__(self, names: Iterable[str], before: str = r"\w", after: str = r"\w") -> None:
        by_first: defaultdict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for name in names:
            first = _FIRST_WORD.match(name)
            parts = tuple(name.split(" "))
            if first is None or not all(parts) or any(c.isspace() and c != " " for c in name):
                raise ValueError(f"{name!r} does not start with a word character or has odd white space")
            by_first[first.group()].append((name, parts))
        first_words: defaultdict[str, int] = defaultdict(int)
        for word in by_first:
            first_words[word[0]] += 1
        dense = sorted(c for c, n in first_words.items() if n >= _DENSE)
        # first word -> its names, longest first (the first word itself, if a name, last)
        self._by_first = {
            word: sorted(group, key=lambda e: len(e[0]), reverse=True)
            for word, group in by_first.items() if word[0] in dense
        }
        rare = sorted(name for word, group in by_first.items() if word[0] not in dense for name, _ in group)
        branches = []
        if dense:  # a whole word that may start a name: looked up
            branches.append("[" + "".join(re.escape(c) for c in dense) + r"]\w*")
        if rare:  # the rare names themselves, as the giant pattern would match them
            branches.append(rf"(?<!{before})(?P<rare>{words_pattern(rare)})(?!{after})")
        self._starts = re.compile("|".join(branches) or "(?!)")
        self._before = re.compile(before)
        self._after = re.compile(after)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each match in ``text[start:end]``; the look-behind sees before ``start``."""
        end = len(text) if end is None else end
        by_first = self._by_first
        forbidden_before, forbidden_after = self._before.match, self._after.match
        resume = start  # the end of the last match: finditer goes on from there
        pos: int | None = start  # where to look (again) for candidates; None: done
        while pos is not None:
            matches, pos = self._starts.finditer(text, pos, end), None
            for m in matches:  # whole words that may start a name, and rare names (no name starts inside a word)
                names = by_first.get(m.group())
                if names is None:
                    if m.lastgroup is None:  # a word that starts no name (most capitalized words)
                        continue
                    at = m.start()
                    if at < resume:  # a rare name inside the last match
                        if m.end() > resume:  # and across its end: look again from there
                            pos = resume
                            break
                        continue
                    resume = m.end()
                    yield at, resume, " ".join(m.group().split())  # its white space as the name spells it
                    continue
                at = m.start()
                if at < resume or (at > 0 and forbidden_before(text, at - 1)):
                    continue
                for name, parts in names:
                    stop = _match_at(text, at, end, parts)
                    if stop >= 0 and not (stop < end and forbidden_after(text, stop)):
                        resume = stop
                        yield at, stop, name
                        break


def _match_at(text: str, at: int, end: int, parts: tuple[str, ...]) -> int:
    """Where the words ``parts``, separated by white space, end when they start at ``at``; -1 if not."""
    if len(parts) == 1:
        return at + len(parts[0]) if text.startswith(parts[0], at, end) else -1
    pos = at
    for i, part in enumerate(parts):
        if i:
            if pos >= end or not text[pos].isspace():
                return -1
            pos += 1
            while pos < end and text[pos].isspace():
                pos += 1
        if not text.startswith(part, pos, end):
            return -1
        pos += len(part)
    return pos
