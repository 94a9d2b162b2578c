"""Status cues: sentences that state where a person is now ("remains in pretrial detention")."""

from __future__ import annotations

import re
from functools import cache

from casewatch.extract.context import WorkDoc
from casewatch.extract.rules import load
from casewatch.resolve.status import StatusCue

COMPONENT = "status"
VERSION = "1"


@cache
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    return [(status, re.compile(p, re.I)) for status, pats in load("status")["cues"].items() for p in pats]


def find_status_cues(doc: WorkDoc) -> dict[int, list[tuple[StatusCue, int, int]]]:
    """Person index -> cues with their spans, in text order."""
    out: dict[int, list[tuple[StatusCue, int, int]]] = {}
    text = doc.text
    for s_start, s_end in doc.sentences:
        for status, pattern in _cues():
            for m in pattern.finditer(text, s_start, s_end):
                mentions = doc.mentions_in(s_start, s_end)
                if not mentions:
                    continue
                # The person the cue describes: the nearest reference before it, else after it.
                before = [x for x in mentions if x.end <= m.start()]
                after = [x for x in mentions if x.start >= m.end()]
                chosen = before[-1] if before else after[0]
                if not before and after and after[0].start - m.end() > 40:
                    continue
                for idx in chosen.persons:
                    out.setdefault(idx, []).append((StatusCue(status, m.start()), m.start(), m.end()))
    for cues in out.values():
        cues.sort(key=lambda c: c[1])
    return out
