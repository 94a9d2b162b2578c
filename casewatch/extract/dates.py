"""Date phrases and durations found in text by rules, resolved against an anchor date.

Finding is pure regular expressions compiled once at import from ``rules/dates.yaml``;
nothing here parses a whole text with a general date parser. The choices that keep
false dates out:

- Month names count in Title or UPPER case only ("may", "march" are verbs), and a
  month with neither day nor year counts only after a trigger ("in August",
  "since May", "last February", "early November").
- A bare year (1900-2099) counts only after a trigger ("in 2015", "since 2019"),
  after "the" when a word follows ("the 2016 referendum"), or before an event noun
  ("2015 elections"); never when a count noun follows ("in 2000 cases"), after a
  currency sign or "No.", or inside a longer number ("1,350", "2020/15").
- Day-first numeric dates ("10.04.2023", "10/04/2023"); a slashed date reads
  month-first only when its second number cannot be a month ("04/25/2023").

Resolution follows ontology.md "Dates": a yearless date is the most recent such
date not after the anchor, compared at the anchor's precision; a weekday is the
most recent such day on or before a day-precision anchor.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from casewatch.core.types import DateValue
from casewatch.extract.prefilter import fold
from casewatch.extract.rules import load

__all__ = [
    "DatePhrase",
    "Duration",
    "add_days",
    "add_months",
    "compare",
    "find_date_phrases",
    "find_durations",
    "infer_anchor",
    "number_value",
    "parse_published",
    "resolve_date",
]


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A date as the text words it; ``text[start:end]`` is the phrase.

    ``relative`` names a date relative to the anchor: ``today``, ``yesterday``,
    ``tomorrow``, ``last_night``, ``this_week``/``last_week``/``next_week``,
    ``last_weekend``, ``this_month``/``last_month``/``next_month``,
    ``this_year``/``last_year``/``next_year``, ``days_ago:N``, ``weeks_ago:N``,
    ``months_ago:N``, ``years_ago:N``; and ``last``/``next`` on a month or weekday
    ("last February", "next Monday"): strictly before / after the anchor.
    """

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    modifier: str | None = None
    relative: str | None = None
    span_days: bool = False

    @property
    def explicit_year(self) -> bool:
        return self.year is not None


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time: years and months in ``months``, weeks and days in ``days``."""

    start: int
    end: int
    months: int | None
    days: int | None
    approximate: bool = False


# ---------------------------------------------------------------- lexicons

_RULES = load("dates")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _title_and_upper(names: Iterable[str]) -> list[str]:
    return [form for name in names for form in (name, name.upper())]


_MONTH_NUMBER: dict[str, int] = {}
_MONTH_FULL_FORMS: list[str] = []
_MONTH_ABBR_FORMS: list[str] = []
for _entry in _RULES["months"]:
    for _form in _title_and_upper(_entry["names"]):
        _MONTH_NUMBER[_form] = _entry["number"]
        _MONTH_FULL_FORMS.append(_form)
    for _form in _title_and_upper(_entry["abbreviations"]):
        _MONTH_NUMBER[_form] = _entry["number"]
        _MONTH_ABBR_FORMS.append(_form)

_WEEKDAY_NUMBER: dict[str, int] = {}
_WEEKDAY_FULL_FORMS: list[str] = []
_WEEKDAY_ABBR_FORMS: list[str] = []
for _entry in _RULES["weekdays"]:
    for _form in _title_and_upper(_entry["names"]):
        _WEEKDAY_NUMBER[_form] = _entry["number"]
        _WEEKDAY_FULL_FORMS.append(_form)
    for _form in _title_and_upper(_entry["abbreviations"]):
        _WEEKDAY_NUMBER[_form] = _entry["number"]
        _WEEKDAY_ABBR_FORMS.append(_form)

_NUMBER_WORDS: dict[str, int] = {k.lower(): int(v) for k, v in _RULES["numbers"].items()}
_MODIFIERS: dict[str, str] = {k.lower(): v for k, v in _RULES["modifiers"].items()}
_QUANTITY_WORDS = frozenset(w.lower() for w in _RULES["quantity_words"])
_WEEKDAY_NOT_AFTER = frozenset(_RULES["weekday_not_after"])
_WEEKDAY_NOT_BEFORE = frozenset(_RULES["weekday_not_before"])
_WEEKDAY_PAPERS = frozenset(_RULES["weekday_paper_before_on"])
_RATE_WORDS = frozenset(w.lower() for w in _RULES["rate_words"])

# ---------------------------------------------------------------- regex pieces
# Python's regex engine skips quickly to positions whose first character can start a
# match when the pattern opens with a character class; patterns that open with a
# lookbehind are tried at every position (3-4x slower). Hence the ``_first(...)`` heads.


def _first(*words: Iterable[str], digits: bool = False, both_cases: bool = False) -> str:
    """A lookahead on the characters that can open one of ``words`` (and digits)."""
    chars = {w[0] for group in words for w in group}
    if both_cases:
        chars |= {c.lower() for c in chars} | {c.upper() for c in chars}
    return "(?=[" + ("0-9" if digits else "") + "".join(sorted(chars)) + "])"


_M_FULL = rf"(?:{_alt(_MONTH_FULL_FORMS)})(?![A-Za-z])"
_M_ANY = rf"(?:{_alt(_MONTH_FULL_FORMS)}|(?:{_alt(_MONTH_ABBR_FORMS)})(?![A-Za-z])\.?)(?![A-Za-z])"
_WD_FULL = rf"(?:{_alt(_WEEKDAY_FULL_FORMS)})(?![A-Za-z])"
_WD_ANY = rf"(?:{_alt(_WEEKDAY_FULL_FORMS + _WEEKDAY_ABBR_FORMS)})(?![A-Za-z])"
_COUNT = rf"(?:{_alt(_RULES['count_nouns'])})(?![A-Za-z])"
# A year inside a written date: not part of a longer number, a decade ("1990s") or a
# range of another kind than year to year ("2020/15", "2014-15" are not years).
_YEAR_IN_DATE = r"(?:19|20)\d\d(?!\d|[.,/]\d|[\-–](?!(?:19|20)\d\d(?!\d))\d|[A-Za-z]|\s*%)"
# A year standing alone must not be a count either: "in 2000 cases".
_YEAR = rf"{_YEAR_IN_DATE}(?!\s+{_COUNT})"
# A day of the month: not a decimal, a time, a thousands group or a count.
_DAY = rf"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\dA-Za-z]|\.\d|,\d{{3}}(?!\d)|:\d|\s*%|\s+{_COUNT})"
_DAY_JOIN = r"\s*(?:-|–|—|&|(?i:to|and|or|through|until))\s*"
_REL_WORD = r"(?i:this|last|next)"
_YEAR_TAIL = (
    rf"(?:(?:,\s*|\s+)(?i:of\s+)?(?P<y>{_YEAR_IN_DATE})"
    rf"|,?\s+(?i:of\s+)?(?P<ry>{_REL_WORD}|(?i:the\s+same|that|the\s+following|the\s+previous))\s+(?i:year)(?![\w]))"
)
_WORDNUM = (
    rf"(?:(?:{_alt(k for k, v in _NUMBER_WORDS.items() if v >= 20)})(?:[-\s](?:{_alt(k for k, v in _NUMBER_WORDS.items() if v < 10)}))?"
    rf"|{_alt(k for k, v in _NUMBER_WORDS.items() if v < 20)})(?![A-Za-z])"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?(?![\d,.]\d)|(?i:{_WORDNUM}))"
# A count in figures or words ("10", "nineteen", "twenty-one"), for other modules' patterns; see number_value.
NUMBER_PATTERN = _NUM
_MOD_WORDS = ("early", "late", "mid", "the", "very", *_MODIFIERS)

_F = re.VERBOSE

# "April 10", "Apr. 10th, 2023", "Monday, May 5-6", "May 2020", "November last year", "August".
_RE_MONTH_LED = re.compile(
    rf"""{_first(_MONTH_FULL_FORMS, _MONTH_ABBR_FORMS, _WEEKDAY_FULL_FORMS, _WEEKDAY_ABBR_FORMS)}(?<![\w])
    (?:(?P<wd>{_WD_ANY})\.?,?\s+)?
    (?P<m>{_M_ANY})
    (?:(?:(?<=\.)\s*|\s+)(?:(?i:the)\s+)?(?P<d>{_DAY})(?:{_DAY_JOIN}(?P<d2>{_DAY}))?)?
    {_YEAR_TAIL}?""",
    _F,
)
# "10 April 2023", "10th of April", "5-6 May", "5 and 7 June", "Mon, 10 Apr 2023".
_RE_DAY_LED = re.compile(
    rf"""{_first(_WEEKDAY_FULL_FORMS, _WEEKDAY_ABBR_FORMS, digits=True)}(?<![\w.,:/$€£#–-])
    (?:(?P<wd>{_WD_ANY})\.?,?\s+(?:(?i:the)\s+)?)?
    (?P<d>{_DAY})(?:{_DAY_JOIN}(?:(?i:the)\s+)?(?P<d2>{_DAY}))?
    \s+(?:(?i:of)\s+)?(?P<m>{_M_ANY})
    {_YEAR_TAIL}?""",
    _F,
)
# "late February 2022", "mid-2021", "the end of May", "the beginning of 2020", "late last year".
_RE_MOD = re.compile(
    rf"""{_first(_MOD_WORDS, both_cases=True)}(?<![\w])
    (?:(?P<mw>(?i:early|late|mid))(?:\s*-\s*|\s+)
      |(?i:the\s+)?(?i:very\s+)?(?P<mn>(?i:{_alt(_MODIFIERS)}))\s+(?i:of)\s+(?:(?i:the\s+month\s+of)\s+)?
      |(?P<me>(?i:end|mid))-)
    (?:(?P<m>{_M_ANY}){_YEAR_TAIL}?
      |(?P<y2>{_YEAR})
      |(?P<ry2>{_REL_WORD})\s+(?P<u>(?i:year|month|week))(?!\w))""",
    _F,
)
# "today", "yesterday", "last night", "earlier this month", "last week".
_RE_REL = re.compile(
    rf"""{_first(("earlier", "later", "today", "yesterday", "tomorrow", "tonight", "this", "last", "next"), both_cases=True)}
    (?<![\w])
    (?:(?:(?i:earlier|later)\s+)?(?P<t>(?i:today|yesterday|tomorrow|tonight))
      |(?P<tp>(?i:this))\s+(?i:morning|afternoon|evening)
      |(?P<ln>(?i:last))\s+(?i:night)
      |(?:(?i:earlier|later)\s+)?(?P<w>{_REL_WORD})\s+(?P<u>(?i:weekend|week|month|year)))
    (?![\w-])""",
    _F,
)
# "three days ago", "a year ago"; run only on texts that say "ago".
_RE_AGO = re.compile(
    rf"(?<![\w-])(?P<n>{_NUM}|(?i:an?))\s+(?P<u>(?i:day|week|month|year))s?\s+(?i:ago)(?![\w-])", _F
)
# The patterns below open with a consuming character (the lookbehind comes after it and looks
# two characters back): re then skips quickly to the positions whose character can open a match,
# where a lookahead opening (as ``_first`` gives) still costs a try at every position.


def _opened(word: str, not_after: str) -> str:
    """``word`` (a literal) not preceded by a character of the class ``not_after``."""
    head = re.escape(word[0])
    return rf"{head}(?<![{not_after}]{head}){re.escape(word[1:])}"


def _year_opened(not_after: str) -> str:
    """The opening "19" or "20" of a year, not preceded by a character of the class ``not_after``."""
    return rf"(?:{_opened('19', not_after)}|{_opened('20', not_after)})"


assert _YEAR.startswith("(?:19|20)")
_WD_FULL_OPENED = (
    "(?:" + "|".join(_opened(w, r"\w-") for w in sorted(set(_WEEKDAY_FULL_FORMS), key=lambda w: (-len(w), w)))
    + ")(?![A-Za-z])"
)
_RE_WEEKDAY = re.compile(rf"(?P<wd>{_WD_FULL_OPENED})(?!-)", _F)
_RE_YEAR = re.compile(_year_opened(r"\w$€£¥₽#№.,/+") + _YEAR[len("(?:19|20)"):], _F)
_ISO_NOT_AFTER = r"\w.,/\-"
_RE_ISO = re.compile(
    rf"(?P<y>{_year_opened(_ISO_NOT_AFTER)}\d\d)(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d|[.,/\-]\d)"
)
_RE_NUMERIC = re.compile(
    r"(?P<a>\d(?<![\w.,/+\-]\d)\d?)(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?!\d|[.,/\-]\d)"
)

# Context checks, run on the few characters around a candidate.
_RE_PREV_WORD = re.compile(r"([\w’'.]+)[ \t]*$")
_RE_NEXT_WORD = re.compile(r"[ \t]*([\w’']+)")
_RE_NAMED_AFTER = re.compile(r"['’]s\s+[A-Z]")
_RE_NUMBER_SIGN = re.compile(r"(?:\b(?:No|Nos|no|Nr|nr)\.?|#|№)\s*$")
_RE_MONTH_TRIGGER_BEFORE = re.compile(
    rf"(?:(?<![\w])(?i:{_alt(_RULES['bare_month_triggers'])})\s+(?:(?i:the\s+month\s+of)\s+)?"
    rf"|{_M_FULL}\s*(?:,|-|–|(?i:and|or|to|through|until))\s*)$"
)
_RE_YEAR_TRIGGER_BEFORE = re.compile(
    rf"(?:(?<![\w])(?P<trig>(?i:{_alt(_RULES['year_triggers'])}))\s+(?:(?i:the)\s+)?"
    rf"|(?<![\w])(?P<the>(?i:the))\s+"
    rf"|(?<![\w])(?P<prev>(?:19|20)\d\d)\s*(?:,|-|–|(?i:and|or|to|until|through))\s*)$"
)
_RE_YEAR_EVENT_AFTER = re.compile(rf"\s+(?:[A-Za-z]+\s+)?(?:{_alt(_RULES['year_event_nouns'])})\b")
_RE_WORD_AFTER = re.compile(r"\s+[A-Za-z]")
_RE_WEEKDAY_REL_BEFORE = re.compile(r"(?<![\w])(?P<rel>(?i:last|next|this|past))\s+$")

# ---------------------------------------------------------------- finding dates


def find_date_phrases(text: str, start: int = 0, end: int | None = None) -> list[DatePhrase]:
    """Every date phrase in ``text[start:end]``, in text order, none overlapping.

    >>> [(p.month, p.day) for p in find_date_phrases("Detained on April 10, he ...")]
    [(4, 10)]
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"region {start}:{end} lies outside a text of {len(text)} characters")
    found: list[DatePhrase] = []
    folded = fold(text)
    for pattern, handler in _FINDERS:
        for match in _matches(pattern, text, folded, start, end):
            found.extend(handler(text, match))
    if text.find("ago", start, end) >= 0:
        for match in _RE_AGO.finditer(text, start, end):
            found.extend(_ago(text, match))
    return _shared_years(text, _non_overlapping(found))


_MONTH_JOIN = re.compile(r"\s*(?:and|or|to|through|-|–|—)\s*")


def _shared_years(text: str, phrases: list[DatePhrase]) -> list[DatePhrase]:
    """A yearless month joined to the next, dated one takes its year: "in April and May 2011" is
    April 2011, "between 3 and 5 March 2024" is not touched (the first is no month).

    >>> [(p.year, p.month) for p in _shared_years("in April and May 2011", find_date_phrases("in April and May 2011"))]
    [(2011, 4), (2011, 5)]
    """
    out = list(phrases)
    for i in range(len(out) - 2, -1, -1):
        first, second = out[i], out[i + 1]
        if (first.year is None and first.month is not None and first.relative is None and first.weekday is None
                and second.year is not None and second.month is not None
                and _MONTH_JOIN.fullmatch(text, first.end, second.start) and second.month >= first.month):
            out[i] = replace(first, year=second.year)
    return out


def _matches(pattern: re.Pattern[str], text: str, folded: str | None, start: int, end: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``; for the patterns with a table of the places their matches
    can start (_CANDIDATES), tried only there: the re module cannot skip to the words that open them."""
    candidates = _CANDIDATES.get(pattern)
    if candidates is None or folded is None:
        yield from pattern.finditer(text, start, end)
        return
    pos = start
    for at in candidates(text, folded, start, end):
        if at >= pos:
            match = pattern.match(text, at, end)
            if match is not None:
                yield match
                pos = match.end()  # as finditer goes on (no pattern here matches the empty string)


# The words that open a match of _RE_REL ("earlier", "today", "last", ...) and the modifier words of _RE_MOD,
# found with str.find in the folded text (prefilter.fold: lower case as IGNORECASE compares letters, the
# same length): a superset of the places where the case-insensitive words can match. (A word found inside
# a longer one is kept too; it is only one more place to try.)
_REL_OPENERS = ("earlier", "later", "today", "yesterday", "tomorrow", "tonight", "this", "last", "next")
_MOD_OPENERS = tuple(dict.fromkeys(("early", "late", "mid", *_MODIFIERS)))


def _occurrences(folded: str, words: tuple[str, ...], start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of ``words`` inside ``folded[start:end]``."""
    found: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word, start, end)
        while at >= 0:
            found.append((at, at + len(word)))
            at = folded.find(word, at + 1, end)
    return found


def _rel_starts(text: str, folded: str, start: int, end: int) -> list[int]:
    return sorted(at for at, _ in _occurrences(folded, _REL_OPENERS, start, end))


def _mod_starts(text: str, folded: str, start: int, end: int) -> list[int]:
    """Where a match of _RE_MOD can start: at its modifier word (a space or hyphen after it), or at "the"
    or "very" before it."""
    starts: set[int] = set()
    for at, after in _occurrences(folded, _MOD_OPENERS, start, end):
        if after >= end or not (folded[after] == "-" or folded[after].isspace()):
            continue
        starts.add(at)
        very = _word_before_at(folded, at, start, "very")
        if very >= 0:
            starts.add(very)
            the = _word_before_at(folded, very, start, "the")
            if the >= 0:
                starts.add(the)
        the = _word_before_at(folded, at, start, "the")
        if the >= 0:
            starts.add(the)
    return sorted(starts)


def _prefixes(words: Iterable[str]) -> list[str]:
    """The fewest of ``words`` of which each word starts with one ("Sep" for "Sep", "Sept", "September")."""
    kept: list[str] = []
    for word in sorted(set(words), key=lambda w: (len(w), w)):
        if not word.startswith(tuple(kept)):
            kept.append(word)
    return kept


# A month-led date opens with its weekday or its month, in Title or UPPER case as the pattern has them: an
# alternation of their shortest forms ("Sep", "SEP", "Mon") lets re skip to the capitals that can open one.
_MONTH_LED_OPENERS = re.compile(
    "|".join(_prefixes(_MONTH_FULL_FORMS + _MONTH_ABBR_FORMS + _WEEKDAY_FULL_FORMS + _WEEKDAY_ABBR_FORMS))
)


def _month_led_starts(text: str, folded: str, start: int, end: int) -> list[int]:
    # (a form found inside another is missed, but it follows a letter: no match of _RE_MONTH_LED starts there)
    return [m.start() for m in _MONTH_LED_OPENERS.finditer(text, start, end)]


def _word_before_at(folded: str, at: int, start: int, word: str) -> int:
    """The start of ``word`` when whitespace (``\\s+``) alone separates it from ``at``, not before ``start``; else -1."""
    gap = at
    while gap > start and folded[gap - 1].isspace():  # str.isspace is what \s matches in a str pattern
        gap -= 1
    if gap == at or gap - len(word) < start or not folded.startswith(word, gap - len(word)):
        return -1
    return gap - len(word)


def _non_overlapping(found: list[DatePhrase]) -> list[DatePhrase]:
    """Keep the longest phrases; a shorter one that overlaps a kept one is dropped."""
    kept: list[DatePhrase] = []
    for phrase in sorted(found, key=lambda p: (p.start - p.end, p.start)):
        if all(phrase.end <= k.start or phrase.start >= k.end for k in kept):
            kept.append(phrase)
    return sorted(kept, key=lambda p: p.start)


def _month(token: str) -> int:
    return _MONTH_NUMBER[token.rstrip(".")]


def _day(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    if year is None:
        last = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    else:
        last = calendar.monthrange(year, month)[1]
    return 1 <= day <= last


def _rel_year(words: str | None) -> str | None:
    """ "last" -> "last_year"; "the same", "that" -> "same_year" (a year only the narrative fixes)."""
    if words is None:
        return None
    word = words.split()[-1].lower()
    return f"{'same' if word == 'that' else word}_year"


def _before(text: str, index: int, width: int = 40) -> str:
    return text[max(0, index - width) : index]


def _dated(text: str, match: re.Match[str]) -> list[DatePhrase]:
    """A month-led or day-led match: a full or yearless date, a month of a year, or a bare month."""
    month = _month(match["m"])
    year = int(match["y"]) if match["y"] else None
    relative = _rel_year(match["ry"])
    weekday = _WEEKDAY_NUMBER.get(match["wd"]) if match["wd"] else None
    if match["d"] is None:
        if year is not None or relative is not None:
            return [DatePhrase(match.start("m"), match.end(), year, month, relative=relative)]
        return _bare_month(text, match)
    day = _day(match["d"])
    span = False
    if match["d2"]:
        second = _day(match["d2"])
        if second <= day or not _valid(year, month, second):
            return []
        span = True
    if not _valid(year, month, day):
        return []
    return [DatePhrase(match.start(), match.end(), year, month, day, weekday, None, relative, span)]


def _bare_month(text: str, match: re.Match[str]) -> list[DatePhrase]:
    """A month alone counts after a trigger ("in August", "last May") or within a list of months."""
    if match["wd"] or match["m"] not in _MONTH_FULL_FORMS:
        return []
    begin = match.start("m")
    trigger = _RE_MONTH_TRIGGER_BEFORE.search(_before(text, begin))
    if trigger is None:
        return []
    word = trigger.group().split()[0].lower()
    if word in ("last", "next", "this"):
        relative = word if word != "this" else None
        return [
            DatePhrase(
                begin - len(trigger.group()), match.end("m"), None, _month(match["m"]), relative=relative
            )
        ]
    return [DatePhrase(begin, match.end("m"), None, _month(match["m"]))]


def _modified(text: str, match: re.Match[str]) -> list[DatePhrase]:
    word = (match["mw"] or match["mn"] or match["me"]).lower()
    modifier = _MODIFIERS[word]
    start, end = match.start(), match.end()
    if match["m"]:
        year = int(match["y"]) if match["y"] else None
        return [
            DatePhrase(
                start, end, year, _month(match["m"]), modifier=modifier, relative=_rel_year(match["ry"])
            )
        ]
    if match["y2"]:
        return [DatePhrase(start, end, int(match["y2"]), modifier=modifier)]
    return [
        DatePhrase(start, end, modifier=modifier, relative=f"{match['ry2'].lower()}_{match['u'].lower()}")
    ]


def _relative(text: str, match: re.Match[str]) -> list[DatePhrase]:
    if match["t"]:
        word = match["t"]
        if word[0] == "T" and (
            not _sentence_start(text, match.start()) or _RE_NAMED_AFTER.match(text, match.end())
        ):
            return []  # a capitalized "Today" inside a sentence names something: "USA Today", "Today's Zaman"
        relative = "today" if word.lower() == "tonight" else word.lower()
    elif match["tp"]:
        relative = "today"
    elif match["ln"]:
        relative = "last_night"
    else:
        relative = f"{match['w'].lower()}_{match['u'].lower()}"
        if relative in ("this_weekend", "next_weekend"):
            return []
    return [DatePhrase(match.start(), match.end(), relative=relative)]


def _ago(text: str, match: re.Match[str]) -> list[DatePhrase]:
    count = _count(match["n"])
    if count is None:
        return []
    return [DatePhrase(match.start(), match.end(), relative=f"{match['u'].lower()}s_ago:{count}")]


def _sentence_start(text: str, index: int) -> bool:
    before = text[max(0, index - 5) : index].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:;"


def _weekday(text: str, match: re.Match[str]) -> list[DatePhrase]:
    begin = match.start()
    previous = _RE_PREV_WORD.search(_before(text, begin))
    prev_word = previous.group(1) if previous else ""
    following = _RE_NEXT_WORD.match(text, match.end())
    next_word = following.group(1) if following else ""
    if prev_word in _WEEKDAY_NOT_AFTER or next_word in _WEEKDAY_NOT_BEFORE:
        return []
    if prev_word == "on" and previous is not None:
        on_at = max(0, begin - 40) + previous.start(1)
        paper = _RE_PREV_WORD.search(_before(text, on_at))
        if paper and paper.group(1) in _WEEKDAY_PAPERS:
            return []  # "the Mail on Sunday"
    rel = _RE_WEEKDAY_REL_BEFORE.search(_before(text, begin, 10))
    relative = None
    if rel is not None:
        relative = {"last": "last", "past": "last", "next": "next"}.get(rel["rel"].lower())
        if relative is not None:
            begin -= len(rel.group())
    return [DatePhrase(begin, match.end(), weekday=_WEEKDAY_NUMBER[match["wd"]], relative=relative)]


# A year in a law's name: "the 1954 Crime Prevention Law", "Cybercrime Law No. 17 of 2023", "the Act, 2015"
_LAW_NAMED_AFTER = re.compile(r"(?:\s+(?-i:[A-Z])[\w'’-]+){1,5}\s+(?:Law|Act|Code|Decree|Proclamation|Ordinance|Constitution)\b")
_LAW_NAMED_BEFORE = re.compile(r"\b(?:Law|Act|Code|Decree|Decree-Law|Proclamation|Ordinance)(?:\s+No\.?\s*[\w/.-]+)?(?:\s+of|,)\s*$")


def _year(text: str, match: re.Match[str]) -> list[DatePhrase]:
    if _LAW_NAMED_AFTER.match(text, match.end()) or _LAW_NAMED_BEFORE.search(text, max(0, match.start() - 40),
                                                                              match.start()):
        return []
    if not _year_in_context(text, match.start(), match.end()):
        return []
    return [DatePhrase(match.start(), match.end(), int(match.group()))]


def _year_in_context(text: str, begin: int, end: int, depth: int = 0) -> bool:
    """A bare year counts after a trigger, as "the 2014 <word>", before an event noun, or
    as the second year of a range or list that itself counts ("from 2015 to 2018")."""
    before = _before(text, begin)
    if _RE_NUMBER_SIGN.search(before[-6:]):
        return False
    context = _RE_YEAR_TRIGGER_BEFORE.search(before)
    if context is not None:
        if context["trig"]:
            quantity = _RE_PREV_WORD.search(before[: context.start()])
            if quantity is None or quantity.group(1).lower() not in _QUANTITY_WORDS:
                return True  # not "a total of 2000", "rose by 1950"
        elif context["the"]:
            if _RE_WORD_AFTER.match(text, end):
                return True
        elif depth < 5:
            prev_begin = begin - len(before) + context.start("prev")
            if _year_in_context(text, prev_begin, prev_begin + 4, depth + 1):
                return True
    return bool(_RE_YEAR_EVENT_AFTER.match(text, end))


def _iso(text: str, match: re.Match[str]) -> list[DatePhrase]:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not 1 <= month <= 12 or not _valid(year, month, day):
        return []
    return [DatePhrase(match.start(), match.end(), year, month, day)]


def _numeric(text: str, match: re.Match[str]) -> list[DatePhrase]:
    if _RE_NUMBER_SIGN.search(_before(text, match.start(), 6)):
        return []  # "Decree No. 12/04/2020" is a document number
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    day, month = first, second
    if match["sep"] == "/" and second > 12 and first <= 12:
        day, month = second, first  # unambiguously month-first ("04/25/2023")
    if not 1 <= month <= 12 or not _valid(year, month, day):
        return []
    return [DatePhrase(match.start(), match.end(), year, month, day)]


# pattern -> the places where its matches can start, given the text, its folded copy and the region
_CANDIDATES: dict[re.Pattern[str], Callable[[str, str, int, int], Iterable[int]]] = {
    _RE_MONTH_LED: _month_led_starts,
    _RE_MOD: _mod_starts,
    _RE_REL: _rel_starts,
}

_FINDERS = (
    (_RE_MONTH_LED, _dated),
    (_RE_DAY_LED, _dated),
    (_RE_MOD, _modified),
    (_RE_REL, _relative),
    (_RE_WEEKDAY, _weekday),
    (_RE_YEAR, _year),
    (_RE_ISO, _iso),
    (_RE_NUMERIC, _numeric),
)


# ---------------------------------------------------------------- resolving dates


def resolve_date(phrase: DatePhrase, anchor: DateValue | None) -> DateValue | None:
    """The date a phrase names, or None when it cannot be placed.

    >>> resolve_date(find_date_phrases("on May 3")[0], DateValue("2023-04"))
    DateValue(value='2022-05-03', approximate=False)
    """
    fuzzy = phrase.modifier is not None or phrase.span_days
    relative = phrase.relative
    if phrase.year is not None:
        return _at(phrase.year, phrase.month, phrase.day, fuzzy, phrase.span_days)
    if anchor is None or relative in _NARRATIVE_YEARS:
        return None
    year = int(anchor.value[:4])
    if relative is not None and (relative.endswith("_year") or relative.startswith("years_ago:")):
        shift = _shift(relative)
        if phrase.month is None:
            return DateValue(f"{year + shift:04d}", fuzzy)
        return _at(year + shift, phrase.month, phrase.day, fuzzy, phrase.span_days)
    if phrase.month is not None:
        return _yearless(phrase, anchor, fuzzy)
    if phrase.weekday is not None:
        return _weekday_date(phrase, anchor)
    if relative is None:
        return None
    if relative in ("today", "yesterday", "tomorrow", "last_night"):
        days = {"today": 0, "yesterday": -1, "tomorrow": 1, "last_night": -1}[relative]
        return DateValue(add_days(anchor, days).value)
    if relative.startswith("days_ago:"):
        return DateValue(add_days(anchor, -int(relative.split(":")[1])).value)
    if relative.endswith("_week") or relative.startswith("weeks_ago:") or relative == "last_weekend":
        days = {
            "this_week": 0,
            "last_week": -7,
            "next_week": 7,
            "last_weekend": -_days_since_sunday(anchor),
        }.get(relative, 0)
        if relative.startswith("weeks_ago:"):
            days = -7 * int(relative.split(":")[1])
        return _coarsen(add_days(anchor, days), "month", True)
    if relative.endswith("_month") or relative.startswith("months_ago:"):
        return _coarsen(add_months(anchor, _shift(relative)), "month", phrase.modifier is not None)
    return None


# "November of the same year": a year that only the text's own story fixes, not the anchor.
_NARRATIVE_YEARS = frozenset({"same_year", "following_year", "previous_year"})


def _shift(relative: str) -> int:
    """How many units a relative phrase moves from the anchor."""
    if ":" in relative:
        return -int(relative.split(":")[1])
    return {"this": 0, "last": -1, "next": 1}[relative.split("_")[0]]


def _days_since_sunday(anchor: DateValue) -> int:
    if anchor.precision != "day":
        return 7
    weekday = dt.date.fromisoformat(anchor.value).weekday()
    return (weekday - 6) % 7 or 7


def _at(year: int, month: int | None, day: int | None, approximate: bool, span: bool) -> DateValue:
    if month is None:
        return DateValue(f"{year:04d}", approximate)
    if day is None or span:
        return DateValue(f"{year:04d}-{month:02d}", approximate)
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", approximate)


def _coarsen(value: DateValue, precision: str, approximate: bool) -> DateValue:
    """``value`` at ``precision`` or its own precision, whichever is coarser."""
    length = min(len(value.value), {"year": 4, "month": 7, "day": 10}[precision])
    return DateValue(value.value[:length], approximate)


def _yearless(phrase: DatePhrase, anchor: DateValue, fuzzy: bool) -> DateValue | None:
    assert phrase.month is not None
    day = None if phrase.span_days else phrase.day
    step = 1 if phrase.relative == "next" else -1
    year = int(anchor.value[:4])
    for _ in range(9):  # a 29 February needs at most eight years to find a leap year
        if _valid(year, phrase.month, phrase.day):
            candidate = _at(year, phrase.month, day, fuzzy, False)
            order = compare(candidate, anchor)
            if phrase.relative == "next":
                if order > 0:
                    return candidate
            elif order < 0 or (order == 0 and phrase.relative != "last"):
                return candidate
        year += step
    return None


def _weekday_date(phrase: DatePhrase, anchor: DateValue) -> DateValue | None:
    if anchor.precision != "day" or phrase.weekday is None:
        return None
    base = dt.date.fromisoformat(anchor.value)
    if phrase.relative == "next":
        delta = (phrase.weekday - base.weekday()) % 7 or 7
    else:
        delta = -((base.weekday() - phrase.weekday) % 7)
        if phrase.relative == "last" and delta == 0:
            delta = -7
    return DateValue((base + dt.timedelta(days=delta)).isoformat())


def without_apposed_weekdays(text: str, phrases: Sequence[DatePhrase]) -> list[DatePhrase]:
    """Drop a weekday set beside a date it names again ("on May 24, a Saturday"): it is no other day.

    >>> t = "gathered on May 24, a Saturday, and were jailed"
    >>> [t[p.start:p.end] for p in without_apposed_weekdays(t, find_date_phrases(t))]
    ['May 24']
    """
    out: list[DatePhrase] = []
    for phrase in phrases:
        if (phrase.weekday is not None and phrase.day is None and out and out[-1].day is not None
                and re.fullmatch(r",\s*(?:a|an|the|on)?\s*", text[out[-1].end:phrase.start])):
            continue
        out.append(phrase)
    return out


def narrative_years(phrases: Sequence[DatePhrase]) -> list[DatePhrase]:
    """Give a yearless day the year of the dated day just before it when it falls within a month
    after it: "arrested on November 26, 2023 ... On November 28, the prosecution ordered him held"
    is 2023, whatever the publication date (the text's own order rules, ontology convention 2).

    >>> [p.year for p in narrative_years(find_date_phrases("held on 26 November 2023. On 28 November, a judge ..."))]
    [2023, 2023]
    >>> [p.year for p in narrative_years(find_date_phrases("sentenced on 2 December 2024. He was detained on October 14"))]
    [2024, None]
    """
    out: list[DatePhrase] = []
    previous: DatePhrase | None = None
    for phrase in phrases:
        if (phrase.year is None and phrase.month is not None and phrase.day is not None and phrase.weekday is None
                and phrase.relative is None and previous is not None and previous.year is not None
                and previous.month is not None and previous.day is not None and phrase.start - previous.end <= 300):
            before = dt.date(previous.year, previous.month, previous.day)
            try:
                here = dt.date(previous.year, phrase.month, phrase.day)
            except ValueError:
                here = None
            if here is not None and 0 <= (here - before).days <= 31:
                phrase = dataclasses.replace(phrase, year=previous.year)
        if phrase.year is not None and phrase.relative is None:
            previous = phrase
        out.append(phrase)
    return out


def infer_anchor(phrases: Sequence[DatePhrase], text: str | None = None) -> DateValue | None:
    """The latest date the text establishes, at its most precise: dates with a year, and yearless
    dates told after the latest of them, which the text's order places on or after it.

    >>> infer_anchor(find_date_phrases("In 2021 ... on 24 February 2021 ..."))
    DateValue(value='2021-02-24', approximate=False)
    >>> infer_anchor(find_date_phrases("charged on 11 April 2020; found guilty on April 24"))
    DateValue(value='2020-04-24', approximate=False)
    >>> t = "convicted on 14 November 2024. Since then, the pressure has grown. On 3 February police ..."
    >>> infer_anchor(find_date_phrases(t), t)
    DateValue(value='2025-02-03', approximate=False)
    >>> t = "Ruling of 9 December 2024. He was held on 18 March 2024; since then ... in November ..."
    >>> infer_anchor(find_date_phrases(t), t)
    DateValue(value='2024-12-09', approximate=False)
    >>> t = "convicted on 14 November 2024. He was arrested on 3 February."
    >>> infer_anchor(find_date_phrases(t), t)
    DateValue(value='2024-11-14', approximate=False)
    """
    best: DateValue | None = None
    context: DateValue | None = None  # the latest explicit date so far
    last: DateValue | None = None  # the explicit date told last
    verdict_context = False  # whether the latest explicit date is a verdict's
    for phrase in phrases:
        if phrase.relative is not None:
            continue
        if phrase.explicit_year:
            value = resolve_date(phrase, None)
            if value is None:
                continue
            last = value
            if context is None or compare(value, context) > 0:
                context = value
                verdict_context = text is not None and bool(_VERDICT.search(_sentence_of(text, phrase)))
        else:
            if context is None or phrase.month is None or phrase.weekday is not None:
                continue
            if verdict_context and text is not None and not _MOVES_ON.search(text, max(0, phrase.start - 200), phrase.start):
                # A lede that dates a verdict tells the news; the yearless dates after it tell how it came
                # to that ("sentenced on 25 April 2025 ... The three were arrested on 12 October", 2024's)
                # unless the text says it moves on ("Since the verdict ... in June").
                continue
            # "Since then" moves on from the latest date only where the story is at it: after a lede
            # dated December 2024 and an account from March 2024, "since then ... in November" is 2024's
            value = _yearless_after(phrase, context, text, at_latest=last == context)
            if value is None:
                continue
        if best is None:
            best = value
            continue
        order = compare(value, best)
        if order > 0 or (order == 0 and len(value.value) > len(best.value)):
            best = value
    return best


def _yearless_after(phrase: DatePhrase, context: DateValue, text: str | None, at_latest: bool = True) -> DateValue | None:
    """The earliest reading of a yearless date on or after ``context`` ("On 3 February", told after a
    November 2024 verdict, is February 2025); None where the text steps back ("was arrested on 3 February")."""
    assert phrase.month is not None
    year = int(context.value[:4])
    value = _at(year, phrase.month, phrase.day, False, False)
    if compare(value, context) >= 0:
        return value
    if text is None:
        return None
    # Only where the text says it moves on ("Since the verdict, ... On 3 February"): a story told
    # after its verdict usually steps back ("was detained on October 14").
    cue = _MOVES_ON.search(text, max(0, phrase.start - 200), phrase.start)
    if cue is None or not (at_latest or re.match(r"since (?:the|his|her|their) ", cue.group(), re.I)):
        return None  # "since then" moves on from the last date told, which is not the latest here
    return _at(year + 1, phrase.month, phrase.day, False, False)


_VERDICT = re.compile(r"\b(?:sentenced|convicted|found\s+guilty|jailed|verdict|judgment|upheld)\b", re.I)


def _sentence_of(text: str, phrase: DatePhrase) -> str:
    """The sentence that holds ``phrase`` (cut at full stops and line breaks)."""
    start = max(text.rfind(". ", 0, phrase.start), text.rfind("\n", 0, phrase.start)) + 1
    ends = [i for i in (text.find(". ", phrase.end), text.find("\n", phrase.end)) if i >= 0]
    return text[start:min(ends) if ends else len(text)]


_MOVES_ON = re.compile(
    r"\b(?:since (?:the|his|her|their) (?:verdict|conviction|sentencing|sentence|trial|ruling|release)|since then|"
    r"in the (?:weeks|months) since|(?:weeks|months) later|the following (?:year|month)|subsequently)\b", re.I)


# ---------------------------------------------------------------- date arithmetic


def compare(a: DateValue, b: DateValue) -> int:
    """-1, 0 or 1 as ``a`` is before, at or after ``b``, at the coarser of their precisions.

    >>> compare(DateValue("2023-04"), DateValue("2023-04-10"))
    0
    """
    length = min(len(a.value), len(b.value))
    left, right = a.value[:length], b.value[:length]
    return (left > right) - (left < right)


def add_months(value: DateValue, months: int) -> DateValue:
    """``value`` moved by whole months at its own precision; a day past the month's end is clamped.

    A year-precision value moves by whole years only (``months`` truncated toward zero).

    >>> add_months(DateValue("2023-03-31"), -1).value
    '2023-02-28'
    """
    year = int(value.value[:4])
    if value.precision == "year":
        return DateValue(f"{year + int(months / 12):04d}", value.approximate)
    index = year * 12 + int(value.value[5:7]) - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if value.precision == "month":
        return DateValue(f"{year:04d}-{month:02d}", value.approximate)
    day = min(int(value.value[8:10]), calendar.monthrange(year, month)[1])
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", value.approximate)


def add_days(value: DateValue, days: int) -> DateValue:
    """``value`` moved by ``days``, keeping its precision.

    A coarser value stands for its midpoint (the 15th of a month, 1 July of a year):
    the midpoint moves and the result is cut back to the value's precision, so a
    month moved by a week stays that month, and moved by 60 days is two months on.

    >>> add_days(DateValue("2023-03-01"), -1).value
    '2023-02-28'
    >>> add_days(DateValue("2023-03"), -7).value
    '2023-03'
    """
    year = int(value.value[:4])
    if value.precision == "day":
        base = dt.date.fromisoformat(value.value)
    elif value.precision == "month":
        base = dt.date(year, int(value.value[5:7]), 15)
    else:
        base = dt.date(year, 7, 1)
    moved = (base + dt.timedelta(days=days)).isoformat()
    return DateValue(moved[: len(value.value)], value.approximate)


# ---------------------------------------------------------------- publication dates

_RE_PUBLISHED_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T\s]\d{1,2}:\d{2}\S*(?:\s+\S+)?)?\s*$"
)


def parse_published(value: str | None) -> DateValue | None:
    """A publication date from metadata, or None when it cannot be read.

    Reads ISO dates and datetimes (the date as written, not moved to UTC), "2023-04",
    "2023", RFC 2822 ("Mon, 10 Apr 2023 08:00:00 +0000") and written dates
    ("April 10, 2023", "10 April 2023", "10.04.2023").

    >>> parse_published("2023-04-10T08:00:00Z")
    DateValue(value='2023-04-10', approximate=False)
    """
    if not value or not value.strip():
        return None
    iso = _RE_PUBLISHED_ISO.match(value)
    if iso:
        year, month, day = iso.groups()
        if not 1900 <= int(year) <= 2099:
            return None
        if month is None:
            return DateValue(year)
        if not 1 <= int(month) <= 12 or (day is not None and not _valid(int(year), int(month), int(day))):
            return None
        return DateValue("-".join(part for part in (year, month, day) if part))
    for phrase in find_date_phrases(value):
        if phrase.explicit_year and phrase.relative is None and phrase.modifier is None:
            return resolve_date(phrase, None)
    return None


# ---------------------------------------------------------------- durations

_UNIT = r"(?i:year|month|week|day)s?(?![A-Za-z])"
_HALF = r"(?:\s+|-)(?i:and)(?:\s+|-)(?i:a)(?:\s+|-)(?i:half)"
# "two more years", "three additional months": a word between a number and its unit (not after
# "a": "for a further year" renews a ban as often as it lengthens a term)
_MORE = r"(?:(?<!\b[Aa])(?<!\b[Aa][Nn])\s+(?i:more|additional|further|extra))?"
_COMPONENT = rf"(?:{_NUM}|(?i:an?))(?:{_HALF})?{_MORE}(?:\s+|-)(?:{_UNIT})(?:\s+(?i:and\s+a\s+half))?"
_APPROX = rf"(?i:{_alt(_RULES['approximate_words'])})"
_NOT_AFTER_DURATION = r"(?!-(?i:old)\b|\s+(?i:old|ago)\b)"
_RE_DURATION = re.compile(
    rf"""(?<![\w.,$€£\-])
    (?:(?P<approx>{_APPROX})\s+)?
    (?P<core>(?P<half>(?i:half\s+a|a\s+half)(?:\s+|-)(?i:year)(?!s))
      |{_COMPONENT}(?:(?:,\s*|\s+(?i:and)\s+|\s+){_COMPONENT}){{0,2}})
    {_NOT_AFTER_DURATION}""",
    _F,
)
_RE_COMPONENT = re.compile(
    rf"(?P<n>{_NUM}|(?i:an?))(?P<h1>{_HALF})?{_MORE}(?:\s+|-)(?P<u>{_UNIT})(?P<h2>\s+(?i:and\s+a\s+half))?", _F
)
_RE_RANGE_START = re.compile(
    rf"""(?<![\w.,$€£\-])(?:(?P<approx>{_APPROX})\s+)?(?P<n>{_NUM})
    (?=\s*(?:-|–|(?i:to|or|and))\s*(?:{_NUM})(?:\s+|-)(?P<u>{_UNIT}){_NOT_AFTER_DURATION})""",
    _F,
)
_UNIT_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}
# Every duration ends with a unit word, and none is longer than ~60 characters: the
# duration patterns (slow to try at every position) run only in windows around units.
_RE_UNIT_HOOK = re.compile(r"[YyMmWwDd](?<![A-Za-z][YyMmWwDd])(?:ears?|onths?|eeks?|ays?)(?![A-Za-z])")
_WINDOW_BEFORE = 80
_WINDOW_AFTER = 40


def _unit_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for hook in _RE_UNIT_HOOK.finditer(text, start, end):
        low, high = max(start, hook.start() - _WINDOW_BEFORE), min(end, hook.end() + _WINDOW_AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def find_durations(text: str, start: int = 0, end: int | None = None) -> list[Duration]:
    """Every stated length of time in ``text[start:end]``, in text order.

    >>> [(d.months, d.days) for d in find_durations("a year and a half, then 15 days")]
    [(18, None), (None, 15)]
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"region {start}:{end} lies outside a text of {len(text)} characters")
    found: list[Duration] = []
    for low, high in _unit_windows(text, start, end):
        for match in _RE_DURATION.finditer(text, low, high):
            duration = _duration(text, match)
            if duration is not None:
                found.append(duration)
        for match in _RE_RANGE_START.finditer(text, low, high):
            count = number_value(match["n"])
            unit = match["u"].lower().rstrip("s")
            if count is not None:
                duration = _to_duration(
                    match.start(), match.end(), [(unit, count)], match["approx"] is not None
                )
                if duration is not None:
                    found.append(duration)
    kept: list[Duration] = []
    for duration in sorted(found, key=lambda d: (d.start - d.end, d.start)):
        if all(duration.end <= k.start or duration.start >= k.end for k in kept):
            kept.append(duration)
    return sorted(kept, key=lambda d: d.start)


def _duration(text: str, match: re.Match[str]) -> Duration | None:
    approximate = match["approx"] is not None
    if match["half"]:
        return Duration(match.start(), match.end(), 6, None, approximate)
    parts: list[tuple[str, float]] = []
    end = previous_end = match.start("core")
    first: re.Match[str] | None = None
    for component in _RE_COMPONENT.finditer(text, match.start("core"), match.end("core")):
        count = number_value(component["n"])
        if count is None:
            return None
        if component["h1"] or component["h2"]:
            count += 0.5
        unit = component["u"].lower().rstrip("s")
        if parts and _UNIT_RANK[unit] <= _UNIT_RANK[parts[-1][0]]:
            break  # "six years and five years" are two durations; this one ends at the first
        parts.append((unit, count))
        first = first or component
        end = previous_end = component.end()
    if first is None:
        return None
    if len(parts) == 1 and parts[0] == ("day", 1) and "-" not in first.group():
        if _word_before(text, match.start()) != "for":
            return None  # "one day it will": an idiom, not a term
    if first["n"].lower() in ("a", "an", "one") and _word_before(text, match.start()) in _RATE_WORDS:
        return None  # "twice a year" is a rate
    return _to_duration(match.start(), max(end, previous_end), parts, approximate)


def _word_before(text: str, index: int) -> str:
    before = _RE_PREV_WORD.search(text[max(0, index - 30) : index])
    return before.group(1).lower() if before else ""


def _to_duration(start: int, end: int, parts: list[tuple[str, float]], approximate: bool) -> Duration | None:
    months = 0.0
    days = 0.0
    has_months = has_days = False
    for unit, count in parts:
        if unit == "year":
            months += count * 12
            has_months = True
        elif unit == "month":
            if count != int(count):
                days += count * 30  # "a month and a half" is 45 days
                has_days = True
            else:
                months += count
                has_months = True
        else:
            days += count * (7 if unit == "week" else 1)
            has_days = True
    if months != int(months) or days != int(days):
        return None  # "7.3 years" has no whole number of months
    return Duration(
        start, end, int(months) if has_months else None, int(days) if has_days else None, approximate
    )


def _count(token: str) -> int | None:
    amount = number_value(token)
    return int(amount) if amount is not None and amount == int(amount) else None


def number_value(token: str) -> float | None:
    """The number a token spells: "21", "7.5", "twenty-one", "a"; None for anything else.

    >>> [number_value(t) for t in ("Nineteen", "twenty-one", "a", "10", "several")]
    [19.0, 21.0, 1.0, 10.0, None]
    """
    word = token.lower()
    if word in ("a", "an"):
        return 1.0
    if word[0].isdigit():
        try:
            return float(word.replace(",", ""))
        except ValueError:
            return None
    total = 0
    for piece in re.split(r"[-\s]+", word):
        if piece not in _NUMBER_WORDS:
            return None
        total += _NUMBER_WORDS[piece]
    return float(total)
