"""Sentences, bans and money in a stretch of text, found by rules, each with a grounded span.

Three pure functions read a range ``[start, end)`` of a text and return hits
whose ``[start, end)`` is a tight span of the supporting words, so that a
caller can give each hit to the nearest person mention::

    >>> text = "The court sentenced Ali Karimov to nine years in prison."
    >>> hit = find_sentences(text)[0]
    >>> hit.kind, hit.months, text[hit.start:hit.end]
    ('prison', 108, 'sentenced Ali Karimov to nine years in prison')

The lexicons live in ``extract/rules/penalties.yaml`` and
``extract/rules/currencies.yaml``; both are read and compiled once, at import.
What is *not* a penalty (a prosecutor's demand, a maximum, pretrial custody,
time already served, a salary) is rejected by the traps listed there. Where the
reading is unclear the finders return nothing rather than a guess.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from casewatch.core.errors import ConfigError
from casewatch.extract.context import WorkDoc
from casewatch.extract.dates import Duration, find_durations
from casewatch.extract.prefilter import LiteralGate, folded_text, folded_twin
from casewatch.extract.rules import load
from casewatch.extract.tries import words_pattern

__all__ = [
    "MoneyHit",
    "RestrictionHit",
    "SentenceHit",
    "find_money",
    "find_restrictions",
    "find_sentences",
]


@dataclass(frozen=True, slots=True)
class SentenceHit:
    """A penalty imposed on someone: kind, normalized duration and flags."""

    start: int
    end: int
    kind: str
    months: int | None
    days: int | None
    suspended: bool
    probation_months: int | None
    in_absentia: bool


@dataclass(frozen=True, slots=True)
class RestrictionHit:
    """A ban on one activity, with its length in months where the text gives one."""

    start: int
    end: int
    activity: str
    months: int | None


@dataclass(frozen=True, slots=True)
class MoneyHit:
    """A sum tied to a penalty, damages, bail or a seizure."""

    start: int
    end: int
    kind: str
    amount: float | None
    currency: str | None
    usd: float | None


# ---------------------------------------------------------------- rule loading


def _alt(fragments: Iterable[str]) -> str:
    return "(?:" + "|".join(f"(?:{f.removeprefix('^')})" for f in fragments) + ")"


def _compile(pattern: str, name: str) -> re.Pattern[str]:
    """Compile a rule; a leading "^" is dropped, since rules anchored at a position run with ``match(text, pos)``."""
    pattern = pattern.removeprefix("^")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"rule {name!r} in rules/penalties.yaml is not a valid regex ({exc}): {pattern[:120]!r}") from exc


_P: dict[str, Any] = load("penalties")
_C: dict[str, Any] = load("currencies")

# ------------------------------------------------------------------ numbers

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUES |= {"a": 1, "an": 1}
_NUM_ONLY_RE = re.compile(
    r"(?:\d+(?:\.\d+)?|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_SMALL[1:10]) + r"))?|"
    + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")",
    re.IGNORECASE,
)
# A duration that ends in its number is the first half of a range ("three" in "three to seven years").
_ENDS_IN_UNIT_RE = re.compile(r"(?:(?:year|yr|month|week|day)s?|and\s+a\s+half)['’]*$", re.IGNORECASE)


def _number_value(token: str) -> float | None:
    token = token.lower().replace(" ", "-")
    if token[0].isdigit():
        return float(token)
    if token in _WORD_VALUES:
        return float(_WORD_VALUES[token])
    if "-" in token:
        tens, _, ones = token.partition("-")
        if tens in _WORD_VALUES and ones in _WORD_VALUES:
            return float(_WORD_VALUES[tens] + _WORD_VALUES[ones])
    return None


def _duration_at(text: str, start: int, end: int, unit_hint: Duration | None) -> Duration | None:
    """The duration that fills ``text[start:end]``, or a bare number read in the hint's unit."""
    piece = text[start:end].strip()
    if not piece:
        return None
    offset = text.index(piece, start)
    for d in find_durations(text, offset, offset + len(piece)):
        if d.start == offset and d.end == offset + len(piece) and not _is_range_start(text, d):
            return d
    if unit_hint is not None and _NUM_ONLY_RE.fullmatch(piece):
        value = _number_value(piece)
        if value is None:
            return None
        if unit_hint.days is not None and unit_hint.months is None:
            return Duration(offset, offset + len(piece), None, round(value), False)
        # A bare number beside a term counted in years is years ("five years, three of them").
        unit = 12 if unit_hint.months is not None and unit_hint.months % 12 == 0 else 1
        return Duration(offset, offset + len(piece), round(value * unit), None, False)
    return None


def _is_range_start(text: str, d: Duration) -> bool:
    """ "three" in "three to seven years": a duration that ends in its number."""
    return _ENDS_IN_UNIT_RE.search(text, d.start, d.end) is None


# ------------------------------------------------------------- shared context

_SENT = _P["sentence"]
_ADMIN_DAYS_RE = _compile(_SENT["admin_days_left"], "sentence.admin_days_left")
# The cheap character comes first in each branch: the scan runs over whole texts.
_CLAUSE_BREAK_RE = re.compile(
    r"[.!?](?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bNo\.)(?<!\bSt\.)(?<!\bvs\.)(?<!\bMrs\.)(?<!\bGen\.)"
    r"[.!?]*['’)\]]*(?=\s+['‘(\[]*[A-Z0-9])"
    r"|[;\n]|,?\s(?=(?:while|whereas|but|although|though)\s)"
)


class _Context:
    """Clause boundaries of one range, found on first use."""

    __slots__ = ("text", "start", "end", "_starts", "_ends", "gates")

    def __init__(self, text: str, start: int, end: int, gates: WorkDoc) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.gates = gates  # the literal gates' tables of the text (see _Prepared)
        self._starts: list[int] = []
        self._ends: list[int] = []

    def _scan(self) -> None:
        self._starts.append(self.start)
        for m in _CLAUSE_BREAK_RE.finditer(self.text, self.start, self.end):
            self._ends.append(m.start())
            self._starts.append(m.end())
        self._ends.append(self.end)

    def clause(self, pos: int) -> tuple[int, int]:
        if not self._starts:
            self._scan()
        i = max(0, bisect.bisect_right(self._starts, pos) - 1)
        return self._starts[i], max(self._ends[i], min(pos, self.end))


# Quotes and markdown emphasis inside a phrase (three years of “restricted freedom”,
# **9 years** in prison) are matched as spaces, in a copy of the same length.
_FOLDED_CHARS = "\"“”«»*_"
_CLOSERS = (('"', '"'), ("“", "”"), ("«", "»"), ("**", "**"))



class _Prepared:
    """A text as the finders read it, prepared once for the sentences of a document that are asked
    about in turn: the folded copy, the tables of the literal gates (a WorkDoc over the folded copy, for
    :class:`LiteralGate`) and the durations of each range (find_sentences and find_restrictions both
    read them)."""

    __slots__ = ("folded", "lowered", "gates", "durations")

    def __init__(self, text: str) -> None:
        folded = text
        for c in _FOLDED_CHARS:  # str.replace per character: several times faster than str.translate
            if c in folded:
                folded = folded.replace(c, " ")
        self.folded = folded
        self.gates = WorkDoc(folded, None)
        self.lowered = folded_text(self.gates)  # the gates' folded text, kept in self.gates' cache
        self.durations: dict[tuple[int, int], list[Duration]] = {}


@lru_cache(maxsize=1)  # the document being read: its sentences are asked about one after another
def _prepared(text: str) -> _Prepared:
    return _Prepared(text)


def _finditer(rx: re.Pattern[str], sensitive: re.Pattern[str] | None, prepared: _Prepared, start: int,
              end: int) -> Iterator[re.Match[str]]:
    """The spans of ``rx.finditer(prepared.folded, start, end)``, found by the case-sensitive twin over the
    lowered text where there is one (several times faster); the matches' text is the lowered one."""
    if sensitive is not None and prepared.lowered is not None:
        return sensitive.finditer(prepared.lowered, start, end)
    return rx.finditer(prepared.folded, start, end)


def _durations(raw: str, start: int, end: int) -> list[Duration]:
    """``find_durations`` over the folded text of ``raw``, once per range."""
    prepared = _prepared(raw)
    found = prepared.durations.get((start, end))
    if found is None:
        found = prepared.durations[(start, end)] = find_durations(prepared.folded, start, end)
    return list(found)


def _close_quotes(raw: str, start: int, end: int, limit: int) -> int:
    """Extend ``end`` over a closing quote whose opening one lies inside the span."""
    words = raw[start:end]
    for opener, closer in _CLOSERS:
        opened = words.count(opener) - (words.count(closer) if opener != closer else 0)
        odd = opened % 2 == 1 if opener == closer else opened > 0
        if odd and raw.startswith(closer, end) and end + len(closer) <= limit:
            end += len(closer)
            words = raw[start:end]
    return end


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    n = len(text)
    end = n if end is None else end
    if not 0 <= start <= end <= n:
        raise ValueError(f"range {start}:{end} lies outside a text of {n} characters; pass 0 <= start <= end <= len(text)")
    return start, end


# ------------------------------------------------------------ sentence rules

_STRONG_RE = _compile(r"\b" + _alt(_SENT["strong_triggers"]) + r"\b", "sentence.strong_triggers")
_NEUTRAL_RE = _compile(_alt(_SENT["neutralizers"]), "sentence.neutralizers")
_TRAP_RE = _compile(r"\b" + _alt(_SENT["traps"]) + r"\b", "sentence.traps")
_PRETRIAL_AFTER_RE = re.compile(
    r"[\s-]*(?:[\w-]+\s+){0,2}?(?:remand|pre-?trial|(?:police|judicial|investigative)\s+custody)\b", re.IGNORECASE)
_PRETRIAL_RE = _compile(r"\b" + _alt(_SENT["pretrial"]) + r"\b", "sentence.pretrial")
_SERVED_RE = _compile(r"\b" + _SENT["served"], "sentence.served")
_RANGE_RE = _compile(r"\b" + _SENT["range"], "sentence.range")
_CHANGED_FROM_RE = _compile(_SENT["changed_from"], "sentence.changed_from")
_LIST_NEXT_RE = _compile(_SENT["list_next"], "sentence.list_next")
_NOT_TERM_RE = _compile(_SENT["not_a_term_right"], "sentence.not_a_term_right")
_DEMANDED_RIGHT_RE = _compile(_SENT["demanded_right"], "sentence.demanded_right")
_AS_PUNISHMENT_RE = _compile(_SENT["as_punishment"], "sentence.as_punishment")
_LEFT_MOD_RE = _compile(r"\b" + _SENT["left_modifier"], "sentence.left_modifier")
_EACH_RE = _compile(_SENT["each"], "sentence.each")
_PARTLY_RES = [_compile(p, "sentence.partly_suspended") for p in _SENT["partly_suspended"]]
_WHOLLY_RE = _compile(_SENT["wholly_suspended"], "sentence.wholly_suspended")
_PROBATION_RES = [_compile(p, "sentence.probation_after") for p in _SENT["probation_after"]]
_SUSPENSION_RES = [_compile(p, "sentence.suspension_phrase") for p in _SENT["suspension_phrase"]]
_ABSENTIA_RE = _compile(_SENT["in_absentia"], "sentence.in_absentia")
_SUSPENSION_GATE = LiteralGate(rx.pattern for rx in _SUSPENSION_RES)
_ABSENTIA_AFTER_RE = re.compile(r"\s*,?\s*in\s+absentia\b", re.IGNORECASE)
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:an?|the|his|her|their)\s+$", re.IGNORECASE)
_GAP_WORD_RE = re.compile(r"[\w'’.-]+")
_GAP_PUNCT_RE = re.compile(r"[,;:()\[\]\"“”]")


def _kind_group_regex(table: dict[str, list[str]], name: str, *, anchor_right: bool) -> tuple[re.Pattern[str], list[str]]:
    kinds = list(table)
    groups = "|".join(f"(?P<k{i}>{_alt(table[k])})" for i, k in enumerate(kinds))
    if anchor_right:
        pattern = r"(?:['’]s?)?(?:\s+each)?[\s-]+‘?(?:" + groups + r")(?![\w])"
    else:
        pattern = r"(?<![\w-])(?:" + groups + r")\s+(?:of|for|lasting|totall?ing)\s+(?:an?\s+)?$"
    return _compile(pattern, name), kinds


_RIGHT_NOUN_RE, _RIGHT_KINDS = _kind_group_regex(_SENT["right"], "sentence.right", anchor_right=True)
_LEFT_NOUN_RE, _LEFT_KINDS = _kind_group_regex(_SENT["left"], "sentence.left", anchor_right=False)


def _matched_kind(m: re.Match[str], kinds: list[str]) -> str:
    for i, kind in enumerate(kinds):
        if m.group(f"k{i}") is not None:
            return kind
    raise AssertionError("a kind group must have matched")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class _Anchor:
    kind: str
    regex: re.Pattern[str]
    needs_trigger: bool


_ANCHORS: list[tuple[re.Pattern[str], list[_Anchor]]] = [
    (
        _compile(modes["gate"], f"sentence.anchors.{kind}.gate"),
        [
            _Anchor(kind, _compile(fragment, f"sentence.anchors.{kind}"), mode == "needs_trigger")
            for mode in ("explicit", "needs_trigger")
            for fragment in modes.get(mode, [])
        ],
    )
    for kind, modes in _SENT["anchors"].items()
]
_ANCHOR_GATES = [LiteralGate([gate.pattern]) for gate, _ in _ANCHORS]
_ANCHOR_GATES_SENSITIVE = [folded_twin(gate) for gate, _ in _ANCHORS]
_BOUND_RE = re.compile(r"(?:up\s+to|as\s+(?:much|long)\s+as|a\s+maximum\s+of|no\s+more\s+than|not\s+exceeding)\s",
                       re.IGNORECASE)
_BOUND_BEFORE_RE = re.compile(r"\b(?:up\s+to|as\s+(?:much|long)\s+as|a\s+maximum\s+of|no\s+more\s+than|not\s+exceeding)\s+$",
                              re.IGNORECASE)
_FINE_UP_TO_RE = re.compile(r"\s*(?:of\s+)?(?:up\s+to|as\s+much\s+as|a\s+maximum)", re.IGNORECASE)


def _governing(
    text: str, lo: int, pos: int, taken: Sequence[tuple[int, int]] = ()
) -> tuple[re.Match[str] | None, bool]:
    """The last strong trigger in ``text[lo:pos]``, and whether a trap follows it.

    A trigger after "be", "to" or a modal ("could be sentenced") is itself a trap. A trap word inside a
    term already found is none ("sentenced X to three years of probation, and Y to two years").
    """
    strong = None
    neutralized = False
    for m in _STRONG_RE.finditer(text, lo, pos):
        if _NEUTRAL_RE.search(text, max(lo, m.start() - 40), m.start()):
            neutralized = True
        else:
            strong, neutralized = m, False
    trapped = neutralized or any(
        not any(t0 <= t.start() < t1 for t0, t1 in taken)
        for t in _TRAP_RE.finditer(text, strong.end() if strong else lo, pos))
    return strong, trapped


def _adjacent_start(text: str, trigger: re.Match[str] | None, span_start: int, taken: list[tuple[int, int]]) -> int:
    """Start the span at the trigger when only a few words ("Ali to", "a") lie between."""
    if trigger is None:
        return span_start
    gap = text[trigger.end():span_start]
    if _GAP_PUNCT_RE.search(gap) or len(_GAP_WORD_RE.findall(gap)) > 6:
        return span_start
    if any(s < span_start and e > trigger.start() for s, e in taken):
        return span_start
    return trigger.start()


def _with_article(text: str, lo: int, pos: int) -> int:
    m = _ARTICLE_BEFORE_RE.search(text, max(lo, pos - 12), pos)
    return m.start() if m else pos


def _term_hit(
    ctx: _Context,
    d: Duration,
    consumed: set[int],
    durations: list[Duration],
    taken: list[tuple[int, int]],
) -> list[SentenceHit]:
    text = ctx.text
    cs, ce = ctx.clause(d.start)
    right_lim = min(ce, d.end + 160)
    if _NOT_TERM_RE.match(text[d.end:right_lim]):
        return []
    lo = max(cs, d.start - 240)
    left = text[lo:d.start]
    if _RANGE_RE.search(left[-24:]) and not _CHANGED_FROM_RE.search(left[-80:]):
        return []
    if _is_range_start(text, d):
        # "jailed the brothers for 10 and 12 years": the first number is a term of its own.
        if not _LIST_NEXT_RE.match(text, d.end, right_lim):
            return []
        strong, trapped = _governing(text, lo, d.start)
        if strong is None or trapped or d.months is None:
            return []
        return [_sentence(ctx, d.start, d.end, "prison", d.months, None, None)]

    rnoun = _RIGHT_NOUN_RE.match(text, d.end, right_lim)
    kind_r = _matched_kind(rnoun, _RIGHT_KINDS) if rnoun else None
    lnoun = _LEFT_NOUN_RE.search(text, max(lo, d.start - 80), d.start)
    kind_l = _matched_kind(lnoun, _LEFT_KINDS) if lnoun else None
    lmod = _LEFT_MOD_RE.search(text, max(lo, d.start - 20), d.start)
    term_end = rnoun.end() if rnoun else d.end
    confirmed = _AS_PUNISHMENT_RE.match(text, term_end, right_lim) is not None
    admin_days = d.months is None and d.days is not None and _ADMIN_DAYS_RE.search(text, max(lo, d.start - 40), d.start)
    if admin_days and kind_r is None and kind_l is None:
        kind_r, confirmed = "administrative_detention", True
    # "served his five-year sentence" names the sentence; "spent five years in prison" does not.
    names_sentence = rnoun is not None and re.search(r"sentence|term", rnoun.group(), re.IGNORECASE) is not None

    # The verb that governs the term, and whether a trap (demand, maximum, ban) follows it.
    gov_lo = lnoun.start() if lnoun else d.start
    strong, trapped = _governing(text, lo, gov_lo, taken)
    if trapped and not confirmed:
        return []
    near = text[max(lo, strong.end() if strong else lo, d.start - 60):d.start]
    if _PRETRIAL_RE.search(near) and not (kind_r == "administrative_detention" or confirmed):
        return []
    if _PRETRIAL_AFTER_RE.match(text, d.end) and not confirmed:
        return []  # "on a four-day physical remand", "a 15-day pretrial detention order"
    if _SERVED_RE.search(left[-40:]) and not (confirmed or names_sentence):
        return []
    if d.approximate and strong is None and not confirmed:
        return []
    if _DEMANDED_RIGHT_RE.match(text, term_end, right_lim):
        return []

    kinds = [k for k in (kind_r, kind_l) if k is not None]
    specific = [k for k in kinds if k not in ("prison", "prison_weak", "custody_weak")]
    kind = specific[0] if specific else (kinds[0] if kinds else None)
    if kind in (None, "prison_weak", "custody_weak", "house_arrest") and strong is None and not confirmed:
        return []
    if kind == "custody_weak":
        if d.days is None or d.months is not None:
            return []
        kind = "administrative_detention"
    if kind in (None, "prison_weak"):
        kind = "prison"
    months, days = d.months, d.days
    probation: int | None = None
    if kind == "probation":
        # "sentenced to three years of probation", with no prison term before it: a
        # probation-style supervision of its own (a suspended term's probation is read by _tail).
        kind = "restricted_freedom"
    if lmod and kind == "prison":
        kind = "suspended"
    if kind == "prison" and days is not None and months is None:
        kind = "administrative_detention"

    tail = _tail(ctx, d, term_end, right_lim, kind, months, durations, consumed)
    kind, months, probation, end, extra = tail.kind, tail.months, tail.probation or probation, tail.end, tail.extra

    begin = d.start
    if lmod:
        begin = lmod.start()
    if lnoun:
        begin = min(begin, lnoun.start())
    begin = _with_article(text, lo, begin)
    begin = _adjacent_start(text, strong or admin_days or None, begin, taken)
    hit = _sentence(ctx, begin, end, kind, months, days, probation)
    return [hit, *extra]


@dataclass(slots=True)
class _Tail:
    kind: str
    months: int | None
    probation: int | None
    end: int
    extra: list[SentenceHit]


def _tail(
    ctx: _Context,
    d: Duration,
    end: int,
    right_lim: int,
    kind: str,
    months: int | None,
    durations: list[Duration],
    consumed: set[int],
) -> _Tail:
    """What follows a term: "each", a suspended part, a suspension, a probation period, "in absentia"."""
    text = ctx.text
    tail = _Tail(kind, months, None, end, [])

    def consume(lo: int, hi: int) -> None:
        consumed.update(x.start for x in durations if lo <= x.start < hi)

    m = _EACH_RE.match(text, tail.end, right_lim)
    if m:
        tail.end = m.end()
    split = False
    total = months if kind == "prison" else None
    for rx in _PARTLY_RES if total is not None else []:
        m = rx.match(text, tail.end, right_lim)
        part = _duration_at(text, m.start("part"), m.end("part"), d) if m else None
        if m and part is not None and part.months is not None and total is not None and part.months < total:
            consume(m.start("part"), m.end("part"))
            tail.extra.append(_sentence(ctx, m.start("part"), m.end(), "suspended", part.months, None, None))
            tail.months = total - part.months
            split = True
            break
    m = None if split or kind not in ("prison", "suspended") else _WHOLLY_RE.match(text, tail.end, right_lim)
    if m:
        tail.kind = "suspended"
        prob = _duration_at(text, m.start("prob"), m.end("prob"), None) if m.group("prob") else None
        if prob is not None and prob.months is not None:
            tail.probation = prob.months
            consume(m.start("prob"), m.end("prob"))
            tail.end = m.end()
        else:
            tail.end = m.start() + m.group().lower().index("suspended") + len("suspended")
    for rx in _PROBATION_RES if tail.kind in ("prison", "suspended") else []:
        m = rx.match(text, tail.end, right_lim)
        prob = _duration_at(text, m.start("prob"), m.end("prob"), None) if m else None
        if m and prob is not None and prob.months is not None:
            tail.probation = prob.months
            consume(m.start("prob"), m.end("prob"))
            tail.end = m.end()
            break
    m = _ABSENTIA_AFTER_RE.match(text, tail.end, right_lim)
    if m:
        tail.end = m.end()
    return tail


def _sentence(
    ctx: _Context, start: int, end: int, kind: str, months: int | None, days: int | None, probation: int | None
) -> SentenceHit:
    cs, ce = ctx.clause(start)
    absentia = _ABSENTIA_RE.search(ctx.text, cs, max(ce, end)) is not None
    return SentenceHit(start, end, kind, months, days, kind == "suspended", probation, absentia)


def _anchor_hits(ctx: _Context, taken: list[tuple[int, int]]) -> list[SentenceHit]:
    text = ctx.text
    out: list[SentenceHit] = []
    lowered = folded_text(ctx.gates)
    anchors = [a for (gate, group), literals, sensitive in zip(_ANCHORS, _ANCHOR_GATES, _ANCHOR_GATES_SENSITIVE, strict=True)
               if literals.admits(ctx.gates, ctx.start, ctx.end)
               and (gate.search(text, ctx.start, ctx.end) if sensitive is None or lowered is None
                    else sensitive.search(lowered, ctx.start, ctx.end)) for a in group]
    for anchor in anchors:
        for m in anchor.regex.finditer(text, ctx.start, ctx.end):
            core_s, core_e = m.span("core")
            if any(s < core_e and core_s < e for s, e in taken):
                continue
            cs, ce = ctx.clause(core_s)
            lo = max(cs, m.start() - 200)
            strong, trapped = _governing(text, lo, m.start())
            if trapped:
                continue
            if anchor.kind == "fine" and _FINE_UP_TO_RE.match(text, core_e, ce):
                continue
            if anchor.needs_trigger and (strong is None or core_s - strong.end() > 60):
                continue
            begin = core_s
            if m.start() < core_s:
                # The pattern names its own trigger ("sentenced ... to death").
                own = _STRONG_RE.match(text, m.start())
                strong = own or strong
            begin = _adjacent_start(text, strong, _with_article(text, lo, begin), taken)
            out.append(_sentence(ctx, begin, core_e, anchor.kind, None, None, None))
            taken.append((begin, core_e))
    return out


def _suspension_phrases(text: str, start: int, end: int, gates: WorkDoc) -> list[tuple[int, int, int, int]]:
    """ "The court suspended the sentence for five years": (start, probation months, its span) of each."""
    out: list[tuple[int, int, int, int]] = []
    if not _SUSPENSION_GATE.admits(gates, start, end):
        return out
    for rx in _SUSPENSION_RES:
        for m in rx.finditer(text, start, end):
            prob = _duration_at(text, m.start("prob"), m.end("prob"), None)
            if prob is not None and prob.months is not None:
                out.append((m.start(), prob.months, m.start("prob"), m.end("prob")))
    return sorted(out)


def _suspension_ahead(text: str, end: int, gates: WorkDoc) -> list[tuple[int, int, int, int]]:
    """A suspension phrase just after the range, with no other term between: it reaches back."""
    ahead = _suspension_phrases(text, end, min(len(text), end + _LOOK_AHEAD), gates)
    if ahead and not any(not _is_range_start(text, d) for d in find_durations(text, end, ahead[0][0])):
        return ahead[:1]
    return []


_LOOK_AHEAD = 240  # characters after the range searched for a suspension phrase


def _apply_suspensions(hits: list[SentenceHit], phrases: list[tuple[int, int, int, int]]) -> None:
    """Make the last term before each suspension phrase a suspended one, with its probation."""
    for pos, months, _, _ in phrases:
        before = [i for i, h in enumerate(hits) if h.end <= pos and h.kind in ("prison", "suspended")]
        if before:
            i = before[-1]
            hits[i] = replace(hits[i], kind="suspended", suspended=True, probation_months=months)


_CHANGE_VERBS = (r"\b(?:reduc(?:ed|ing)|cut|shorten(?:ed|ing)|increas(?:ed|ing)|lengthen(?:ed|ing)|extend(?:ed|ing)|"
                 r"commut(?:ed|ing)|chang(?:ed|ing)|rais(?:ed|ing)|low(?:ered|ering))\b")
_CHANGE_RE = re.compile(_CHANGE_VERBS + r"[^.;]{0,200}?\bfrom\s+", re.IGNORECASE)
_CHANGE_FROM_GATE = LiteralGate([_CHANGE_RE.pattern])
_CHANGE_VERB_GATE = LiteralGate([_CHANGE_VERBS])
_CHANGE_KIND_RE = re.compile(r"\b(?:suspended|restricted freedom|restriction of (?:liberty|freedom))\b", re.IGNORECASE)


def _term_changes(text: str, start: int, end: int, durations: list[Duration], gates: WorkDoc) -> list[SentenceHit]:
    """ "reduced the sentence of X from two years to eight months": the first term and the final one,
    both kept as the ontology asks (an appeal or change never erases the original term)."""
    out: list[SentenceHit] = []
    if not (durations and _CHANGE_FROM_GATE.admits(gates, start, end) and _CHANGE_VERB_GATE.admits(gates, start, end)):
        return out  # a change names two terms, "from" and one of the verbs
    for m in _CHANGE_RE.finditer(text, start, end):
        first = next((d for d in durations if d.start == m.end() and d.months), None)
        if first is None:
            continue
        second = next((d for d in durations if d.start > first.end and d.months
                       and re.fullmatch(r"\s+to\s+", text[first.end:d.start])), None)
        terms = [(first.start, first.end, first.months)]
        if second is not None:
            terms.append((second.start, second.end, second.months))
        else:
            # "from three years to two": the second term in the first one's unit
            bare = _BARE_COUNT_TO.match(text, first.end)
            unit = 12 if "year" in text[first.start:first.end].lower() else 1 if "month" in text[first.start:first.end].lower() else 0
            if bare is None or not unit:
                continue
            terms.append((bare.start(1), bare.end(1), int(_number_value(bare.group(1)) or 0) * unit))
        kind = "prison"
        found = _CHANGE_KIND_RE.search(text, m.start(), terms[-1][1])
        if found:
            word = found.group().lower()
            kind = "suspended" if word == "suspended" else "restricted_freedom"
        for t_start, t_end, months in terms:
            if months:
                out.append(SentenceHit(t_start, t_end, kind, months, None, kind == "suspended", None, False))
    return out


_BARE_COUNT_TO = re.compile(
    r"\s+to\s+(" + _NUM_ONLY_RE.pattern + r")\b"
    r"(?![\s-]*(?:years?|months?|weeks?|days?|hours?|per\b|%|and\s+a\s+half))", re.I)


def find_sentences(text: str, start: int = 0, end: int | None = None) -> list[SentenceHit]:
    """Penalties imposed in ``text[start:end]``, in text order.

    >>> [(h.kind, h.months) for h in find_sentences("She was handed a suspended six-year prison term.")]
    [('suspended', 72)]
    >>> find_sentences("Prosecutors asked for seven years in prison.")
    []
    """
    start, end = _bounds(text, start, end)
    prepared = _prepared(text)
    raw, text = text, prepared.folded
    ctx = _Context(text, start, end, prepared.gates)
    durations = _durations(raw, start, end)
    hits: list[SentenceHit] = []
    taken: list[tuple[int, int]] = []
    # A suspension phrase's own duration is a probation period, not another term.
    suspensions = _suspension_phrases(text, start, end, prepared.gates)
    consumed = {d.start for d in durations for _, _, ps, pe in suspensions if ps <= d.start < pe}
    for d in durations:
        if d.start in consumed:
            continue
        for hit in _term_hit(ctx, d, consumed, durations, taken):
            if any(hit.start == h.start and hit.end == h.end for h in hits):
                continue
            hits.append(hit)
            taken.append((hit.start, hit.end))
    hits += _anchor_hits(ctx, taken)
    hits += [h for h in _term_changes(text, start, end, durations, prepared.gates)
             if not any(t0 <= h.start < t1 or h.start <= t0 < h.end for t0, t1 in taken)]
    # "given prosecutors another four months to build a case": time allowed for something, not a term
    hits = [h for h in hits if not _PURPOSE_AFTER.match(text, h.end)]
    # "punishes false news with up to five years in prison": a law's maximum, never a verdict
    hits = [h for h in hits if not (_BOUND_RE.match(text, h.start) or _BOUND_BEFORE_RE.search(text, max(0, h.start - 30), h.start))]
    hits.sort(key=lambda h: (h.start, h.end))
    if hits and hits[-1].kind in ("prison", "suspended"):
        # Called one sentence at a time, a term must see "... suspended the sentence" in the next one.
        suspensions += _suspension_ahead(text, end, prepared.gates)
    _apply_suspensions(hits, suspensions)
    return [replace(h, end=_close_quotes(raw, h.start, h.end, end)) for h in hits]


_PURPOSE_AFTER = re.compile(
    r"\s+to\s+(?:build|prepare|investigate|complete|finish|gather|find|file|bring|decide|examine|review|collect|"
    r"conduct|submit|present|study|consider|respond|reply|comply|produce|compile|finalise|finalize|draft)\b")


# --------------------------------------------------------- restriction rules

_RES = _P["restriction"]
_BAN_TRIGGER_RE = _compile(r"\b" + _alt(_RES["triggers"]) + r"\b", "restriction.triggers")
_BAN_TRAP_RE = _compile(r"\b" + _alt(_RES["traps"]) + r"\b", "restriction.traps")
_SELF_CONTAINED = [
    (activity, _compile(r"\b" + _alt(fragments) + r"\b", f"restriction.self_contained.{activity}"))
    for activity, fragments in _RES["self_contained"].items()
]
# Literals every match of a pattern holds (see prefilter): where none lies in a sentence, its scan is skipped.
_BAN_TRIGGER_GATE = LiteralGate([_BAN_TRIGGER_RE.pattern])
_SELF_CONTAINED_GATES = [LiteralGate([rx.pattern]) for _, rx in _SELF_CONTAINED]
_BAN_TRIGGER_SENSITIVE = folded_twin(_BAN_TRIGGER_RE)
_SELF_CONTAINED_SENSITIVE = [folded_twin(rx) for _, rx in _SELF_CONTAINED]
_STRONG_SENSITIVE = folded_twin(_STRONG_RE)
_ACTIVITY_KINDS = list(_RES["activities"])
_ACTIVITY_RE = _compile(
    r"\b(?:" + "|".join(f"(?P<k{i}>{_alt(_RES['activities'][k])})" for i, k in enumerate(_ACTIVITY_KINDS)) + r")(?![\w-])",
    "restriction.activities",
)
_LIST_GAP_RE = _compile(_RES["list_gap"], "restriction.list_gap")  # used with fullmatch
_BAN_DURATION_BEFORE_RE = re.compile(
    r"(?:[\s-]+(?:(?:travel|exit|entry|activity|media|publishing)\s+)?bans?\b|['’]?s?\s+(?:deprivation|disqualification)\b)",
    re.IGNORECASE)  # "a five-year travel ban", "three years' deprivation of political rights"
_NOT_A_LENGTH_RE = _compile(_RES["not_a_length_right"], "restriction.not_a_length_right")
_FOR_GAP_RE = re.compile(r"^\s*(?:for|of|during|lasting)?\s*(?:a\s+period\s+of\s+|another\s+|the\s+next\s+)?$", re.IGNORECASE)


def _restriction_months(d: Duration | None) -> int | None:
    if d is None:
        return None
    if d.months is not None:
        return d.months
    if d.days is not None and d.days % 30 == 0:
        return d.days // 30
    return None


def _ban_duration(
    text: str, durations: list[Duration], trigger_start: int, scope_lo: int, scope_hi: int
) -> Duration | None:
    """The ban's length: "a five-year ban" before it, or the first free duration after it."""
    for d in durations:
        if d.end <= trigger_start and trigger_start - d.end <= 14 and _BAN_DURATION_BEFORE_RE.match(text, d.end):
            return d
    for d in durations:
        if scope_lo <= d.start < scope_hi and not _is_range_start(text, d):
            if _NOT_A_LENGTH_RE.match(text, d.end, min(len(text), d.end + 80)):
                continue  # a prison term, or "five years ago"
            return d
    return None


def _activity_list(text: str, durations: list[Duration], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The activities a ban names: the first within a few words, the rest joined by "and", commas, "or"."""
    found: list[tuple[int, int, str]] = []
    pos = lo
    for m in _ACTIVITY_RE.finditer(text, lo, hi):
        if not found:
            if m.start() - lo > 80:
                break
        else:
            # A length between two activities does not end the list ("for five years and from ...").
            gap = "".join(
                " " if any(d.start <= i < d.end for d in durations) else text[i] for i in range(pos, m.start())
            )
            if not _LIST_GAP_RE.fullmatch(gap):
                break
        found.append((m.start(), m.end(), _matched_kind(m, _ACTIVITY_KINDS)))
        pos = m.end()
    return found


def find_restrictions(text: str, start: int = 0, end: int | None = None) -> list[RestrictionHit]:
    """Bans in ``text[start:end]``: one hit per activity, in text order.

    >>> t = "The court barred him from journalism and social media for six years."
    >>> [(h.activity, h.months) for h in find_restrictions(t)]
    [('journalism', 72), ('social_media', 72)]
    """
    start, end = _bounds(text, start, end)
    prepared = _prepared(text)
    raw, text = text, prepared.folded
    gates = prepared.gates
    ctx = _Context(text, start, end, gates)
    durations = _durations(raw, start, end)
    hits: list[RestrictionHit] = []
    triggers = (list(_finditer(_BAN_TRIGGER_RE, _BAN_TRIGGER_SENSITIVE, prepared, start, end))
                if _BAN_TRIGGER_GATE.admits(gates, start, end) else [])
    stops: list[int] = []
    if triggers:
        # A ban's list of activities ends at the next ban or sentencing verb.
        stops = sorted({m.start() for m in triggers}
                       | {m.start() for m in _finditer(_STRONG_RE, _STRONG_SENSITIVE, prepared, start, end)})

    def trapped(pos: int) -> bool:
        cs, _ = ctx.clause(pos)
        return _BAN_TRAP_RE.search(text, max(cs, pos - 120), pos) is not None

    for (activity, rx), gate, sensitive in zip(_SELF_CONTAINED, _SELF_CONTAINED_GATES, _SELF_CONTAINED_SENSITIVE,
                                               strict=True):
        if not gate.admits(gates, start, end):
            continue
        for m in _finditer(rx, sensitive, prepared, start, end):  # (only the spans are read)
            if trapped(m.start()):
                continue
            cs, ce = ctx.clause(m.start())
            d = _ban_duration(text, durations, m.start(), m.end(), min(ce, m.end() + 60))
            s, e = m.span()
            if d is not None and d.end <= s:
                s = d.start
            hits.append(RestrictionHit(s, e, activity, _restriction_months(d)))

    for trig in triggers:
        if trapped(trig.start()):
            continue
        cs, ce = ctx.clause(trig.start())
        nxt = bisect.bisect_right(stops, trig.start())
        scope_hi = min(ce, trig.end() + 260, stops[nxt] if nxt < len(stops) else ce)
        found = _activity_list(text, durations, trig.end(), scope_hi)
        if not found:
            continue
        d = _ban_duration(text, durations, trig.start(), trig.end(), scope_hi)
        months = _restriction_months(d)
        seen: set[str] = set()
        for i, (s, e, activity) in enumerate(found):
            if activity in seen:
                continue
            seen.add(activity)
            # "barred from A for five years and from B": the length stops at the activities before it.
            own = months if d is None or not (found[0][1] <= d.start and d.end <= s) else None
            gap = text[trig.end():s]
            if i == 0 and len(_GAP_WORD_RE.findall(gap)) <= 6 and not _GAP_PUNCT_RE.search(gap):
                s = trig.start()
            if d is not None and d.start >= e and _FOR_GAP_RE.match(text[e:d.start]):
                e = d.end
            if d is not None and d.end <= trig.start():
                s = min(s, d.start)
            hits.append(RestrictionHit(s, e, activity, own))

    # One hit per span and activity; a trigger list and a "travel ban" noun may meet.
    unique: dict[tuple[int, int], RestrictionHit] = {}
    for h in sorted(hits, key=lambda h: (h.start, h.end)):
        if any(o.activity == h.activity and o.start < h.end and h.start < o.end for o in unique.values()):
            continue
        unique.setdefault((h.start, h.end), h)
    out = list(unique.values())
    for i, h in enumerate(out):
        # "banned him from posting for three years and from public activity for the same period"
        same = _SAME_PERIOD_RE.match(text, h.end)
        earlier = [o.months for o in out[:i] if o.months is not None]
        if h.months is None and same is not None and earlier:
            out[i] = replace(h, end=same.end(), months=earlier[-1])
    return [replace(h, end=_close_quotes(raw, h.start, h.end, end)) for h in out]


_SAME_PERIOD_RE = re.compile(r"\s+for\s+the\s+same\s+(?:period|term|length\s+of\s+time|duration|number\s+of\s+years)\b",
                             re.IGNORECASE)


# --------------------------------------------------------------- money rules

_MON = _P["money"]


@dataclass(frozen=True, slots=True)
class _CurrencyName:
    code: str | None
    home: str | None
    by_country: dict[str, str]
    strict: bool = False  # money only where the document's country is one of by_country's


def _build_currencies() -> tuple[dict[str, _CurrencyName], dict[str, _CurrencyName], set[str], dict[str, re.Pattern[str]]]:
    names: dict[str, _CurrencyName] = {}
    for entry in _C["names"]:
        info = _CurrencyName(entry.get("code"), entry.get("home"), dict(entry.get("by_country") or {}))
        for form in entry["forms"]:
            names.setdefault(str(form).lower(), info)
    symbols: dict[str, _CurrencyName] = {}
    for entry in _C["symbols"]:
        symbols[str(entry["symbol"])] = _CurrencyName(
            entry.get("code"), entry.get("home"), dict(entry.get("by_country") or {}), bool(entry.get("strict")))
    codes = {str(c).upper() for c in _C["codes"]}
    cues = {
        country: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
        for country, words in _C["country_cues"].items()
    }
    return names, symbols, codes, cues


_NAMES, _SYMBOLS, _CODES, _CUES = _build_currencies()


def _names_alt() -> str:
    forms = sorted(_NAMES, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # South Asian grouping: "1,00,000" (one lakh), "2,50,00,000"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)
# "Rs 1 lakh" (100,000), "Tk 2 crore" (10 million): South Asian reports count in lakhs and crores
_MULT = r"(?:\s*(?:million|mln|billion|bln|thousand|lakhs?|lacs?|crores?)\b|(?:m|bn|k)\b)?"
_WORD_AMOUNT = r"(?:" + "|".join(_SMALL[1:] + _TENS) + r"|a|half\s+a)\s+(?:hundred\s+)?(?:million|billion|thousand)"
_SYMBOL_ALT = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_CODE_ALT = "|".join(sorted(_CODES))
_AMOUNT_RE = re.compile(
    rf"(?:(?<![\w$])(?P<sym>(?-i:{_SYMBOL_ALT}))\s?(?P<n1>{_NUMBER})(?P<m1>{_MULT})"
    rf"|(?<![\w.,])(?P<n2>{_NUMBER}|{_WORD_AMOUNT})(?P<m2>{_MULT})[\s-]?(?P<name>{_names_alt()})(?![\w])"
    rf"|(?<![\w.,])(?P<n3>{_NUMBER})(?P<m3>{_MULT})\s?(?P<code>(?-i:{_CODE_ALT}))\b"
    rf"|\b(?P<code4>(?-i:{_CODE_ALT}))\s?(?P<n4>{_NUMBER})(?P<m4>{_MULT}))",
    re.IGNORECASE,
)
_EQUIV_LEAD_RE = _compile(r"\s*" + _MON["equivalent_lead"], "money.equivalent_lead")
_EQUIV_SEP_RE = re.compile(r"\s*(?:,|;|/|\bor\b|\band\b)\s*", re.IGNORECASE)
_EQUIV_OPEN_RE = re.compile(r"\s*(?:\(|\[)", re.IGNORECASE)
_EQUIV_INLINE_RE = re.compile(
    r"\s*,?\s*(?:or|about|roughly|approximately|around|equivalent\s+to|some)\s+(?:about\s+|around\s+|some\s+|roughly\s+|approximately\s+)?",
    re.IGNORECASE,
)
_MONEY_KINDS = list(_MON["kinds"])
_MONEY_LEFT = {k: _compile(_alt(v["left"]), f"money.kinds.{k}.left") for k, v in _MON["kinds"].items()}
_MONEY_RIGHT = {k: _compile(_alt(v["right"]), f"money.kinds.{k}.right") for k, v in _MON["kinds"].items()}
_MONEY_TRAP_RE = _compile(r"\b" + _alt(_MON["traps"]) + r"\b", "money.traps")
_LIST_GAP_MONEY_RE = re.compile(r"[\s,]*(?:and|or)?\s*(?:[\w'’-]+\s+){0,4}?(?:to\s+)?", re.IGNORECASE)
_MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
                "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7}


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    end: int
    value: float | None
    currency: str | None


def _parse_number(raw: str, mult: str) -> float | None:
    raw = raw.strip()
    lowered = raw.lower()
    if not lowered[0].isdigit():
        words = lowered.split()
        scale = _MULTIPLIERS.get(words[-1], 1.0)
        base = 0.5 if words[0] == "half" else _number_value(words[0])
        if base is None:
            return None
        if "hundred" in words:
            base *= 100
        return base * scale
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw):
        value = float(raw.replace(".", ""))
    elif re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", raw):
        value = float(re.sub(r"\s", "", raw))
    elif "," in raw and "." not in raw and re.fullmatch(r"\d+,\d{1,2}", raw):
        value = float(raw.replace(",", "."))  # "1,5 million": a decimal comma
    else:
        value = float(raw.replace(",", ""))
    word = mult.strip().lower()
    return value * _MULTIPLIERS.get(word, 1.0)


def _resolve(info: _CurrencyName, country: str | None, text: str) -> str | None:
    if not info.by_country:
        return info.code
    if country is not None:
        country = country.upper()
        return info.by_country.get(country, info.code)
    counts = {c: len(_CUES[c].findall(text)) for c in [*info.by_country, info.home] if c and c in _CUES}
    best = max(counts, key=lambda c: counts[c], default=None)
    if best is not None and counts[best] > 0 and best != info.home:
        if counts.get(info.home or "", 0) < counts[best]:
            return info.by_country.get(best, info.code)
    return info.code


# Every amount holds a digit, a currency sign or a number word; the full pattern
# (slow to try at every position) runs only in windows around these.
# (A run of such characters is one hook: its windows would merge into the one it makes.)
_AMOUNT_HOOK_RE = re.compile(r"[\d$€£₽₸₼₴₾֏₺₹₦₩₫฿₱৳₪¥]+|\b(?:million|billion|thousand)\b", re.IGNORECASE)


# _AMOUNT_HOOK_RE over the folded text in two scans that re can skip through (each opens with its own
# characters; the alternation opens with \b, which re tries at every position): the runs of digits and
# signs, and the number words where the stretch holds one. The two kinds of hook cannot overlap (no
# letter is a digit or a sign), so together, in order, they are the alternation's matches.
_SIGN_RUN_RE = re.compile(r"[\d$€£₽₸₼₴₾֏₺₹₦₩₫฿₱৳₪¥]+")
_NUMBER_WORD_HOOK_RE = re.compile(r"(?:m(?<!\wm)illion|b(?<!\wb)illion|t(?<!\wt)housand)\b")  # \b before, as a lookbehind
assert _AMOUNT_HOOK_RE.pattern == rf"{_SIGN_RUN_RE.pattern}|\b(?:million|billion|thousand)\b"


def _hook_spans(text: str, folded: str | None, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_AMOUNT_HOOK_RE.finditer(text, start, end)``; ``folded`` as in _amount_matches."""
    if folded is None:
        return [m.span() for m in _AMOUNT_HOOK_RE.finditer(text, start, end)]
    spans = [m.span() for m in _SIGN_RUN_RE.finditer(folded, start, end)]
    if folded.find("illion", start, end) >= 0 or folded.find("thousand", start, end) >= 0:
        spans += [m.span() for m in _NUMBER_WORD_HOOK_RE.finditer(folded, start, end)]
        spans.sort()
    return spans


def _windows(hooks: Iterable[tuple[int, int]], start: int, end: int, before: int, after: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for hook_start, hook_end in hooks:
        lo, hi = max(start, hook_start - before), min(end, hook_end + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _minimal(strings: Iterable[str]) -> tuple[str, ...]:
    """The strings that hold no other of them: where a longer one occurs, a shorter one inside it does too."""
    found = set(strings)
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


def _name_mark(form: str) -> str:
    """Part of a currency name that every match of it holds in any case: the longest stretch of its last
    word made of ASCII or uncased characters (folding finds those as IGNORECASE does)."""
    runs = re.split(r"[^\x00-\x7f‘’'.-]+", form.split()[-1])
    return max(runs, key=len)


# Every amount names its currency: a sign (as written), a code (three capitals) or a name (in any case).
# Most windows around digits hold none ("in 2021", "10 years") and are not scanned for amounts. The
# marks are searched case-sensitively, the names in the text folded as IGNORECASE compares letters.
_NAME_MARKS = _minimal(_name_mark(form) for form in _NAMES)
_SIGN_OR_CODE_RE = re.compile(
    "|".join(re.escape(mark) for mark in _minimal(_SYMBOLS))
    # every code is three capitals; were one not, the empty branch would let every window through
    + ("|[A-Z]{3}" if all(re.fullmatch(r"[A-Z]{3}", c) for c in _CODES) else "|"))
_NAME_MARK_RE = re.compile(words_pattern(_NAME_MARKS))  # factored as a trie: three times faster than a plain "|"


def _may_hold_amount(text: str, folded: str | None, lo: int, hi: int) -> bool:
    """False only when ``_AMOUNT_RE`` cannot match inside ``text[lo:hi]``; ``folded`` is the text folded
    by prefilter.fold, or None."""
    return (folded is None or _SIGN_OR_CODE_RE.search(text, lo, hi) is not None
            or _NAME_MARK_RE.search(folded, lo, hi) is not None)


def _amount_matches(text: str, start: int, end: int, folded: str | None = None) -> Iterator[re.Match[str]]:
    # the hooks' spans are the same found case-sensitively in the folded text, and faster
    for lo, hi in _windows(_hook_spans(text, folded, start, end), start, end, 40, 60):
        if folded is None or _may_hold_amount(text, folded, lo, hi):
            yield from _AMOUNT_RE.finditer(text, lo, hi)


def _amounts(text: str, start: int, end: int, country: str | None, folded: str | None = None) -> list[_Amount]:
    out = []
    for m in _amount_matches(text, start, end, folded):
        if m.group("sym"):
            raw, mult = m.group("n1"), m.group("m1")
            sign = _SYMBOLS[m.group("sym")]
            if sign.strict and (country or "").upper() not in sign.by_country:
                continue  # "N10m" is naira only in a Nigerian report
            currency = _resolve(sign, country, text)
        elif m.group("name"):
            raw, mult = m.group("n2"), m.group("m2")
            named = _NAMES.get(re.sub(r"\s+", " ", m.group("name").lower()))
            currency = _resolve(named, country, text) if named else None
        elif m.group("code"):
            raw, mult, currency = m.group("n3"), m.group("m3"), m.group("code").upper()
        else:
            raw, mult, currency = m.group("n4"), m.group("m4"), m.group("code4").upper()
        out.append(_Amount(m.start(), m.end(), _parse_number(raw, mult), currency))
    return out


def _equivalent(text: str, amount: _Amount, amounts: list[_Amount], end: int) -> tuple[int, float | None, set[int]]:
    """The stated equivalents after an amount: "($1,350)", "($136,130, 128,175 euros)", "or about $862"."""
    later = [a for a in amounts if a.start >= amount.end]
    opened = _EQUIV_OPEN_RE.match(text, amount.end, end)
    lead_in = opened or _EQUIV_INLINE_RE.match(text, amount.end, end)
    if lead_in is None:
        return amount.end, None, set()
    inline = opened is None
    pos = lead_in.end()
    used: set[int] = set()
    usd: float | None = None
    for a in later:
        lead = _EQUIV_LEAD_RE.match(text, pos, a.start)
        gap_ok = (lead and lead.end() == a.start) or not text[pos:a.start].strip()
        if used:
            sep = _EQUIV_SEP_RE.match(text, pos, a.start)
            if sep:
                lead = _EQUIV_LEAD_RE.match(text, sep.end(), a.start)
                gap_ok = (lead and lead.end() == a.start) or not text[sep.end():a.start].strip()
        if not gap_ok:
            break
        used.add(a.start)
        if usd is None and a.currency == "USD":
            usd = a.value
        pos = a.end
        if inline:
            break
    if not used:
        return amount.end, None, set()
    close = re.match(r"\s*[)\]]", text[pos:end]) if opened else None
    return (pos + close.end()) if close else pos, usd, used


def find_money(text: str, start: int = 0, end: int | None = None, *, country: str | None = None) -> list[MoneyHit]:
    """Sums tied to a fine, damages, bail or a seizure in ``text[start:end]``, in text order.

    ``country`` (ISO 3166-1 alpha-2) decides names that several currencies share:
    "manat" is AZN unless the country is TM. Without it, country words in the
    text decide, and the most common reading is the default.

    >>> t = "He was ordered to pay 600,000 tenges ($1,350) in material damages."
    >>> [(h.kind, h.amount, h.currency, h.usd) for h in find_money(t)]
    [('damages', 600000.0, 'KZT', 1350.0)]
    """
    start, end = _bounds(text, start, end)
    prepared = _prepared(text)
    raw, text = text, prepared.folded
    ctx = _Context(text, start, end, prepared.gates)
    amounts = _amounts(text, start, end, country, prepared.lowered)
    equivalents: set[int] = set()
    hits: list[MoneyHit] = []
    previous: tuple[MoneyHit, int] | None = None  # the last hit and its amount's end, for "and"-lists
    for a in amounts:
        if a.start in equivalents:
            continue
        stop, usd, used = _equivalent(text, a, amounts, end)
        equivalents |= used
        if usd is None and a.currency == "USD":
            usd = a.value
        cs, ce = ctx.clause(a.start)
        kind, hit_start, hit_end = _money_kind(text, a, stop, cs, ce, amounts)
        if kind is None and previous is not None:
            # "fined Nurov 5,000 manats and Hasanova 3,000 manats": the second shares the cue.
            prev_hit, prev_end = previous
            if ctx.clause(prev_hit.start)[0] == cs and _LIST_GAP_MONEY_RE.fullmatch(text, prev_end, a.start):
                kind, hit_start, hit_end = prev_hit.kind, a.start, stop
        if kind is None:
            continue
        hit = MoneyHit(hit_start, hit_end, kind, a.value, a.currency, usd)
        hits.append(hit)
        previous = (hit, stop)
    return [replace(h, end=_close_quotes(raw, h.start, h.end, end)) for h in hits]


def _money_kind(
    text: str, a: _Amount, stop: int, cs: int, ce: int, amounts: list[_Amount]
) -> tuple[str | None, int, int]:
    """The kind of the amount from the cue right after it, else the nearest cue before it."""
    for kind in _MONEY_KINDS:
        m = _MONEY_RIGHT[kind].match(text, stop, ce)
        if m:
            if _MONEY_TRAP_RE.search(text, max(cs, a.start - 40), a.start):
                return None, 0, 0
            return kind, a.start, m.end()
    prior = max((x.end for x in amounts if x.end <= a.start and x.start >= cs), default=cs)
    lo = max(cs, prior, a.start - 160)
    best: tuple[int, str, re.Match[str]] | None = None
    for kind in _MONEY_KINDS:
        for m in _MONEY_LEFT[kind].finditer(text, lo, a.start):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind, m)
    if best is None:
        return None, 0, 0
    _, kind, cue = best
    if _MONEY_TRAP_RE.search(text, max(cs, cue.start() - 40), a.start):
        return None, 0, 0
    return kind, cue.start(), stop



# --------------------------------------------------------- terms given "respectively"

_EACH_NUM = rf"(?:{_NUM_ONLY_RE.pattern})(?:\s+and\s+a\s+half)?"
_RESPECTIVELY = re.compile(
    rf"\bto\s+(?P<nums>{_EACH_NUM}(?:\s*,\s*{_EACH_NUM})*\s*,?\s+and\s+{_EACH_NUM})\s+(?P<unit>years?|months?)"
    r"(?P<what>\s+(?:in\s+(?:prison|jail|a\s+penal\s+colony)|of\s+(?:imprisonment|probation|restricted\s+freedom)))?"
    r"\s*,?\s+respectively"
    r"(?:\s*,\s*each\s+followed\s+by\s+(?P<prob>\w+(?:\s+and\s+a\s+half)?\s+(?:years?|months?))\s+of\s+probation)?",
    re.IGNORECASE)


def respective_terms(text: str, start: int, end: int) -> tuple[int, int, list[SentenceHit]] | None:
    """ "sentenced them to eight, six, five and four years respectively, each followed by three years of
    probation": the span of those words and one term per person named before them, in order."""
    if "respectively" not in text[start:end].lower():
        return None  # the common case, decided without the regex
    m = _RESPECTIVELY.search(text, start, end)
    if m is None:
        return _respective_full_terms(text, start, end)
    values = []
    scale = 12 if m.group("unit").lower().startswith("year") else 1
    for raw in re.split(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+(?!a\s+half)", m.group("nums")):
        half = raw.lower().endswith("and a half")
        number = _number_value(raw[:-len("and a half")].strip() if half else raw.strip())
        if number is None:
            return None
        values.append(int(number * scale) + (scale // 2 if half else 0))
    what = (m.group("what") or "").lower()
    kind = "restricted_freedom" if "probation" in what or "restricted" in what else "prison"
    probation = None
    if m.group("prob"):
        duration = _duration_at(text, m.start("prob"), m.end("prob"), None)
        probation = duration.months if duration is not None else None
    hits = [SentenceHit(m.start(), m.end(), kind, months, None, kind == "suspended",
                        months if kind == "suspended" else probation, False) for months in values]
    return m.start(), m.end(), hits


# "sentenced to five years and two months, four years and six months, and three years and 10 months respectively"
# ... and "were given four years and two years and three months in prison respectively"
_RESPECTIVE_LIST = re.compile(r"\b(?:to|given|received|handed)\s+(?P<list>[^;.]{5,200}?)\s*,?\s+respectively\b",
                              re.IGNORECASE)
# Where one term of such a list ends: at a comma, or at "and" before a count of years ("two years and three
# months" is one term; "four years and two years and three months" is two)
_TERM_SEPARATOR = re.compile(r",|\s+and\s+(?=(?:\w+|\d+)(?:\s+and\s+a\s+half)?\s+years?\b)", re.IGNORECASE)


# what may follow the last term of such a list: "in prison", "in a medium-security penal colony", "of imprisonment"
_TERM_PLACE = re.compile(r"\s*(?:in\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:prison|jail|penal\s+colony|colony|"
                         r"correctional\s+(?:facility|colony|institution))|of\s+imprisonment)?\s*", re.IGNORECASE)


def _respective_full_terms(text: str, start: int, end: int) -> tuple[int, int, list[SentenceHit]] | None:
    """Terms given in full, one per comma-separated item, before "respectively"."""
    m = _RESPECTIVE_LIST.search(text, start, end)
    if m is None:
        return None
    values: list[int] = []
    lo = m.start("list")
    items, at = [], 0
    for sep in _TERM_SEPARATOR.finditer(m.group("list")):
        items.append((at, m.group("list")[at:sep.start()]))
        at = sep.end()
    items.append((at, m.group("list")[at:]))
    for offset, item_text in items:
        if not item_text.strip():
            continue
        words = item_text.strip()
        words = re.sub(r"^and\s+", "", words)
        a = lo + offset + item_text.index(words)
        durations = find_durations(text, a, a + len(words))
        if len(durations) != 1:
            return None
        d = durations[0]
        if d.months is None or d.start != a or not _TERM_PLACE.fullmatch(text, d.end, a + len(words)):
            return None
        values.append(d.months)
    if len(values) < 2:
        return None
    hits = [SentenceHit(m.start(), m.end(), "prison", months, None, False, None, False) for months in values]
    return m.start(), m.end(), hits
