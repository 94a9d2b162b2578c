"""Literal prefilters derived from regular expressions: skip a scan that cannot match.

Most sentences hold none of the words an event type's or an advocacy action's patterns look for,
yet a case-insensitive alternation of a dozen patterns still tries every position of every
sentence. :func:`required_literals` reads a pattern's syntax tree and returns literals of which
every match must contain one ("arrest" for ``\\b(?:re-?)?arrest(?:ed|s|ing)?\\b``); a
:class:`LiteralGate` finds them once per document with ``str.find`` and lets a sentence through
only when one of them lies inside it. The literals are derived from the patterns themselves, so
an edited rule file keeps the gate right; a pattern the analysis cannot bound (no literal every
match must contain) opens its gate for every sentence.

:func:`folded_twin` gives the case-sensitive twin of such a pattern for the folded text, behind a
lookahead on the characters its matches can open with (:func:`with_first_chars`), and
:func:`span_within` answers, for sorted spans, whether one lies inside a stretch.

Case: the gates are for patterns compiled with ``re.IGNORECASE``. Literals are lower-cased and
the text is folded the way the ``re`` module compares letters (lower case, plus the four
non-ASCII characters it equates with ASCII letters), so a literal is found wherever the regex
could match it. Literals with non-ASCII characters are not used.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import cache
from re import _compiler as sre_compiler  # type: ignore[attr-defined]
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from casewatch.extract.context import WorkDoc
from casewatch.extract.tries import trie_pattern

Requirement = frozenset[str]  # at least one of these strings occurs in every match

# Characters that re.IGNORECASE equates with an ASCII letter although str.lower() does not map
# them to it: dotted capital I (its lower() is two characters), dotless i, long s, Kelvin sign.
# tests/test_prefilter.py checks the list against every code point.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
if _POSSESSIVE is not None:
    _REPEATS.add(_POSSESSIVE)
_ZERO_WIDTH = {sre_constants.AT}


_FOLD_PAIRS = tuple((chr(code), letter) for code, letter in _FOLD.items())


def fold(text: str) -> str | None:
    """``text`` lower-cased as IGNORECASE compares ASCII letters, same length; None if it cannot be."""
    # What text.translate(_FOLD) does, one character at a time: translate looks up every character of
    # the text (~0.25 ms for a document), str.replace only runs where the character occurs.
    replaced = text
    for char, letter in _FOLD_PAIRS:
        if char in replaced:
            replaced = replaced.replace(char, letter)
    folded = replaced.lower()
    return folded if len(folded) == len(text) else None


def required_literals(pattern: str, flags: int = re.IGNORECASE) -> Requirement | None:
    """Lower-case ASCII strings of which every match of ``pattern`` contains at least one, or None.

    Only consuming parts of the pattern count (a lookahead's words need not lie inside the match);
    among the possible requirements the most selective is chosen (longest shortest literal).
    """
    try:
        tree = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return _best(_candidates(list(tree)))


def _candidates(items: Sequence[tuple[Any, Any]]) -> list[Requirement]:
    """Requirements that each hold for every match of the sequence ``items``."""
    found: list[Requirement] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av).lower())
        elif op in _ZERO_WIDTH:
            continue  # \b, ^, $ consume nothing: the literals on either side are adjacent in the match
        elif op is sre_constants.SUBPATTERN:
            inner = list(av[-1])
            literal = _pure_literal(inner)
            if literal is not None:
                run.append(literal)
                continue
            flush()
            found.extend(_candidates(inner))
        elif op is sre_constants.BRANCH:
            flush()
            alternatives = [_best(_candidates(list(alt))) for alt in av[1]]
            if alternatives and all(a is not None for a in alternatives):
                found.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in _REPEATS:
            flush()
            low, _high, body = av
            if low >= 1:
                found.extend(_candidates(list(body)))
        else:  # a character class, any character, a lookaround, a back-reference ...
            flush()
    flush()
    return found


def _pure_literal(items: Sequence[tuple[Any, Any]]) -> str | None:
    if not items or any(op is not sre_constants.LITERAL for op, _ in items):
        return None
    return "".join(chr(av).lower() for _, av in items)


def _best(candidates: Iterable[Requirement]) -> Requirement | None:
    usable = [_reduce(c) for c in candidates if c and all(s and s.isascii() for s in c)]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(len(s) for s in c), -len(c)))


def _reduce(requirement: Requirement) -> Requirement:
    """Drop strings that contain another of the set: where they occur, the shorter one does too."""
    return frozenset(s for s in requirement if not any(o != s and o in s for o in requirement))


def span_within(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``spans`` (sorted ``(start, end)`` pairs) lies wholly inside ``start:end``."""
    i = bisect.bisect_left(spans, (start, start))
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] <= end:
            return True
        i += 1
    return False


class LiteralGate:
    """Whether some pattern of a group can match inside a stretch of a document's text.

    ``admits`` is exact in one direction only: False means no pattern of the group matches
    there; True means one may.
    """

    __slots__ = ("_key", "literals")

    def __init__(self, patterns: Iterable[str], flags: int = re.IGNORECASE) -> None:
        self._key = ("literal-gate", self)  # the gate itself: an id could be reused by another gate
        literals: set[str] | None = set()
        for pattern in patterns:
            requirement = required_literals(pattern, flags)
            if requirement is None or literals is None:
                literals = None
            else:
                literals |= requirement
        self.literals: frozenset[str] | None = None if literals is None else _reduce(frozenset(literals))

    def occurrences(self, doc: WorkDoc) -> list[tuple[int, int]] | None:
        """Every occurrence ``(start, end)`` of the gate's literals in the document, in order;
        None when the gate cannot judge (no literals, or a text that does not fold)."""
        hits = doc.cache.get(self._key, _UNSEEN)
        if hits is _UNSEEN:
            hits = self._hits(doc)
        return hits  # type: ignore[no-any-return]

    def admits(self, doc: WorkDoc, start: int, end: int) -> bool:
        hits = doc.cache.get(self._key, _UNSEEN)  # self.occurrences(doc), inlined: asked ~150 times a document
        if hits is _UNSEEN:
            hits = self._hits(doc)
        if hits is None:
            return True
        return span_within(hits, start, end)

    def _hits(self, doc: WorkDoc) -> list[tuple[int, int]] | None:
        """Find :meth:`occurrences` and keep them in the document's cache."""
        folded = folded_text(doc)
        hits: list[tuple[int, int]] | None = None
        if folded is not None and self.literals is not None:
            hits = []
            for literal in self.literals:
                at = folded.find(literal)
                while at >= 0:
                    hits.append((at, at + len(literal)))
                    at = folded.find(literal, at + 1)
            hits.sort()
        doc.cache[self._key] = hits
        return hits


_UNSEEN: Any = object()


class _SharedScan:
    """The occurrences of every literal of every gate set's gates, found in one regex pass over a
    document's folded text instead of one ``str.find`` loop per literal and gate (~300 of them).

    The regex is a trie of the literals, so at each position it matches the longest literal that
    starts there; the shorter literals starting there are its prefixes and are known in advance.
    The next search starts one character on, so overlapping occurrences are all found, as the
    ``str.find`` loops of :meth:`LiteralGate._hits` find them.
    """

    def __init__(self) -> None:
        self.gates: dict[LiteralGate, None] = {}  # in order of registration, each once
        self._compiled: tuple[re.Pattern[str], dict[str, tuple[tuple[int, tuple[LiteralGate, ...]], ...]]] | None = None

    def add(self, gates: Iterable[LiteralGate]) -> None:
        for gate in gates:
            if gate.literals is not None and gate not in self.gates:
                self.gates[gate] = None
                self._compiled = None

    def _compile(self) -> tuple[re.Pattern[str], dict[str, tuple[tuple[int, tuple[LiteralGate, ...]], ...]]]:
        owners: dict[str, list[LiteralGate]] = {}
        for gate in self.gates:
            for literal in gate.literals or ():
                owners.setdefault(literal, []).append(gate)
        literals = sorted(owners)
        # literal -> (length, gates) of every literal that is a prefix of it (itself included)
        chains = {
            literal: tuple((len(p), tuple(owners[p])) for p in literals if literal.startswith(p)) for literal in literals
        }
        return re.compile(trie_pattern(literals)), chains

    def fill(self, doc: WorkDoc) -> None:
        """Put each registered gate's occurrences in the document's cache, as :meth:`LiteralGate._hits` would."""
        if self._compiled is None:
            self._compiled = self._compile()
        pattern, chains = self._compiled
        folded = folded_text(doc)
        if folded is None:
            for gate in self.gates:
                doc.cache[gate._key] = None
            return
        found: dict[LiteralGate, list[tuple[int, int]]] = {gate: [] for gate in self.gates}
        search = pattern.search
        m = search(folded)
        while m is not None:
            at = m.start()
            for length, gates in chains[m.group()]:
                for gate in gates:
                    found[gate].append((at, at + length))
            m = search(folded, at + 1)
        cache = doc.cache
        for gate, hits in found.items():
            if gate._key not in cache:
                hits.sort()  # already in order (a gate's literals never both start at one offset); kept exact
                cache[gate._key] = hits


_SHARED_SCAN = _SharedScan()


class GateSet:
    """Several gates asked about every sentence of a document: which of them admit each sentence,
    found in one pass over their literals' occurrences instead of one question per gate and sentence.
    The occurrences of the literals of every gate set's gates are found together (:class:`_SharedScan`)."""

    __slots__ = ("_key", "gates")

    def __init__(self, gates: Iterable[LiteralGate]) -> None:
        self.gates = tuple(gates)
        self._key = ("gate-set", self)
        _SHARED_SCAN.add(self.gates)

    def admitted(self, doc: WorkDoc, start: int, end: int) -> list[int]:
        """The indices, in order, of the gates that admit ``doc.text[start:end]``."""
        table = doc.cache.get(self._key)
        if table is None:
            table = doc.cache[self._key] = self._table(doc)
        found = table.get((start, end))
        if found is None:  # not one of the document's sentences
            return [i for i, gate in enumerate(self.gates) if gate.admits(doc, start, end)]
        return found

    def _table(self, doc: WorkDoc) -> dict[tuple[int, int], list[int]]:
        if any(gate._key not in doc.cache for gate in self.gates if gate.literals is not None):
            _SHARED_SCAN.fill(doc)
        sentences = doc.sentences
        admitted: list[set[int]] = [set() for _ in sentences]
        always: set[int] = set()
        starts = doc.sentence_starts()
        count = len(sentences)
        bisect_right = bisect.bisect_right
        for i, gate in enumerate(self.gates):
            hits = gate.occurrences(doc)
            if hits is None:
                always.add(i)
                continue
            for hit_start, hit_end in hits:
                n = max(0, bisect_right(starts, hit_start) - 1)  # doc.sentence_index, inlined: many hits
                if n < count and sentences[n][0] <= hit_start and hit_end <= sentences[n][1]:
                    admitted[n].add(i)
        return {sentence: sorted(found | always) for sentence, found in zip(sentences, admitted, strict=True)}


def folded_text(doc: WorkDoc) -> str | None:
    """The document's text folded by :func:`fold` (computed once per document), or None."""
    folded = doc.cache.get(("folded",), _UNSEEN)
    if folded is _UNSEEN:
        folded = doc.cache[("folded",)] = fold(doc.text)
    return folded  # type: ignore[no-any-return]


_INLINE_FLAGS = re.compile(r"\(\?(?:[aiLmsux]+(?:-[imsx]+)?|-[imsx]+)[:)]")  # "(?i)", "(?-i:", not "(?:"


def _sensitive_flags(pattern: re.Pattern[str]) -> int:
    """The flags of :class:`FoldedSearch`'s case-sensitive twin of ``pattern``; ValueError where folding
    is not exact (see there)."""
    return sensitive_flags(pattern.pattern, pattern.flags)


def sensitive_flags(source: str, flags: int) -> int:
    """:func:`_sensitive_flags` of the pattern ``source`` compiles to with ``flags``, without compiling
    it (``flags`` as the compiled pattern reports them: with ``re.UNICODE``). ValueError where
    folding is not exact."""
    bare = re.sub(r"\\.", "", source)
    uncased = all(c.isascii() or c.lower() == c == c.upper() for c in bare)
    if not flags & re.IGNORECASE or re.search(r"[A-Z]", bare) or not uncased:
        raise ValueError(f"not an IGNORECASE pattern of lower-case ASCII letters: {source!r}")
    if _INLINE_FLAGS.search(bare):
        # "(?-i:amnest(?:y|ied))" must not match "Amnesty": over the folded text it would.
        raise ValueError(f"a pattern with inline flags cannot run over the folded text: {source!r}")
    return flags & ~re.IGNORECASE


class FoldedSearch:
    """A case-insensitive pattern run as a case-sensitive one over the folded text, which ``re``
    scans several times faster; the same answers (tests/test_prefilter.py checks that folding keeps
    every character's length, digit and word-character class, and IGNORECASE's ASCII letters).

    Only for patterns whose letters (outside escapes) are lower-case ASCII; other characters must
    be uncased (``€``). The constructor refuses other patterns.
    """

    __slots__ = ("_parts", "original", "sensitive")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.original = pattern
        self.sensitive = re.compile(pattern.pattern, _sensitive_flags(pattern))
        self._parts: tuple[re.Pattern[str], ...] | None = None  # made at the first search: most uses want only ``sensitive``

    def _split(self) -> tuple[re.Pattern[str], ...]:
        # An alternation matches somewhere iff one of its alternatives does. Alternatives that open with
        # a letter are searched apart from the rest (r"\bunder\b", r"\d"): a pattern whose every
        # alternative opens with a literal lets re skip to the letters that can start one.
        flags = self.sensitive.flags
        alternatives = _top_level_alternatives(self.sensitive.pattern)
        led = [a for a in alternatives if a[:1].isalpha()]
        rest = [a for a in alternatives if not a[:1].isalpha()]
        self._parts = (self.sensitive,)
        if led and rest and not flags & re.VERBOSE:
            self._parts = (re.compile("|".join(led), flags), re.compile("|".join(rest), flags))
        return self._parts

    def search(self, doc: WorkDoc, start: int, end: int) -> bool:
        """Whether ``original.search(doc.text, start, end)`` finds a match."""
        folded = folded_text(doc)
        if folded is None:
            return self.original.search(doc.text, start, end) is not None
        for part in self._parts or self._split():  # a loop, not any(generator): asked of every sentence, several times
            if part.search(folded, start, end) is not None:
                return True
        return False

    def search_within(self, doc: WorkDoc, start: int, end: int) -> bool:
        """Whether ``original.search(doc.text[start:end])`` finds a match (the slice's own edges)."""
        folded = folded_text(doc)
        if folded is None:
            return self.original.search(doc.text[start:end]) is not None
        within = folded[start:end]
        for part in self._parts or self._split():
            if part.search(within) is not None:
                return True
        return False


def _top_level_alternatives(source: str) -> list[str]:
    """The alternatives of a pattern's outermost alternation (the whole pattern when it has none).
    Only plain patterns are split: one with a group reference, inline flags or a character set that
    opens with "]" is returned whole, and so is any split of which a piece does not compile alone."""
    if re.search(r"\\\d|\(\?P=|\(\?[aiLmsux-]+[:)]|\[\^?\]", source):
        return [source]
    parts: list[str] = []
    depth, in_set, escaped, begin = 0, False, False, 0
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[begin:i])
            begin = i + 1
    parts.append(source[begin:])
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return [source]
    return parts if all(parts) else [source]


# -- first characters: where a match can open -----------------------------------------------


_OPS = sre_constants
_ZERO_WIDTH_OPS = {_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT}
_REPEAT_OPS = {_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, getattr(_OPS, "POSSESSIVE_REPEAT", _OPS.MAX_REPEAT)}


@cache
def _spaces() -> frozenset[str]:
    r"""Every character ``\s`` matches in a str pattern: those ``str.isspace`` accepts, the last of
    them U+3000 (tests/test_advocacy.py checks the whole of Unicode). Not found by running ``\s`` over
    a string of every code point: that string of 1.1 million characters cost 90 MB of peak memory."""
    return frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


def _first_chars(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """The characters a match of the (case-sensitive) pattern sequence ``items`` can open with, and
    whether it can match the empty string; None when that set is unbounded or the analysis gives up."""
    chars: set[str] = set()
    for op, av in items:
        if op is _OPS.LITERAL:
            return chars | {chr(av)}, False
        if op is _OPS.IN:
            for o, a in av:
                if o is _OPS.LITERAL:
                    chars.add(chr(a))
                elif o is _OPS.RANGE and a[1] - a[0] < 256:
                    chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                elif o is _OPS.CATEGORY and a is _OPS.CATEGORY_SPACE:
                    chars |= _spaces()
                else:
                    return None  # a negated set, \w, \d: too many characters
            return chars, False
        if op in _ZERO_WIDTH_OPS:
            continue  # consumes nothing: the next item opens the match
        if op is _OPS.SUBPATTERN:
            if av[1] or av[2]:
                return None  # inline flags
            alternatives, can_skip = [list(av[3])], False
        elif op is _OPS.BRANCH:
            alternatives, can_skip = [list(alt) for alt in av[1]], False
        elif op in _REPEAT_OPS:
            alternatives, can_skip = [list(av[2])], av[0] == 0
        else:
            return None
        empty = can_skip
        for alternative in alternatives:
            found = _first_chars(alternative)
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        if not empty:
            return chars, False
    return chars, True


def _has_prefix(tree: Any, flags: int) -> bool:
    """Whether the re module finds a literal or character-set prefix of the parsed pattern (and so
    searches with a fast skip); False where its private helpers are not there to ask."""
    try:
        return bool(sre_compiler._get_literal_prefix(tree, flags)[0]
                    or sre_compiler._get_charset_prefix(tree, flags))
    except (AttributeError, TypeError):
        return False


def with_first_chars(rx: re.Pattern[str]) -> re.Pattern[str]:
    r"""``rx`` behind a lookahead on the characters its matches open with: the same matches, but a
    position whose character cannot open one fails at once instead of trying every alternative
    (most action patterns open with ``\b`` and a word, which the re module cannot skip to)."""
    source = _first_chars_source(rx.pattern, rx.flags)
    return rx if source is rx.pattern else re.compile(source, rx.flags)


def _first_chars_source(source: str, flags: int) -> str:
    """The source of :func:`with_first_chars` of a pattern; ``source`` itself where it stays as it is."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return source
    tree = sre_parse.parse(source, flags)
    if _has_prefix(tree, flags):
        return source  # re already skips to where a match can start, faster than the lookahead would
    found = _first_chars(list(tree))
    if found is None or found[1] or not found[0]:
        return source
    head = "".join(re.escape(c) for c in sorted(found[0]))
    return f"(?=[{head}])(?:{source})"


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """:attr:`FoldedSearch.sensitive` of ``pattern`` behind :func:`with_first_chars`: the case-sensitive
    pattern to run over :func:`folded_text` for the same spans, or None where folding is not exact.
    (Compiled once, as what it ends up: import-time patterns pay each compile in every process.)"""
    return folded_twin_of(pattern.pattern, pattern.flags)


def folded_twin_of(source: str, flags: int) -> re.Pattern[str] | None:
    """:func:`folded_twin` of ``re.compile(source, flags)``, without compiling that pattern."""
    if not flags & (re.ASCII | re.LOCALE):
        flags |= re.UNICODE  # as the compiled pattern reports them
    try:
        flags = sensitive_flags(source, flags)
    except ValueError:
        return None
    return re.compile(_first_chars_source(source, flags), flags)
