"""A case dossier for appeals and UN submissions: HTML (printable) and Markdown, every fact with its citation.

The dossier holds the case card, the timeline, every fact (rejected ones left out) with its review state
and citation (source title, outlet, date, URL, the quoted words), the advocacy record, and the numbered
sources. Every value from the store is untrusted text: the HTML template autoescapes everything, and the
Markdown template escapes every value it prints (``finalize``), so a hostile title or quote stays text.
Only http(s) URLs become links. File names come from the case id (:func:`dossier_filename`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from casewatch.core.types import StoredFact
from casewatch.export.tables import strip_private
from casewatch.export.text import describe_fact
from casewatch.store.records import CaseDetail

FORMATS = ("html", "md")
TEMPLATES = Path(__file__).with_name("templates")
_SECTIONS = (("Charges", "charge"), ("Sentences", "sentence"), ("Bans and restrictions", "restriction"),
             ("Fines and other money", "money"), ("Events", "event"), ("Advocacy", "advocacy"),
             ("Attributes", "attribute"))


@dataclass(slots=True)
class Source:
    number: int
    key: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None  # only http(s); others are left out


@dataclass(slots=True)
class Entry:
    fact_id: int
    kind: str
    label: str
    date: str | None
    review_state: str
    quote: str
    source: Source | None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Dossier:
    case_id: int
    name: str
    aliases: list[str]
    country: str | None
    status: str
    status_date: str | None
    attributes: dict[str, Any]
    charges: list[str]
    timeline: list[Entry]
    sections: list[tuple[str, list[Entry]]]
    advocacy: list[Entry]
    sources: list[Source]
    conflicts: list[dict[str, Any]]
    rejected: int
    generated_at: str


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _outlet(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def build_dossier(detail: CaseDetail, *, now: dt.datetime | None = None) -> Dossier:
    """The dossier's content for one case (read with ``store.get_case``)."""
    sources: dict[int, Source] = {}
    facts = [f for f in detail.facts if f.review_state != "rejected"]

    def source_of(f: StoredFact) -> Source | None:
        doc = detail.documents.get(f.document_id)
        if doc is None:
            return None
        if doc.id not in sources:
            sources[doc.id] = Source(len(sources) + 1, doc.key, doc.title, _outlet(doc.url), doc.published,
                                     _safe_url(doc.url))
        return sources[doc.id]

    def entry(f: StoredFact) -> Entry:
        payload = strip_private(f.payload)
        src = source_of(f)
        date = payload.get("date") or (src.published if src else None)
        return Entry(f.id, f.kind, describe_fact(f.kind, payload), date, f.review_state,
                     " ".join(f.span.quote.split()), src, payload)

    entries = [entry(f) for f in facts]
    timeline = sorted((e for e in entries if e.kind == "event"),
                      key=lambda e: (e.payload.get("date") or "9999", e.fact_id))
    sections = [(title, [e for e in entries if e.kind == kind]) for title, kind in _SECTIONS]
    attributes = strip_private(detail.attributes)
    charges = list(dict.fromkeys(e.label for e in entries if e.kind == "charge"))
    return Dossier(
        case_id=detail.id, name=detail.name, aliases=[n for n in detail.names if n != detail.name],
        country=detail.case.country, status=detail.case.status, status_date=detail.case.status_date,
        attributes=attributes, charges=charges, timeline=timeline,
        sections=[(t, es) for t, es in sections if es], advocacy=[e for e in entries if e.kind == "advocacy"],
        sources=sorted(sources.values(), key=lambda s: s.number),
        conflicts=list((detail.summary or {}).get("conflicts") or []),
        rejected=len(detail.facts) - len(facts),
        generated_at=(now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    )


# --- rendering --------------------------------------------------------------------------------------


class Raw(str):
    """Markdown the template builds itself (link targets), exempt from escaping."""

    __slots__ = ()


# Values never start a line in the templates, so list and heading markers need no escape; what could
# make emphasis, code, links, tables or raw HTML does.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")


def md_escape(value: Any) -> str:
    """Text that Markdown renders as itself: markup characters backslash-escaped, HTML as entities."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: str | None) -> Raw:
    """A link target that cannot end the Markdown link early (spaces, brackets, parentheses encoded)."""
    return Raw(quote(url or "", safe=":/?#@!$&'*+,;=%-._~"))


@cache
def _environment(fmt: str) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    if fmt == "html":
        env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                 trim_blocks=True, lstrip_blocks=True)
    else:
        env = jinja2.Environment(loader=loader, autoescape=False, finalize=md_escape,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["url"] = md_url
    return env


def render_dossier(detail: CaseDetail, fmt: str = "html", *, now: dt.datetime | None = None) -> str:
    """The dossier of one case as HTML (a standalone, printable page) or Markdown."""
    _check_format(fmt)
    template = _environment(fmt).get_template("dossier.html.j2" if fmt == "html" else "dossier.md.j2")
    return template.render(d=build_dossier(detail, now=now))


def dossier_filename(case_id: int, fmt: str) -> str:
    """``case-12-dossier.html``: from the case id, never from a (hostile) name or title."""
    _check_format(fmt)
    return f"case-{int(case_id)}-dossier.{fmt}"


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"dossier format {fmt!r} is not one of {', '.join(FORMATS)}; pick one of those")
