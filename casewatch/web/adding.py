"""Adding documents from the web: pasted text or uploaded files, through normalize() and process_document()."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from casewatch.core.document import Document
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.ingest.files import SUFFIXES, RawItem
from casewatch.normalize import normalize
from casewatch.process import ProcessResult, process_document
from casewatch.store import Store

# The suffixes ingest reads, less JSON Lines (an upload is one document).
_MEDIA = {suffix: media for suffix, media in SUFFIXES.items() if suffix != ".jsonl"}


@dataclass(slots=True)
class Added:
    """What became of one added text or file: the process result, or the reason it could not be read."""

    source: str
    status: str
    document_key: str | None = None
    document_id: int | None = None
    cases: int = 0
    facts: int = 0
    message: str | None = None

    @classmethod
    def of(cls, source: str, result: ProcessResult) -> Added:
        return cls(source, result.status, result.document_key, result.document_id, result.cases, result.facts,
                   result.message)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "document_key": self.document_key,
                "document_id": self.document_id, "cases": self.cases, "facts": self.facts, "message": self.message}


def parse_date(value: str | None) -> DateValue | None:
    """An optional publication date from a form or JSON field; InputError when it is not a date."""
    if value is None or not value.strip():
        return None
    from casewatch.extract.dates import parse_published

    parsed = parse_published(value.strip())
    if parsed is None:
        raise InputError("published", f"{value!r} is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY")
    return parsed


def _process(doc: Document, store: Store, extractor: Any) -> ProcessResult:
    return process_document(doc, store, extractor=extractor)


def add_text(store: Store, text: str, *, title: str | None = None, url: str | None = None,
             published: DateValue | None = None, extractor: Any = None) -> Added:
    """Store and extract a pasted text; a title given on its own becomes the document's first line."""
    body = f"{title.strip()}\n\n{text}" if title and title.strip() else text
    item = RawItem(source="pasted text", data=body.encode("utf-8"), record=None, media_type="text/plain", url=url)
    try:
        doc = normalize(item, published=published)
    except InputError as exc:
        return Added("pasted text", "failed", message=str(exc))
    return Added.of("pasted text", _process(doc, store, extractor))


def add_file(store: Store, filename: str, data: bytes, *, published: DateValue | None = None,
             extractor: Any = None) -> Added:
    """Store and extract one uploaded file (.txt, .md, .html, .json); other types are refused by name."""
    name = PurePath(filename or "upload").name or "upload"
    media = _MEDIA.get(PurePath(name).suffix.lower())
    if media is None:
        return Added(name, "failed", message=f"{name}: casewatch reads .txt, .md, .html and .json files")
    item = RawItem(source=name, data=data, record=None, media_type=media)
    try:
        doc = normalize(item, published=published)
    except InputError as exc:
        return Added(name, "failed", message=str(exc))
    return Added.of(name, _process(doc, store, extractor))
