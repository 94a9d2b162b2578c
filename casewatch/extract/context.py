"""The shared working state that extraction components read and extend, one per document."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from casewatch.core.types import DateValue, Span
from casewatch.extract import lexicon

_bisect_right = bisect.bisect_right


def open_quote(text: str, start: int, offset: int) -> int | None:
    """Where the quotation that ``offset`` lies in opened, when one opened after ``start`` is still
    open at ``offset`` (curly or straight marks); else None.

    >>> open_quote('He said: "we were beaten', 0, 20)
    9
    """
    before = text[start:offset]
    if before.count("“") > before.count("”"):
        return start + before.rfind("“")
    if before.count('"') % 2 == 1:
        return start + before.rfind('"')
    return None


_QUOTE_MARK = re.compile(r"[“”\"]")
_SAID_AFTER_CLOSE = re.compile(r"\s*,?\s*(?:said|says|added|adds|told|wrote|stated)\b")


def attributed_close(text: str, offset: int, end: int) -> int | None:
    """Where the quotation ``offset`` lies in closes, when its speaker is named right after the close
    ('... is a second sentence," said X'): the offset of the closing mark; None when the next quotation
    mark before ``end`` opens a quotation or is not followed by a speech verb.

    >>> attributed_close('The ban is a second sentence," said X.', 0, 38)
    29
    """
    mark = _QUOTE_MARK.search(text, offset, end)
    if mark is None or mark.group() == "“" or not _SAID_AFTER_CLOSE.match(text, mark.end()):
        return None
    return mark.start()


# A sentence that opens with "their" and someone who speaks for them is about that speaker
_THEIR_SPOKESPERSON = re.compile(
    r"their\s+(?:[\w-]+\s+)?(?:lawyers?|attorneys?|counsel|advocates?|families|family|relatives?|mothers?|fathers?|"
    r"wives|husbands?|sons?|daughters?|brothers?|sisters?|parents|colleagues?|friends?|employer|editor)\b", re.I)


@dataclass(slots=True)
class Entity:
    """A named-entity span from the statistical model or a gazetteer."""

    start: int
    end: int
    label: str  # PERSON, ORG, GPE, NORP, DATE, ...
    text: str


@dataclass(slots=True)
class Person:
    """A person cluster: every mention of one individual within the document."""

    idx: int
    name: str
    span: Span  # the first full-name mention
    names: list[str] = field(default_factory=list)  # distinct surface forms
    roles: dict[str, int] = field(default_factory=dict)  # role -> votes
    occupations: list[tuple[str, Span]] = field(default_factory=list)
    age: tuple[int, Span] | None = None
    gender: str | None = None  # "m" | "f" | None when the text does not say
    gender_guessed: bool = False  # from the name's shape only ("-in" is Russian or Turkish); a pronoun may overrule it
    org: str | None = None  # the organization the person speaks for, if any
    org_kind: str | None = None
    headline_only: bool = False

    def vote(self, role: str, weight: int = 1) -> None:
        self.roles[role] = self.roles.get(role, 0) + weight

    @property
    def role(self) -> str:
        if not self.roles:
            return "other"
        return max(sorted(self.roles), key=lambda r: self.roles[r])


@dataclass(slots=True)
class PersonMention:
    """A stretch of text that refers to one or more persons."""

    start: int
    end: int
    persons: tuple[int, ...]
    kind: str  # "name" | "pronoun" | "nominal" | "group"


@dataclass(slots=True)
class Collective:
    """A definite plural that stands for the document's defendants ("the journalists", "the 10 individuals")."""

    start: int
    end: int
    stem: str  # the group noun without its plural ending: "journalist", "individual"
    whole_case: bool = False  # a step of the case told without naming anyone: even one defendant takes it


@dataclass(slots=True)
class WorkDoc:
    """One document under extraction.

    ``text`` is what the components read: the source text with markup characters (Markdown
    emphasis, heading marks) blanked out, so it has exactly the source's length and offsets.
    ``source`` is the text as stored; every span quotes it.
    """

    text: str
    published: DateValue | None
    anchor: DateValue | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    mentions: list[PersonMention] = field(default_factory=list)
    collectives: list[Collective] = field(default_factory=list)
    country: str | None = None
    title_end: int = 0  # end of a headline paragraph, 0 when there is none
    dateline: tuple[int, int] | None = None  # "CAIRO, May 12 (Reuters) - ": where, when and who wrote, not news
    source: str = ""
    date_phrases: list[Any] = field(default_factory=list)  # every date phrase of the text, found once
    # persons an arrest, detention, charge, trial or verdict befell: never only counsel, whatever their title
    stepped: frozenset[int] = frozenset()
    cache: dict[tuple[object, ...], Any] = field(default_factory=dict)  # per-document results of pure lookups
    _sentence_starts: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.source or self.text, start, end)

    def sentence_starts(self) -> list[int]:
        """The start offsets of the sentences, in order (computed on first use)."""
        if not self._sentence_starts:
            self._sentence_starts = [s for s, _ in self.sentences]
        return self._sentence_starts

    def sentence_index(self, offset: int) -> int:
        # Called ~500 times per document: the starts are read directly when already computed.
        i = _bisect_right(self._sentence_starts or self.sentence_starts(), offset) - 1
        return i if i > 0 else 0

    def sentence_of(self, offset: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(offset)]

    def mentions_in(self, start: int, end: int) -> list[PersonMention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def collective_subject(self, start: int, end: int) -> int | None:
        """The collective a sentence is about when it comes before anyone named ("The journalists face
        charges including ...", "they deny the charges, saying their arrests ... involve President X"):
        the index of its first collective reference, or None."""
        for i, c in enumerate(self.collectives):
            if start <= c.start and c.end <= end:
                # ("The trial judge, Justice X, granted each of them bail": the bench acts, the collective is its object)
                if any(m.kind != "group" and m.start < c.start and not self.on_the_bench(m.persons)
                       for m in self.mentions_in(start, end)):
                    return None
                if c.start - start <= 2 and _THEIR_SPOKESPERSON.match(self.text, c.start):
                    return None  # "Their lawyer, X, said she had been denied ...": the lawyer speaks of one of them
                return i
        return None

    def on_the_bench(self, persons: tuple[int, ...]) -> bool:
        """Whether everyone a mention refers to is a judge."""
        return bool(persons) and all(self.persons[i].role == "judge" for i in persons)

    def dates_in(self, start: int, end: int) -> list[Any]:
        return [p for p in self.date_phrases if start <= p.start and p.end <= end]

    def entities_in(self, start: int, end: int, label: str | None = None) -> list[Entity]:
        if label is None:
            return [e for e in self.entities if start <= e.start and e.end <= end]
        return [e for e in self._labelled(label) if start <= e.start and e.end <= end]

    def _labelled(self, label: str) -> list[Entity]:
        """The entities with ``label``, in order: picked once per document (asked of every sentence),
        again when the entity list has been replaced or grown."""
        key = ("entities", label)
        held = self.cache.get(key)
        if held is None or held[0] is not self.entities or held[1] != len(self.entities):
            held = self.cache[key] = (self.entities, len(self.entities), [e for e in self.entities if e.label == label])
        return held[2]  # type: ignore[no-any-return]


def charges_in(doc: WorkDoc, start: int, end: int) -> list[lexicon.ChargeHit]:
    """The charge phrases of ``doc.text[start:end]`` by the document's country (found once per
    stretch: the event and charge stages both ask about a sentence)."""
    key = ("charges", start, end, doc.country)
    hits = doc.cache.get(key)
    if hits is None:
        hits = doc.cache[key] = lexicon.find_charges(
            doc.text, start, end, country=doc.country, articles=articles_in(doc, start, end))
    return list(hits)


def articles_in(doc: WorkDoc, start: int, end: int) -> list[lexicon.ArticleHit]:
    """The criminal-code designations of ``doc.text[start:end]`` (found once per stretch: the charge
    phrases and the charge stage both read them)."""
    key = ("articles", start, end)
    hits = doc.cache.get(key)
    if hits is None:
        hits = doc.cache[key] = lexicon.find_articles(doc.text, start, end)
    return list(hits)


# Plural nouns a counted crowd is made of ("more than two dozen journalists", "14 people"): the people
# and events components both keep such crowds apart from the document's defendants.
CROWD_NOUNS = (r"journalists|activists|people|protesters|demonstrators|reporters|bloggers|critics|prisoners|members|"
               r"staff|students|lawyers|defenders|dissidents|opponents|detainees|workers")
