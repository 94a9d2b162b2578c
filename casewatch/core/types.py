"""Typed values of the ontology, each carrying the span of text that supports it.

Every fact holds a :class:`Span`; ``text[span.start:span.end] == span.quote`` is
the grounding invariant that the extractor, the store and ``casewatch verify``
all keep. ``to_dict()`` gives the gold-file shape of ``ontology.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from casewatch.core import ontology
from casewatch.core.errors import OntologyError

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Span:
    """A character interval of a document's text and the words it covers."""

    start: int
    end: int
    quote: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``; e.g. ``Span.of("ab cd", 3, 5).quote == "cd"``."""
        if not 0 <= start <= end <= len(text):
            raise OntologyError(f"span {start}:{end} lies outside a text of {len(text)} characters")
        return cls(start, end, text[start:end])

    def grounded_in(self, text: str) -> bool:
        return 0 <= self.start <= self.end <= len(text) and text[self.start:self.end] == self.quote

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date at its precision: ``2023-04-10`` (day), ``2022-02`` (month) or ``2022`` (year)."""

    value: str
    approximate: bool = False

    def __post_init__(self) -> None:
        if not _DATE_RE.match(self.value):
            raise OntologyError(f"date {self.value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    def sort_key(self) -> str:
        """A key that orders dates; a month sorts before the days within it."""
        return self.value

    def at_precision(self, precision: str) -> str:
        return self.value[: {"year": 4, "month": 7, "day": 10}[precision]]


def _check(code: str | None, allowed: tuple[str, ...], what: str) -> None:
    if code is not None and code not in allowed:
        raise OntologyError(f"{what} {code!r} is not in ontology v{ontology.ONTOLOGY_VERSION}")


@dataclass(slots=True)
class Charge:
    category: str
    text: str
    span: Span
    article: str | None = None

    def __post_init__(self) -> None:
        _check(self.category, ontology.CHARGE_CATEGORIES, "charge category")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"category": self.category, "text": self.text}
        if self.article:
            out["article"] = self.article
        return out


@dataclass(slots=True)
class Event:
    type: str
    span: Span
    date: DateValue | None = None
    place: str | None = None
    court: str | None = None
    outcome: str | None = None
    in_absentia: bool = False
    date_span: Span | None = None  # the words that date it, where they are not in ``span``

    def __post_init__(self) -> None:
        _check(self.type, ontology.EVENT_TYPES, "event type")
        _check(self.outcome, ontology.APPEAL_OUTCOMES, "appeal outcome")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.date is not None:
            out["date"] = self.date.value
            if self.date.approximate:
                out["approximate"] = True
        for key in ("place", "court", "outcome"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.in_absentia:
            out["in_absentia"] = True
        return out


@dataclass(slots=True)
class Sentence:
    kind: str
    span: Span
    months: int | None = None
    days: int | None = None
    suspended: bool = False
    in_absentia: bool = False
    probation_months: int | None = None

    def __post_init__(self) -> None:
        _check(self.kind, ontology.SENTENCE_KINDS, "sentence kind")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.months is not None:
            out["months"] = self.months
        if self.days is not None:
            out["days"] = self.days
        out["suspended"] = self.suspended
        if self.in_absentia:
            out["in_absentia"] = True
        if self.probation_months is not None:
            out["probation_months"] = self.probation_months
        return out


@dataclass(slots=True)
class Restriction:
    activity: str
    span: Span
    months: int | None = None

    def __post_init__(self) -> None:
        _check(self.activity, ontology.RESTRICTION_ACTIVITIES, "restriction activity")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"activity": self.activity}
        if self.months is not None:
            out["months"] = self.months
        return out


@dataclass(slots=True)
class Money:
    kind: str
    span: Span
    amount: float | None = None
    currency: str | None = None
    usd: float | None = None

    def __post_init__(self) -> None:
        _check(self.kind, ontology.MONEY_KINDS, "money kind")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.amount is not None:
            out["amount"] = _number(self.amount)
        if self.currency:
            out["currency"] = self.currency
        if self.usd is not None:
            out["usd"] = _number(self.usd)
        return out


@dataclass(slots=True)
class Advocacy:
    actor: str
    action: str
    span: Span
    cases: list[str] = field(default_factory=list)
    speaker: str | None = None
    date: DateValue | None = None
    quote: str | None = None

    def __post_init__(self) -> None:
        _check(self.action, ontology.ADVOCACY_ACTIONS, "advocacy action")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"actor": self.actor, "action": self.action}
        if self.speaker:
            out["speaker"] = self.speaker
        if self.date is not None:
            out["date"] = self.date.value
        if self.quote:
            out["quote"] = self.quote
        out["cases"] = list(self.cases)
        return out


@dataclass(slots=True)
class Attribute:
    """A person attribute (country, age, occupation, alias) with its support."""

    name: str
    value: Any
    span: Span


@dataclass(slots=True)
class Mention:
    """A person or organization mention, with the role the text gives it."""

    name: str
    kind: str  # "person" or "organization"
    role: str | None
    span: Span
    org_kind: str | None = None


@dataclass(slots=True)
class ExtractedCase:
    """One targeted person as one document reports them."""

    name: str
    span: Span
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    age: int | None = None
    occupation: list[str] = field(default_factory=list)
    status: str = "unknown"
    status_date: DateValue | None = None
    charges: list[Charge] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)

    def facts(self) -> list[tuple[str, Any]]:
        """Every fact of the case as ``(kind, value)`` pairs."""
        out: list[tuple[str, Any]] = []
        out += [("charge", f) for f in self.charges]
        out += [("event", f) for f in self.events]
        out += [("sentence", f) for f in self.sentences]
        out += [("restriction", f) for f in self.restrictions]
        out += [("money", f) for f in self.money]
        out += [("attribute", f) for f in self.attributes]
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases)}
        out["country"] = self.country
        if self.age is not None:
            out["age"] = self.age
        out["occupation"] = list(self.occupation)
        out["status"] = self.status
        out["charges"] = [c.to_dict() for c in self.charges]
        out["events"] = [e.to_dict() for e in self.events]
        out["sentences"] = [s.to_dict() for s in self.sentences]
        out["restrictions"] = [r.to_dict() for r in self.restrictions]
        out["money"] = [m.to_dict() for m in self.money]
        return out


@dataclass(slots=True)
class Extraction:
    """What the extractor takes from one document."""

    text: str
    doc_id: str | None = None
    published: DateValue | None = None
    anchor: DateValue | None = None
    cases: list[ExtractedCase] = field(default_factory=list)
    advocacy: list[Advocacy] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    extractor: str = "casewatch-rules"
    version: str = "0"

    def spans(self) -> list[Span]:
        """Every span the extraction stores, for grounding checks."""
        out: list[Span] = []
        for case in self.cases:
            out.append(case.span)
            out += [fact.span for _, fact in case.facts()]
            out += [e.date_span for e in case.events if e.date_span is not None]
        out += [a.span for a in self.advocacy]
        out += [m.span for m in self.mentions]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "cases": [c.to_dict() for c in self.cases],
            "advocacy": [a.to_dict() for a in self.advocacy],
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(slots=True)
class StoredFact:
    """A fact as the store holds it: what the case view is derived from."""

    id: int
    case_id: int | None
    document_id: int
    kind: str  # one of ontology.FACT_KINDS
    payload: dict[str, Any]
    span: Span
    review_state: str = "unreviewed"
    document_key: str | None = None  # the document's own id (e.g. "seed-mamai")
    document_date: DateValue | None = None  # published, else the inferred anchor
    extractor: str = ""
    version: str = ""
