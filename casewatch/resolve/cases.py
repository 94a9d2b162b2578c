"""A case's view derived from its stored facts: status, timeline, charges, penalties and conflicts.

``derive_case(facts)`` is deterministic (the order of ``facts`` never matters) and recomputable at
any time (DESIGN.md, principle 1):

* rejected facts are ignored; a verified or edited fact supersedes an unreviewed one that says the
  same thing differently in the same document (same span, or the same single-valued attribute);
* status: the per-document status facts, reviewed ones first, "unknown" only when nothing else is
  known, then the newest (``as_of``, else document date); sources of one date that disagree are a
  :class:`Conflict`;
* timeline: events of one type whose dates agree at the coarser precision and whose place, court
  and outcome agree become one entry listing every supporting fact; dated entries by date, undated
  ones last in document order;
* charges merged by category and article; sentences, restrictions and money by their scoring keys;
  advocacy by actor, action and date;
* country by majority (reviewed facts vote alone when there are any), age from the newest
  document; either recorded as a :class:`Conflict` when sources disagree, never silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casewatch.core import ontology
from casewatch.core.errors import ConfigError, OntologyError
from casewatch.core.types import DateValue, StoredFact
from casewatch.resolve.names import fold, parse

RULES_PATH = Path(__file__).parent / "rules" / "cases.yaml"

_ARTICLE_RE = re.compile(r"\d+(?:[.\-/]\d+)*[a-z]?")
_PAREN_RE = re.compile(r"^(?P<base>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_PRECISION = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True, slots=True)
class _Rules:
    reviewed: frozenset[str]
    single_valued: frozenset[str]
    status_events: dict[str, frozenset[str]]
    change_events: frozenset[str]
    change_outcomes: frozenset[str]
    acronym_skip: frozenset[str]
    generic_place_words: frozenset[str]
    age_slack: int


@cache
def _rules() -> _Rules:
    try:
        data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
        return _Rules(
            reviewed=frozenset(data["reviewed_states"]),
            single_valued=frozenset(data["single_valued_attributes"]),
            status_events={k: frozenset(v or ()) for k, v in data["status_events"].items()},
            change_events=frozenset(data["sentence_changes"]["events"]),
            change_outcomes=frozenset(data["sentence_changes"]["appeal_outcomes"]),
            acronym_skip=frozenset(data["acronym_skip"]),
            generic_place_words=frozenset(data["generic_place_words"]),
            age_slack=int(data["age_birth_year_slack"]),
        )
    except FileNotFoundError as exc:
        raise ConfigError(f"rule file {RULES_PATH} is missing; reinstall casewatch") from exc
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"rule file {RULES_PATH} is malformed ({exc!r}); compare it with the documented layout") from exc


# ---------------------------------------------------------------- the view


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a case's view (a charge, a timeline event, a sentence…) and the facts behind it."""

    value: dict[str, Any]  # the gold shape of ontology.md
    fact_ids: tuple[int, ...]
    reviewed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**self.value, "fact_ids": list(self.fact_ids), "reviewed": self.reviewed}


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that disagree on one field: each value with the facts that assert it.

    ``chosen`` is what the view shows (None when it shows every value) and ``note`` says why.
    """

    field: str
    values: list[tuple[Any, tuple[int, ...]]]
    chosen: Any = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "values": [{"value": v, "fact_ids": list(ids)} for v, ids in self.values],
            "chosen": self.chosen,
            "note": self.note,
        }


@dataclass(slots=True)
class CaseView:
    """What a case's facts add up to; see the module docstring for the rules."""

    status: str = "unknown"
    status_date: str | None = None
    status_fact_id: int | None = None
    country: str | None = None
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    age: int | None = None
    occupation: list[str] = field(default_factory=list)
    charges: list[Entry] = field(default_factory=list)
    timeline: list[Entry] = field(default_factory=list)
    sentences: list[Entry] = field(default_factory=list)
    restrictions: list[Entry] = field(default_factory=list)
    money: list[Entry] = field(default_factory=list)
    advocacy: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def to_summary(self) -> dict[str, Any]:
        """The view in the gold-file case shape, plus status date and conflicts; JSON-ready."""
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases), "country": self.country}
        if self.age is not None:
            out["age"] = self.age
        out["occupation"] = list(self.occupation)
        out["status"] = self.status
        out["status_date"] = self.status_date
        out["charges"] = [e.value for e in self.charges]
        out["events"] = [e.value for e in self.timeline]
        out["sentences"] = [e.value for e in self.sentences]
        out["restrictions"] = [e.value for e in self.restrictions]
        out["money"] = [e.value for e in self.money]
        out["advocacy"] = [e.value for e in self.advocacy]
        out["conflicts"] = [c.to_dict() for c in self.conflicts]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything, with the supporting fact ids of every entry (for the case page and exports)."""
        out = self.to_summary()
        out["status_fact_id"] = self.status_fact_id
        for key, entries in (("charges", self.charges), ("events", self.timeline), ("sentences", self.sentences),
                             ("restrictions", self.restrictions), ("money", self.money),
                             ("advocacy", self.advocacy)):
            out[key] = [e.to_dict() for e in entries]
        return out


# ---------------------------------------------------------------- fact order and review


def _doc_order(f: StoredFact) -> tuple[bool, str, int]:
    """Older documents first; documents without a date after the dated ones."""
    return (f.document_date is None, f.document_date.value if f.document_date else "", f.document_id)


def _order(f: StoredFact) -> tuple[Any, ...]:
    return (*_doc_order(f), f.span.start, f.span.end, f.id)


def _newness(f: StoredFact) -> tuple[Any, ...]:
    """Larger is newer: a dated document over an undated one, then by date, then the later ingested."""
    return (f.document_date is not None, f.document_date.value if f.document_date else "", f.document_id, f.id)


def _reviewed(f: StoredFact) -> bool:
    return f.review_state in _rules().reviewed


def _preference(f: StoredFact) -> tuple[Any, ...]:
    """Larger is preferred: reviewed first, then newer."""
    return (_reviewed(f), *_newness(f))


def _need(f: StoredFact, key: str) -> Any:
    value = f.payload.get(key)
    if value is None or value == "":
        raise OntologyError(
            f"fact {f.id} ({f.kind}) has no {key!r} in its payload {f.payload!r}; "
            "store facts in the gold shape of ontology.md"
        )
    return value


def _code(f: StoredFact, key: str, allowed: tuple[str, ...]) -> str:
    value = _need(f, key)
    if value not in allowed:
        raise OntologyError(f"fact {f.id} ({f.kind}): {key} {value!r} is not in ontology v{ontology.ONTOLOGY_VERSION}")
    return str(value)


def _date(f: StoredFact, key: str = "date") -> DateValue | None:
    value = f.payload.get(key)
    if not value:
        return None
    try:
        return DateValue(str(value), bool(f.payload.get("approximate", False)) if key == "date" else False)
    except OntologyError as exc:
        raise OntologyError(f"fact {f.id} ({f.kind}): {exc}") from exc


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


# The fields that say what a fact is about: a reviewed fact supersedes an unreviewed one that agrees
# on them and on the words it rests on (and so says the same thing, differently).
_IDENTITY = {
    "event": ("type",), "charge": ("category",), "sentence": ("kind",), "restriction": ("activity",),
    "money": ("kind",), "advocacy": ("actor", "action"), "attribute": ("name",),
}


def _identity(f: StoredFact) -> tuple[str, ...]:
    return tuple(fold(str(f.payload.get(key) or "")) for key in _IDENTITY.get(f.kind, ()))


def _supersede(facts: list[StoredFact]) -> list[StoredFact]:
    """Drop unreviewed facts that a reviewed fact of the same document restates (and so corrects)."""
    rules = _rules()
    reviewed = [f for f in facts if _reviewed(f)]
    if not reviewed:
        return facts
    keep = []
    for u in facts:
        superseded = not _reviewed(u) and any(
            r.document_id == u.document_id
            and r.kind == u.kind
            and _identity(r) == _identity(u)
            and (
                (u.kind == "attribute" and u.payload.get("name") in rules.single_valued)
                or (r.span.start, r.span.end) == (u.span.start, u.span.end)
            )
            for r in reviewed
        )
        if not superseded:
            keep.append(u)
    return keep


def _attributes(facts: Sequence[StoredFact], name: str) -> list[StoredFact]:
    return [f for f in facts if f.kind == "attribute" and f.payload.get("name") == name]


def _grouped(pairs: Iterable[tuple[Any, StoredFact]]) -> list[tuple[Any, tuple[int, ...]]]:
    """(value, fact ids) per distinct value, values in a stable order."""
    ids: dict[str, tuple[Any, list[int]]] = {}
    for value, f in pairs:
        ids.setdefault(repr(value), (value, []))[1].append(f.id)
    return [(v, tuple(sorted(i))) for _, (v, i) in sorted(ids.items())]


# ---------------------------------------------------------------- derivation


def derive_case(facts: Sequence[StoredFact], *, names: Sequence[str] = ()) -> CaseView:
    """The view of one case from all its stored facts; ``names`` are the person's known names, canonical first.

    Example: an arrest reported by two documents gives one timeline entry citing both facts, and a
    status fact of the newer document sets the status.
    """
    for f in facts:
        if f.kind not in ontology.FACT_KINDS:
            raise OntologyError(f"fact {f.id} has kind {f.kind!r}, not one of {', '.join(ontology.FACT_KINDS)}")
    live = sorted((f for f in facts if f.review_state != "rejected"), key=_order)
    live = _supersede(live)
    view = CaseView()
    conflicts: list[Conflict] = []
    view.timeline = _timeline([f for f in live if f.kind == "event"])
    view.status, view.status_date, view.status_fact_id = _status(live, conflicts)
    view.country = _country(live, conflicts)
    view.age = _age(live, conflicts)
    view.occupation = _occupation(live)
    view.name, view.aliases = _names(live, names)
    view.charges = _charges([f for f in live if f.kind == "charge"])
    view.sentences = _sentences([f for f in live if f.kind == "sentence"], view.timeline, conflicts)
    view.restrictions = _dedupe(
        [f for f in live if f.kind == "restriction"],
        lambda f: (_code(f, "activity", ontology.RESTRICTION_ACTIVITIES), _int(f.payload.get("months"))),
        lambda key: {"activity": key[0], **({"months": key[1]} if key[1] is not None else {})},
    )
    view.money = _dedupe([f for f in live if f.kind == "money"], _money_key, _money_value, _money_fill)
    view.advocacy = _advocacy([f for f in live if f.kind == "advocacy"])
    view.conflicts = sorted(conflicts, key=lambda c: c.field)
    return view


# ---- status


def _status(facts: Sequence[StoredFact], conflicts: list[Conflict]) -> tuple[str, str | None, int | None]:
    found = _attributes(facts, "status")
    for f in found:
        if f.payload.get("value") not in ontology.STATUSES:
            raise OntologyError(
                f"fact {f.id}: status {f.payload.get('value')!r} is not one of {', '.join(ontology.STATUSES)}"
            )
    if not found:
        return "unknown", None, None
    pool = [f for f in found if _reviewed(f)] or found
    # "unknown" says a document did not tell; it never overrides a status another document states.
    pool = [f for f in pool if f.payload["value"] != "unknown"] or pool

    def as_of(f: StoredFact) -> str:
        stated = _date(f, "as_of")
        if stated is not None:
            return stated.value
        return f.document_date.value if f.document_date else ""

    newest = max(as_of(f) for f in pool)
    top = [f for f in pool if as_of(f) == newest]
    chosen = max(top, key=_newness)
    if len({f.payload["value"] for f in top}) > 1:
        conflicts.append(Conflict(
            "status", _grouped((f.payload["value"], f) for f in top), chosen.payload["value"],
            f"sources as of {newest or 'an unknown date'} disagree; the latest-ingested document's status is shown",
        ))
    return chosen.payload["value"], _status_date(chosen, facts), chosen.id


def _status_date(chosen: StoredFact, facts: Sequence[StoredFact]) -> str | None:
    for key in ("date", "since"):
        stated = _date(chosen, key)
        if stated is not None:
            return stated.value
    types = _rules().status_events.get(chosen.payload["value"], frozenset())
    dates = [
        d.value for f in facts
        if f.kind == "event" and f.document_id == chosen.document_id and f.payload.get("type") in types
        and (d := _date(f)) is not None
    ]
    return max(dates) if dates else None


# ---- country, age, occupation, names


def _country(facts: Sequence[StoredFact], conflicts: list[Conflict]) -> str | None:
    found = [(str(f.payload.get("value") or "").strip().upper(), f) for f in _attributes(facts, "country")]
    found = [(v, f) for v, f in found if v]
    if not found:
        return None
    pool = [(v, f) for v, f in found if _reviewed(f)] or found
    votes = Counter(v for v, _ in pool)
    newest = {v: max(_newness(f) for w, f in pool if w == v) for v in votes}
    chosen = max(votes, key=lambda v: (votes[v], newest[v], v))
    if len({v for v, _ in found}) > 1:
        reviewed = pool is not found
        conflicts.append(Conflict(
            "country", _grouped(found), chosen,
            "reviewed facts decide" if reviewed else "majority of sources, ties to the newest",
        ))
    return chosen


def _age(facts: Sequence[StoredFact], conflicts: list[Conflict]) -> int | None:
    found = []
    for f in _attributes(facts, "age"):
        try:
            found.append((int(_need(f, "value")), f))
        except (TypeError, ValueError) as exc:
            raise OntologyError(f"fact {f.id}: age {f.payload.get('value')!r} is not a whole number") from exc
    if not found:
        return None
    pool = [(a, f) for a, f in found if _reviewed(f)] or found
    chosen, _ = max(pool, key=lambda af: _newness(af[1]))
    slack = _rules().age_slack

    def agree(x: tuple[int, StoredFact], y: tuple[int, StoredFact]) -> bool:
        (age_x, fx), (age_y, fy) = x, y
        if fx.document_date is None or fy.document_date is None:
            return age_x == age_y
        born_x = int(fx.document_date.value[:4]) - age_x
        born_y = int(fy.document_date.value[:4]) - age_y
        return abs(born_x - born_y) <= slack

    if any(not agree(x, y) for i, x in enumerate(found) for y in found[i + 1:]):
        conflicts.append(Conflict(
            "age", _grouped(found), chosen,
            "sources give ages that imply different birth years; the newest document's age is shown"
            + (" (reviewed facts only)" if pool is not found else ""),
        ))
    return chosen


def _occupation(facts: Sequence[StoredFact]) -> list[str]:
    out: dict[str, str] = {}
    for f in _attributes(facts, "occupation"):
        value = f.payload.get("value")
        for item in value if isinstance(value, list) else [value]:
            if item and str(item).strip():
                out.setdefault(fold(str(item)), str(item).strip())
    return list(out.values())


def _names(facts: Sequence[StoredFact], names: Sequence[str]) -> tuple[str, list[str]]:
    alias_values = []
    for f in _attributes(facts, "alias"):
        value = f.payload.get("value")
        alias_values += [str(v).strip() for v in (value if isinstance(value, list) else [value]) if v]
    given = [n.strip() for n in names if n and n.strip()]
    if given:
        name = given[0]
    elif alias_values:
        # The most often reported full name, else the most often reported name; first seen on ties.
        counts = Counter(fold(a) for a in alias_values)
        ranked = sorted(range(len(alias_values)), key=lambda i: (
            parse(alias_values[i]).lone, -counts[fold(alias_values[i])], i))
        name = alias_values[ranked[0]]
    else:
        name = ""
    aliases: dict[str, str] = {}
    for a in [*given[1:], *alias_values]:
        if fold(a) != fold(name):
            aliases.setdefault(fold(a), a)
    return name, list(aliases.values())


# ---- charges


def _article_key(article: Any) -> str | None:
    if not article:
        return None
    folded = fold(str(article))
    number = _ARTICLE_RE.search(folded)
    return number.group(0) if number else folded


def _charges(facts: Sequence[StoredFact]) -> list[Entry]:
    groups: dict[tuple[str, str | None], list[StoredFact]] = {}
    for f in facts:
        category = _code(f, "category", ontology.CHARGE_CATEGORIES)
        article = _article_key(f.payload.get("article"))
        if article is None and category == "other":
            # "other" names no offence: its words do (smuggling, money laundering stay apart).
            article = "text:" + fold(str(f.payload.get("text") or ""))
        groups.setdefault((category, article), []).append(f)
    # A charge reported without its article belongs to the category's first article, if it has one.
    for category in [k[0] for k in groups if k[1] is None]:
        with_article = sorted(k[1] for k in groups if k[0] == category and k[1] is not None)
        if with_article:
            groups[(category, with_article[0])] += groups.pop((category, None))
    entries = []
    for (category, _), members in groups.items():
        best = max(members, key=_preference)
        value: dict[str, Any] = {"category": category, "text": str(best.payload.get("text") or "")}
        articled = [f for f in members if f.payload.get("article")]
        if articled:
            value["article"] = str(max(articled, key=_preference).payload["article"])
        entries.append((min(map(_order, members)), _entry(value, members)))
    return [e for _, e in sorted(entries, key=lambda pair: pair[0])]


def _entry(value: dict[str, Any], members: Sequence[StoredFact]) -> Entry:
    return Entry(value, tuple(sorted(f.id for f in members)), any(_reviewed(f) for f in members))


# ---- timeline


@dataclass(slots=True)
class _Group:
    type: str
    date: DateValue | None
    place: str | None
    court: str | None
    outcome: str | None
    facts: list[StoredFact]


def _agree(a: str | None, b: str | None) -> bool:
    """Whether two places (or courts) can name one place: one is missing, contains the other, or
    both share a distinctive word (translations of one court name differ in their generic words)."""
    if not a or not b:
        return True
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa:
        return True
    return bool(_distinctive(fa) & _distinctive(fb))


def _distinctive(folded: str) -> set[str]:
    generic = _rules().generic_place_words
    return {w for w in re.findall(r"\w+", folded) if len(w) >= 4 and w not in generic}


def _fits(g: _Group, f: StoredFact, date: DateValue | None) -> bool:
    p = f.payload
    if g.type != p["type"] or not (_agree(g.place, p.get("place")) and _agree(g.court, p.get("court"))):
        return False
    if g.outcome and p.get("outcome") and g.outcome != p.get("outcome"):
        return False
    if date is None:
        # An undated report of a dated event is the same event only when it comes from another
        # document: one document that gives a dated and an undated arrest reports two arrests.
        return g.date is None or all(m.document_id != f.document_id for m in g.facts)
    if g.date is None:
        return False
    coarser = min(g.date.precision, date.precision, key=_PRECISION.__getitem__)
    return g.date.at_precision(coarser) == date.at_precision(coarser)


def _timeline(events: Sequence[StoredFact]) -> list[Entry]:
    dated = []
    for f in events:
        _code(f, "type", ontology.EVENT_TYPES)
        d = _date(f)
        dated.append((-_PRECISION[d.precision] if d else 0, d.value if d else "", _order(f), f, d))
    groups: list[_Group] = []
    # Most precise first, so an entry's date is the most precise one any source gives.
    for _, _, _, f, d in sorted(dated, key=lambda t: t[:3]):
        fits = [g for g in groups if _fits(g, f, d)]
        if len(fits) > 1:
            same = [g for g in fits if (g.date.precision if g.date else None) == (d.precision if d else None)]
            fits = same if len(same) == 1 else []
        if len(fits) == 1:
            g = fits[0]
            g.facts.append(f)
            g.place = g.place or f.payload.get("place")
            g.court = g.court or f.payload.get("court")
            g.outcome = g.outcome or f.payload.get("outcome")
        else:
            p = f.payload
            groups.append(_Group(p["type"], d, p.get("place"), p.get("court"), p.get("outcome"), [f]))
    keyed = []
    for g in groups:
        first = min(map(_order, g.facts))
        keyed.append(((g.date is None, g.date.value if g.date else "", first), _event_entry(g)))
    return [e for _, e in sorted(keyed, key=lambda pair: pair[0])]


def _event_entry(g: _Group) -> Entry:
    value: dict[str, Any] = {"type": g.type}
    if g.date is not None:
        value["date"] = g.date.value
        same = [f for f in g.facts if f.payload.get("date") == g.date.value]
        if same and all(f.payload.get("approximate") for f in same):
            value["approximate"] = True
    for key in ("place", "court", "outcome"):
        having = [f for f in g.facts if f.payload.get(key)]
        if having:
            value[key] = str(max(having, key=_preference).payload[key])
    if any(f.payload.get("in_absentia") for f in g.facts):
        value["in_absentia"] = True
    return _entry(value, g.facts)


# ---- sentences, restrictions, money, advocacy


def _dedupe(
    facts: Sequence[StoredFact],
    key: Callable[[StoredFact], tuple[Any, ...]],
    value: Callable[[tuple[Any, ...]], dict[str, Any]],
    fill: Callable[[dict[str, Any], list[StoredFact]], None] | None = None,
) -> list[Entry]:
    groups: dict[tuple[Any, ...], list[StoredFact]] = {}
    for f in facts:
        groups.setdefault(key(f), []).append(f)
    out = []
    for k, members in groups.items():
        v = value(k)
        if fill:
            fill(v, members)
        out.append(_entry(v, members))
    return out


def _sentence_key(f: StoredFact) -> tuple[Any, ...]:
    return (_code(f, "kind", ontology.SENTENCE_KINDS), _int(f.payload.get("months")), _int(f.payload.get("days")))


def _sentence_value(key: tuple[Any, ...]) -> dict[str, Any]:
    kind, months, days = key
    out: dict[str, Any] = {"kind": kind}
    if months is not None:
        out["months"] = months
    if days is not None:
        out["days"] = days
    return out


def _sentence_fill(value: dict[str, Any], members: list[StoredFact]) -> None:
    best = max(members, key=_preference)
    value["suspended"] = bool(best.payload.get("suspended", value["kind"] == "suspended"))
    if any(f.payload.get("in_absentia") for f in members):
        value["in_absentia"] = True
    probation = [f for f in members if f.payload.get("probation_months") is not None]
    if probation:
        value["probation_months"] = _int(max(probation, key=_preference).payload["probation_months"])


def _sentences(facts: Sequence[StoredFact], timeline: Sequence[Entry], conflicts: list[Conflict]) -> list[Entry]:
    rules = _rules()
    entries = _dedupe(facts, _sentence_key, _sentence_value, _sentence_fill)
    by_id = {f.id: f for f in facts}
    explained = (
        any(e.value["type"] in rules.change_events for e in timeline)
        or any(e.value["type"] == "appeal" and e.value.get("outcome") in rules.change_outcomes for e in timeline)
        or sum(e.value["type"] == "conviction" for e in timeline) > 1
    )
    dropped: set[int] = set()
    for kind in sorted({e.value["kind"] for e in entries}):
        mine = [e for e in entries if e.value["kind"] == kind]
        docs = {id(e): {by_id[i].document_id for i in e.fact_ids} for e in mine}
        # Two lengths one document reports together (the original and the reduced term) explain
        # each other; lengths that no document reports together are a conflict.
        clash = [(a, b) for i, a in enumerate(mine) for b in mine[i + 1:] if not docs[id(a)] & docs[id(b)]]
        if explained or not clash:
            continue
        reviewed = [e for e in mine if e.reviewed]
        values = [(_length(e.value), e.fact_ids) for e in mine]
        if reviewed:
            # A reviewed length wins over unreviewed lengths that no document reports beside it.
            for e in mine:
                if not e.reviewed and not any(docs[id(e)] & docs[id(r)] for r in reviewed):
                    dropped.add(id(e))
            chosen = [_length(e.value) for e in reviewed]
            conflicts.append(Conflict(f"sentence.{kind}", values, chosen[0] if len(chosen) == 1 else chosen,
                                      "a reviewed fact decides; unreviewed lengths from other sources are hidden"))
        else:
            conflicts.append(Conflict(f"sentence.{kind}", values, None,
                                      "sources give different lengths and no appeal or sentence change explains "
                                      "them; every length is shown"))
    return [e for e in entries if id(e) not in dropped]


def _length(value: dict[str, Any]) -> dict[str, int]:
    return {k: value[k] for k in ("months", "days") if k in value}


def _money_key(f: StoredFact) -> tuple[Any, ...]:
    amount = f.payload.get("amount")
    currency = f.payload.get("currency")
    return (
        _code(f, "kind", ontology.MONEY_KINDS),
        float(amount) if amount is not None else None,
        str(currency).upper() if currency else None,
    )


def _money_value(key: tuple[Any, ...]) -> dict[str, Any]:
    kind, amount, currency = key
    out: dict[str, Any] = {"kind": kind}
    if amount is not None:
        out["amount"] = int(amount) if amount.is_integer() else amount
    if currency:
        out["currency"] = currency
    return out


def _money_fill(value: dict[str, Any], members: list[StoredFact]) -> None:
    usd = [f for f in members if f.payload.get("usd") is not None]
    if usd:
        number = float(max(usd, key=_preference).payload["usd"])
        value["usd"] = int(number) if number.is_integer() else number


def _actor_names(actor: str) -> tuple[set[str], set[str]]:
    """An actor's names and acronyms: "Committee to Protect Journalists (CPJ)" -> ({name, "cpj"}, {"cpj"})."""
    match = _PAREN_RE.match(actor)
    parts = [match.group("base"), match.group("inner")] if match else [actor]
    names, acronyms = set(), set()
    for part in parts:
        folded = fold(part)
        if not folded:
            continue
        names.add(folded)
        initials = [w[0] for w in folded.split() if w not in _rules().acronym_skip and w[0].isalnum()]
        if len(initials) >= 2:
            acronyms.add("".join(initials))
    return names, acronyms


def _same_actor(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]]) -> bool:
    # Equal names, or one's name is the other's acronym; two names sharing only an acronym differ.
    return bool(a[0] & b[0] or a[0] & b[1] or a[1] & b[0])


def _advocacy(facts: Sequence[StoredFact]) -> list[Entry]:
    groups: list[tuple[tuple[Any, ...], tuple[set[str], set[str]], list[StoredFact]]] = []
    for f in facts:
        actor = str(_need(f, "actor"))
        action = _code(f, "action", ontology.ADVOCACY_ACTIONS)
        date = _date(f)
        # One statement per actor, action and date; undated statements of different documents stay apart.
        key = (action, date.value if date else ("document", f.document_id))
        names = _actor_names(actor)
        for gkey, gnames, members in groups:
            if gkey == key and _same_actor(gnames, names):
                members.append(f)
                gnames[0].update(names[0])
                gnames[1].update(names[1])
                break
        else:
            groups.append((key, names, [f]))
    out = []
    for _, _, members in groups:
        best = max(members, key=_preference)
        value: dict[str, Any] = {"actor": str(best.payload["actor"]), "action": best.payload["action"]}
        for name in ("speaker", "date", "quote"):
            having = [f for f in members if f.payload.get(name)]
            if having:
                value[name] = max(having, key=_preference).payload[name]
        out.append(_entry(value, members))
    return out
