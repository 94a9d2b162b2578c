"""Status cues: sentences that state where a person is now ("remains in pretrial detention")."""

from __future__ import annotations

import re
from functools import cache

from casewatch.extract.components.events import coordinated
from casewatch.extract.context import WorkDoc, open_quote
from casewatch.extract.prefilter import GateSet, LiteralGate
from casewatch.extract.rules import load
from casewatch.resolve.status import StatusCue

COMPONENT = "status"
VERSION = "1"


_RELEASE_CALL = re.compile(
    r"\b(?:call(?:s|ed|ing)?|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|press(?:es|ed)?)\b[^.;]{0,100}?\b(?:release|free)\b"
    r"(?:\s+(?:from\s+(?:prison|custody|detention)|of))?",
    re.I,
)


def _listed(text: str, mentions: list) -> list[int]:
    """Persons named in a list that starts at the first mention: "X, Y, bloggers Z and W"."""
    chosen: list[int] = list(mentions[0].persons)
    prev = mentions[0]
    for m in mentions[1:]:
        gap = text[prev.end:m.start]
        if len(gap) > 60 or re.search(r"[.;:]|\b(?:who|which|was|were|has|had|said)\b", gap):
            break
        chosen += [i for i in m.persons if i not in chosen]
        prev = m
    return chosen


_DESCRIBES_NEXT = re.compile(r"\s+(?:(?:[a-z-]+\s+){0,2}?(?:journalists?|activists?|bloggers?|reporters?|lawyers?|"
                             r"politicians?|dissidents?|editors?|defenders?|critics?|members?)\s+)?")


@cache
def _cues() -> list[tuple[str, re.Pattern[str], LiteralGate]]:
    # Each cue with a gate of the literals its matches must hold (see prefilter): most sentences skip most scans.
    return [(status, re.compile(p, re.I), LiteralGate([p])) for status, pats in load("status")["cues"].items() for p in pats]


@cache
def _cue_gates() -> GateSet:
    return GateSet(gate for *_, gate in _cues())


@cache
def _release_call_gate() -> LiteralGate:
    return LiteralGate([_RELEASE_CALL.pattern])


def find_status_cues(doc: WorkDoc) -> dict[int, list[tuple[StatusCue, int, int]]]:
    """Person index -> cues with their spans, in text order."""
    out: dict[int, list[tuple[StatusCue, int, int]]] = {}
    text = doc.text
    for s_start, s_end in doc.sentences:
        scans = _cues()
        for i in _cue_gates().admitted(doc, s_start, s_end):
            status, pattern, _ = scans[i]
            for m in pattern.finditer(text, s_start, s_end):
                if _RELEASE_CALL.search(text, s_start, m.start()):
                    continue  # "demand the release of all the detained journalists": a call, handled below
                mentions = doc.mentions_in(s_start, s_end)
                if not mentions:
                    continue
                opened = open_quote(text, s_start, m.start())
                if opened is not None and not any(opened <= x.start < m.start() for x in mentions):
                    continue  # '"The men who were beaten are in jail," he said': a quote about no one named
                # The person the cue describes: the nearest reference before it, else after it.
                before = [x for x in mentions if x.end <= m.start()]
                after = [x for x in mentions if x.start >= m.end()]
                inside = [x for x in mentions if m.start() <= x.start and x.end <= m.end()]
                if inside:
                    # "did not send the three back to prison": the ones the cue itself names
                    for idx in dict.fromkeys(i for x in inside for i in x.persons):
                        out.setdefault(idx, []).append((StatusCue(status, m.start()), m.start(), m.end()))
                    continue
                if not before and (not after or after[0].start - m.end() > 40):
                    continue
                if after and _DESCRIBES_NEXT.fullmatch(text, m.end(), after[0].start):
                    # "imprisoned journalists X and Y": the cue describes the names that follow
                    chosen = coordinated(text, after, forward=True)
                elif before:
                    # "X, Y and Z remain in custody": the cue holds for everyone listed.
                    chosen = coordinated(text, before, forward=False)
                else:
                    chosen = after[0].persons
                for idx in chosen:
                    out.setdefault(idx, []).append((StatusCue(status, m.start()), m.start(), m.end()))
    # "urged the authorities to release journalists X, Y and Z": those named are held.
    for s_start, s_end in doc.sentences:
        if not _release_call_gate().admits(doc, s_start, s_end):
            continue
        for m in _RELEASE_CALL.finditer(text, s_start, s_end):
            after = [x for x in doc.mentions_in(m.end(), s_end) if x.kind == "name"]
            if not after or after[0].start - m.end() > 60:
                continue
            for idx in _listed(text, after):
                out.setdefault(idx, []).append((StatusCue("in_custody", m.start(), weak=True), m.start(), m.end()))
    for cues in out.values():
        cues.sort(key=lambda c: c[1])
    return out
