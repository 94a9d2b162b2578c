"""Pure helpers for the pages: span highlighting, quote context, the SVG timeline and bar charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from casewatch.store import MARK_END, MARK_START


@dataclass(slots=True)
class Segment:
    """A stretch of text and the facts (id, kind) whose spans cover all of it."""

    text: str
    facts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.facts[0][1] if self.facts else ""


def segments(text: str, spans: list[tuple[int, int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; ``spans`` are ``(start, end, fact_id, kind)``.

    Overlapping spans give segments covered by several facts; the concatenated segments are the text.
    """
    cuts = {0, len(text)}
    for start, end, _, _ in spans:
        if 0 <= start <= end <= len(text):
            cuts.update((start, end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = [(fid, kind) for start, end, fid, kind in spans if start <= a and b <= end and start < end]
        out.append(Segment(text[a:b], covering))
    return out


def context(text: str, start: int, end: int, width: int = 240) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]``: (before, quote, after), trimmed to about ``width`` each side."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - width, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*right_candidates, end + width, len(text)])
    if right < len(text) and text[right:right + 1] == ".":
        right += 1
    return text[left:start], text[start:end], text[end:right]


def marked(snippet: str) -> Markup:
    """A search snippet escaped, with its match markers turned into <mark> elements."""
    safe = str(escape(snippet))
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _day(value: str) -> date | None:
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


@dataclass(slots=True)
class Mark:
    x: float
    y: float
    label: str
    when: str
    kind: str
    anchor: str = "start"


@dataclass(slots=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    marks: list[Mark]
    ticks: list[tuple[float, str]]


def timeline(events: list[dict[str, Any]], width: int = 760) -> Timeline | None:
    """Dated events laid out on a horizontal axis, labels staggered on rows so they do not overlap."""
    dated = [(d, e) for e in events if isinstance(e.get("date"), str) and (d := _day(e["date"])) is not None]
    if not dated:
        return None
    dated.sort(key=lambda p: p[0])
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    margin, rows = 40, 4
    usable = width - 2 * margin
    marks = []
    for i, (day, event) in enumerate(dated):
        x = margin + usable * (day - first).days / span if len(dated) > 1 else width / 2
        y = 30 + (i % rows) * 18
        anchor = "end" if x > width * 0.7 else "start"
        marks.append(Mark(round(x, 1), y, str(event.get("type", "?")).replace("_", " "), event["date"],
                          str(event.get("type", "")), anchor))
    axis_y = 30 + rows * 18 + 10
    ticks = sorted({(round(margin + usable * (date(y, 1, 1) - first).days / span, 1), str(y))
                    for y in range(first.year + 1, last.year + 1)})
    return Timeline(width, int(axis_y + 30), axis_y, marks, ticks)


@dataclass(slots=True)
class Bars:
    width: int
    height: int
    bars: list[tuple[float, float, float, float, str, int]]  # x, y, w, h, label, value
    vertical: bool


def bars(counts: list[tuple[str, int]], *, width: int = 520, row: int = 22, vertical: bool = False) -> Bars:
    """A bar chart: horizontal bars (one row per label), or vertical columns for a time series."""
    top = max((n for _, n in counts), default=1) or 1
    if vertical:
        height = 180
        col = max(4.0, (width - 40) / max(len(counts), 1))
        out = [(40 + i * col, height - 20 - (height - 40) * n / top, col - 2, (height - 40) * n / top, label, n)
               for i, (label, n) in enumerate(counts)]
        return Bars(width, height, [tuple(round(v, 1) if isinstance(v, float) else v for v in b)  # type: ignore[misc]
                                    for b in out], True)
    label_w = 140
    out = [(label_w, i * row + 4, (width - label_w - 50) * n / top, row - 6, label, n) for i, (label, n) in
           enumerate(counts)]
    return Bars(width, len(counts) * row + 8, [(x, y, round(w, 1), h, lab, n) for x, y, w, h, lab, n in out], False)
