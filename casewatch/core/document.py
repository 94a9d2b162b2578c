"""The normalized document that every later stage reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from casewatch.core.types import DateValue


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace folded, so re-wrapped copies hash alike."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """Clean text and metadata of one source document."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: DateValue | None = None
    language: str = "en"
    source: str | None = None
    raw_hash: str | None = None
    fetched_at: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)
