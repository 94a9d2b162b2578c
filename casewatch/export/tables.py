"""Exports of the whole store: JSON (cases with facts and sources) and CSV (one row per fact)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from casewatch.export.text import describe_fact

EXPORT_SCHEMA_VERSION = "1"
CSV_COLUMNS = ("case_id", "name", "country", "status", "fact_id", "kind", "summary", "payload", "review_state",
               "document", "document_url", "published", "start", "end", "quote")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def case_records(store: Any) -> list[dict[str, Any]]:
    """Every case with its derived summary and its facts, each with its source document."""
    out = []
    for row in store.list_cases():
        detail = store.get_case(row.id)
        docs = detail.documents
        out.append({
            "id": row.id, "name": row.name, "names": detail.names, "country": row.country, "status": row.status,
            "status_date": row.status_date, "charges": row.charges, "attributes": detail.attributes,
            "summary": detail.summary,
            "facts": [
                {"id": f.id, "kind": f.kind, "payload": f.payload, "review_state": f.review_state,
                 "source": {"document": docs[f.document_id].key if f.document_id in docs else None,
                            "url": docs[f.document_id].url if f.document_id in docs else None,
                            "published": docs[f.document_id].published if f.document_id in docs else None,
                            "start": f.span.start, "end": f.span.end, "quote": f.span.quote},
                 "extractor": f.extractor, "version": f.version}
                for f in detail.facts
            ],
        })
    return out


def export_json(store: Any, out: TextIO) -> None:
    json.dump({"schema_version": EXPORT_SCHEMA_VERSION, "cases": case_records(store)}, out, ensure_ascii=False,
              indent=2, default=str)
    out.write("\n")


def neutralize(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(store: Any, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for case in case_records(store):
        for fact in case["facts"]:
            src = fact["source"]
            row = (case["id"], case["name"], case["country"], case["status"], fact["id"], fact["kind"],
                   describe_fact(fact["kind"], fact["payload"]), json.dumps(fact["payload"], ensure_ascii=False),
                   fact["review_state"], src["document"], src["url"], src["published"], src["start"], src["end"],
                   src["quote"])
            writer.writerow([neutralize(v) for v in row])
