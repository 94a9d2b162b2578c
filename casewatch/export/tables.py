"""Exports of the store: JSON (schema ``export/schema.json``), CSV of cases, facts or events, and gold JSON Lines.

Every export takes an :class:`ExportFilter` (country, status, date range) and leaves out private fields:
the field names in ``private.yaml``, any key starting with ``_``, and any key a record lists under its own
``"private"`` key. A date range keeps the facts dated inside it (an event's own date, else its source's
date) and the cases that have at least one such fact. CSV cells that a spreadsheet would run as a
formula are neutralized. File names come from ids and validated filter values, never from titles.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import yaml

from casewatch.core import ontology
from casewatch.core.errors import InputError
from casewatch.export.text import describe_fact

EXPORT_SCHEMA_VERSION = "1"  # additive changes keep it; a removed or renamed field bumps it
SCHEMA_PATH = Path(__file__).with_name("schema.json")
WHATS = ("cases", "facts", "events")
CSV_COLUMNS = ("case_id", "name", "country", "status", "fact_id", "kind", "summary", "payload", "review_state",
               "document", "document_url", "published", "start", "end", "quote", "date", "document_title", "outlet")
CASE_COLUMNS = ("case_id", "name", "names", "country", "status", "status_date", "charges", "facts", "documents",
                "age", "occupation")
EVENT_COLUMNS = ("case_id", "name", "fact_id", "type", "date", "approximate", "place", "court", "outcome",
                 "in_absentia", "review_state", "document", "document_title", "outlet", "document_url", "published",
                 "quote")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@cache
def private_fields() -> frozenset[str]:
    """Field names never exported (``private.yaml``)."""
    data = yaml.safe_load(Path(__file__).with_name("private.yaml").read_text(encoding="utf-8")) or {}
    return frozenset(str(name) for name in data.get("fields", []))


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which cases and facts an export holds; dates are YYYY, YYYY-MM or YYYY-MM-DD, both ends included."""

    country: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        if self.country is not None and not re.fullmatch(r"[A-Za-z]{2}", self.country):
            raise InputError("--country", f"{self.country!r} is not a two-letter ISO 3166 code such as KZ")
        if self.status is not None and self.status not in ontology.STATUSES:
            raise InputError("--status", f"{self.status!r} is not one of {', '.join(ontology.STATUSES)}")
        for name, value in (("--since", self.since), ("--until", self.until)):
            if value is not None and not _DATE.match(value):
                raise InputError(name, f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        if self.since and self.until and self.since > self.until:
            raise InputError("--since", f"{self.since} is after --until {self.until}; swap them")

    @property
    def dated(self) -> bool:
        return bool(self.since or self.until)

    def keeps_date(self, value: str | None) -> bool:
        """Whether a date (at any precision) overlaps the range; undated facts fall outside any range."""
        if not self.dated:
            return True
        if not value:
            return False
        if self.since and value < self.since[:len(value)]:
            return False
        return not (self.until and value[:len(self.until)] > self.until)

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("country", self.country.upper() if self.country else None),
                                  ("status", self.status), ("since", self.since), ("until", self.until)) if v}


def strip_private(record: Any) -> Any:
    """A copy of a dict without private keys (see the module docstring); other values as they are."""
    if not isinstance(record, dict):
        return record
    marked = record.get("private")
    hidden = private_fields() | ({str(k) for k in marked} if isinstance(marked, list) else set()) | {"private"}
    return {k: v for k, v in record.items() if k not in hidden and not str(k).startswith("_")}


def _outlet(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _fact_date(kind: str, payload: dict[str, Any], published: str | None) -> str | None:
    if kind in ("event", "advocacy") and payload.get("date"):
        return str(payload["date"])
    return published


def case_records(store: Any, filters: ExportFilter | None = None) -> list[dict[str, Any]]:
    """Cases with their derived summary and their facts (rejected ones left out), each with its source."""
    filters = filters or ExportFilter()
    out = []
    for row in store.list_cases(country=filters.country.upper() if filters.country else None, status=filters.status):
        detail = store.get_case(row.id)
        docs = detail.documents
        facts = []
        for f in detail.facts:
            if f.review_state == "rejected":
                continue
            doc = docs.get(f.document_id)
            published = doc.published if doc else None
            date = _fact_date(f.kind, f.payload, published or (f.document_date.value if f.document_date else None))
            if not filters.keeps_date(date):
                continue
            facts.append({
                "id": f.id, "kind": f.kind, "payload": strip_private(f.payload), "review_state": f.review_state,
                "date": date,
                "source": {"document": doc.key if doc else None, "title": doc.title if doc else None,
                           "url": doc.url if doc else None, "outlet": _outlet(doc.url if doc else None),
                           "published": published, "start": f.span.start, "end": f.span.end, "quote": f.span.quote},
                "extractor": f.extractor, "version": f.version,
            })
        if filters.dated and not facts:
            continue
        out.append({
            "id": row.id, "name": row.name, "names": detail.names, "country": row.country, "status": row.status,
            "status_date": row.status_date, "charges": row.charges, "attributes": strip_private(detail.attributes),
            "summary": strip_private(detail.summary), "facts": facts,
        })
    return out


def fact_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per fact (the CSV and JSON ``facts`` shape)."""
    rows = []
    for case in cases:
        for fact in case["facts"]:
            src = fact["source"]
            rows.append({
                "case_id": case["id"], "name": case["name"], "country": case["country"], "status": case["status"],
                "fact_id": fact["id"], "kind": fact["kind"], "summary": describe_fact(fact["kind"], fact["payload"]),
                "payload": fact["payload"], "review_state": fact["review_state"], "document": src["document"],
                "document_url": src["url"], "published": src["published"], "start": src["start"], "end": src["end"],
                "quote": src["quote"], "date": fact["date"], "document_title": src["title"], "outlet": src["outlet"],
            })
    return rows


def event_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per event, in date order within each case (undated last)."""
    rows = []
    for case in cases:
        events = sorted((f for f in case["facts"] if f["kind"] == "event"),
                        key=lambda f: (f["payload"].get("date") or "9999", f["id"]))
        for fact in events:
            p, src = fact["payload"], fact["source"]
            rows.append({
                "case_id": case["id"], "name": case["name"], "fact_id": fact["id"], "type": p.get("type"),
                "date": p.get("date"), "approximate": bool(p.get("approximate")), "place": p.get("place"),
                "court": p.get("court"), "outcome": p.get("outcome"), "in_absentia": bool(p.get("in_absentia")),
                "review_state": fact["review_state"], "document": src["document"], "document_title": src["title"],
                "outlet": src["outlet"], "document_url": src["url"], "published": src["published"],
                "quote": src["quote"],
            })
    return rows


def case_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        attributes = case["attributes"] or {}
        occupation = attributes.get("occupation")
        rows.append({
            "case_id": case["id"], "name": case["name"], "names": "; ".join(case["names"]),
            "country": case["country"], "status": case["status"], "status_date": case["status_date"],
            "charges": "; ".join(case["charges"]), "facts": len(case["facts"]),
            "documents": len({f["source"]["document"] for f in case["facts"]}), "age": attributes.get("age"),
            "occupation": "; ".join(occupation) if isinstance(occupation, list) else occupation,
        })
    return rows


def export_document(store: Any, what: str = "cases", filters: ExportFilter | None = None) -> dict[str, Any]:
    """The JSON export as a dict: valid against ``schema.json``."""
    if what not in WHATS:
        raise InputError("--what", f"{what!r} is not one of {', '.join(WHATS)}")
    filters = filters or ExportFilter()
    cases = case_records(store, filters)
    document: dict[str, Any] = {
        "schema_version": EXPORT_SCHEMA_VERSION, "ontology_version": ontology.ONTOLOGY_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "what": what,
        "filters": filters.to_dict(),
    }
    if what == "cases":
        document["cases"] = cases
    elif what == "facts":
        document["facts"] = fact_rows(cases)
    else:
        document["events"] = event_rows(cases)
    return document


def export_json(store: Any, out: TextIO, *, what: str = "cases", filters: ExportFilter | None = None) -> None:
    json.dump(export_document(store, what, filters), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def neutralize(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula: a leading ``=``, ``+``, ``-``, ``@``, tab,
    line break, ``|`` or ``%`` gets a ``'`` in front (plain negative numbers stay numbers)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(store: Any, out: TextIO, *, what: str = "facts", filters: ExportFilter | None = None) -> None:
    """CSV of ``what``: facts (one row per fact, the default), cases or events."""
    if what not in WHATS:
        raise InputError("--what", f"{what!r} is not one of {', '.join(WHATS)}")
    cases = case_records(store, filters)
    columns, rows = {"facts": (CSV_COLUMNS, fact_rows), "cases": (CASE_COLUMNS, case_rows),
                     "events": (EVENT_COLUMNS, event_rows)}[what]
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows(cases):
        writer.writerow([neutralize(row.get(c)) for c in columns])


def gold_records(store: Any, filters: ExportFilter | None = None) -> list[dict[str, Any]]:
    """One gold-format record per document (id, title, url, published, text, gold) from the stored facts.

    Reviewed decisions win: rejected facts are left out, edited payloads are exported as edited. The
    result reads back with ``casewatch eval`` (``load_gold``).
    """
    filters = filters or ExportFilter()
    per_doc: dict[str, dict[str, Any]] = {}
    cases_in_doc: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    slot = {"charge": "charges", "event": "events", "sentence": "sentences", "restriction": "restrictions",
            "money": "money"}
    for row in store.list_cases(country=filters.country.upper() if filters.country else None, status=filters.status):
        detail = store.get_case(row.id)
        attributes = strip_private(detail.attributes)
        for f in detail.facts:
            doc = detail.documents.get(f.document_id)
            if f.review_state == "rejected" or doc is None:
                continue
            if filters.dated and not filters.keeps_date(doc.published or doc.anchor):
                continue
            per_doc.setdefault(doc.key, {"id": doc.key, "title": doc.title, "url": doc.url,
                                         "published": doc.published, "document_id": doc.id})
            case = cases_in_doc[doc.key].get(row.id)
            if case is None:
                case = {"name": row.name, "aliases": [n for n in detail.names if n != row.name],
                        "country": row.country, "occupation": list(attributes.get("occupation") or []),
                        "status": "unknown", "charges": [], "events": [], "sentences": [], "restrictions": [],
                        "money": []}
                if attributes.get("age") is not None:
                    case["age"] = attributes["age"]
                cases_in_doc[doc.key][row.id] = case
            payload = strip_private(f.payload)
            if f.kind in slot:
                case[slot[f.kind]].append(payload)
            elif f.kind == "attribute" and payload.get("name") == "status":
                case["status"] = payload.get("value") or "unknown"
    out = []
    for key, record in per_doc.items():
        # Advocacy is per document: a statement naming several cases (or none) is one gold item.
        advocacy, seen = [], set()
        for f in store.document_facts(key):
            if f.kind != "advocacy" or f.review_state == "rejected":
                continue
            payload = strip_private(f.payload)
            marker = (f.span.start, f.span.end, json.dumps(payload, sort_keys=True, default=str))
            if marker not in seen:
                seen.add(marker)
                advocacy.append(payload)
        text = store.get_document(key).text
        out.append({"id": key, "title": record["title"], "url": record["url"], "published": record["published"],
                    "text": text, "gold": {"cases": list(cases_in_doc[key].values()), "advocacy": advocacy}})
    return sorted(out, key=lambda r: r["id"])


def export_gold(store: Any, out: TextIO, *, filters: ExportFilter | None = None) -> None:
    """Gold-format JSON Lines, one document a line (see :func:`gold_records`)."""
    for record in gold_records(store, filters):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def export_filename(fmt: str, what: str = "cases", filters: ExportFilter | None = None) -> str:
    """A file name from the export's kind and its validated filters, e.g. ``casewatch-facts-KZ-2024.csv``."""
    filters = filters or ExportFilter()
    suffix = {"json": "json", "csv": "csv", "gold": "jsonl"}[fmt]
    parts = ["casewatch", "gold" if fmt == "gold" else what]
    parts += [v for v in (filters.country.upper() if filters.country else None, filters.status) if v]
    if filters.dated:
        parts.append(f"{filters.since or 'start'}_{filters.until or 'now'}")
    return "-".join(parts) + "." + suffix
