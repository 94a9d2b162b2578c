"""Plain records that the store returns: no ORM objects leave ``casewatch.store``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casewatch.core.document import Document
from casewatch.core.errors import StoreError
from casewatch.core.types import DateValue, StoredFact


@dataclass(slots=True)
class DocumentRecord:
    """A stored document; ``text`` is None in listings and set by ``get_document``."""

    id: int
    key: str
    url: str | None
    content_hash: str
    title: str | None
    published: str | None
    anchor: str | None
    language: str
    source: str | None
    fetched_at: str | None
    raw_hash: str | None = None
    created_at: datetime | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # (extractor, version, outcome) of every extraction run recorded for it.
    extractions: list[tuple[str, str, str]] = field(default_factory=list)

    def processed_by(self, extractor: str, version: str) -> bool:
        return any(e == extractor and v == version for e, v, _ in self.extractions)

    @property
    def date(self) -> DateValue | None:
        """The publication date, else the anchor inferred from the text."""
        value = self.published or self.anchor
        return DateValue(value) if value else None

    def to_document(self) -> Document:
        """The core Document again (for re-extraction); needs a record read with its text."""
        if self.text is None:
            raise StoreError(f"document {self.key!r} was listed without its text; read it with get_document()")
        return Document(
            id=self.key, text=self.text, title=self.title, url=self.url,
            published=DateValue(self.published) if self.published else None,
            language=self.language, source=self.source, raw_hash=self.raw_hash,
            fetched_at=self.fetched_at, meta=dict(self.meta),
        )


@dataclass(slots=True)
class PersonRecord:
    """A person with every name form and normalized key seen for them."""

    id: int
    canonical_name: str
    country: str | None
    names: list[str]
    keys: list[str]
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CaseRow:
    """One line of the case list."""

    id: int
    person_id: int
    name: str
    country: str | None
    status: str
    status_date: str | None
    charges: list[str]  # charge categories, sorted, rejected facts left out
    facts: int
    documents: int
    updated_at: datetime | None = None


@dataclass(slots=True)
class CaseDetail:
    """A case with its person's names, derived summary, and every fact with its source."""

    case: CaseRow
    names: list[str]
    attributes: dict[str, Any]
    summary: dict[str, Any]
    facts: list[StoredFact]
    documents: dict[int, DocumentRecord]  # by document id; records without text

    @property
    def id(self) -> int:
        return self.case.id

    @property
    def name(self) -> str:
        return self.case.name


@dataclass(slots=True)
class SearchHit:
    """A document or fact matching a search; ``snippet`` marks matches with MARK_START/MARK_END."""

    kind: str  # "document" or "fact"
    document_key: str
    case_id: int | None
    title: str | None
    snippet: str
    score: float  # higher is better; comparable within one backend only
    fact_id: int | None = None
