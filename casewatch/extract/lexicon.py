"""Lexicons the extractor matches against: charges and criminal-code articles, places, organizations, occupations.

Every matcher is a pure function over ``text[start:end]`` that returns offsets into the
full text, so ``text[hit.start:hit.end] == hit.text`` always holds. The lexicons are YAML
files in ``rules/`` (``charges``, ``countries``, ``organizations``, ``occupations``),
compiled once per process: names into one trie-shaped regular expression per lexicon,
charge phrases into small expressions that are tried only at the words they start with.

Matching runs over a *folded* copy of the text of the same length: accents are dropped
(``Diyarbakır`` -> ``Diyarbakir``), curly quotes and dashes unified, exotic spaces made
plain. Folding maps one character to one character, so offsets need no translation.

    >>> [h.category for h in find_charges("He was accused of organizing mass unrest.")]
    ['mass_unrest']
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from typing import Any, TypeVar

from casewatch.core.errors import ConfigError
from casewatch.core.ontology import CHARGE_CATEGORIES, ORGANIZATION_KINDS
from casewatch.extract.rules import load
from casewatch.extract.tries import trie_pattern, words_pattern
from casewatch.extract.wordscan import WordScan

__all__ = [
    "ArticleHit", "ChargeHit", "OccupationHit", "OrgHit", "OrgInfo", "PlaceHit",
    "article_category", "country_votes", "find_articles", "find_charges", "find_occupations",
    "find_organizations", "find_places", "first_place_of", "org_by_name",
]


# ------------------------------------------------------------------ hit types


@dataclass(frozen=True, slots=True)
class ChargeHit:
    start: int
    end: int
    category: str
    text: str
    article: str | None


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """A criminal-code designation; ``designation == text[start:end]``, ``number`` normalized."""

    start: int
    end: int
    designation: str
    number: str  # "206.3.2", "124A", "66D", "274 part 2", "102bis"


@dataclass(frozen=True, slots=True)
class PlaceHit:
    start: int
    end: int
    text: str
    country: str  # ISO 3166-1 alpha-2; former states keep theirs (SU)
    kind: str  # "country" | "demonym" | "city" | "region"


@dataclass(frozen=True, slots=True)
class OrgHit:
    start: int
    end: int
    text: str
    name: str  # canonical name
    kind: str  # ontology organization kind


@dataclass(frozen=True, slots=True)
class OrgInfo:
    """What the organization lexicon knows about one organization."""

    name: str
    kind: str
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OccupationHit:
    start: int
    end: int
    text: str
    occupation: str  # normalized label, e.g. "journalist"


# ------------------------------------------------------------------ folding

_SPECIAL_FOLDS = {
    "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
    "ß": "s", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O", "þ": "t", "ə": "a", "Ə": "A", "ʻ": "'",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
}


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character to exactly one character, built lazily."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _SPECIAL_FOLDS.get(ch)
        if out is None:
            if ch.isspace():
                out = " " if ch not in "\n\r\t\f\v" else ch
            else:
                decomposed = unicodedata.normalize("NFKD", ch)
                base = decomposed[:1]
                if base.isascii() and base.isalnum() and all(unicodedata.combining(c) for c in decomposed[1:]):
                    out = base
                else:
                    out = ch
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` with accents dropped and quotes, dashes and spaces unified, of the same length."""
    return text if text.isascii() else _FOLDABLE.sub(_fold_run, text)


# str.translate looks every character up in the table, ~70 ns each: only the runs of characters the
# table may change are translated (all non-ASCII ones, and the few ASCII ones it maps: a backtick,
# the separators \x1c-\x1f that str.isspace() calls white space). Same result, character by character.
# Written as the ASCII characters it leaves alone: a set holding the range \x80-\U0010ffff costs re
# a few milliseconds to compile (it walks the range), in every process.
_FOLDABLE = re.compile("[^" + "".join(f"\\x{c:02x}" for c in range(128) if _FOLD[c] == chr(c)) + "]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


_SHORT = 60  # texts up to this long (a word, a name) have their lexicon hits cached
# Longer texts (in extraction only the document's own text) whose results are kept: a few, so that
# a document's many stretches share one scan but no document's results serve a later one (a
# benchmark that repeats its documents would otherwise time cache hits).
_LONG_TEXTS = 4
_T = TypeVar("_T")


def _per_text(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn`` cached by its text: short texts (a word, a name, asked about again and again) in a
    large cache of their own, so that they do not push out the document's text, which is asked
    about for one stretch after another."""
    short = lru_cache(maxsize=4096)(fn)
    long = lru_cache(maxsize=_LONG_TEXTS)(fn)

    @wraps(fn)
    def cached(text: str) -> _T:
        return short(text) if len(text) <= _SHORT else long(text)

    return cached


@_per_text
def _prepared(text: str) -> tuple[str, str]:
    """The folded text and its lower-case form, both as long as ``text`` (cached per text)."""
    folded = fold(text)
    lower = folded.lower()
    if len(lower) != len(folded):  # a character whose lower case is longer: keep it as it is
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return folded, lower


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    n = len(text)
    end = n if end is None else min(max(end, 0), n)
    return min(max(start, 0), end), end


_SPACES = re.compile(r"\s+")


def _norm_key(name: str) -> str:
    """A lookup key: folded, lower case, hyphens and apostrophes unified, spaces collapsed."""
    key = fold(name).lower().replace("-", " ").replace("'", "").replace(".", "")
    key = _SPACES.sub(" ", key).strip()
    return _LEADING_THE.sub("", key)


_LEADING_THE = re.compile(r"^the ")


class _LookbehindScan:
    """The matches of ``(?<!{before}){body}``, found by searching for ``body`` alone and testing the
    look-behind at each match. A pattern that opens with a look-behind makes ``re`` try it at every
    position; without it, ``re`` skips ahead to the body's possible first characters (capital letters,
    for acronyms and names), several times faster. Same matches as ``finditer`` (the body never
    matches the empty string)."""

    __slots__ = ("_body", "_before")

    def __init__(self, before: str, body: str) -> None:
        self._before = re.compile(before)  # one character the look-behind forbids
        self._body = re.compile(body)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if end is None else end
        search, forbidden = self._body.search, self._before.match
        m = search(text, start, end)
        while m is not None:
            at = m.start()
            if at > 0 and forbidden(text, at - 1):
                m = search(text, at + 1, end)  # the look-behind fails here: the next position may match
                continue
            yield m
            m = search(text, m.end(), end)


def _longest_first(cands: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping candidates: the longest wins, then the earliest; returned in text order."""
    taken: list[tuple[int, int, Any]] = []
    starts: list[int] = []
    for cand in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        s, e = cand[0], cand[1]
        i = bisect.bisect_left(starts, s)
        if i > 0 and taken[i - 1][1] > s:
            continue
        if i < len(taken) and taken[i][0] < e:
            continue
        starts.insert(i, s)
        taken.insert(i, cand)
    return taken


# ------------------------------------------------------------------ charge phrase language
#
# A charge phrase is written in a small language so that rules stay readable:
#   word     the word itself            stem*     a word starting with "stem"
#   (a|b c)  one of the alternatives    [a b]     optional words
#   {NAME}   a macro from "macros"      ~N        up to N arbitrary words
#   a-b      "a-b", "a b" or "ab"
# Words are separated by white space, optionally with a comma or quotes around it, or by a
# hyphen ("money-laundering" matches "money laundering"). A pattern starting "re:" is a raw
# regular expression over the lower-cased folded text.

_SEP = r"""(?:,?[\s"'()]*\s[\s"'()]*|-)"""
_TOKEN = re.compile(r"\s*(\(|\)|\||\[|\]|\{[A-Z_]+\}|~\d|[^\s()|\[\]{}~]+)")


@dataclass(slots=True)
class _Piece:
    regex: str
    optional: bool = False
    gap: bool = False
    anchors: frozenset[str] | None = None  # one of these stems occurs wherever the piece matches
    all_of: tuple[frozenset[str], ...] = ()  # each of these stem sets is hit wherever a phrase matches
    first: frozenset[str] | None = None  # stems one of which starts the first word of every match
    lead: str = ""  # the optional words before the first required one, as a regex of their own
    plain: str | None = None  # the phrase source when it is only plain words ("illegal use of")


_ANCHOR_END = re.compile(r"[^a-z]|.\?")  # where a word's anchor stem ends: its first non-letter or optional letter


class _PhraseCompiler:
    def __init__(self, macros: dict[str, str]) -> None:
        self.macros = macros
        self.compiled_macros: dict[str, _Piece] = {}

    def compile(self, source: str) -> tuple[str, str, tuple[frozenset[str], ...], frozenset[str] | None]:
        """A phrase as (regex from its first required word, regex of the optional words before it,
        stem sets that all occur where it matches, stems that start its first required word)."""
        if source.startswith("re:"):
            return source[3:], "", (), None
        tokens = [t for t in _TOKEN.findall(source) if t]
        piece, pos = self._alternatives(tokens, 0, source)
        if pos != len(tokens):
            raise ConfigError(f"charge pattern {source!r}: unbalanced ')' or ']' at token {pos}; fix the rule")
        if piece.optional:
            raise ConfigError(f"charge pattern {source!r} has no required word; fix the rule")
        return piece.regex[len(piece.lead):], piece.lead, piece.all_of, piece.first

    def _alternatives(self, tokens: list[str], pos: int, source: str) -> tuple[_Piece, int]:
        alts: list[_Piece] = []
        while True:
            piece, pos = self._sequence(tokens, pos, source)
            alts.append(piece)
            if pos < len(tokens) and tokens[pos] == "|":
                pos += 1
                continue
            break
        if len(alts) == 1:
            return alts[0], pos
        if any(a.optional for a in alts):
            raise ConfigError(f"charge pattern {source!r}: an alternative has no required word")
        # Plain-word alternatives become one trie ("use of|using|us*" -> "us(?:e of|ing|[a-z]*)"),
        # which ``re`` walks far faster than a long list of alternatives.
        plain = sorted({a.plain for a in alts if a.plain})
        # Longest first, then by text: the order must not follow set iteration, which differs between
        # processes (hash randomization), or two processes could build different rules.
        regexes = sorted({a.regex for a in alts if not a.plain}, key=lambda r: (-len(r), r))
        if plain:
            regexes.insert(0, _phrase_trie(plain))
        anchors = None
        if all(a.anchors for a in alts):
            anchors = frozenset().union(*(a.anchors or () for a in alts))
        first = None
        if all(a.first for a in alts):
            first = frozenset().union(*(a.first or () for a in alts))
        return _Piece("(?:" + "|".join(regexes) + ")", anchors=anchors, first=first), pos

    def _sequence(self, tokens: list[str], pos: int, source: str) -> tuple[_Piece, int]:
        items: list[_Piece] = []
        while pos < len(tokens) and tokens[pos] not in ("|", ")", "]"):
            tok = tokens[pos]
            if tok == "(":
                piece, pos = self._alternatives(tokens, pos + 1, source)
                if pos >= len(tokens) or tokens[pos] != ")":
                    raise ConfigError(f"charge pattern {source!r}: '(' is not closed")
                items.append(piece)
            elif tok == "[":
                piece, pos = self._alternatives(tokens, pos + 1, source)
                if pos >= len(tokens) or tokens[pos] != "]":
                    raise ConfigError(f"charge pattern {source!r}: '[' is not closed")
                items.append(_Piece(piece.regex, optional=True))
            elif tok.startswith("{"):
                items.append(self._macro(tok[1:-1], source))
            elif tok.startswith("~"):
                word = r"[a-z0-9'\-]+,?"
                items.append(_Piece(f"(?:{word}{_SEP}){{0,{tok[1:]}}}", optional=True, gap=True))
            else:
                items.append(self._word(tok))
            pos += 1
        return self._join(items, source), pos

    def _macro(self, name: str, source: str) -> _Piece:
        if name not in self.compiled_macros:
            if name not in self.macros:
                raise ConfigError(f"charge pattern {source!r} uses macro {{{name}}}, which charges.yaml does not define")
            body = self.macros[name]
            if body.startswith("re:"):
                self.compiled_macros[name] = _Piece(f"(?:{body[3:]})")
            else:
                tokens = [t for t in _TOKEN.findall(body) if t]
                piece, _ = self._alternatives(tokens, 0, body)
                self.compiled_macros[name] = _Piece(
                    f"(?:{piece.regex})", piece.optional, anchors=piece.anchors, first=piece.first, plain=piece.plain
                )
        return self.compiled_macros[name]

    @staticmethod
    @cache  # the ~450 rules spell ~6,500 words, ~2,000 of them different
    def _word(tok: str) -> _Piece:
        tok = tok.lower()
        stem = tok.endswith("*")
        literal = tok.rstrip("*")
        # "x?" makes one letter optional ("acts?"); "-" matches a hyphen, a space or nothing.
        regex = re.escape(literal).replace("\\?", "?").replace("\\-", r"[\-\s]?")
        regex += r"[a-z]*" if stem else ""
        cut = _ANCHOR_END.search(literal)
        anchor = literal if cut is None else literal[: cut.start()]
        plain = tok if "?" not in tok else None
        anchors = frozenset({anchor}) if len(anchor) >= 3 else None
        return _Piece(regex, anchors=anchors, first=anchors, plain=plain)

    @staticmethod
    def _join(items: list[_Piece], source: str) -> _Piece:
        required = [i for i, it in enumerate(items) if not it.optional]
        if not required:
            regex = "".join(f"(?:{it.regex})" for it in items)
            return _Piece(regex, optional=True)
        last = required[-1]
        parts = []
        for i, it in enumerate(items):
            if it.gap:
                if i > last:
                    raise ConfigError(f"charge pattern {source!r}: a gap '~N' cannot end a phrase")
                parts.append(it.regex)
            elif i < last:
                parts.append(f"(?:{it.regex}{_SEP})?" if it.optional else f"{it.regex}{_SEP}")
            elif i == last:
                parts.append(it.regex)
            else:
                parts.append(f"(?:{_SEP}{it.regex})?")
        anchored = [items[i] for i in required if items[i].anchors]
        anchors = None
        if anchored:
            anchors = max(anchored, key=lambda it: min(len(a) for a in it.anchors or ())).anchors
        all_of = tuple(it.anchors for it in anchored if it.anchors)
        plain = " ".join(it.plain or "" for it in items) if all(it.plain and not it.optional for it in items) else None
        return _Piece(
            "".join(parts), anchors=anchors, all_of=all_of, first=items[required[0]].first,
            lead="".join(parts[: required[0]]), plain=plain,
        )


def _phrase_trie(phrases: list[str]) -> str:
    """One regex for plain-word phrases, factored by character: "*" ends a stem, " " separates words."""
    return "(?:" + trie_pattern(phrases, _phrase_piece) + ")"


def _phrase_piece(ch: str) -> str:
    if ch == "*":
        return r"[a-z]*"
    return _SEP if ch == " " else r"[\-\s]?" if ch == "-" else re.escape(ch)


@dataclass(frozen=True, slots=True)
class _Rule:
    category: str
    weak: bool  # a charge only beside a cue (see "cues" in charges.yaml)
    core_source: str  # from the first required word on
    lead_source: str | None  # optional words before it, matched backwards from the core
    gate: tuple[frozenset[str], ...]  # stem sets that must all occur in the text
    first: frozenset[str] | None  # stems that start the core: it is tried only where they occur

    # Compiled on first use: most of the ~450 rules never meet a text that holds their stems, and
    # compiling them all was a third of a second of every process's start (tests compile each one).
    @property
    def core(self) -> re.Pattern[str]:
        return _compile_rule(self.core_source, "pattern")

    @property
    def lead(self) -> re.Pattern[str] | None:
        return None if self.lead_source is None else _compile_rule(self.lead_source, "pattern")


@dataclass(frozen=True, slots=True)
class _ChargeRules:
    rules: tuple[_Rule, ...]
    by_stem: dict[str, tuple[int, ...]]  # stem -> rules whose first gate set holds it
    ungated: tuple[int, ...]  # rules without stems: always run
    articles: dict[str, dict[str, dict[str, str]]]  # country -> code kind ("criminal", ...) -> number -> category
    cue_before: re.Pattern[str]
    cue_right_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    later_gates: tuple[tuple[frozenset[str], ...], ...]  # per rule: its stem sets after the first (by_stem's)


_IGNORE = "_ignore"


@cache
def _compile_rule(source: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise ConfigError(f"charges.yaml {what} {source!r} does not compile: {exc}; fix the rule") from exc


@cache
def _charge_rules() -> _ChargeRules:
    data = load("charges")
    compiler = _PhraseCompiler(data.get("macros") or {})
    rules: list[_Rule] = []
    groups = dict(data["categories"])
    missing = set(CHARGE_CATEGORIES) - set(groups)
    if missing:
        raise ConfigError(f"charges.yaml lacks categories {sorted(missing)}; add a phrase list for each")
    groups[_IGNORE] = data.get("ignore") or []
    for category, patterns in groups.items():
        if category != _IGNORE and category not in CHARGE_CATEGORIES:
            raise ConfigError(f"charges.yaml category {category!r} is not in the ontology; rename it")
        for source in patterns or []:
            source = str(source)
            weak = source.startswith("weak:")
            core, lead, gate, first = compiler.compile(source[5:].strip() if weak else source)
            # The core starts with a required word and has no look-behind: it is tried at the
            # starts of the words its first stems begin; word boundaries and optional leading
            # words are checked around each match (find_charges).
            rules.append(_Rule(
                category, weak, rf"(?:{core})(?![a-z0-9])", rf"(?<![a-z0-9\-])(?:{lead})$" if lead else None, gate, first,
            ))
    by_stem: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for stem in rule.gate[0] if rule.gate else ():
            by_stem.setdefault(stem, []).append(i)
    articles: dict[str, dict[str, dict[str, str]]] = {}
    for country, codes in (data.get("articles") or {}).items():
        for code_kind, mapping in (codes or {}).items():
            for number, category in (mapping or {}).items():
                if category not in CHARGE_CATEGORIES:
                    raise ConfigError(f"charges.yaml article {country} {number}: {category!r} is not a charge category")
                key = _article_key(str(number))
                articles.setdefault(str(country).upper(), {}).setdefault(code_kind, {})[key] = category
    cues = data["cues"]
    return _ChargeRules(
        tuple(rules), {k: tuple(v) for k, v in by_stem.items()}, tuple(i for i, r in enumerate(rules) if not r.gate),
        articles,
        _compile_rule(cues["before"], "cue"), _compile_rule(cues["right_before"], "cue"),
        _compile_rule(cues["after"], "cue"),
        tuple(rule.gate[1:] for rule in rules),
    )


@cache
def _anchor_set() -> frozenset[str]:
    rules = _charge_rules().rules
    return frozenset(a for r in rules for stems in (*r.gate, r.first or ()) for a in stems)


_word_stems: dict[str, tuple[str, ...]] = {}  # word -> the anchor stems it starts with (grows with the vocabulary)


@cache
def _stem_word_regex() -> re.Pattern[str]:
    """Words that start with the first three letters of some anchor stem (most words do not)."""
    prefixes = sorted({a[:3] for a in _anchor_set()})
    return re.compile(rf"(?<![a-z0-9])(?:{words_pattern(prefixes)})[a-z0-9]*(?:'[a-z]+)*")


def _stem_index(lower: str, start: int, end: int) -> dict[str, list[int]]:
    """Where each anchor stem starts a word of ``lower[start:end]``: stem -> word start offsets."""
    anchors = _anchor_set()
    index: dict[str, list[int]] = {}
    cached = _word_stems.get
    for m in _stem_word_regex().finditer(lower, start, end):
        word = m.group()
        stems = cached(word)
        if stems is None:
            stems = tuple(word[:i] for i in range(3, len(word) + 1) if word[:i] in anchors)
            if len(_word_stems) < 200_000:
                _word_stems[word] = stems
        if stems:
            at = m.start()
            for stem in stems:
                positions = index.get(stem)
                if positions is None:
                    index[stem] = [at]
                else:
                    positions.append(at)
    return index


def _candidate_rules(rules: _ChargeRules, index: dict[str, list[int]]) -> list[int]:
    """The rules whose every stem set occurs in the text, in file order."""
    found: set[int] = set(rules.ungated)
    by_stem = rules.by_stem
    for stem in index:
        hit = by_stem.get(stem)
        if hit is not None:
            found.update(hit)
    present = set(index)  # a set, so that isdisjoint looks up the smaller side
    later = rules.later_gates
    out: list[int] = []
    for i in sorted(found):
        for stems in later[i]:
            if stems.isdisjoint(present):
                break
        else:
            out.append(i)
    return out


def find_charges(
    text: str, start: int = 0, end: int | None = None, country: str | None = None,
    articles: list[ArticleHit] | None = None,
) -> list[ChargeHit]:
    """Charge phrases in ``text[start:end]``, longest match first, with the article each is charged under.

    ``country`` (ISO code) lets a designation such as "Article 274" that names no offence in
    words become a charge of its own, by that country's code. ``articles``, when given, must be
    ``find_articles(text, start, end)`` (a caller that needs them too finds them once).

        >>> find_charges("charged with smuggling under Article 206.3.2", country="AZ")[0].article
        'Article 206.3.2'
    """
    start, end = _bounds(text, start, end)
    folded, lower = _prepared(text)
    rules = _charge_rules()
    index = _stem_index(lower, start, end)
    cands: list[tuple[int, int, str]] = []
    uncued: list[tuple[int, int, str]] = []
    for i in _candidate_rules(rules, index):
        rule = rules.rules[i]
        for m in _rule_matches(rule, index, lower, start, end):
            s = m.start()
            if rule.lead is not None:
                lead = rule.lead.search(lower, max(start, s - 100), s)
                s = lead.start() if lead else s
            if s > 0 and (lower[s - 1].isalnum() or lower[s - 1] == "-"):
                continue  # not at the start of a word ("corruption" in "anti-corruption")
            if not rule.weak or _cued(rules, lower, s, m.end(), start, end):
                cands.append((s, m.end(), rule.category))
            else:
                uncued.append((s, m.end(), rule.category))
    # "with unlawful possession of ammunition and treachery": a weak phrase listed right after a charge is one
    for s, e, weak in sorted(uncued):
        if weak != _IGNORE and any(_LISTED_AFTER.fullmatch(lower, ce, s) for _, ce, c in cands if c != _IGNORE and ce <= s):
            cands.append((s, e, weak))
    spans = [(s, _close_quote(folded, s, e, end), c) for s, e, c in _longest_first(cands) if c != _IGNORE]
    if articles is None:
        articles = find_articles(text, start, end)
    attached = _attach_articles(text, spans, articles, country, start, end)
    hits = [ChargeHit(s, e, c, text[s:e], attached.get(i)) for i, (s, e, c) in enumerate(spans)]
    if country:
        used = set(attached.values())
        # the category each designation already stands for, so that the rest of its list can be read with it
        by_designation = {h.article: h.category for h in hits if h.article is not None}
        previous: tuple[ArticleHit, str | None] | None = None
        for art in articles:
            if art.designation in used or any(h.start < art.end and art.start < h.end for h in hits):
                previous = (art, by_designation.get(art.designation))
                continue
            code = _code_kind(folded, art.end)
            category = article_category(country, art.number, code=code) if code else None
            if (category and previous is not None and previous[1] == category and art.designation[:1].isdigit()
                    and _ARTICLE_LIST_GAP.fullmatch(folded, previous[0].end, art.start)):
                # "charged him with incitement to commit a felony under Articles 494 and 495": one charge
                # under two articles, not a second charge of incitement
                previous = (art, category)
                continue
            previous = (art, category)
            if category:
                hits.append(ChargeHit(art.start, art.end, category, art.designation, art.designation))
        hits.sort(key=lambda h: h.start)
    return hits


_ARTICLE_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)")
_LISTED_AFTER = re.compile(r"[\"'”]?\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)[\"'“]?")


def _rule_matches(
    rule: _Rule, index: dict[str, list[int]], lower: str, start: int, end: int
) -> Iterable[re.Match[str]]:
    """The rule's matches, tried only where a word starts with one of its first stems."""
    if rule.first is None:
        yield from (m for m in rule.core.finditer(lower, start, end) if not _QUOTE_SEAM.search(lower, m.start(), m.end()))
        return
    last_end = -1
    found = [positions for stem in rule.first if (positions := index.get(stem)) is not None]
    # one stem's word starts are already in order and distinct (_stem_index appends them in text order)
    for pos in found[0] if len(found) == 1 else sorted({p for positions in found for p in positions}):
        if pos < last_end:
            continue  # inside the previous match of this rule, as finditer would skip it
        m = rule.core.match(lower, pos, end)
        if m is not None and not _QUOTE_SEAM.search(lower, m.start(), m.end()):
            last_end = m.end()
            yield m


# '"forming a terrorist group" and "plotting to overthrow ..."': two quoted charges, never one phrase
_QUOTE_SEAM = re.compile(r'"\s*(?:,|,?\s*and|,?\s*or)\s*"')


def _cued(rules: _ChargeRules, lower: str, s: int, e: int, start: int, end: int) -> bool:
    """Whether a weak phrase stands where a charge is named: after a charging word, or before "charges"."""
    window = max(start, s - 120)
    return bool(
        rules.cue_before.search(lower, window, s)
        or rules.cue_right_before.search(lower, max(start, s - 40), s)
        or rules.cue_after.match(lower, e, min(end, e + 40))
    )


def _close_quote(folded: str, start: int, end: int, limit: int) -> int:
    """Extend a phrase over the closing quote of a quote it opened: spreading "false information"."""
    inner = folded[start:end]
    if end < limit and folded[end] == '"' and inner.count('"') % 2 == 1:
        return end + 1
    return end


_SENTENCE_END = re.compile(r"""(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])|\n""")


_UNDER_GAP = re.compile(r"[\s\"'”’)]*(?:under|per|in violation of|of)\s+(?:the\s+)?")


def _attach_articles(
    text: str, spans: list[tuple[int, int, str]], articles: list[ArticleHit], country: str | None,
    start: int, end: int,
) -> dict[int, str]:
    """The designation each charge phrase is brought under: an article of its own category in the
    same sentence, else the nearest one (within 120 characters) that no other phrase there claims."""
    if not spans or not articles:
        return {}
    folded, _ = _prepared(text)
    breaks = [m.end() for m in _SENTENCE_END.finditer(folded, start, end)]
    codes = [_code_kind(folded, a.end) for a in articles]
    cats = [article_category(country, a.number, code=c) if c else None for a, c in zip(articles, codes, strict=True)]
    out: dict[int, str] = {}
    # "..., and Farías and Salazar with incitement to hatred under Article 20": an article right after a phrase
    # is that phrase's, not that of a phrase of another category in the sentence ("criminal association")
    # (unless the code's table gives the article another category: the table knows better)
    claimed = {j: i for i, (_, e, c) in enumerate(spans) for j, a in enumerate(articles)
               if 0 <= a.start - e <= 12 and cats[j] in (None, c) and _UNDER_GAP.fullmatch(folded, e, a.start)}
    for i, (s, e, category) in enumerate(spans):
        sentence = bisect.bisect_right(breaks, s)
        same = [j for j, a in enumerate(articles) if codes[j] and bisect.bisect_right(breaks, a.start) == sentence
                and spans[claimed.get(j, i)][2] == category]
        if not same:
            continue
        others = {c for k, (ps, _, c) in enumerate(spans) if k != i and bisect.bisect_right(breaks, ps) == sentence}

        def gap(j: int, s: int = s, e: int = e) -> int:
            a = articles[j]
            return a.start - e if a.start >= e else s - a.end

        exact = [j for j in same if cats[j] == category]
        near = [j for j in same if gap(j) <= 120 and (cats[j] is None or cats[j] not in others)]
        # '"propaganda for a terrorist organization" under Article 7/2 of the Anti-Terror Law': the article
        # right after the phrase, from a law the country's table does not hold, beats one of its category
        # cited for the phrase before
        close = [j for j in same if 0 <= articles[j].start - e <= 12 and cats[j] in (None, category)
                 and _UNDER_GAP.fullmatch(folded, e, articles[j].start)]
        if close or exact or near:
            out[i] = articles[min(close or exact or near, key=gap)].designation
    return out


# ------------------------------------------------------------------ articles

_ART_KEY = r"(?:[Aa]rticles?|ARTICLES?|[Aa]rts?\.|[Ss]ections?|SECTIONS?|[Ss]ecs?\.|§§?)"
_NUM = (
    r"\d{1,4}(?:[.\-]\d{1,3}|/\d{1,3}|/[A-Za-z](?![A-Za-z]))*"
    r"(?:-?[A-Za-z](?![A-Za-z]))?"  # "124A", and "124-A" as South Asian codes write it
    r"(?:\s?(?:bis|ter|quater)\b(?:\s\d{1,2}\b)?)?"
    r"(?:\s?\(\s?(?:\d{1,3}|[a-z]{1,3})\s?\))*"
)
_PART = r"(?:[Pp]arts?|[Pp]aragraphs?|[Pp]aras?\.?|[Cc]lauses?|[Pp]oints?|[Ii]tems?|[Ss]ub-?paragraphs?|[Ss]ubsections?)"
_PART_NUM = r"\d{1,3}(?:\s?\(\s?[a-z0-9]{1,3}\s?\))?"
# The designation starts at its keyword, so that ``re`` can skip ahead by first character; a
# leading "Part 2 of" is matched backwards from the keyword (_PRE_RE).
_PRE_RE = re.compile(rf"(?<![\w-])(?:{_PART}\s*{_PART_NUM}\s*,?\s*(?:of\s+(?:the\s+)?)?)+$")
# "under Article 513, and 74 lashes for ...": a number a count of something follows is no article of the list
_NOT_A_COUNT = (r"(?!\s*(?:lashes|strokes|years?|months?|weeks?|days?|hours?|times|people|persons|million|billion|"
                r"thousand|per\s?cent|%))")
_ARTICLE_RE = re.compile(
    rf"(?<![\w-])"
    rf"(?P<key>{_ART_KEY})\s*(?P<num>{_NUM})"
    rf"(?P<post>(?:\s*,?\s*{_PART}\s*{_PART_NUM})+)?"
    rf"(?P<list>(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)\d{{1,4}}(?:[.\-/]\d{{1,3}})*(?:-?[A-Za-z](?![A-Za-z]))?(?:\s?\(\s?[a-z0-9]{{1,3}}\s?\))*{_NOT_A_COUNT})*)"
    rf"(?!\d)"
)
_BARE_NUM_RE = re.compile(
    r"(?<=\bunder\s)(?P<num>\d{1,4}(?:\s?\(\s?[a-z]\s?\)|[A-Z]|(?:\.\d{1,3})+))"
    r"(?=\s+of\s+(?:the\s+)?(?:[\w']+\s+){0,4}(?:[Cc]ode|[Ll]aw|[Aa]ct|[Oo]rdinance|[Dd]ecree)\b)"
)
_LIST_ITEM = re.compile(r"\d{1,4}(?:[.\-/]\d{1,3})*(?:-?[A-Za-z](?![A-Za-z]))?(?:\s?\(\s?[a-z0-9]{1,3}\s?\))*")


_KEY_LETTER_IN_PARENS = re.compile(r"\s*\(\s*([a-zA-Z]{1,3})\s*\)")
_KEY_NUMBER_IN_PARENS = re.compile(r"\s*\(\s*(\d{1,3})\s*\)")
_KEY_SLASH_NUMBER = re.compile(r"/(\d)")
_KEY_SLASH_LETTER = re.compile(r"/([A-Za-z])")
_KEY_LATIN = re.compile(r"\s*\b(bis|ter|quater)\b\s*", re.I)
_KEY_FINAL_LETTER = re.compile(r"(?<=\d)([a-z])$")
_KEY_HYPHEN_LETTER = re.compile(r"(?<=\d)-([A-Za-z])$")


def _upper_group(m: re.Match[str]) -> str:
    return m.group(1).upper()


def _article_key(number: str) -> str:
    """The normalized form of an article number: "66(d)" -> "66D", "299/1" -> "299.1", "102 bis" -> "102bis",
    "26-A" -> "26A"."""
    num = number.strip()
    num = _KEY_HYPHEN_LETTER.sub(_upper_group, num)
    num = _KEY_LETTER_IN_PARENS.sub(_upper_group, num)
    num = _KEY_NUMBER_IN_PARENS.sub(r".\1", num)
    num = _KEY_SLASH_NUMBER.sub(r".\1", num)
    num = _KEY_SLASH_LETTER.sub(_upper_group, num)
    num = _KEY_LATIN.sub(r"\1", num)
    num = _KEY_FINAL_LETTER.sub(_upper_group, num)
    return num


_PART_NUMBER = re.compile(r"\d{1,3}")


def find_articles(text: str, start: int = 0, end: int | None = None) -> list[ArticleHit]:
    """Criminal-code designations in ``text[start:end]``: "Article 274", "Section 124A", "Part 2 of Article 212".

    A list ("Articles 341 and 342") gives one hit per number: the first with its keyword, the
    rest as the bare number, each grounded in the text.
    """
    start, end = _bounds(text, start, end)
    folded, _ = _prepared(text)
    hits: list[ArticleHit] = []
    for m in _designations(folded, start, end):
        key, num = m.group("key"), m.group("num")
        pre = _PRE_RE.search(folded, max(start, m.start() - 80), m.start())
        if num == "19" and key.lower().startswith("article") and _is_article19_ngo(folded, m, pre is not None):
            continue
        base = _article_key(num)
        parts: list[str] = []
        if pre is not None:
            parts += list(reversed(_PART_NUMBER.findall(pre.group())))
        if m.group("post"):
            parts += _PART_NUMBER.findall(m.group("post"))
        number = base + (" part " + ".".join(parts) if parts else "")
        first_end = m.end("post") if m.group("post") else m.end("num")
        hit_start = pre.start() if pre is not None else m.start("key")
        hits.append(ArticleHit(hit_start, first_end, text[hit_start:first_end], number))
        if m.group("list"):
            offset = m.start("list")
            for item in _LIST_ITEM.finditer(m.group("list")):
                s, e = offset + item.start(), offset + item.end()
                hits.append(ArticleHit(s, e, text[s:e], _article_key(item.group())))
    for m in _bare_numbers(folded, start, end):
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.append(ArticleHit(m.start(), m.end(), text[m.start():m.end()], _article_key(m.group("num"))))
    hits.sort(key=lambda h: h.start)
    return hits


# Needles that every designation contains, with the offset of the keyword's start from them:
# plain substring search finds them far faster than a regular expression scan.
_KEY_NEEDLES = (("rticle", 1), ("RTICLE", 1), ("ection", 1), ("ECTION", 1), ("rt.", 1), ("ec.", 1), ("§", 0))


def _designations(folded: str, start: int, end: int) -> list[re.Match[str]]:
    starts: set[int] = set()
    for needle, back in _KEY_NEEDLES:
        i = folded.find(needle, start, end)
        while i >= 0:
            if i - back >= start:
                starts.add(i - back)
            i = folded.find(needle, i + 1, end)
    out: list[re.Match[str]] = []
    last_end = -1
    for pos in sorted(starts):
        if pos < last_end:
            continue
        m = _ARTICLE_RE.match(folded, pos, end)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def _bare_numbers(folded: str, start: int, end: int) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    i = folded.find("under ", start, end)
    while i >= 0:
        m = _BARE_NUM_RE.match(folded, i + 6, end)
        if m is not None:
            out.append(m)
        i = folded.find("under ", i + 1, end)
    return out


def _is_article19_ngo(folded: str, m: re.Match[str], has_part: bool) -> bool:
    """"Article 19" is the free-expression NGO unless a provision of some instrument follows."""
    if m.group("key").isupper():
        return True
    after = folded[m.end():m.end() + 40]
    return not (m.group("post") or has_part or _PROVISION_AFTER.match(after))


_PROVISION_AFTER = re.compile(r"\s*(?:of\b|\(|,\s*(?:part|paragraph|para))")


_NON_CRIMINAL = re.compile(
    r"\s*(?:,\s*)?(?:of|under|in)\s+(?:the\s+)?(?:[\w'-]+\s+){0,5}?"
    r"(?P<what>(?:[Cc]riminal|[Pp]enal)\s+[Cc]ode|[Cc]ode\s+of\s+[Aa]dministrative|[Aa]dministrative\s+(?:[Cc]ode|[Oo]ffen[cs]es)"
    r"|[Cc]onstitution|[Cc]onvention|[Cc]ovenant|[Dd]eclaration|[Cc]harter|[Cc]ode\s+of\s+[Cc]riminal\s+[Pp]rocedure"
    r"|[Cc]riminal\s+[Pp]rocedur\w*\s+[Cc]ode|[Ll]aw\s+on\s+[Mm]igration|[Mm]igration\s+[Ll]aw|[Ee]lectoral|[Cc]ivil\s+[Cc]ode"
    r"|[Ll]abou?r\s+[Cc]ode|[Tt]ax\s+[Cc]ode|[Ff]amily\s+[Cc]ode|ICCPR|UDHR|ECHR|International\s+Covenant)"
)


def _code_kind(folded: str, pos: int) -> str | None:
    """Which code a designation ending at ``pos`` belongs to: "criminal" (also when unsaid), "administrative", or None."""
    m = _NON_CRIMINAL.match(folded, pos, min(len(folded), pos + 120))
    if m is None:
        return "criminal"
    what = m.group("what").lower()
    if what.startswith(("criminal", "penal")) and "procedur" not in what:
        return "criminal"
    if "administrative" in what:
        return "administrative"
    return None


_PARTS_TAIL = re.compile(r"\s*\bpart\b.*$", re.I)
_LAST_SUBDIVISION = re.compile(r"(?:[.\-]\d{1,3}|(?<=[a-z])\d+|[A-Z]|bis|ter|quater)$")


def article_category(country: str | None, number: str, code: str = "criminal") -> str | None:
    """The charge category of an article of ``country``'s code, matched by the article or its base.

    ``number`` may carry parts: "274.2", "274 part 2", "206.3.2" and "193-1" all resolve, the
    most specific mapped form winning. ``code`` is "criminal" or "administrative".

        >>> article_category("KZ", "274 part 2")
        'false_information'
    """
    if not country:
        return None
    mapping = _charge_rules().articles.get(country.upper(), {}).get(code)
    if not mapping:
        return None
    key = _article_key(_PARTS_TAIL.sub("", number))
    while key:
        if key in mapping:
            return mapping[key]
        shorter = _LAST_SUBDIVISION.sub("", key)
        if shorter == key:
            return None
        key = shorter
    return None


# ------------------------------------------------------------------ places

_NAME_LIST_KEYS = {"names": "country", "demonyms": "demonym", "cities": "city", "regions": "region"}


@dataclass(frozen=True, slots=True)
class _Places:
    scan: WordScan  # the names as whole words
    entries: dict[str, tuple[str, str, bool] | None]  # folded surface -> (country, kind, ambiguous); None: ignore
    weights: dict[str, int]


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("s", "sh", "ch", "ese", "x", "z")) or " " in demonym:
        return None
    return demonym + "s"


@cache
def _places() -> _Places:
    data = load("countries")
    entries: dict[str, tuple[str, str, bool] | None] = {}
    for code, info in data["countries"].items():
        if not re.fullmatch(r"[A-Z]{2}", str(code)):
            raise ConfigError(f"countries.yaml: {code!r} is not an ISO 3166-1 alpha-2 code")
        for key, kind in _NAME_LIST_KEYS.items():
            for raw in info.get(key) or []:
                ambiguous = raw.startswith("~")
                name = fold(raw.lstrip("~"))
                forms = [name]
                if kind == "demonym" and (p := _plural(name)):
                    forms.append(p)
                for form in forms:
                    if form in entries and entries[form] is not None and entries[form][0] != code:  # type: ignore[index]
                        raise ConfigError(f"countries.yaml: {form!r} is listed for {entries[form][0]} and {code}; keep one")  # type: ignore[index]
                    entries[form] = (str(code), kind, ambiguous)
    for raw in data.get("ignore") or []:
        entries[fold(raw)] = None
    weights = {k: int(v) for k, v in (data.get("weights") or {}).items()}
    return _Places(WordScan(entries), entries, weights)


_CAP_BEFORE = re.compile(r"([A-Z][a-z'\-]+)[ ]$")
_CAP_AFTER = re.compile(r"[ ]([A-Z][a-z'\-]+)")
_FUNCTION_WORDS = frozenset(
    "In From To The And Of By For With Near Across Against Into Over Under On At As About Both Between "
    "Kingdom Republic State Hashemite Including Via Like".split()
)


def find_places(text: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
    """Countries, demonyms, cities and regions in ``text[start:end]``, each with its ISO country code.

    Names that are also given names ("Jordan", "Chad") are skipped beside another capitalized word.

        >>> [(h.text, h.country, h.kind) for h in find_places("A Kazakh court in Almaty")]
        [('Kazakh', 'KZ', 'demonym'), ('Almaty', 'KZ', 'city')]
    """
    if start == 0 and end is None and len(text) <= _SHORT:
        return list(_short_places(text))  # a name or a word: the people component asks about each often
    if len(text) > _SHORT:
        # A document's text: its stretches (each event's sentence) read one scan of the whole text.
        hits = _scanned_places(text, start, end)
        if hits is not None:
            return hits
    return list(_iter_places(text, start, end))


@_per_text
def _place_scan(text: str) -> tuple[list[int], list[int], list[PlaceHit | None]]:
    """Every match of the places regex over the whole folded text: starts, ends, and the hit each
    gives (None: an ignored name, or an ambiguous one beside another name), as _iter_places decides."""
    folded, _ = _prepared(text)
    places = _places()
    entries = places.entries
    starts: list[int] = []
    ends: list[int] = []
    hits: list[PlaceHit | None] = []
    for s, e, name in places.scan.finditer(folded):
        entry = entries[name]
        hit = None
        if entry is not None:
            country, kind, ambiguous = entry
            if not (ambiguous and _next_to_name(folded, s, e)):
                hit = PlaceHit(s, e, text[s:e], country, kind)
        starts.append(s)
        ends.append(e)
        hits.append(hit)
    return starts, ends, hits


_WORD_CHAR = re.compile(r"\w")


def _scanned_places(text: str, start: int, end: int | None) -> list[PlaceHit] | None:
    """``_iter_places(text, start, end)`` read from the whole text's scan, or None where the stretch's
    own scan could differ: a match of the whole text runs across one of its edges, or its end cuts
    a word (a scan that stops there may take "France" from "Francesco"). Otherwise the stretch's
    scan meets the same matches: the regex looks behind its start into the text either way, and
    a match that ends at its end sees no word character after it either way."""
    start, end = _bounds(text, start, end)
    starts, ends, hits = _place_scan(text)
    first = bisect.bisect_left(starts, start)
    if first > 0 and ends[first - 1] > start:
        return None
    stop = bisect.bisect_left(starts, end)
    if stop > 0 and ends[stop - 1] > end:
        return None
    if end < len(text) and _WORD_CHAR.match(_prepared(text)[0], end):
        return None
    return [hit for hit in hits[first:stop] if hit is not None]


@lru_cache(maxsize=4096)
def _short_places(text: str) -> tuple[PlaceHit, ...]:
    return tuple(_iter_places(text, 0, None))


def _iter_places(text: str, start: int, end: int | None) -> Iterator[PlaceHit]:
    """The hits of :func:`find_places`, found one at a time (a caller may stop at the first it wants)."""
    start, end = _bounds(text, start, end)
    folded, _ = _prepared(text)
    places = _places()
    entries = places.entries
    for s, e, name in places.scan.finditer(folded, start, end):
        entry = entries[name]
        if entry is None:
            continue
        country, kind, ambiguous = entry
        if ambiguous and _next_to_name(folded, s, e):
            continue
        yield PlaceHit(s, e, text[s:e], country, kind)


def first_place_of(text: str, country: str) -> PlaceHit | None:
    """The first place :func:`find_places` finds in ``text`` that is of ``country``, or None."""
    if len(text) > _SHORT:  # a document's text: its scan is already made (country_votes)
        return next((hit for hit in _place_scan(text)[2] if hit is not None and hit.country == country), None)
    return next((hit for hit in _iter_places(text, 0, None) if hit.country == country), None)


def _next_to_name(folded: str, s: int, e: int) -> bool:
    before = _CAP_BEFORE.search(folded, max(0, s - 30), s)
    if before and before.group(1) not in _FUNCTION_WORDS:
        return True
    after = _CAP_AFTER.match(folded, e)
    return bool(after and after.group(1) not in _FUNCTION_WORDS)


def country_votes(text: str) -> dict[str, int]:
    """ISO code -> weighted count of the places a text names (weights per kind in countries.yaml)."""
    weights = _places().weights
    votes: dict[str, int] = {}
    for hit in find_places(text):
        votes[hit.country] = votes.get(hit.country, 0) + weights.get(hit.kind, 1)
    return votes


# ------------------------------------------------------------------ organizations


@dataclass(frozen=True, slots=True)
class _Orgs:
    sensitive: _LookbehindScan  # acronyms and one-word names, case as written, over folded text
    insensitive: re.Pattern[str]  # longer names, over lower-cased folded text
    surface: dict[str, OrgInfo | None]  # folded surface (lower case for names) -> info; None: ignore
    by_key: dict[str, OrgInfo]
    by_acronym: dict[str, OrgInfo]


_SYNONYM_PREFIXES = (("United Nations ", "UN ", "U.N. "), ("U.S. ", "US ", "United States "))


def _variants(name: str) -> list[str]:
    """Spelling variants that news use for the same body: UN / U.N. / United Nations, US / U.S."""
    for group in _SYNONYM_PREFIXES:
        for prefix in group:
            if name.startswith(prefix):
                return [p + name[len(prefix):] for p in group]
    return [name]


def _case_sensitive(form: str) -> bool:
    """Short names ("Memorial", "Freedom House") and acronyms match as written; names of 3+ words in any case."""
    return len(form.split()) < 3 or form.isupper()


@cache
def _orgs() -> _Orgs:
    data = load("organizations")
    surface: dict[str, OrgInfo | None] = {}
    by_key: dict[str, OrgInfo] = {}
    by_acronym: dict[str, OrgInfo] = {}
    sens: set[str] = set()
    insens: set[str] = set()
    for entry in data["organizations"]:
        kind = entry.get("kind")
        if kind not in ORGANIZATION_KINDS:
            raise ConfigError(f"organizations.yaml: {entry.get('name')!r} has kind {kind!r}; use one of {ORGANIZATION_KINDS}")
        info = OrgInfo(entry["name"], kind, tuple(entry.get("acronyms") or ()), tuple(entry.get("aliases") or ()))
        for form in [info.name, *info.aliases]:
            for variant in _variants(fold(form)):
                by_key.setdefault(_norm_key(variant), info)
                if _case_sensitive(variant) or entry.get("case") == "sensitive":
                    sens.add(variant)
                    surface.setdefault(variant, info)
                else:
                    insens.add(variant.lower())
                    surface.setdefault(variant.lower(), info)
        for acronym in info.acronyms:
            by_acronym.setdefault(fold(acronym), info)
            sens.add(fold(acronym))
            surface.setdefault(fold(acronym), info)
    for raw in data.get("ignore") or []:
        form = fold(raw)
        if _case_sensitive(form):
            sens.add(form)
            surface[form] = None
        else:
            insens.add(form.lower())
            surface[form.lower()] = None
    sensitive = _LookbehindScan(r"[\w\-/]", rf"(?:{words_pattern(sorted(sens))})(?![\w/])")
    insensitive = re.compile(rf"(?<![\w\-])(?:{words_pattern(sorted(insens))})(?![\w])")
    return _Orgs(sensitive, insensitive, surface, by_key, by_acronym)


def find_organizations(text: str, start: int = 0, end: int | None = None) -> list[OrgHit]:
    """NGOs, international bodies, media and agencies in ``text[start:end]``, by name or acronym.

        >>> [(h.text, h.name) for h in find_organizations("HRW and the CPJ said")]
        [('HRW', 'Human Rights Watch'), ('CPJ', 'Committee to Protect Journalists')]
    """
    hits, starts = _all_organizations(text)
    return _within(hits, starts, text, start, end)


@_per_text  # a document is asked about many of its stretches in turn
def _all_organizations(text: str) -> tuple[list[OrgHit], list[int]]:
    """The organizations of a whole text, and their start offsets (for :func:`_within`)."""
    folded, lower = _prepared(text)
    orgs = _orgs()
    cands: list[tuple[int, int, OrgInfo | None]] = []
    surface = orgs.surface
    for m in orgs.sensitive.finditer(folded):
        cands.append((m.start(), m.end(), surface.get(_SPACES.sub(" ", m.group()))))
    for m in orgs.insensitive.finditer(lower):
        cands.append((m.start(), m.end(), surface.get(_SPACES.sub(" ", m.group()))))
    hits = [
        OrgHit(s, e, text[s:e], info.name, info.kind) for s, e, info in _longest_first(cands) if info is not None
    ]
    return hits, [h.start for h in hits]


_Hit = TypeVar("_Hit", "OrgHit", "OccupationHit")


def _within(hits: list[_Hit], starts: list[int], text: str, start: int, end: int | None) -> list[_Hit]:
    """The hits of a whole text (in order, starting at ``starts``) that lie inside ``text[start:end]``
    (a name the bounds cut is none)."""
    if not hits:
        return []
    # _bounds, inlined: the people component asks about ~100 stretches of each document
    n = len(text)
    if end is None or end > n:
        end = n
    elif end < 0:
        end = 0
    if start < 0:
        start = 0
    elif start > end:
        start = end
    if start == 0 and end == n:
        return list(hits)
    first, stop = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [hit for hit in hits[first:stop] if hit.end <= end]


def org_by_name(name: str) -> OrgInfo | None:
    """The organization a name or acronym denotes, e.g. ``org_by_name("HRW").name == "Human Rights Watch"``."""
    return _short_org_by_name(name) if len(name) <= _SHORT else _org_by_name(name)


@lru_cache(maxsize=4096)  # the people and advocacy components ask about the same names often
def _short_org_by_name(name: str) -> OrgInfo | None:
    return _org_by_name(name)


_POSSESSIVE_S = re.compile(r"['’]s$")


def _org_by_name(name: str) -> OrgInfo | None:
    orgs = _orgs()
    stripped = _POSSESSIVE_S.sub("", name.strip())
    return orgs.by_acronym.get(fold(stripped)) or orgs.by_key.get(_norm_key(stripped))


# ------------------------------------------------------------------ occupations


@dataclass(frozen=True, slots=True)
class _Occupations:
    regex: re.Pattern[str]
    sensitive: _LookbehindScan | None
    labels: dict[str, str]  # term (lower case, or as written when case-sensitive) -> label


def _plural_term(term: str) -> str:
    head, sep, tail = term.partition("-in-")
    if sep:
        return _plural_term(head) + sep + tail
    if " in chief" in term:
        first, _, rest = term.partition(" ")
        return _plural_term(first) + " " + rest
    if term.endswith("man"):
        return term[:-3] + "men"
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return term[:-1] + "ies"
    if term.endswith(("s", "x", "ch", "sh")):
        return term + "es"
    return term + "s"


@cache
def _occupations() -> _Occupations:
    data = load("occupations")
    labels: dict[str, str] = {}
    sensitive_labels: dict[str, str] = {}
    for label, terms in data["occupations"].items():
        for raw in terms or []:
            term = fold(str(raw)).lower()
            for form in (term, _plural_term(term)):
                labels.setdefault(form, label)
    for label, terms in (data.get("case_sensitive") or {}).items():
        for raw in terms or []:
            sensitive_labels[fold(str(raw))] = label
    modifiers = sorted({fold(m).lower() for m in data.get("modifiers") or []})
    mods = rf"(?:(?:{words_pattern(modifiers)})(?:\s+|-))" if modifiers else ""
    regex = re.compile(rf"(?<!\w)(?:{mods}){{0,2}}(?P<t>{words_pattern(sorted(labels))})(?!\w)")
    sensitive = None
    if sensitive_labels:
        sensitive = _LookbehindScan(r"[\w\-]", rf"(?:{words_pattern(sorted(sensitive_labels))})(?![\w])")
    labels.update(sensitive_labels)
    return _Occupations(regex, sensitive, labels)


def find_occupations(text: str, start: int = 0, end: int | None = None) -> list[OccupationHit]:
    """Occupations in ``text[start:end]`` with their label: "investigative journalist" -> "journalist".

    Words inside an organization's name ("Reporters Without Borders") are not occupations.

        >>> [(h.text, h.occupation) for h in find_occupations("an opposition leader and poet")]
        [('opposition leader', 'politician'), ('poet', 'poet')]
    """
    hits, starts = _all_occupations(text)
    return _within(hits, starts, text, start, end)


@_per_text  # a word or a name is asked about often; a document for many of its stretches
def _all_occupations(text: str) -> tuple[list[OccupationHit], list[int]]:
    """The occupations of a whole text, and their start offsets (for :func:`_within`)."""
    folded, lower = _prepared(text)
    occ = _occupations()
    cands: list[tuple[int, int, str]] = []
    for m in occ.regex.finditer(lower):
        # "chief editor" is a term of its own, not the modifier "chief" before "editor"
        whole = occ.labels.get(_SPACES.sub(" ", m.group()))
        cands.append((m.start(), m.end(), whole or occ.labels[_SPACES.sub(" ", m.group("t"))]))
    if occ.sensitive is not None:
        for m in occ.sensitive.finditer(folded):
            cands.append((m.start(), m.end(), occ.labels[m.group()]))
    if cands:
        # "Journalists" in "Committee to Protect Journalists" names no one's occupation
        orgs = [(o.start, o.end) for o in _all_organizations(text)[0]]
        cands = [c for c in cands if not any(s <= c[0] and c[1] <= e for s, e in orgs)]
    hits = [OccupationHit(s, e, text[s:e], label) for s, e, label in _longest_first(cands)]
    return hits, [h.start for h in hits]


