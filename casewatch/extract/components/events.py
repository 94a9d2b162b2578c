"""Events: find trigger words, decide whom each is about, and give it a date, place and court."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from casewatch.core.types import DateValue
from casewatch.extract import dates as dates_mod
from casewatch.extract import lexicon
from casewatch.extract.context import (
    CROWD_NOUNS,
    Collective,
    PersonMention,
    WorkDoc,
    attributed_close,
    charges_in,
    open_quote,
)
from casewatch.extract.prefilter import (
    FoldedSearch,
    LiteralGate,
    folded_text,
    required_literals,
    sensitive_flags,
)
from casewatch.extract.rules import load
from casewatch.extract.tries import trie_pattern

COMPONENT = "events"
VERSION = "1"

# Overlapping triggers of these type pairs both stand ("released on bail" is bail and release).
_COMPATIBLE = {frozenset({"bail", "release"}), frozenset({"house_arrest", "release"}), frozenset({"fine", "conviction"}),
               frozenset({"conviction", "ban"})}


@dataclass(slots=True)
class Trigger:
    type: str
    start: int
    end: int
    weak: bool = False
    dated: bool = False  # counts only with a date ("the hearing continued on June 30")


@dataclass(slots=True)
class RawEvent:
    """An event before it is attached to a case: who, what, when, where, and the words."""

    type: str
    start: int
    end: int
    persons: tuple[int, ...]
    date: DateValue | None = None
    date_span: tuple[int, int] | None = None
    place: str | None = None
    court: str | None = None
    outcome: str | None = None
    in_absentia: bool = False
    weak: bool = False
    named: frozenset[int] = frozenset()  # persons named right beside the trigger ("X was arrested")
    pending: bool = False  # told of someone unnamed ("a journalist was jailed") the text names later
    collective: int | None = None  # told of a collective: the index in WorkDoc.collectives
    out_of_court: bool = False  # an acquittal that is the prosecution's act ("withdrew the charges"), no verdict day


@cache
def _triggers() -> list[tuple[str, re.Pattern[str]]]:
    """One alternation per event type: a few dozen scans per sentence instead of one per rule."""
    rules = load("events")["triggers"]
    return [(etype, re.compile("|".join(f"(?:{p})" for p in pats), re.I)) for etype, pats in rules.items()]


@cache
def _dated_triggers() -> list[tuple[str, re.Pattern[str]]]:
    """Words that report an event only when the sentence dates it (a hearing, proceedings resuming)."""
    rules = load("events").get("dated_triggers", {})
    return [(etype, re.compile("|".join(f"(?:{p})" for p in pats), re.I)) for etype, pats in rules.items()]


@cache
def _trigger_scans() -> list[tuple[str, re.Pattern[str], bool, LiteralGate]]:
    """Every trigger alternation (dated or not), with a gate of literals derived from its patterns:
    a sentence holding none of them cannot match. The scan itself goes finer, per alternative (see
    ``_admitted``), and runs these whole alternations only on text that does not fold."""
    rules = load("events")
    return [(etype, pattern, dated, LiteralGate(rules["dated_triggers" if dated else "triggers"][etype]))
            for dated, compiled in ((False, _triggers()), (True, _dated_triggers())) for etype, pattern in compiled]


# Literal gating per alternative. A type's alternation runs on a sentence only with the alternatives
# whose required literals (prefilter.required_literals) lie inside the sentence: an alternative that
# cannot match anywhere there never wins a position, so the narrowed alternation finds the same
# matches, and trying a dozen alternatives at every position of the sentence is what costs.


@dataclass(frozen=True, slots=True)
class _TriggerRule:
    etype: str
    dated: bool
    alternatives: tuple[str, ...]  # the rule file's patterns, in order
    needs: tuple[frozenset[str] | None, ...]  # per alternative: each match holds one of these; None: unbounded


@cache
def _trigger_rules() -> tuple[_TriggerRule, ...]:
    """The rules of ``_trigger_scans``, in its order."""
    rules = load("events")
    out = []
    for dated, key in ((False, "triggers"), (True, "dated_triggers")):
        for etype, pats in rules.get(key, {}).items():
            # A back-reference would change meaning with the groups of dropped alternatives: never narrow it.
            narrowable = not any(re.search(r"\\[1-9]|\(\?P=", p) for p in pats)
            needs = tuple(required_literals(p) if narrowable else None for p in pats)
            out.append(_TriggerRule(etype, dated, tuple(pats), needs))
    return tuple(out)


# Scanned over every sentence (weak convictions, changed sentences, rulings), each gated by its literals.
_SENTENCE_SCANS = ("weak", "court_changed", "ruled")


@cache
def _literal_index() -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int]]]:
    """literal -> the (rule, alternative) pairs it admits, and the pairs admitted always. Rule indices
    past the trigger rules stand for ``_SENTENCE_SCANS`` (alternative 0)."""
    index: dict[str, list[tuple[int, int]]] = {}
    always: list[tuple[int, int]] = []
    rules = _trigger_rules()
    needs = [(k, j, need) for k, rule in enumerate(rules) for j, need in enumerate(rule.needs)]
    needs += [(len(rules) + n, 0, required_literals(p.pattern))
              for n, p in enumerate((_WEAK_CONVICTION, _COURT_CHANGED, _RULED))]
    for k, j, need in needs:
        if need is None:
            always.append((k, j))
            continue
        for literal in need:
            index.setdefault(literal, []).append((k, j))
    return index, always


# Narrowed alternations are compiled on first use. Beyond this many alternatives the whole alternation
# serves (same matches): what a new text can ask to compile stays small (each alternative alone, the
# pairs that occur together), while most sentences admit one or two.
_MAX_NARROWED = 2


@lru_cache(maxsize=4096)
def _alternation(rule: int, chosen: tuple[int, ...]) -> re.Pattern[str]:
    """The case-insensitive alternation of some alternatives of a rule, in their order, for a text
    :func:`_scanner` has nothing for."""
    return re.compile(_alternation_source(rule, chosen), re.I)


def _alternation_source(rule: int, chosen: tuple[int, ...]) -> str:
    alternatives = _trigger_rules()[rule].alternatives
    return "|".join(f"(?:{alternatives[j]})" for j in chosen)


class _BoundaryScan:
    """``finditer`` of an alternation each of whose alternatives opens with ``\\b`` before a word
    character, run as the alternation without the ``\\b`` and the word boundary tested at each match
    (there it means: no word character before). A pattern that opens with ``\\b`` makes ``re`` try
    every position; without it, ``re`` skips ahead to the characters that can start a match. Same
    matches, in the same order (a match is never empty: it opens with a word character)."""

    __slots__ = ("_body",)

    def __init__(self, body: re.Pattern[str]) -> None:
        self._body = body

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        search, word = self._body.search, _WORD_CHAR.match
        m = search(text, start, end)
        while m is not None:
            at = m.start()
            if at > 0 and word(text, at - 1):
                m = search(text, at + 1, end)  # no boundary here: the next position may match
                continue
            yield m
            m = search(text, m.end(), end)


_WORD_CHAR = re.compile(r"\w")


def _opens_with_word_char(items: list[tuple[Any, Any]]) -> bool:
    """Whether every match of the parsed pattern ``items`` opens with a word character (False when
    unsure)."""
    if not items:
        return False
    op, av = items[0]
    rest = items[1:]
    if op is sre_constants.LITERAL:
        return _WORD_CHAR.match(chr(av)) is not None
    if op is sre_constants.IN:
        for kind, value in av:
            if kind is sre_constants.LITERAL:
                if _WORD_CHAR.match(chr(value)) is None:
                    return False
            elif kind is sre_constants.RANGE:
                low, high = value
                if high - low > 256 or any(_WORD_CHAR.match(chr(c)) is None for c in range(low, high + 1)):
                    return False
            elif not (kind is sre_constants.CATEGORY and value in (sre_constants.CATEGORY_WORD, sre_constants.CATEGORY_DIGIT)):
                return False
        return True
    if op is sre_constants.SUBPATTERN:
        return _opens_with_word_char(list(av[-1]) + rest)
    if op is sre_constants.BRANCH:
        return all(_opens_with_word_char(list(branch) + rest) for branch in av[1])
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, _high, body = av
        return _opens_with_word_char(list(body) + rest) and (low >= 1 or _opens_with_word_char(rest))
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return _opens_with_word_char(rest)  # a look-around consumes nothing: the match opens after it
    return False


@lru_cache(maxsize=4096)
def _scanner(rule: int, chosen: tuple[int, ...]) -> _BoundaryScan | re.Pattern[str] | None:
    """What finds the case-sensitive matches over the folded text of ``_alternation(rule, chosen)``
    (see FoldedSearch; a ``(?-i:...)`` group must stay case-sensitive, so it is refused: "Amnesty" is
    no amnesty): a _BoundaryScan where every alternative opens with ``\\b`` before a word character,
    else the case-sensitive alternation; None where folding is not exact. Only what is used is
    compiled: each is compiled on first use, by every process."""
    source = _alternation_source(rule, chosen)
    try:
        flags = sensitive_flags(source, re.I | re.UNICODE)  # the flags re.compile(source, re.I) reports
    except ValueError:
        return None
    alternatives = [_trigger_rules()[rule].alternatives[j] for j in chosen]
    for alternative in alternatives:
        if not alternative.startswith("\\b"):
            return re.compile(source, flags)
        try:
            tree = list(sre_parse.parse(alternative, flags))
            rest = list(sre_parse.parse(alternative[2:], flags))
        except re.error:
            return re.compile(source, flags)
        if tree[:1] != [(sre_constants.AT, sre_constants.AT_BOUNDARY)] or not _opens_with_word_char(rest):
            return re.compile(source, flags)
    try:
        body = re.compile("|".join(f"(?:{alternative[2:]})" for alternative in alternatives), flags)
    except re.error:
        return re.compile(source, flags)
    return _BoundaryScan(body)


def _admitted(doc: WorkDoc, start: int, end: int) -> dict[int, tuple[int, ...]] | None:
    """rule index -> the alternatives that may match inside ``text[start:end]``, for the rules with any;
    None when the text does not fold (everything may match)."""
    table = doc.cache.get(("trigger-admitted",))
    if table is None:
        table = doc.cache[("trigger-admitted",)] = _admitted_table(doc)
    found = table.get((start, end)) if table else None
    if found is not None:
        return found
    folded = folded_text(doc)
    if folded is None:
        return None
    # Not one of the document's sentences: look for each literal inside the stretch itself.
    index, _ = _literal_index()
    return _admitted_by([lit for lit in index if folded.find(lit, start, end) >= 0])


def _admitted_by(literals: list[str]) -> dict[int, tuple[int, ...]]:
    """What a stretch holding these literals admits (read only: may be shared)."""
    if not literals:
        return _admitted_always()
    index, always = _literal_index()
    distinct = set(literals)  # a literal found twice admits nothing more
    if len(distinct) == 1:
        # Most sentences that hold a literal hold one: its grouping is computed once.
        return _admitted_by_one(next(iter(distinct)))
    return _grouped([*always, *(pair for literal in distinct for pair in index[literal])])


@cache
def _admitted_by_one(literal: str) -> dict[int, tuple[int, ...]]:
    """``_admitted_by([literal])`` for one of ``_literal_index``'s few hundred literals (read only)."""
    index, always = _literal_index()
    return _grouped([*always, *index[literal]])


@cache
def _admitted_always() -> dict[int, tuple[int, ...]]:
    """What a stretch without any literal admits."""
    return _grouped(_literal_index()[1])


def _grouped(pairs: list[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    """(rule, alternative) pairs -> rule: its alternatives, both in order, without repeats."""
    chosen: dict[int, set[int]] = {}
    for k, j in pairs:
        chosen.setdefault(k, set()).add(j)
    return {k: tuple(sorted(chosen[k])) for k in sorted(chosen)}


def _admitted_table(doc: WorkDoc) -> dict[tuple[int, int], dict[int, tuple[int, ...]]]:
    """``_admitted`` for every sentence of the document: the literals' occurrences found in one scan of
    the folded text, each credited to the sentence that wholly holds it. Empty when the text does not
    fold or the sentences overlap (then ``_admitted`` asks per stretch)."""
    folded = folded_text(doc)
    sentences = doc.sentences
    if folded is None or any(sentences[i][1] > sentences[i + 1][0] for i in range(len(sentences) - 1)):
        return {}
    starts = [s for s, _ in sentences]
    present: list[list[str]] = [[] for _ in sentences]
    search = _literal_trie().search
    longer = _longer_literals()
    found = search(folded)
    while found is not None:
        # The shortest literal starting here; the others starting here begin with it.
        at = found.start()
        n = bisect.bisect_right(starts, at) - 1
        if n >= 0:
            for literal in longer[found.group()]:
                if at + len(literal) <= sentences[n][1] and folded.startswith(literal, at):
                    present[n].append(literal)
        found = search(folded, at + 1)  # the next start, even inside this literal
    return {sentence: _admitted_by(literals) for sentence, literals in zip(sentences, present, strict=True)}


@cache
def _longer_literals() -> dict[str, tuple[str, ...]]:
    """literal -> the literals that begin with it (itself included)."""
    literals = list(_literal_index()[0])
    return {short: tuple(lit for lit in literals if lit.startswith(short)) for short in literals}


@cache
def _literal_trie() -> re.Pattern[str]:
    """The literals of ``_literal_index`` as a trie: a match is the shortest literal starting where it
    starts. One scan of the text, instead of a ``str.find`` pass per literal (a few hundred)."""
    return re.compile(trie_pattern(_literal_index()[0], shortest=True))


@cache
def _not_events_folded() -> re.Pattern[str] | None:
    """``_not_events`` for the folded text (see FoldedSearch), or None where that is not exact."""
    pattern = _not_events()
    try:
        return FoldedSearch(pattern).sensitive
    except ValueError:
        return None


@cache
def _not_events() -> re.Pattern[str]:
    """All the not-event patterns as one alternation: one search answers whether any of them matches."""
    return re.compile("|".join(f"(?:{p})" for p in load("events")["not_events"]), re.I)


@cache
def _protest_tie() -> re.Pattern[str]:
    return re.compile(load("events")["protest_requires"], re.I)


_RULED = re.compile(r"\b(?:ruled|decided|rejected the appeal|dismissed the appeal)\b", re.I)
_APPELLATE = re.compile(r"\b(?:Regional|Appeals?|Appellate|Supreme|Cassation|High|Provincial|City)\s+Court|\bcourt of (?:appeals?|cassation)\b|\bappeals? court\b", re.I)
_COURT_CHANGED = re.compile(
    r"\b(?:reduced|cut|shortened|increased|lengthened|upheld|confirmed|overturned|quashed|annulled|reviewed)\s+"
    r"(?:his|her|their|the|(?:[\w’'-]+\s+){0,3}?[\w-]+['’]s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sentences?|terms?|convictions?|verdicts?)\b", re.I)  # ... "reduced Gulnara Yesmukhanova's term", "reduced
# the 18-month prison sentence", "upheld the defamation conviction"
_SAME_DAY = re.compile(
    r"\b(?:(?:in|at)\s+the\s+same\s+(?:ruling|hearing|decision|session|verdict|judgment)|(?:at|in|during)\s+that\s+(?:hearing|session)|"
    # "Bouallegue was summoned before the judge on 15 September. After a hearing that lasted six hours, ..."
    r"(?<![\w,] )after\s+(?:a|the|that)\s+hearing\b(?!\s+(?:on|in)\b)|(?:in|during)\s+the\s+same\s+(?:month|year)|(?:on\s+)?(?:the\s+same\s+"
    r"(?:day|night|evening|morning|afternoon)|that\s+(?:same\s+)?(?:day|night|evening|morning|afternoon)|the\s+(?:next|following)\s+(?:day|morning|evening|night|week)"
    r"|the\s+(?:previous|preceding)\s+day|(?<=not been seen )since(?=\s*[.;,])|(?<=not been heard from )since(?=\s*[.;,])"
    rf"|(?P<count>an?|{dates_mod.NUMBER_PATTERN})\s+(?P<unit>days?|weeks?)\s+(?P<way>later|afterwards|after\s+that|earlier|before\s+that)))\b",
    re.I,
)
_WEAK_CONVICTION = re.compile(r"\b(?:verdicts?|rulings?|judg(?:e)?ments?|sentencing)\b", re.I)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|be|is|are|got|get|gets|had|has|have)\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|again\s+|not\s+|reportedly\s+|allegedly\s+|subsequently\s+|recently\s+|eventually\s+|all\s+|both\s+)*$",
    re.I,
)
_PASSIVE_TRIGGER = re.compile(r"(?:was|were|been|being|be|is|are|got|get)\b", re.I)  # matched at the trigger's start
_COURT = re.compile(
    r"(?:(?:[A-Z][\w'’.-]+\s+){1,4}(?:[Cc]ourt(?:\s+of\s+(?:[A-Z][\w'’-]+\s?){1,4})?|[Tt]ribunal)"
    r"|(?:military|revolutionary|emergency|state security|anti-terror(?:ism)?|national security)\s+court)"
)
_BARE_COURT = re.compile(r"(?:[Tt]he\s+)?[Cc]ourt")
_COURT_STOP = re.compile(r"^(?:The|A|An|In|On|At|By|Its|His|Her|Their|And|Then|But|When|After|Before|Later|Earlier|Last|This|That)\s+")
_NOUN_OF = re.compile(r"\s+of\s*$")
_UNNAMED_MANY = r"\b(?:those|people|others|many|some|dozens|hundreds|thousands|protesters|demonstrators|residents|men|women|persons|individuals|citizens)"
_RELATIVE = re.compile(rf"{_UNNAMED_MANY}\s+(?:who|that)\s+(?:\w+\s+){{0,2}}$", re.I)
# "hundreds of people convicted of ...", unless the named one is "among ... people detained"
_REDUCED_RELATIVE = re.compile(rf"{_UNNAMED_MANY}\s+$", re.I)


_SPACES = re.compile(r"\s+")
_IN_ABSENTIA = re.compile(r"\bin absentia\b", re.I)
_IN_ABSENTIA_NEEDS = frozenset({"absentia"})


def _may_match(doc: WorkDoc, needs: frozenset[str] | None, start: int, end: int) -> bool:
    """False only when none of ``needs`` (lower-case literals, one of which every match of some
    case-insensitive pattern holds: prefilter.required_literals) lies inside ``text[start:end]``."""
    folded = folded_text(doc)
    if needs is None or folded is None:
        return True
    for literal in needs:
        if folded.find(literal, start, end) >= 0:
            return True
    return False


# Patterns the functions below would otherwise look up in the re module's cache on every call.
_TO_HOUSE_ARREST = re.compile(r"\s*(?:house arrest|home)")
_OF_NOT_TERM = re.compile(r"\s*of\b(?!\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                          r"(?:days?|weeks?|months?|years?)\b"
                          # "released X on bail of 5,000 lari", "bail of $500": an amount, not the one it names
                          r"|\s+(?:[$€£₹]|(?-i:[A-Z]{1,3})\s?\d|\d)"
                          # ... in words: "on bail of three billion rials"
                          r"|\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an|\w+)\s+(?:hundred|thousand|million|billion)\b)")
_WHO_WAS = re.compile(r"^\s*,?\s*who\s+(?:was|has|had|is)\b[^,]*$")
_AND_GAP = re.compile(r"\s+and\s+")
_WHO_HAD = re.compile(r"^\s*,?\s*who\s+had\b")
_THE_BEFORE = re.compile(r"\bthe\s+$")
_SPACES_PARENS = re.compile(r"[\s()]*")
_ALIAS_OR_AGE = re.compile(r"\([^()]{0,40}\)|,\s*\d{1,3}\s*(?=,)")
_APPOSITION = re.compile(r",\s*(?:a|an|the)\s+[^,;.]{1,70}(?=,)")
_SAME_DECISION = re.compile(r"ruling|hearing|decision|session|verdict|judgment")
_BEFORE_OWN_DATE = re.compile(r"(?:\s*\([^()]{1,40}\))?(?:\s*,[^()]{0,70},?)?\s*\(")
_QUASHED = re.compile(r"\b(?:overturned|quashed|annulled|vacated|sent (?:the case )?back|retrial)\b")
_REDUCED = re.compile(r"\breduced\b|\bshortened\b|\bcut\b|\bhalved\b")
_INCREASED = re.compile(r"\bincreased\b|\blengthened\b|\bharsher\b|\btoughened\b")
_REJECTED = re.compile(r"\b(?:rejected|dismissed|refused|denied|turned down)\b")
_UPHELD = re.compile(r"\bupheld\b|\bleft (?:it |the \w+ )?unchanged\b|\bconfirmed\b")
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+)?$")
# ", who was arrested in November 2023," / ", who was abducted last week and held ...": a relative clause
# on a person, up to its closing comma or the sentence's end
# ", a trader arrested in Gombe,": an apposition with a past participle of its own, closed by a comma
_APPOSED_PARTICIPLE = re.compile(r",\s+an?\s+(?:[\w-]+\s+){1,3}?(?:arrested|detained|jailed|abducted|held)\b[^,;()\"“”]*,")
_AGE_BEFORE_APPOSITION = re.compile(r",\s*\d{1,3}$")
# (... and "the trial, which began on June 10": a date of the trial, not of the detention told before it)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whom|whose|(?P<which>which\s+(?:began|started|opened|resumed|ended|closed)))\b"
                              r"[^,;()\"“”]*(?:,|$)")
_SINCE_WHEN = re.compile(r",?\s*when\b")
_SINCE_BEFORE = re.compile(r"\bsince\s*$")
_STATE_DATE_BEFORE = re.compile(r"\b(?:born|since|until|till|by|before|prior to)\s*(?:on|in)?\s*$")
_HELD_UNTIL_TYPES = frozenset({"detention", "house_arrest"})
_TO_DATE_BEFORE = re.compile(r"\b(?:to|through)\s*$")
def _to_come(text: str, phrase: dates_mod.DatePhrase) -> bool:
    """A day the text sets for later: "adjourned the hearing to October 9", "the next hearing is on"."""
    return bool(_ADJOURNED_TO.search(text, max(0, phrase.start - 120), phrase.start))


_ADJOURNED_TO = re.compile(
    r"\b(?:adjourn(?:ed|s|ing)?|postpon(?:ed|es|ing)|deferred|put off)\b[^.;]{0,90}?\b(?:to|until|till)\s+$"
    r"|\bnext\s+(?:hearing|session)\b[^.;]{0,30}?\b(?:on|for|is)\s+$", re.I)


def find_triggers(doc: WorkDoc, start: int, end: int) -> list[Trigger]:
    """The event triggers of one sentence (computed once per sentence and document)."""
    key = ("triggers", start, end)
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = _find_triggers(doc, start, end)
    return list(cached)


def _find_triggers(doc: WorkDoc, start: int, end: int) -> list[Trigger]:
    text = doc.text
    folded = folded_text(doc)
    found: list[Trigger] = []
    rules = _trigger_rules()
    admitted = _admitted(doc, start, end)
    if admitted is None:  # a text that does not fold: every rule's whole alternation, every scan
        admitted = {k: () for k in range(len(rules) + len(_SENTENCE_SCANS))}
    for k, chosen in admitted.items():
        if k >= len(rules):
            continue
        rule = rules[k]
        if folded is None:
            matches = _trigger_scans()[k][1].finditer(text, start, end)
        else:
            if len(chosen) > _MAX_NARROWED:
                chosen = tuple(range(len(rule.alternatives)))
            scanner = _scanner(k, chosen)
            if scanner is not None:
                matches = scanner.finditer(folded, start, end)
            else:
                matches = _alternation(k, chosen).finditer(text, start, end)
        for m in matches:
            s, e = m.start(), m.end()
            # Trim a leading auxiliary from the span but keep it for the voice decision.
            if s < e and text[s].isspace():
                lead = _SPACES.match(text, s, e)
                if lead:
                    s = lead.end()
            if _negated(text, start, s, folded) or _first_person_quote(text, start, end, s):
                continue
            if (_AFTER_POSSESSIVE.search(text, max(start, s - 12), s) and not _DATED_NEXT.match(text, e)
                    and not text.startswith(" of ", e)):
                continue  # "after his arrest, he was ...": a back-reference; "after his release in 2019" is news
            if _SINCE_POSSESSIVE.search(text, max(start, s - 12), s) and not _DATE_WORD_AHEAD.match(text, e, end):
                continue
            if rule.etype in _CALLED_FOR_TYPES and _CALLED_FOR.search(text, max(start, s - 110), s):
                continue  # "called for Gafarova and Khasanov to be released": a demand, not a release
            if rule.etype == "exile" and _LEFT_PLACE.fullmatch(text, s, e) and not _is_country(text[s + 5:e]):
                continue  # "left Bishkek in 2023": a move within the country, no exile
            found.append(Trigger(rule.etype, s, e, dated=rule.dated))
    # The sentence-wide scans below run only where their literals are.
    if len(rules) in admitted:
        for m in _WEAK_CONVICTION.finditer(text, start, end):
            if not _negated(text, start, m.start(), folded):
                found.append(Trigger("conviction", m.start(), m.end(), weak=True))
    if len(rules) + 1 in admitted:
        for m in _COURT_CHANGED.finditer(text, start, end):
            # "the Supreme Court reduced his sentence": a higher court's decision is an appeal
            if _APPELLATE.search(text, start, m.start()) and not _negated(text, start, m.start(), folded):
                found.append(Trigger("appeal", m.start(), m.end()))
    if len(rules) + 2 in admitted:
        for m in _RULED.finditer(text, start, end):
            # "The Zhetysu Regional Court ruled on May 28": a higher court's ruling dates an appeal.
            appellate = _APPELLATE.search(text, start, m.start())
            found.append(Trigger("appeal" if appellate else "conviction", m.start(), m.end(), weak=True))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for trig in found:
        clash = False
        for other in kept:
            overlap = trig.start < other.end and other.start < trig.end
            if not overlap:
                continue
            if other.type == trig.type:
                clash = True
                break
            if frozenset({trig.type, other.type}) in _COMPATIBLE:
                continue
            longer = other if (other.end - other.start) >= (trig.end - trig.start) else trig
            if longer is other:
                clash = True
                break
            kept.remove(other)
        if not clash:
            kept.append(trig)
    if any(t.type == "appeal" and not t.weak for t in kept):
        # "the appeals court confirmed all three rulings": the rulings it reviewed, not new verdicts
        kept = [t for t in kept if not (t.type == "conviction" and t.weak)]
    charge_hits = None  # found when a protest needs them
    out = []
    for trig in kept:
        # "transferred to house arrest" is a house arrest, not a transfer.
        if trig.type == "transfer" and _TO_HOUSE_ARREST.match(text[trig.end:trig.end + 30]):
            continue
        # "The preliminary hearing was deferred once again": a hearing that did not sit is no trial event
        if trig.type == "trial" and _NOT_SAT.search(text, trig.end, end) and not _SAT.search(text, start, end):
            continue
        if trig.type == "protest":
            if not _protest_tie().search(text, start, end):
                continue
            # "organizing mass riots" is a charge, not a protest of its own.
            if charge_hits is None:
                charge_hits = charges_in(doc, start, end)
            if any(h.start <= trig.start < h.end for h in charge_hits):
                continue
        out.append(trig)
    return sorted(out, key=lambda t: t.start)


_MODIFIED_NOUN = re.compile(
    r"\s+(?:unrest|protests?|riots?|elections?|war|events|uprising|revolution|referendum|coup|crackdown|"
    r"massacre|earthquake|floods?|attacks?|bombing|campaign|vote|polls?|demonstrations?|rall(?:y|ies)|"
    r"presidential|parliamentary|general|local|municipal|constitutional|mass|anti-government|gatherings?|"
    r"march(?:es)?|sit-ins?|pickets?|strikes?|vigils?|clashes|blockades?|decree|law|amendments?|cybercrime)\b", re.I)
_CALLED_FOR_TYPES = {"release", "acquittal", "pardon", "bail", "appeal"}
_CALLED_FOR = re.compile(
    # "for calling for mass unrest" is a charge, not a call (the lookbehind keeps the charge words out)
    r"(?<!\bfor )(?<!\bof )(?<!\bwith )"
    # ... and an appeal is a call only as "appealed for", "appealed to X to": not "the appeal court acquitted"
    r"\b(?:call(?:ed|s|ing)?|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|press(?:ed|es|ing)?|"
    r"appeal(?:s|ed|ing)?(?=\s+(?:for|on)\b|\s+to\b(?!\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}(?:court|tribunal)))|"
    # ... and one who went "to ask about" or "asked where" someone was inquired, asking for nothing
    r"ask(?:s|ed|ing)?(?!\s+(?:about|after|around|where|why|how|whether|if|what|who|when)\b)|push(?:ed|es|ing)?)\b[^.;]{0,100}$",
    re.I,
)
_UNNAMED_SUBJECT = re.compile(
    r"\b(?:while|whereas|but|and|when)\s+(?:a|an|the|another|one|two|three|several|other|hundreds|dozens|thousands|"
    r"scores|many|some|others|\d+)\s+"
    # not a time: "was first taken to X and two days later moved to Y", "and the next day charged"
    r"(?!(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?|nights?|mornings?|evenings?)\s+(?:later|after(?:wards)?|on)\b"
    r"|(?:next|following|same)\s+(?:day|week|month|morning|evening|night)\b"
    # ... nor an authority, which acts on someone named before: "indicted them, and the court granted both bail"
    # (... "and the Khatai District Court chose a measure of restraint")
    r"|(?:[\w-]+\s+){0,3}?(?:court|tribunal|judge|magistrate|police|prosecutors?|prosecution|authorities|investigators?|"
    r"panel|bench)\b)"
    r"(?:\w+\s+){0,6}$"
    r"|\b(?:a|an|another)\s+(?:\w+\s+){0,2}(?:man|woman|person|boy|girl|protester|detainee|prisoner|journalist|"
    r"activist|member|relative|friend|client|colleague|student|resident)\s+(?:who|that)\s+(?:\w+\s+){0,2}$"
    r"|['’]s\s+(?:mother|father|wife|husband|son|daughter|brother|sister|lawyer|colleague|friend|relative|"
    r"family|cousin|uncle|aunt|nephew|niece|parents|children)\b[^.;]{0,40}$",
    re.I,
)
_AFTER_POSSESSIVE = re.compile(r"\bafter (?:his|her|their|the) $", re.I)
_DATE_WORDS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
# Nouns for one unnamed person ("a Jordanian journalist", "A freelance photographer")
_ONE_PERSON = (r"journalist|reporter|blogger|activist|editor|national|citizen|lawyer|poet|writer|dissident|critic|"
               r"photographer|student|academic|researcher|politician|opposition figure|rights defender|teacher|woman|man|"
               r"lawmaker|legislator|parliamentarian|opposition leader|trade unionist|unionist|YouTuber|rapper|singer|"
               r"cartoonist|filmmaker|priest|pastor|cleric|imam|scholar|professor|economist|scientist|physicist|doctor|"
               r"artist|musician|comedian|businessman|businesswoman|environmentalist|monk|"
               r"(?:union|labou?r|community|student|party|protest|farmers['’]?) leader")
# "had not seen her daughter since the arrest": a back-reference, unless a date follows in the clause
_SINCE_POSSESSIVE = re.compile(r"\b(?:since|before|until|following) (?:his|her|their|the) $", re.I)
_DATE_WORD_AHEAD = re.compile(rf"[^.;]{{0,60}}?(?:\d|\b(?:{_DATE_WORDS})\b)")
_DATED_NEXT = re.compile(rf" (?:in|on) (?:\d|(?:{_DATE_WORDS})\b)")
_RECENT_TYPES = {"arrest", "charge", "release", "bail", "detention", "summons", "search", "house_arrest"}
_PRESENT_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|also\s+|now\s+|just\s+)?(?:been\s+)?"
                              r"(?:arrested|detained|charged|released|freed|summoned|searched|placed|remanded|granted)\b"
                              r"(?:\s+and\s+(?:charged|detained|arrested|released))?", re.I)
_OWN_TERM = re.compile(r"(?:,\s*\d{1,3},)?\s+to\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|life)")
_AGAINST = re.compile(r"\bagainst\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,4}$", re.I)
_CASE_STEPS = {"charge", "trial", "investigation"}
# "on hunger strike since June 26", "under house arrest since May": the state began then.
_STARTED_STATES = {"hunger_strike", "house_arrest", "exile"}
_DECIDED_AT_HEARING = {"detention", "bail", "house_arrest", "appeal", "conviction", "acquittal", "release"}
_PENDING_TYPES = {"arrest", "detention", "conviction", "charge", "fine", "ban", "release", "bail", "trial",
                  "appeal", "acquittal", "house_arrest", "search", "summons", "travel_ban", "investigation"}
PLURAL_SUBJECT = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:(?:[a-z-]+\s+){1,2}|(?:[A-Z][\w-]*\s+){1,3})?(?:people|persons|men|women|"
    r"activists|journalists|reporters|bloggers|protesters|students|members|defendants|editors|lawyers)\b"
    r"|\b[Tt]he\s+(?:trio|pair|two|three|four)\b"
)
# A sentence that opens (after any dateline) with an indefinite subject: "A freelance photographer jailed ..."
_OPENS_INDEFINITE = re.compile(r"(?:[A-Z][A-Z .,'’()-]*\s[—–-]+\s)?(?:An?|One)\s+(?:[\w-]+\s+){0,3}?"
                               r"(?:journalist|reporter|blogger|activist|editor|lawyer|poet|writer|dissident|critic|"
                               r"photographer|student|academic|researcher|politician|teacher|woman|man|cartoonist|rapper|"
                               r"artist)\b")
_INDEFINITE_SUBJECT = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[A-Z][a-z]+\s+|(?:prominent|young|local|independent|veteran|well-known|female|male|"
    r"opposition|former|exiled|jailed|detained|leading|senior|outspoken)\s+){0,2}"
    rf"(?:{_ONE_PERSON})\b"
)  # one unnamed person; several are PLURAL_SUBJECT
_SPEECH_DATE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|announced|reported|stated|added|wrote|tweeted|confirmed)\s+(?:on\s+|late\s+on\s+)?$",
    re.I)
_CLAIM_BEFORE = re.compile(r"\b(?:alleges?|alleged|claims?|claimed|accuses|accused|says|said|argues|argued)\s+(?:that\b)?")
# ... and words about an event told before: "On Wednesday, MISA condemned the detention of X"
_SPEECH_VERB = re.compile(r"\b(?:said|says|stated|told|announced|expressed|voiced|raised|condemned|condemns|denounced|"
                          r"deplored|decried|urged|urges|called\s+(?:on|for))\b", re.I)
_BACK_REFERENCE = re.compile(r"(?:['’]s|\b(?:his|her|their|the|this|that|its))\s+$", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b")


def _first_person_quote(text: str, start: int, end: int, offset: int) -> bool:
    """Whether a trigger sits in quoted speech in the first person ("ordered our arrest"): the
    speaker's own account, whose subject the quote alone cannot name."""
    if open_quote(text, start, offset) is None:
        return False
    window = text[max(start, offset - 60):min(end, offset + 40)]
    return bool(_FIRST_PERSON.search(window))


def _negated(text: str, sent_start: int, offset: int, folded: str | None = None) -> bool:
    """Whether the words before ``offset`` deny or defer the event; ``folded`` is the text folded
    (prefilter.folded_text), searched case-sensitively where that is exact (faster)."""
    sensitive = _not_events_folded()
    # The slice matters: its edges are the patterns' string edges (for \b and $).
    if folded is not None and sensitive is not None:
        return sensitive.search(folded[max(sent_start, offset - 90):offset]) is not None
    return _not_events().search(text[max(sent_start, offset - 90):offset]) is not None


def _court_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    if text.find("ourt", start, end) < 0 and text.find("ribunal", start, end) < 0:
        return out  # every match of _COURT ends in "[Cc]ourt ..." or "[Tt]ribunal"
    for m in _COURT.finditer(text, start, end):
        s, e = m.start(), m.end()
        name = text[s:e]
        while True:
            stripped = _COURT_STOP.match(name)
            if not stripped:
                break
            s += stripped.end()
            name = text[s:e]
        if _BARE_COURT.fullmatch(name) or len(name) < 6:
            continue
        if name.split()[0].lower() in {"the", "a", "an"}:
            continue
        out.append((s, e, name))
    return out


def _place_near(doc: WorkDoc, start: int, end: int, anchor: int) -> str | None:
    key = ("places-near", start, end)  # a sentence's places serve each of its triggers
    places = doc.cache.get(key)
    if places is None:
        places = doc.cache[key] = [p for p in lexicon.find_places(doc.text, start, end) if p.kind in ("city", "region")]
    if not places:
        return None
    return min(places, key=lambda p: abs(p.start - anchor)).text


_CROWD_AFTER = re.compile(
    r"\s+(?:more\s+than|at\s+least|over|nearly|about|some|dozens\s+of|hundreds\s+of|scores\s+of)\s+(?:\w+\s+){0,2}?"
    rf"(?:{CROWD_NOUNS})\b", re.I)


def _without_possessors(text: str, mentions: list[PersonMention]) -> list[PersonMention]:
    """ "his co-defendant X", "her lawyer Y": the possessive is not the one an event is about."""
    return [m for i, m in enumerate(mentions)
            if not (m.kind == "pronoun" and text[m.start:m.end].lower() in ("his", "her", "their", "its")
                    and i + 1 < len(mentions) and mentions[i + 1].start - m.end <= 30
                    and not _PUNCT.search(text, m.end, mentions[i + 1].start)
                    # "questioned her for six hours about X's income": "her" is the object, not a possessive
                    and not _OBJECT_FOLLOWS.match(text, m.end))]


_OBJECT_FOLLOWS = re.compile(
    r"\s+(?:for|in|to|on|at|about|with|from|after|before|and|or|as|into|over|since|until|because|while|when|during|"
    r"without|again|twice|once|later|overnight|repeatedly)\b", re.I)


def _targets(doc: WorkDoc, trig: Trigger, mentions: list[PersonMention], sent: tuple[int, int]) -> tuple[int, ...]:
    """Whom a trigger is about, among the sentence's ``mentions`` (already ``_without_possessors``), and
    whoever it befell "together with" or "alongside" them ("arrested X ..., together with his cameraman, Y")."""
    found = _targets_named(doc, trig, mentions, sent)
    if not found:
        return found
    text = doc.text
    together = next((m for m in mentions if m.kind == "name" and m.start >= trig.end and not set(m.persons) & set(found)
                     and _TOGETHER_WITH.search(text, max(trig.end, m.start - 45), m.start)
                     and not re.search(r"[.;]", text[trig.end:m.start])), None)
    return tuple(dict.fromkeys((*found, *together.persons))) if together is not None else found


def _targets_named(doc: WorkDoc, trig: Trigger, mentions: list[PersonMention], sent: tuple[int, int]) -> tuple[int, ...]:
    text = doc.text
    if _CROWD_AFTER.match(text, trig.end):
        return ()  # "has arrested more than two dozen journalists": a crowd, not the ones named
    inside = [m for m in mentions if trig.start <= m.start and m.end <= trig.end]
    if len(inside) >= 2 and all(m.kind == "name" for m in inside):
        return tuple(dict.fromkeys(i for m in inside for i in m.persons))  # "found A, B and C guilty"
    if inside:
        return inside[0].persons  # "reduced his sentence", "sentenced him": the pronoun in the trigger
    if trig.type == "conviction" and text[trig.start:trig.end].lower() == "sentenced":
        # "sentenced X, 52, to 30 days, Y, 37, to 20 days and Z to 15 days": each name with its own term
        termed = [m for m in mentions if m.start >= trig.end and m.kind == "name"
                  and _OWN_TERM.match(text, m.end)]
        if len(termed) >= 2:
            return tuple(dict.fromkeys(i for m in termed for i in m.persons))
    # '"... The travel ban is a second sentence," said X': the one quoted speaks; it is not X's ban
    close = attributed_close(text, trig.end, sent[1])
    if close is not None:
        mentions = [m for m in mentions if m.start < close]
    # "Y was detained with him and released": a pronoun after a preposition is no subject
    before = [m for m in mentions if m.end <= trig.start
              and not (m.kind == "pronoun" and _PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start))]
    # "X was detained at the station, where she had gone to ask about Y, and spent the night ... before
    # being released": a name inside a closed relative aside is not the subject of what follows it
    # "The trial judge, Justice X, granted each of them bail": a judge decides, never the one decided on
    before = [m for m in before if not (m.kind == "name" and doc.on_the_bench(m.persons))]
    # "Her son, who left Russia in 2022": the kin the possessive names, not its possessor
    before = [m for m in before if not (m.kind == "pronoun" and KIN_AFTER_POSSESSIVE.match(text, m.end))]
    # "According to Saad, prosecutors questioned them": the source of the words is no one the event befell
    before = [m for m in before if not (_ACCORDING_TO.search(text, max(0, m.start - 16), m.start)
                                        and text.startswith(",", m.end))]
    asides = [(a.start(), a.end()) for a in _CLOSED_ASIDE.finditer(text, sent[0], trig.start)]
    outside = [m for m in before if not any(a < m.start and m.end < b for a, b in asides)]
    if asides and outside:
        before = outside
    # "a pardon approved by Supreme Leader X", "detained by officer Y": the agent, not the one it befell
    after = [m for m in mentions if m.start >= trig.end and not _AGENT_BEFORE.search(text, trig.end, m.start)]
    # "... was placed under judicial supervision, lawyer X said": the one who tells it, not the one it befell
    after = [m for m in after if not (m.kind == "name" and _SAID_RIGHT_AFTER.match(text, m.end)
                                      and _ROLE_AFTER_COMMA.search(text, trig.end, m.start))]
    lead = text[max(sent[0], trig.start - 40):trig.start]
    if before and _POSSESSIVE_S.fullmatch(text, before[-1].end, trig.start):
        return before[-1].persons  # "Kabendera’s arrest"
    if (before and before[-1].kind in ("pronoun", "group") and text[trig.start - 1:trig.start].isspace()
            and _POSSESSIVE_PRONOUN.fullmatch(text, before[-1].start, trig.start)):
        return before[-1].persons  # "their arrests stemmed from ...": the possessor's arrests
    if before and _AND_OTHERS.match(text, before[-1].end, trig.start):
        return coordinated(text, before, forward=False)  # "X and 13 other leaders were apprehended"
    if before and _UNNAMED_SUBJECT.search(text, before[-1].start, trig.start) and not after:
        return ()  # "..., while a second protester was released": someone unnamed
    if not before and _OPENS_INDEFINITE.match(text, sent[0], trig.start):
        return ()  # "A freelance photographer jailed ... walked free, but the student leader ...": not the leader
    relative = _RELATIVE.search(lead) or (None if _AMONG.search(lead) else _REDUCED_RELATIVE.search(lead))
    if relative and not any(m.end >= trig.start - len(relative.group()) - 2 and m.end <= trig.start for m in before):
        # "those who died", "people who were detained": not a named person
        return ()
    passive = bool(_PASSIVE_TRIGGER.match(text, trig.start, trig.end) or _PASSIVE_BEFORE.search(lead))
    # "the arrest of X" names X; "convicted of fraud", "found guilty of ..." name the offence
    verbal = bool(_VERBAL_TRIGGER.search(text, trig.start, trig.end)
                  or _VERBAL_FIRST.match(text, trig.start, trig.end))  # "released on bail of 6 billion rials"
    noun_of = not verbal and bool(_OF_NOT_TERM.match(text[trig.end:trig.end + 40])) or trig.type in ("detention",) and bool(_NOUN_OF.search(text[trig.start:trig.end]))
    if noun_of and not (after and after[0].start - trig.end <= 45):
        return ()  # "the arrest of such individuals": nobody named
    if after and (noun_of or not passive) and after[0].start - trig.end <= 45 and not _CLAUSE_BREAK.search(text[trig.end:after[0].start]):
        # "police arrested X", "the arrest of X", "sentenced X to ..."
        if not passive or noun_of:
            return coordinated(text, after, forward=True)
    if before and _SPEECH_BETWEEN.match(text, before[-1].end, trig.start):
        before = []  # "Minister X said the two journalists had been arrested": X speaks, others were arrested
    if before:
        gap = text[before[-1].end:trig.start]
        if _WHO_WAS.match(gap) and not (
                len(before) >= 2 and _AND_GAP.fullmatch(text[before[-2].end:before[-1].start])
                and _WHO_HAD.match(gap)):
            return before[-1].persons  # "..., and Y, who was convicted": Y alone ("X and Y, who had": both)
        if len(gap) <= 160 or passive:
            return coordinated(text, before, forward=False)
    if after and after[0].start - trig.end <= 80:
        if _THE_BEFORE.search(lead) and _CLAUSE_BREAK.search(text, trig.end, after[0].start):
            return ()  # "Given the circumstances of the arrest, it can be stated that X ...": not X's arrest
        if _WHO_RIGHT_BEFORE.search(lead) and _CLAUSE_BREAK.search(text, trig.end, after[0].start):
            return ()  # "Her son, who left Russia in 2022, has asked supporters to write to her": the son left
        return coordinated(text, after, forward=True)
    return ()


_PUNCT = re.compile(r"[,.;:]")
# "together with photographer Y", "alongside Y", "alongside his cameraman, Y"
_TOGETHER_WITH = re.compile(r"\b(?:(?:together|along)\s+with|alongside)\s+(?:(?:the|his|her|their)\s+)?"
                            r"(?:[a-z][\w-]*\s+){0,2}?(?:[a-z][\w-]*,\s+)?$")
_SAID_RIGHT_AFTER = re.compile(r"\s+(?:said|says|told|added|wrote|confirmed|explained)\b")
_ROLE_AFTER_COMMA = re.compile(r",\s+(?:(?:the|his|her|their)\s+)?(?:[a-z][\w’'-]*\s+){0,3}$")
_ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording\s+to|[Aa]s\s+told\s+by)\s+$")
_CLOSED_ASIDE = re.compile(r",\s+(?:who|whom|whose|where|which)\b[^,;.“”\"]*,")
_AMONG = re.compile(r"\bamong\b", re.I)
_POSSESSIVE_S = re.compile(r"['’]s\s+(?:\w+\s+)?")
_POSSESSIVE_PRONOUN = re.compile(r"(?:his|her|their)\s+(?:\w+\s+)?", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:with|by|for|to|against|of|from|about|alongside|beside)\s+$", re.I)
_AGENT_BEFORE = re.compile(r"(?<!followed )(?<!joined )(?<!accompanied )\bby\s+(?:[\w’'-]+\s+){0,3}$")
_VERBAL_TRIGGER = re.compile(r"(?:ed|guilty)$", re.I)
_VERBAL_FIRST = re.compile(r"[a-z]+ed\s", re.I)
_AND_OTHERS = re.compile(r"\s*,?\s+and\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|dozens of|many)\s+"
                         r"(?:other|more)\b[^.;]{0,40}?\b(?:were|have been|had been|was)\s+(?:\w+ly\s+)?$")
_SPEECH_BETWEEN = re.compile(
    r"[^.;]*?(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbeing )"  # "were told that they could not leave": addressed, not speaking
    r"\b(?:said|says|told|tells|stated|added|claimed|noted|explained|insisted|confirmed|announced|argued|recalled|"
    r"alleged|welcomed|welcomes|condemned|condemns|denounced|deplored|critici[sz]ed|described)\b"
    r"(?:(?:\s+\w+){0,3}?\s+(?:that\s+)?(?:the|a|an|two|three|four|five|several|some|they|both|no)\b"
    r"|\s+(?:that\s+)?(?:[a-z][\w-]*\s+){1,3}(?:had|have|has|was|were)\s+(?:also\s+|been\s+)?$)")


_CLAUSE_BREAK = re.compile(
    r"[;:!?]|\.(?!\w)|\b(?:was|were|is|are|has|had|have|said|says|after|before|when|while|because|but|who|whom|which|"
    r"that|whose|where|according|than|then|told|to|for|received?|got|given|citing|saying|\d+)\b|['’]s\b"
    # "fined Aberkane, 45, and acquitted Ikhlef": a second verb starts another clause
    r"|\band\s+(?:also\s+)?(?:acquitted|released|freed|fined|jailed|sentenced|convicted|cleared|charged|detained|"
    r"arrested|banned|barred|ordered|placed|handed|gave|summoned|deported|expelled)\b",
    re.I,
)
_KIN_OF = re.compile(r"\b(?:relative|wife|husband|son|daughter|brother|sister|mother|father|grandson|granddaughter|"
                     r"grandchild|cousin|nephew|niece|uncle|aunt|widow|lawyer|friend)s?\s+of\b", re.I)
_NOUN_POSSESSIVE = re.compile(r"\b(?:the|his|her|their|its)\s+[a-z][\w-]*['’]s\b")
_REPEATED_PREPOSITION = re.compile(r"^(\s*,?\s*(?:and|or))\s+(?:for|against|of|on)\s+")
_LIST_JOIN = re.compile(r",|\band\b|&|\bas well as\b|\balong with\b|\btogether with\b|\bwith\b", re.I)


def coordinated(text: str, side: list[PersonMention], *, forward: bool) -> tuple[int, ...]:
    """The mention nearest the trigger and those listed with it ("X, a reporter, Y and Z")."""
    ordered = side if forward else list(reversed(side))
    # A possessive ("His sister, Maryam") is never one of the listed.
    # "X, the chairman of Y's committee, and Z": an apposed nominal is part of the gap, not an item
    ordered = [ordered[0]] + [m for m in ordered[1:] if m.kind != "nominal" and not (
        m.kind == "pronoun" and m.end - m.start <= 5 and text[m.start:m.end].lower() in ("his", "her", "their"))]
    chosen = list(ordered[0].persons)
    prev = ordered[0]
    for m in ordered[1:]:
        gap = text[prev.end:m.start] if forward else text[m.end:prev.start]
        if set(m.persons) <= set(chosen) and m.kind == "name" and _SPACES_PARENS.fullmatch(gap):
            prev = m  # the same name again: "Ramin Jabrayilzade (Deko)", or a name split in two
            continue
        # Strip parenthesized aliases and dates inside the list: "X (Agha) (February 5), Y"
        # "(Agha)", "X, 29, and Y", "X, 44, the chairman of the market's traders' committee, and Y"
        gap_plain = _ALIAS_OR_AGE.sub("", gap)
        # "X, who has a 10-month-old child, and Y, who has a heart condition, were placed ...": asides on each
        gap_plain = _CLOSED_ASIDE.sub(",", gap_plain)
        gap_plain = _APPOSITION.sub("", gap_plain)
        # "Nayan and the newspaper's editor, Mahbuba Sultana": a common noun's possessive in a role, no possessor named
        gap_plain = _NOUN_POSSESSIVE.sub("", gap_plain)
        # "warrants for Tse and for Toronto-based activist Jason Mak": the preposition said again is still a list
        gap_plain = _REPEATED_PREPOSITION.sub(r"\1 ", gap_plain)
        if (len(gap_plain) > 90 or _CLAUSE_BREAK.search(gap_plain) or not _LIST_JOIN.search(gap_plain)
                or _KIN_OF.search(gap_plain)):  # "X, a relative of Y": Y is not listed with X
            break
        for idx in m.persons:
            if idx not in chosen:
                chosen.append(idx)
        prev = m
    return tuple(chosen)


def find_events(doc: WorkDoc, dates: list[dates_mod.DatePhrase]) -> list[RawEvent]:
    """Every event the text reports, attached to the persons it is about."""
    events: list[RawEvent] = []
    text = doc.text
    last_day: DateValue | None = None  # the latest day named so far, for "the same day", "the next day"
    last_court: str | None = None  # the court of the last step told, for "the same court"
    last_appeal_court: str | None = None
    last_date: DateValue | None = None  # the latest date of any precision, for "in the same ruling"
    last_protest: DateValue | None = None  # when the protests the text tells of took place
    starts = [d.start for d in dates]
    in_order = starts == sorted(starts)
    for sent in doc.sentences:
        s_start, s_end = sent
        # The dates inside the sentence, in the order given: among those starting in it when in order.
        candidates = dates[bisect.bisect_left(starts, s_start):bisect.bisect_right(starts, s_end)] if in_order else dates
        sent_dates = [d for d in candidates if s_start <= d.start and d.end <= s_end]
        previous_day, previous_date = last_day, last_date
        last_protest = _protest_date(doc, sent_dates) or last_protest
        triggers = find_triggers(doc, s_start, s_end)
        following = _following_weekdays(text, sent_dates, previous_day)
        for phrase in sent_dates:
            value = following.get(phrase.start) or dates_mod.resolve_date(phrase, doc.anchor)
            if value is not None and value.precision == "day" and (
                    triggers or previous_day is None or dates_mod.compare(value, previous_day) > 0
                    or not _CLAIM_BEFORE.search(text, s_start, phrase.start)):
                # An earlier day in what a sentence with no event says someone claims is an aside ("It
                # alleges that a video she posted on August 6 ..."): it does not turn back the story's
                # clock for "the following day".
                last_day = value
            if value is not None:
                last_date = value
        # "Two days later ...", "Five days after that ...": a day counted from the last one, and the next
        # such count goes on from it, events or not in this sentence.
        # Days to come ("adjourned the hearing to October 9") date nothing told in the sentence.
        told_dates = [d for d in sent_dates if not _to_come(text, d)]
        relative_day = _relative_day(text, s_start, s_end, previous_day, previous_date) if not told_dates else None
        if relative_day is not None and relative_day[0].precision == "day":
            last_day = relative_day[0]
        if not triggers:
            continue
        mentions = doc.mentions_in(s_start, s_end)
        if relative_day is None and not told_dates:
            relative_day = _same_hearing(doc, sent)
        courts = _court_in(text, s_start, s_end)
        # "In mid-September, the same court extended the economist's arrest": the court of the last step told
        same = _SAME_COURT.search(text, s_start, s_end) if not courts and last_court is not None else None
        # ... which is the subject of the first step after it only ("upheld the sentence handed down in December")
        same_court = min((t.start for t in triggers if same is not None and t.start >= same.end()), default=None)
        in_absentia = _may_match(doc, _IN_ABSENTIA_NEEDS, s_start, s_end) and bool(
            _IN_ABSENTIA.search(text[s_start:s_end]))
        collective = doc.collective_subject(s_start, s_end)
        targetable = _without_possessors(text, mentions)  # once for all the sentence's triggers
        targeted = [(trig, _targets(doc, trig, targetable, sent)) for trig in triggers]
        sentence_persons = tuple(dict.fromkeys(i for t, ps in targeted if not t.weak for i in ps))
        # "the court on July 3 overturned a decision that had upheld a ban against X": one appeal, X's
        by_type: dict[str, tuple[int, ...]] = {}
        for t, ps in targeted:
            if ps and not t.weak:
                by_type.setdefault(t.type, ps)
        appealed = any(t.type == "appeal" and not t.weak for t in triggers)
        for trig, persons in targeted:
            if any(c.start <= trig.start and trig.end <= c.end for c in doc.collectives):
                continue  # "All arrested Meydan TV journalists": a description inside a group's name
            if appealed and trig.type == "detention" and _AGAINST.search(text, max(s_start, trig.start - 60), trig.start):
                continue  # "appeals against the extension of their detention": what was appealed, not a new event
            if not persons and s_start < doc.title_end and not trig.weak:
                persons = _headline_subject(doc, s_start, trig.start)
            if not persons and not trig.weak and trig.type in ("appeal", "conviction", "acquittal") and trig.type in by_type:
                persons = by_type[trig.type]
            if trig.weak and not persons:
                # "In its ruling on April 10, the court also barred X": the ruling is X's.
                persons = sentence_persons or tuple(dict.fromkeys(
                    i for m in mentions if m.kind == "name" for i in m.persons))
            crowd = _CROWD_AFTER.match(text, trig.end) is not None  # "has arrested more than two dozen journalists"
            pending = (not persons and trig.type in _PENDING_TYPES and not crowd
                       and bool(_INDEFINITE_SUBJECT.search(text, s_start, s_end) or PLURAL_SUBJECT.search(text, s_start, s_end)))
            if not persons and trig.type not in ("conviction", *_CASE_STEPS) and not pending and collective is None:
                continue  # person-less convictions still date the document's verdict
            date, date_span = _date_for(doc, trig, triggers, sent_dates)
            if date_span is not None and date_span[0] in following:
                date = following[date_span[0]]
            if date is not None and date_span is not None and date.precision in ("day", "month"):
                date = _shifted(text, date_span, trig, date)
            if date is None and relative_day is not None and not _refers_back(text, trig):
                # ("Two weeks later, a group issued a statement calling the arrest ...": not that day's arrest)
                date, date_span = relative_day
            after_protest = _AFTER_PROTESTS.search(text, s_start, s_end) if date is None and last_protest else None
            if after_protest is not None and last_protest is not None:
                # "All of the men were detained in the days after the protests" (of July 2022)
                date, date_span = DateValue(last_protest.value[:7], approximate=True), after_protest.span()
            recent = (_PRESENT_PERFECT.search(text, max(s_start, trig.start - 40), min(s_end, trig.start + 12))
                      if date is None and doc.published is not None and trig.type in _RECENT_TYPES else None)
            if recent is not None and doc.published is not None:
                # "Police have arrested and charged X", "X has been released on bail": news of the
                # last days, so in the month of publication (the tense is the evidence)
                date, date_span = DateValue(doc.published.value[:7]), (recent.start(), recent.end())
            if trig.dated and (date is None or (not _TRIAL_DAY.search(text, trig.start, trig.end) and any(
                    t.type in _DECIDED_AT_HEARING | {"charge"} and not t.weak for t in triggers))):
                continue  # a pretrial hearing is coded by what it decided (detention, bail, appeal)
            if not persons and not mentions and date is not None and trig.type in _CASE_STEPS and not pending:
                # "On January 17, these charges were escalated": a dated step of the case the
                # document follows, naming no one, concerns each of its defendants.
                collective_here: int | None = _whole_case(doc, trig)
            else:
                collective_here = None if crowd else collective  # a crowd is not the document's defendants
            if collective_here is not None and persons and any(
                    m.kind == "name" and _POSSESSIVE_S.fullmatch(text, m.end, trig.start) for m in mentions):
                # "the charges against the four journalists should be dropped and Fawzy's travel ban lifted": hers
                collective_here = None
            own_dates = _own_dates(doc, persons, mentions, sent_dates) if len(persons) > 1 else {}
            # Named as the one it happened to: a name right beside the trigger ("X was arrested",
            # "arrested X"), not merely somewhere in the sentence.
            named = {i for m in mentions if m.kind == "name" for i in m.persons
                     if i in persons and _adjacent(m, trig, mentions)}
            if own_dates:
                # "arrests included X (February 5), Y (February 20)": each their own day.
                rest = tuple(i for i in persons if i not in own_dates)
                for idx, (value, span) in own_dates.items():
                    ev = RawEvent(trig.type, trig.start, trig.end, (idx,), date=value, date_span=span, weak=trig.weak)
                    ev.named = frozenset(named & {idx})
                    events.append(ev)
                if not rest:
                    continue
                persons = rest
            event = RawEvent(trig.type, trig.start, trig.end, persons, date=date, date_span=date_span, weak=trig.weak)
            event.named = frozenset(named)
            if pending:
                # "A Jordanian journalist was jailed ...": the text names him later.
                event.pending = True
            elif collective_here is not None and not trig.weak:
                # "The 10 individuals arrested in the case were charged ...": every defendant, once known.
                event.collective = collective_here
            if trig.type in ("conviction", "trial", "appeal", "detention", "acquittal", "house_arrest", "bail"):
                if courts:
                    c = min(courts, key=lambda c: abs(c[0] - trig.start))
                    event.court = c[2].strip()
                elif trig.start == same_court:
                    # "The same court upheld ...": an appeal's court is the last court that heard an appeal
                    event.court = last_appeal_court if trig.type == "appeal" and last_appeal_court else last_court
                if event.court:
                    last_court = event.court
                    if trig.type == "appeal":
                        last_appeal_court = event.court
                event.place = _place_near(doc, s_start, s_end, trig.start)
            elif trig.type in ("arrest", "protest", "search", "death"):
                event.place = _place_near(doc, max(s_start, trig.start - 60), min(s_end, trig.end + 80), trig.start)
            if trig.type == "conviction" and in_absentia:
                event.in_absentia = True
            if trig.type == "appeal":
                event.outcome = _appeal_outcome(text[s_start:s_end])
            if trig.type == "acquittal" and _WITHDREW.match(text, trig.start, trig.end):
                event.out_of_court = True
            events.append(event)
            events += _repeated(doc, event, sent_dates)
    return events


# "the trial, which began on June 10", "adjourned the trial of X to 29 October": a day of the trial, told for
# itself, whatever else the sentence tells (a pretrial hearing is told by what it decided)
_TRIAL_DAY = re.compile(r"\btrial\b")
_SAME_COURT = re.compile(r"\b[Tt]he same (?:district |city |regional |military )?court\b")
# "extended that detention twice, in March and again in July": the second date is a second event
_AND_AGAIN = re.compile(r"\s*,?\s*and\s+(?:again|once\s+more|a\s+second\s+time)\s+(?:(?:in|on)\s+)?$", re.I)


def _repeated(doc: WorkDoc, event: RawEvent, sent_dates: list[dates_mod.DatePhrase]) -> list[RawEvent]:
    """The same event again on a later date the sentence gives it: "summoned on 3 May and again on 10 May"."""
    if event.date_span is None or event.date is None:
        return []
    out: list[RawEvent] = []
    last_end = event.date_span[1]
    for phrase in sent_dates:
        if phrase.start < last_end or not _AND_AGAIN.fullmatch(doc.text, last_end, phrase.start):
            continue
        value = dates_mod.resolve_date(phrase, doc.anchor)
        if value is None or (doc.anchor is not None and dates_mod.compare(value, doc.anchor) > 0):
            break
        again = replace(event, date=value, date_span=(phrase.start, phrase.end))
        out.append(again)
        last_end = phrase.end
    return out


_WITHDREW = re.compile(r"withdr", re.I)
_LEFT_PLACE = re.compile(r"left [A-Z][a-z]+")
_WHO_RIGHT_BEFORE = re.compile(r"\b(?:who|which)\s+(?:\w+\s+)?$")
# "Her son, who left Russia", "Several of his colleagues were sentenced": the kin a possessive names, not its possessor
KIN_AFTER_POSSESSIVE = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:sons?|daughters?|wife|husband|brothers?|sisters?|mother|father|children|parents|cousins?|"
    r"nephews?|nieces?|uncles?|aunts?|grandsons?|granddaughters?|colleagues?|co-workers?|fellow\s+\w+|friends?|"
    r"relatives?|neighbou?rs?)\b", re.I)


def _is_country(word: str) -> bool:
    return any(h.kind == "country" and h.text == word for h in lexicon.find_places(word))
_AFTER_PROTESTS = re.compile(
    r"\b(?:in|within|during)\s+the\s+(?:days|weeks|hours)\s+(?:after|following)\s+the\s+"
    r"(?:protests?|unrest|demonstrations?|riots?|rall(?:y|ies)|march(?:es)?|clashes)\b", re.I)


_PROTEST_WORDS = re.compile(r"\b(?:protest(?:s|ed)?|unrest|demonstrations?|riots?|rall(?:y|ies))\b", re.I)


def _protest_date(doc: WorkDoc, sent_dates: list[dates_mod.DatePhrase]) -> DateValue | None:
    """The date a sentence gives the protests it mentions ("the deadly July 2022 protests")."""
    if not sent_dates:
        return None
    found = dated_protests(doc, doc.sentences[doc.sentence_index(sent_dates[0].start)], sent_dates)
    return found[0][2] if found else None


_PROTEST_NEEDS = required_literals(_PROTEST_WORDS.pattern)
_TOOK_PLACE = re.compile(r"\b(?:took place|was held|were held|erupted|began|broke out|started)\b[^.;]*$", re.I)


def dated_protests(doc: WorkDoc, sentence: tuple[int, int], sent_dates: list[dates_mod.DatePhrase],
                   ) -> list[tuple[int, int, DateValue, tuple[int, int]]]:
    """``(start, end, date, date span)`` of the protests a sentence dates: a date beside the word
    ("the deadly July 2022 protests"), or after "took place", "erupted" ... ("the protests over
    blackouts that took place in Santiago de Cuba on March 17, 2024")."""
    text = doc.text
    out: list[tuple[int, int, DateValue, tuple[int, int]]] = []
    if not _may_match(doc, _PROTEST_NEEDS, *sentence):
        return out
    for m in _PROTEST_WORDS.finditer(text, *sentence):
        near = [d for d in sent_dates if -40 <= m.start() - d.end <= 40 or -40 <= d.start - m.end() <= 40]
        near = near or [d for d in sent_dates if 0 <= d.start - m.end() <= 110
                        and _TOOK_PLACE.search(text, m.end(), d.start)]
        if near:
            phrase = min(near, key=lambda d: abs(d.start - m.start()))
            value = dates_mod.resolve_date(phrase, doc.anchor)
            if value is not None:
                out.append((m.start(), m.end(), value, (phrase.start, phrase.end)))
    return out


def _whole_case(doc: WorkDoc, trig: Trigger) -> int:
    """The index of the whole-case collective at ``trig``, added once (events may be found twice
    in one document, when its anchor is refined)."""
    for i, c in enumerate(doc.collectives):
        if c.whole_case and (c.start, c.end) == (trig.start, trig.end):
            return i
    doc.collectives.append(Collective(trig.start, trig.end, "defendant", whole_case=True))
    return len(doc.collectives) - 1


def _adjacent(mention: PersonMention, trig: Trigger, mentions: list[PersonMention]) -> bool:
    """Whether a name is the trigger's own subject or object: no other person's mention stands between
    them, and they are close ("His sister, Maryam N., a pharmacist, was summoned")."""
    if mention.end <= trig.start:
        lo, hi, limit = mention.end, trig.start, 120
    elif mention.start >= trig.end:
        lo, hi, limit = trig.end, mention.start, 45
    else:
        return False
    if hi - lo > limit:
        return False
    return not any(lo <= m.start < hi and set(m.persons) - set(mention.persons) for m in mentions)


def _headline_subject(doc: WorkDoc, start: int, trigger: int) -> tuple[int, ...]:
    """ "VOA Kurdish reporter arrested": the headline's reporter is the first reporter the body names."""
    occupations = [o.occupation for o in lexicon.find_occupations(doc.text, start, trigger)]
    if not occupations:
        return ()
    for person in sorted(doc.persons, key=lambda p: p.span.start):
        if person.span.start >= doc.title_end and any(o in occupations for o, _ in person.occupations):
            return (person.idx,)
    return ()


# a clause that opens by counting on from the date before it: "...; two days later a Tomsk court gave him 15 days"
_LATER_OPENS = re.compile(r"[;,]\s+(?:and\s+)?(?P<n>a|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+"
                          r"later,?\s+[^.;,]{0,60}$", re.I)
_DAYS_APART = re.compile(r"\b(a|one|two|three|four|five|\d)\s+days?\s+(after|before)\b", re.I)
# right after a trigger: "and charged two days later", "released a week later", "charged the next day"
# ("the next day", "a day later" anywhere in the clause: _NEXT_PERIOD)
# (... also past a short complement: "released on bail of 3,000 lari two days later")
_DAYS_LATER = re.compile(r"(?:\s+(?:of|on|in|at|to|from|for)\s+(?:[^.;,]|(?<=\d)[.,](?=\d)){1,40}?)?"
                         r"\s+(?P<n>a|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+later\b", re.I)


def _counted_on(date: DateValue, m: re.Match[str]) -> DateValue:
    """The day ``m`` ("two days later", "a week later": its groups ``n`` and ``unit``) counts on from ``date``."""
    count = int(dates_mod.number_value(m.group("n")) or 1)
    return dates_mod.add_days(date, count * (7 if m.group("unit").lower().startswith("week") else 1))


def _shifted(text: str, date_span: tuple[int, int], trig: Trigger, date: DateValue) -> DateValue:
    """The event's own day where the words date something next to it: "On Wednesday ..., a day after
    police searched his home" (the search was on Tuesday); "today entered the 16th day of a hunger
    strike" (the strike began 15 days before)."""
    nth = _NTH_DAY_OF.search(text, max(0, trig.start - 40), trig.start) if trig.type == "hunger_strike" else None
    if nth is not None:
        return dates_mod.add_days(date, 1 - int(nth.group(1)))
    later = _DAYS_LATER.match(text, trig.end)
    if later is not None and date_span[1] <= trig.start and date.precision == "day":
        return _counted_on(date, later)  # "arrested on 14 March 2022 and charged two days later"
    after = _NEXT_PERIOD.match(text, trig.end, min(len(text), trig.end + 80))
    unit = (after.group("unit") or after.group("later")).lower() if after is not None else None
    if after is not None and unit == "day":
        # "detained on 5 March ... before being released the following day": the day after
        if date_span[1] <= trig.start and date.precision == "day":
            return dates_mod.add_days(date, 1)
    elif after is not None and date_span[1] <= trig.start and date.precision != "year":
        # "opened an investigation in January 2024 and summoned them the following month": one month on
        # (a month stands for its midpoint, so 30 days from it is the next month, at month precision)
        if unit == "week":
            # "was shifted to Kot Bhalwal jail the following week": about seven days on, so its month
            moved = dates_mod.add_days(date, 7) if date.precision == "day" else date
            return DateValue(moved.value[:7], approximate=True)
        if unit == "month":
            return dates_mod.add_days(DateValue(date.value[:7], date.approximate), 30)
        return dates_mod.add_days(DateValue(date.value[:4], date.approximate), 365)
    if trig.start <= date_span[1]:
        return date
    opens = _LATER_OPENS.search(text, date_span[1], trig.start)
    if opens is not None and date.precision == "day":
        return _counted_on(date, opens)  # "...; two days later a Tomsk court gave him 15 days"
    found = list(_DAYS_APART.finditer(text, date_span[1], trig.start))
    if not found or trig.start - found[-1].end() > 40:
        return date  # ("On 26 December, three days after the post, Mutai was seized ... and driven away": not the post)
    m = found[-1]
    if "," in text[m.end():trig.start]:
        return date  # "On 26 December, three days after the post, X was seized": the aside places the date
    n = int(dates_mod.number_value(m.group(1)) or 1)
    return dates_mod.add_days(date, -n if m.group(2).lower() == "after" else n)


_BEFORE_JUDGE = re.compile(
    r"\b(?:before|referred\s+to|brought\s+to)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,5}(?:judge|court|magistrate|tribunal|judgeship)"
    r"(?:\s+of\s+peace)?\b", re.I)
_NOT_SAT = re.compile(
    r"\b(?:was|were|has been|had been|is)\s+(?:\w+\s+)?(?:deferred|postponed|adjourned|put off|called off|cancelled|canceled)\b", re.I)
_SAT = re.compile(r"\b(?:resumed|continued|reconvened|took place|was held|were held|heard|opened|began|started)\b", re.I)
# the rest of the clause after a trigger: "summoned the two activists for questioning the following month"
_NEXT_PERIOD = re.compile(r"[^.;,]{0,60}?\b(?:the\s+(?:following|next)\s+(?P<unit>week|month|year|day)|a\s+(?P<later>week|month|year|day)\s+later)\b",
                          re.I)
_NTH_DAY_OF = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+day\s+of\s+(?:a\s+|an\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+)?$", re.I)
_HEARING_HELD = re.compile(
    r"\b(?:trial|hearing|session)\b[^.;]{0,120}?\b(?:continued|resumed|opened|began|started|was held|reconvened)\b", re.I)
_STEPS_AWAY = re.compile(
    r"(?<!\bwho )(?<!\bwhich )\bhad\b|\b(?:since|later|earlier|before|after|previously|already|until|then|again|once|ago|following|next|"
    r"(?<!-)(?:years?|months?|weeks?)(?!-))\b"  # not "a 10-month-old child"
    r"|\b(?:has|have)\s+been\b", re.I)
_SESSION_END = re.compile(r"\s*(?:At|By|Towards?)\s+the\s+(?:end|close)\s+of\s+the\s+(?:session|hearing|sitting|"
                          r"questioning|interrogation)\b")
_COURT_SUBJECT = re.compile(
    r"\s*(?:The|That|This)\s+(?:same\s+)?(?:judge|court|panel|tribunal|magistrate|investigating judge|judgeship)\b")


def _same_hearing(doc: WorkDoc, sent: tuple[int, int]) -> tuple[DateValue, tuple[int, int]] | None:
    """ "On May 3, the three appeared before a judge ... The judge released X": a sentence whose subject
    is the court of the sentence before, in the same paragraph, happened on that sentence's opening day."""
    s_start, s_end = sent
    idx = doc.sentence_index(s_start)
    if idx == 0:
        return None
    # "At the end of the session, the prosecution ordered ...": the session the sentence before told of
    session_end = _SESSION_END.match(doc.text, s_start) is not None
    court = _COURT_SUBJECT.match(doc.text, s_start) is not None or session_end
    # Any other sentence goes on in the day only right after one that opens with it ("On February 13,
    # about 300 villagers gathered outside the hall. Police broke up the protest and arrested X."),
    # and not where its own words step away from that day ("had", "since", "later", "earlier").
    if not court and _STEPS_AWAY.search(doc.text, s_start, s_end):
        return None
    for back in (1, 2) if court else (1,):
        if idx - back < 0:
            return None
        p_start, p_end = doc.sentences[idx - back]
        if "\n" in doc.text[p_end:s_start] and not session_end:
            return None  # a new paragraph
        in_sentence = doc.dates_in(p_start, p_end)
        opening = [d for d in in_sentence if d.start - p_start <= 12]
        if not opening and not court and len(in_sentence) == 1 and _CLOSING_DAY.fullmatch(
                doc.text, in_sentence[0].end, p_end) and s_end - s_start <= 90 and not _TO_DAY_BEFORE.search(
                doc.text, max(p_start, in_sentence[0].start - 8), in_sentence[0].start):
            # "X was detained at his home on 14 October. Officers searched the flat ...": a short sentence
            # goes on in the day that closed the one before
            opening = in_sentence
        if court and not opening and (_BEFORE_JUDGE.search(doc.text, p_start, p_end)
                                      or _HEARING_HELD.search(doc.text, p_start, p_end)
                                      or _SESSION_END.match(doc.text, s_start)):
            # "She was brought on February 8 before a judge. The judge charged her ...", "The trial of
            # the three, detained in February, continued today. The court acquitted Y": its one day
            days = [d for d in in_sentence if (v := dates_mod.resolve_date(d, doc.anchor)) is not None
                    and v.precision == "day"]
            opening = days if len(days) == 1 else opening
        if opening:
            break
        if in_sentence:
            return None  # a sentence in between has dates of its own
    else:
        return None
    value = dates_mod.resolve_date(opening[0], doc.anchor)
    if value is None or value.precision == "year" or (not court and value.precision != "day"):
        return None  # a day or a month: "In January, the court convicted him. The judge sentenced him ..."
    return value, (opening[0].start, opening[0].end)


_CLOSING_DAY = re.compile(r"\s*[.!]?\s*")
_TO_DAY_BEFORE = re.compile(r"\b(?:to|until|till|by)\s+$", re.I)  # "remanded him in custody to 25 September": a day to come
_FOLLOWING_BEFORE = re.compile(r"\bthe\s+(?:following|next)\s+$", re.I)


def _following_weekdays(
    text: str, sent_dates: list[dates_mod.DatePhrase], previous_day: DateValue | None
) -> dict[int, DateValue]:
    """ "arrested on Friday, October 4 ... released the following Monday": a weekday after "the
    following"/"the next" is the first such day after the last day told, not the one before publication."""
    if previous_day is None or previous_day.precision != "day":
        return {}
    out = {}
    for phrase in sent_dates:
        if phrase.weekday is None or phrase.day is not None or phrase.month is not None:
            continue
        if _FOLLOWING_BEFORE.search(text, max(0, phrase.start - 16), phrase.start):
            base = dt.date.fromisoformat(previous_day.value)
            delta = (phrase.weekday - base.weekday()) % 7 or 7
            out[phrase.start] = DateValue((base + dt.timedelta(days=delta)).isoformat())
    return out


def _refers_back(text: str, trig: Trigger) -> bool:
    """A bare noun that refers back to an event told elsewhere: "his arrest", "the detention"."""
    words = text[trig.start:trig.end]
    words = words[:-3] if words.endswith(" of") else words  # "the detention of X"
    return " " not in words and bool(_BACK_REFERENCE.search(text, max(0, trig.start - 12), trig.start))


def _relative_day(
    text: str, start: int, end: int, previous: DateValue | None, previous_date: DateValue | None = None,
) -> tuple[DateValue, tuple[int, int]] | None:
    """ "On the same day", "the next day", "two days later": a day counted from the last one named;
    "in the same ruling": the last date named, whatever its precision ("In January, the court ...")."""
    m = _SAME_DAY.search(text, start, end)
    if not m:
        return None
    phrase = m.group().lower()
    if phrase.endswith(("same month", "same year")):
        # "fined under the same article in the same month": the month (or year) of the last date named
        base = previous_date or previous
        keep = 7 if phrase.endswith("month") else 4
        if base is None or len(base.value) < keep:
            return None
        return DateValue(base.value[:keep], base.approximate), (m.start(), m.end())
    if _SAME_DECISION.search(phrase) or (
            previous_date is not None and previous_date.precision == "month" and "same" not in phrase):
        # "in the same ruling": the last date named, whatever its precision; and a day counted from a
        # month named last stays in that month ("in mid-October ... A court remanded them two days later")
        previous = previous_date or previous
    if previous is None:
        return None
    if phrase.endswith("week"):
        # "He was shifted to Kot Bhalwal jail the following week": some day of the next week, so its month
        return DateValue(dates_mod.add_days(previous, 7).value[:7], approximate=True), (m.start(), m.end())
    shift = 0
    if "since" in phrase:
        shift = 0  # "He has not been seen since."
    elif "next" in phrase or "following" in phrase:
        shift = 1
    elif "previous" in phrase or "preceding" in phrase:
        shift = -1
    elif m.group("count"):
        days = 7 if m.group("unit").lower().startswith("week") else 1
        shift = int(dates_mod.number_value(m.group("count")) or 0) * days
        if m.group("way").lower().startswith(("earlier", "before")):
            shift = -shift
    return dates_mod.add_days(previous, shift), (m.start(), m.end())


def _own_dates(
    doc: WorkDoc, persons: tuple[int, ...], mentions: list[PersonMention], sent_dates: list[dates_mod.DatePhrase]
) -> dict[int, tuple[DateValue, tuple[int, int]]]:
    """Dates given in parentheses right after a listed person's name."""
    out: dict[int, tuple[DateValue, tuple[int, int]]] = {}
    for m in mentions:
        if m.kind != "name" or len(m.persons) != 1 or m.persons[0] not in persons:
            continue
        for phrase in sent_dates:
            if phrase.start <= m.end or phrase.start - m.end > 90:
                continue
            between = doc.text[m.end:phrase.start]
            # only a parenthesized alias or an apposition may stand between name and "(date"
            if _BEFORE_OWN_DATE.fullmatch(between) and doc.text[phrase.end:phrase.end + 1] == ")":
                value = dates_mod.resolve_date(phrase, doc.anchor)
                if value is not None and m.persons[0] not in out:
                    out[m.persons[0]] = (value, (phrase.start, phrase.end))
            break
    return out


def _in_other_clause(doc: WorkDoc, phrase: dates_mod.DatePhrase, trig: Trigger) -> bool:
    """Whether the date lies in a relative clause on a person that the trigger is outside of, or the trigger
    in an apposition on a person that the date is outside of ("X, 34, a trader arrested in Gombe, was
    released on Tuesday": not the arrest's Tuesday)."""
    s_start, s_end = doc.sentence_of(phrase.start)
    for m in _RELATIVE_CLAUSE.finditer(doc.text[s_start:s_end]):
        lo, hi = s_start + m.start(), s_start + m.end()
        if lo <= phrase.start and phrase.end <= hi:
            # the clause's own trigger, or for "which began" the noun it says began
            return not (lo <= trig.start < hi or (m.group("which") and trig.start < lo <= trig.end + 1))
    for m in _APPOSED_PARTICIPLE.finditer(doc.text[s_start:s_end]):
        lo, hi = s_start + m.start(), s_start + m.end()
        age = _AGE_BEFORE_APPOSITION.search(doc.text, s_start, lo)
        name_end = age.start() if age else lo
        if lo <= trig.start < hi and any(x.kind == "name" and x.end == name_end for x in doc.mentions_in(s_start, lo)):
            return not (lo <= phrase.start and phrase.end <= hi)
    return False


def _appeal_outcome(sentence: str) -> str | None:
    s = sentence.lower()
    if _QUASHED.search(s):
        return "quashed"
    if _REDUCED.search(s):
        return "reduced"
    if _INCREASED.search(s):
        return "increased"
    if _REJECTED.search(s):
        return "rejected"
    if _UPHELD.search(s):
        return "upheld"
    return None


_OFFENCE_DATE = re.compile(r"\b(?:posted|published|wrote|written|shared|reposted|uploaded|made|gave|delivered|aired|"
                           r"broadcast|filmed|recorded|sent|signed)\s+(?:\w+\s+){0,3}?(?:in|on)\s+(?:early\s+|late\s+|mid-)?$",
                           re.I)
# What one hearing decides, told in one sentence after the day it sat
_ONE_HEARING = frozenset({"charge", "detention", "bail", "house_arrest"})
_CLAUSE_CLOSES = re.compile(r"\s*,\s*(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?(?:\w+ly\s+)?")


def _date_for(
    doc: WorkDoc, trig: Trigger, triggers: list[Trigger], sent_dates: list[dates_mod.DatePhrase]
) -> tuple[DateValue | None, tuple[int, int] | None]:
    best: tuple[float, dates_mod.DatePhrase] | None = None
    best_opens = False
    # "a priest who had been sentenced to 15 years [before]": the sentence's earlier date is not its own
    pluperfect = bool(_PLUPERFECT.search(doc.text[max(0, trig.start - 25):trig.start]))
    for phrase in sent_dates:
        if pluperfect and phrase.end <= trig.start:
            continue
        if _in_other_clause(doc, phrase, trig):
            continue  # "X, who was arrested in November 2023, was convicted ...": the arrest's date only
        if phrase.end <= trig.start:
            distance = trig.start - phrase.end
            between = (phrase.end, trig.start)
        else:
            distance = phrase.start - trig.end
            between = (trig.end, phrase.start)
        # A date that opens the sentence ("On March 6, ...", "In its ruling on April 10, ...")
        # dates everything the sentence reports.
        sentence_start = doc.sentence_of(phrase.start)[0]
        opening = phrase.end <= trig.start and phrase.start - sentence_start <= 30 and "," in doc.text[phrase.end:trig.start]
        if opening:
            distance = min(distance, 60)
        if (not opening and phrase.end <= trig.start and _CLAUSE_CLOSES.fullmatch(doc.text, between[0], between[1])
                and any(0 <= p.start - trig.end <= 30 and "," not in doc.text[trig.end:p.start] for p in sent_dates)):
            # "..., after police took her from her home in May, was expelled to Costa Rica on Thursday": the
            # date that closes the clause before is the clause's; the verb's own date follows it
            continue
        if phrase.start >= trig.end and _OFFENCE_DATE.search(doc.text, max(trig.end, phrase.start - 40), phrase.start):
            continue  # "convicted ... over comments he posted in 2021": when the words were written, not the verdict
        if ";" in doc.text[between[0]:between[1]] and not (
                phrase.end <= trig.start and _LATER_OPENS.search(doc.text, between[0], trig.start)):
            # "X and Y were freed ...; Z walked free on June 24": the date is Z's clause's (but "detained on
            # September 24; two days later a court gave him 15 days" counts on from it, see _shifted)
            continue
        # A date separated from the trigger by another event's trigger belongs to that event.
        for other in ([] if opening else triggers):
            if (other is not trig and other.type != trig.type and between[0] <= other.start < between[1]
                    and not other.weak and not other.dated):  # a hearing told by its date alone keeps no date from others
                if {trig.type, other.type} <= _ONE_HEARING and _BEFORE_JUDGE.search(doc.text, between[0], between[1]):
                    continue  # "brought on 2 March before the judge, who charged him ... and placed him in detention"
                distance *= 4
                break
        # "born in 1990", "since 2019" on a state verb, are not event dates ...
        lead = doc.text[max(0, phrase.start - 12):phrase.start].lower()
        if _SPEECH_DATE.search(doc.text, max(0, phrase.start - 30), phrase.start):
            continue  # "..., rights monitors said on Monday": the day of the words, not of the event
        since_when = _SINCE_WHEN.match(doc.text[phrase.end:phrase.end + 8])
        started = trig.type in _STARTED_STATES and _SINCE_BEFORE.search(lead)
        if _STATE_DATE_BEFORE.search(lead) and not ((since_when and _SINCE_BEFORE.search(lead)) or started):
            continue  # ... but "in custody since January 2022, when he was detained" dates the detention
            # (and "will remain there until August 19, when the case comes up" dates nothing)
        if trig.type in _HELD_UNTIL_TYPES and phrase.start >= trig.end and _TO_DATE_BEFORE.search(lead):
            continue  # "remanded him in custody to 25 September": the day the remand ends, not the day of it
        if _to_come(doc.text, phrase):
            continue  # "adjourned the hearing to October 9", "the next hearing is set for": a day to come
        # "the January 2022 unrest": the date belongs to the noun it modifies.
        if trig.type != "protest" and _MODIFIED_NOUN.match(doc.text, phrase.end) and not (
            trig.start >= phrase.end and trig.start - phrase.end <= 2
        ):
            continue
        if trig.type == "protest" and phrase.start < trig.start and trig.start - phrase.end > 15:
            continue  # "protests in January 2022", "the January 2022 protests": a protest carries its own date
        if best is None or distance < best[0]:
            best = (distance, phrase)
            best_opens = opening
    # A bare noun that refers back ("his arrest", "the detention") takes only a date right beside it,
    # or one that opens the sentence ("On July 3, X's appeal was rejected").
    if best is not None and best[0] > 20 and _refers_back(doc.text, trig) and (
            not best_opens or _SPEECH_VERB.search(doc.text, best[1].end, trig.start)):
        # ... and a date that opens a sentence of speech dates the words ("In February, the UN office
        # said it was concerned by X's arrest").
        return None, None
    if best is None or best[0] > 320:
        return None, None
    phrase = best[1]
    value = dates_mod.resolve_date(phrase, doc.anchor)
    if value is None:
        return None, None
    if doc.anchor is not None and dates_mod.compare(value, doc.anchor) > 0:
        return None, None  # no event after publication
    return value, (phrase.start, phrase.end)
