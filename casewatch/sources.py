"""Web pages and feeds into the store: fetch safely, skip what is stored already, then process_document.

Every document reaches the store through :func:`casewatch.process.process_document`. Before that, a
document is skipped when the store holds it already:

- the same canonical URL (a feed item's link is checked before its page is even fetched);
- the same content (``process_document`` itself answers "unchanged", or re-extracts with a newer
  extractor);
- a syndicated copy with small edits: word 5-gram shingles with a Jaccard similarity of at least
  ``near_duplicate`` (0.9) against stored documents with the same title or from the same URL host.
  Only those candidates are compared (at most ``_CANDIDATES`` newest), so the check stays cheap.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, or_, select

from casewatch.core.document import Document
from casewatch.core.errors import InputError
from casewatch.ingest.feeds import Feed, feed_documents, looks_like_feed, parse_feed
from casewatch.ingest.fetch import FetchSettings, fetch, new_client, resource_document
from casewatch.process import Extractor, process_document
from casewatch.store import Store
from casewatch.store.tables import DocumentModel

__all__ = [
    "FeedRun", "IngestOutcome", "SourceSettings", "find_stored_copy", "ingest_document", "ingest_feed",
    "ingest_urls", "is_url", "jaccard", "shingles",
]

OUTCOMES = ("stored", "unchanged", "duplicate", "failed")
_CANDIDATES = 50
_SHINGLE = 5
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class SourceSettings:
    """How sources are read: the fetch rules, whether feed items' pages are fetched, the near-copy threshold."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    fetch_pages: bool = True
    near_duplicate: float = 0.9


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one URL or feed item: ``status`` is stored, unchanged, duplicate or failed."""

    source: str
    status: str
    message: str | None = None
    document_id: int | None = None
    document_key: str | None = None
    duplicate_of: str | None = None  # key of the stored document this one repeats
    cases: int = 0
    facts: int = 0
    item: str | None = None  # a feed item's id (see item_id), so a watch can remember it


@dataclass(slots=True)
class FeedRun:
    """One pass over a feed: its title and one outcome per item read (items skipped by ``seen`` are counted)."""

    url: str
    title: str | None
    items: int
    outcomes: list[IngestOutcome]
    skipped_seen: int = 0


def is_url(value: str) -> bool:
    """Whether a command-line argument names a web address (http or https) rather than a file."""
    return urlsplit(value.strip()).scheme.lower() in ("http", "https")


# --- near-duplicates --------------------------------------------------------------------------------


def shingles(text: str, size: int = _SHINGLE) -> frozenset[int]:
    """Hashes of the overlapping ``size``-word runs of ``text`` (case-folded words; punctuation ignored)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < size:
        return frozenset({_hash(" ".join(words))}) if words else frozenset()
    return frozenset(_hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1))


def _hash(value: str) -> int:
    # Stable across processes (unlike hash()), so the numbers mean the same in every run.
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def find_stored_copy(doc: Document, store: Store, *, threshold: float = 0.9) -> tuple[str, str] | None:
    """``(reason, stored key)`` when the store holds ``doc`` by URL or as a near copy; None otherwise.

    The same content is left to :func:`process_document` (it re-extracts with a newer extractor).
    """
    with store.read_session() as session:
        if doc.url:
            same_url = session.scalar(select(DocumentModel.key).where(
                DocumentModel.url == doc.url, DocumentModel.content_hash != doc.content_hash).limit(1))
            if same_url is not None:
                return "same URL", same_url
        near = []
        if doc.title and doc.title.strip():
            near.append(func.lower(DocumentModel.title) == doc.title.strip().lower())
        host = _host(doc.url)
        if host:
            near += [DocumentModel.url.like(f"{scheme}://{_like(host)}{end}%", escape="\\")
                     for scheme in ("http", "https") for end in ("/", ":")]
        if not near:
            return None
        rows = session.execute(
            select(DocumentModel.key, DocumentModel.text)
            .where(or_(*near), DocumentModel.content_hash != doc.content_hash)
            .order_by(DocumentModel.id.desc()).limit(_CANDIDATES)
        ).all()
    if not rows:
        return None
    mine = shingles(doc.text)
    best: tuple[float, str] | None = None
    for key, text in rows:
        similarity = jaccard(mine, shingles(text))
        if similarity >= threshold and (best is None or similarity > best[0]):
            best = (similarity, key)
    if best is None:
        return None
    return f"a near copy ({best[0]:.0%} of word 5-grams shared)", best[1]


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def url_stored(store: Store, url: str) -> str | None:
    """The key of a stored document read from ``url`` (its canonical URL), or None."""
    with store.read_session() as session:
        return session.scalar(select(DocumentModel.key).where(DocumentModel.url == url)
                              .order_by(DocumentModel.id.desc()).limit(1))


# --- ingesting --------------------------------------------------------------------------------------


def ingest_document(doc: Document, store: Store, *, source: str | None = None, extractor: Extractor | None = None,
                    near_duplicate: float = 0.9) -> IngestOutcome:
    """Store one fetched document unless the store holds it already (see the module docstring)."""
    label = source or doc.url or doc.id
    try:
        copy = find_stored_copy(doc, store, threshold=near_duplicate)
    except Exception as exc:  # noqa: BLE001 - one bad item must not stop a feed
        return IngestOutcome(label, "failed", message=f"cannot check for stored copies: {exc}")
    if copy is not None:
        reason, key = copy
        return IngestOutcome(label, "duplicate", message=f"skipped: {reason} of stored document {key!r}",
                             duplicate_of=key, document_key=doc.id)
    result = process_document(doc, store, extractor=extractor)
    return IngestOutcome(label, result.status, message=result.message, document_id=result.document_id,
                         document_key=result.document_key, cases=result.cases, facts=result.facts)


def ingest_urls(urls: Iterable[str], store: Store, settings: SourceSettings | None = None, *,
                extractor: Extractor | None = None) -> list[IngestOutcome]:
    """Fetch each web page and store it (or say why not); one outcome per URL, in order, never raising for one.

    A URL that turns out to be a feed is read as one (from the same response): each item gives an outcome.
    """
    settings = settings or SourceSettings()
    outcomes: list[IngestOutcome] = []
    with new_client(settings.fetch) as client:
        for url in urls:
            stored = url_stored(store, url)
            if stored is not None:
                outcomes.append(IngestOutcome(url, "duplicate", message=f"skipped: same URL as stored document "
                                              f"{stored!r}", duplicate_of=stored))
                continue
            try:
                resource = fetch(url, settings.fetch, client=client)
                if looks_like_feed(resource.content, resource.media_type):
                    feed = parse_feed(resource.content, url, base_url=resource.final_url)
                    outcomes += _ingest_items(feed, url, store, settings, extractor, client).outcomes
                    continue
                doc = resource_document(resource)
            except InputError as exc:
                outcomes.append(IngestOutcome(url, "failed", message=str(exc)))
                continue
            outcomes.append(ingest_document(doc, store, source=url, extractor=extractor,
                                            near_duplicate=settings.near_duplicate))
    return outcomes


def ingest_feed(url: str, store: Store, settings: SourceSettings | None = None, *, extractor: Extractor | None = None,
                client: httpx.Client | None = None, seen: Sequence[str] = ()) -> FeedRun:
    """Fetch and parse a feed, then store each item not stored yet; raises InputError when the feed itself fails.

    ``seen`` holds item ids (guid, else link) read on earlier runs: those items are not fetched again.
    Items whose link is stored already are skipped before their page is fetched.
    """
    settings = settings or SourceSettings()
    resource = fetch(url, settings.fetch, client=client)
    feed = parse_feed(resource.content, url, base_url=resource.final_url)
    return _ingest_items(feed, url, store, settings, extractor, client, seen)


def _ingest_items(feed: Feed, url: str, store: Store, settings: SourceSettings, extractor: Extractor | None,
                  client: httpx.Client | None, seen: Sequence[str] = ()) -> FeedRun:
    known = set(seen)
    fresh, outcomes, skipped = [], [], 0
    for item in feed.items:
        ident = item_id(item.guid, item.link)
        if ident is not None and ident in known:
            skipped += 1
            continue
        stored = url_stored(store, item.link) if item.link else None
        if stored is not None:
            outcomes.append(IngestOutcome(item.link or url, "duplicate", duplicate_of=stored, item=ident,
                                          message=f"skipped: same URL as stored document {stored!r}"))
            continue
        fresh.append(item)
    subset = Feed(title=feed.title, link=feed.link, items=fresh, kind=feed.kind, source=feed.source, meta=feed.meta)
    for item, found in zip(fresh, feed_documents(subset, settings.fetch, fetch_pages=settings.fetch_pages,
                                                 client=client), strict=True):
        label = item.link or item.guid or url
        if isinstance(found, InputError):
            outcome = IngestOutcome(label, "failed", message=str(found))
        else:
            outcome = ingest_document(found, store, source=label, extractor=extractor,
                                      near_duplicate=settings.near_duplicate)
        outcome.item = item_id(item.guid, item.link)
        outcomes.append(outcome)
    return FeedRun(url=url, title=feed.title, items=len(feed.items), outcomes=outcomes, skipped_seen=skipped)


def item_id(guid: str | None, link: str | None) -> str | None:
    """The id a watch remembers a feed item by: its guid, else its link."""
    return (guid or "").strip() or (link or "").strip() or None
