"""Custody status of a defendant as of a date, derived from the ordered events of one document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cmp_to_key

from casewatch.core.types import DateValue, Event, Sentence

# Where an event sits in the usual course of a case, for ordering events a text leaves undated.
RANK = {
    "protest": 0, "investigation": 1, "summons": 1, "search": 1, "wanted": 1, "designation": 1,
    "arrest": 2, "disappearance": 3, "detention": 3, "charge": 3, "house_arrest": 4, "bail": 4,
    "travel_ban": 4, "ill_treatment": 5, "hunger_strike": 5, "trial": 5, "conviction": 6, "fine": 6,
    "ban": 6, "acquittal": 7, "appeal": 7, "transfer": 7, "sentence_change": 8, "extradition": 8,
    "release": 9, "pardon": 9, "deportation": 10, "exile": 10, "death": 11,
}

_LEADS_TO = {
    "arrest": "in_custody", "detention": "in_custody", "transfer": "in_custody", "conviction": "in_custody",
    "extradition": "in_custody", "house_arrest": "house_arrest", "bail": "restricted", "release": "free",
    "acquittal": "free", "pardon": "free", "exile": "in_exile", "deportation": "in_exile", "death": "deceased",
}
_CUSTODY_SENTENCES = {"prison", "life", "death", "administrative_detention"}
_NON_CUSTODIAL_SENTENCES = {"suspended", "restricted_freedom", "community_service"}
# A bare arrest reported this many days after it happened no longer says where the person is.
BARE_ARREST_DAYS = 7
_LATER_NEWS = {"charge", "trial", "appeal", "designation"}
# An undated arrest reported this close to the start of a text is the news it leads with.
LEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class StatusCue:
    """A sentence that states the present status outright ("remains in pretrial detention")."""

    status: str
    position: int
    weak: bool = False  # implied, e.g. by a call for release, rather than stated


def order_events(events: Sequence[Event]) -> list[Event]:
    """Events in the order they happened: by date where both are dated, else by the usual course."""
    indexed = list(enumerate(events))

    def key(item: tuple[int, Event]) -> tuple[str, int, int]:
        position, event = item
        if event.date is not None:
            return (event.date.value.ljust(10, "~"), RANK.get(event.type, 5), position)
        return ("", RANK.get(event.type, 5), position)

    def compare(a: tuple[int, Event], b: tuple[int, Event]) -> int:
        # A date within the other's period ("in June" and "on 24 June") does not say which came first:
        # the usual course of a case does, as for undated events ("remanded in June", "bailed on 24 June").
        da, db = a[1].date.value, b[1].date.value  # type: ignore[union-attr]
        if da != db and (db.startswith(da) or da.startswith(db)):
            ka, kb = (RANK.get(a[1].type, 5), a[0]), (RANK.get(b[1].type, 5), b[0])
        else:
            ka, kb = key(a), key(b)  # type: ignore[assignment]
        return -1 if ka < kb else (1 if ka > kb else 0)

    dated = sorted((i for i in indexed if i[1].date is not None), key=cmp_to_key(compare))
    undated = sorted((i for i in indexed if i[1].date is None), key=key)
    # Place each undated event after the last dated event of no higher rank, but not after a dated event
    # the text tells after it of a lower rank ("sent to a colony" in 2023, "summoned" in May 2025 after a
    # March release: the colony is before the release).
    merged = [e for _, e in dated]
    for _, event in undated:
        rank = RANK.get(event.type, 5)
        insert_at = 0
        for j, other in enumerate(merged):
            other_rank = RANK.get(other.type, 5)
            if other_rank <= rank and not (other.date is not None and other_rank < rank
                                           and other.span.start > event.span.start
                                           and any(RANK.get(x.type, 5) > rank and x.date is not None
                                                   for x in merged[:j])):
                insert_at = j + 1
        merged.insert(insert_at, event)
    return merged


def derive_status(
    events: Sequence[Event],
    sentences: Sequence[Sentence],
    as_of: DateValue | None,
    cues: Sequence[StatusCue] = (),
) -> tuple[str, DateValue | None, Event | None]:
    """``(status, since, deciding event)`` per the ontology's custody rules.

    >>> from casewatch.core.types import Span
    >>> e = Event("arrest", Span(0, 8, "arrested"), DateValue("2023-01-02"))
    >>> derive_status([e], [], DateValue("2023-01-03"))[0]
    'in_custody'
    """
    # An undated release or pardon beside a dated one is that release told again, not a later one.
    freed = {"release", "pardon"}
    if any(e.type in freed and e.date is not None for e in events):
        events = [e for e in events if not (e.type in freed and e.date is None)]
    ordered = order_events(events)
    status = "unknown"
    since: DateValue | None = None
    decider: Event | None = None
    custody_evidence = False  # anything beyond a bare arrest
    before_conviction: tuple[str, DateValue | None, Event | None] = ("unknown", None, None)
    custody_kinds = {s.kind for s in sentences}
    for event in ordered:
        new: str | None = None
        etype = event.type
        if etype == "death":
            new = "deceased"
        elif etype == "arrest":
            new = "in_custody"
        elif etype == "disappearance":
            new = "unknown"  # taken, and nobody knows where: not a custody the text can vouch for
        elif etype in ("detention", "transfer", "ill_treatment", "hunger_strike", "extradition"):
            new = "in_custody"
            custody_evidence = True
        elif etype == "house_arrest":
            new = "house_arrest"
            custody_evidence = True
        elif etype == "bail":
            new = "restricted"
            custody_evidence = True
        elif etype == "acquittal" and event.date is not None and any(
                e.type == "conviction" and e.date == event.date for e in ordered):
            new = None  # "sentenced her ... and acquitted her of disinformation": acquitted of one charge only
        elif etype == "release" and decider is not None and decider.type == "house_arrest" and (
                decider.date == event.date and (event.date is not None or abs(decider.span.start - event.span.start) < 300)):
            new = None  # "released him from pretrial detention and placed him under house arrest": moved home, not freed
        elif etype in ("release", "acquittal", "pardon"):
            new = "restricted" if status == "restricted" and etype == "release" and _has_bail(ordered) else "free"
            custody_evidence = True
        elif etype == "conviction":
            if event.in_absentia or all(s.in_absentia for s in sentences if s.kind in _CUSTODY_SENTENCES) and any(
                s.kind in _CUSTODY_SENTENCES for s in sentences
            ):
                new = None  # a sentence passed in absentia puts nobody in a cell
            elif custody_kinds & _CUSTODY_SENTENCES and not _served(event, sentences, as_of):
                new = "in_custody"
                custody_evidence = True
            elif "house_arrest" in custody_kinds:
                new = "house_arrest"
                custody_evidence = True
            elif custody_kinds & _NON_CUSTODIAL_SENTENCES:
                new = "restricted"
                custody_evidence = True
            elif custody_kinds == {"fine"}:
                new = "free"  # a fine is paid, not served
                custody_evidence = True
            elif not custody_kinds and status in ("in_custody", "unknown"):
                # Convicted, term not reported: held, unless the text says otherwise later.
                new = "in_custody"
                custody_evidence = True
        elif etype in ("exile", "deportation"):
            new = "in_exile"
            custody_evidence = True
        elif etype in ("ban", "travel_ban") and status in ("unknown", "free"):
            new = "restricted"
            custody_evidence = True
        elif etype == "appeal" and event.outcome == "quashed" and decider is not None and decider.type == "conviction":
            # the conviction is void: back to where the case stood before it ("released pending trial")
            status, since, decider = before_conviction
            continue
        elif etype == "appeal" and event.outcome == "quashed" and status == "in_custody":
            new = None
        if new is not None and status != "deceased":
            if etype == "conviction" and (decider is None or decider.type != "conviction"):
                before_conviction = (status, since, decider)
            status, since, decider = new, event.date, event
    if status == "in_custody" and decider is not None and decider.type == "arrest" and any(
        e.type in _LATER_NEWS and e is not decider for e in ordered
    ):
        custody_evidence = True  # charged, tried or appealing since the arrest: the case goes on in custody
    if status == "in_custody" and not custody_evidence and decider is not None:
        # A bare arrest says nothing of the present unless the report is from its days
        # (dated within a week, or the undated news the report leads with).
        lead = decider.date is None and decider.span.start < LEAD_CHARS
        if not (_recent(decider.date, as_of) or lead):
            status, since = "unknown", None
    # bail granted, then the charges dropped: no conditions left to keep
    bailed_at = next((i for i, e in enumerate(ordered) if e.type == "bail"), None)
    acquitted = bailed_at is not None and any(e.type == "acquittal" for e in ordered[bailed_at:])
    if (status == "free" and decider is not None and decider.type == "release" and not acquitted
            and (any(e.type in ("travel_ban", "bail", "sentence_change", "ban") for e in ordered)
                 or custody_kinds & _NON_CUSTODIAL_SENTENCES)):
        status = "restricted"  # released, but on parole, bail, a ban or a suspended term: free with conditions
    strong = [c for c in cues if not c.weak]
    cue_status = None
    if strong and status != "deceased":
        cue_status = strong[-1].status
    elif cues and status == "unknown":
        cue_status = cues[-1].status
    if cue_status is not None and cue_status != status:
        # The text states the present status; it holds since the last event that led to it.
        status, since, decider = cue_status, None, None
        for event in ordered:
            if _LEADS_TO.get(event.type) == cue_status:
                since, decider = event.date, event
    return status, since, decider


def _has_bail(events: Sequence[Event]) -> bool:
    return any(e.type == "bail" for e in events)


def _recent(date: DateValue | None, as_of: DateValue | None) -> bool:
    if date is None or as_of is None or date.precision != "day" or as_of.precision != "day":
        return False
    from datetime import date as _date

    d1 = _date.fromisoformat(date.value)
    d2 = _date.fromisoformat(as_of.value)
    return 0 <= (d2 - d1).days <= BARE_ARREST_DAYS


def _served(conviction: Event, sentences: Sequence[Sentence], as_of: DateValue | None) -> bool:
    """Whether every custodial term has run out by ``as_of`` (life and death terms never do)."""
    if conviction.date is None or as_of is None:
        return False
    terms = [s for s in sentences if s.kind in _CUSTODY_SENTENCES]
    if any(s.kind in ("life", "death") for s in terms):
        return False
    longest_days = max(((s.months or 0) * 31 + (s.days or 0)) for s in terms) if terms else 0
    if longest_days == 0:
        return False
    start = int(conviction.date.value[:4]) * 372 + int((conviction.date.value + "-01-01")[5:7]) * 31
    end = int(as_of.value[:4]) * 372 + int((as_of.value + "-01-01")[5:7]) * 31
    return end - start > longest_days
