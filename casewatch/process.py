"""process_document(): the one path from a Document to the store, for the CLI, web, watcher and batch.

Extraction runs outside any transaction; everything the document adds to the
store (the document, its extraction record, persons, names, cases, facts,
organizations, re-derived case fields) is written in one unit of work, so a
crash or an error leaves the database as it was before the document.

Run it as a script to ingest a file in order, printing one line per document::

    python -m casewatch.process --db cases.db articles.jsonl
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from casewatch.core.document import Document
from casewatch.core.errors import CasewatchError, InputError, StoreError
from casewatch.core.types import Advocacy, Attribute, DateValue, ExtractedCase, Extraction, Span, StoredFact

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported where it is used: extraction workers never need it
    from casewatch.store import Store, UnitOfWork

STATUSES = ("stored", "unchanged", "failed")


class Extractor(Protocol):
    """What process_document needs of an extractor (casewatch.extract.pipeline provides one)."""

    name: str
    version: str

    def extract_document(self, doc: Document) -> Extraction: ...


@dataclass(slots=True)
class ProcessResult:
    """What happened to one document: ``status`` is stored, unchanged or failed."""

    document_key: str
    status: str
    cases: int = 0
    facts: int = 0
    message: str | None = None
    document_id: int | None = None


def default_extractor() -> Extractor:
    """The default extraction pipeline (loaded once per process by the pipeline itself)."""
    from casewatch.extract.pipeline import get_extractor

    return get_extractor()


def process_document(doc: Document, store: Store, *, extractor: Extractor | None = None) -> ProcessResult:
    """Extract ``doc`` and store it with its cases and facts, in one transaction.

    A document already stored (same content) and processed by the same
    extractor version is "unchanged" and nothing is written. The same content
    seen by a newer extractor version replaces that document's unreviewed facts;
    reviewed facts stay. Any error rolls everything back and gives "failed".
    """
    try:
        extractor = extractor or default_extractor()
        name, version = extractor.name, extractor.version
        known = store.find_document(key=doc.id, content_hash=doc.content_hash, url=doc.url)
        if known is not None and known.content_hash == doc.content_hash and known.processed_by(name, version):
            return ProcessResult(doc.id, "unchanged", message=_unchanged_message(known.key, doc.id),
                                 document_id=known.id)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        return ProcessResult(doc.id, "failed", message=_one_line(exc))
    try:
        extraction = extractor.extract_document(doc)
        _check_grounded(doc, extraction)
    except Exception as exc:  # noqa: BLE001
        return ProcessResult(doc.id, "failed", message=f"extraction failed: {_one_line(exc)}")
    try:
        with store.unit_of_work() as uow:
            return _store_extraction(uow, doc, extraction, name, version)
    except Exception as exc:  # noqa: BLE001 - the unit of work has rolled back
        return ProcessResult(doc.id, "failed", message=f"not stored: {_one_line(exc)}")


def _store_extraction(uow: UnitOfWork, doc: Document, extraction: Extraction, name: str,
                      version: str) -> ProcessResult:
    found = uow.find_document(key=doc.id, content_hash=doc.content_hash, url=doc.url)
    touched: set[int] = set()
    kept: list[StoredFact] = []
    message = None
    if found is not None and found.content_hash == doc.content_hash:
        if found.processed_by(name, version):  # another process stored it meanwhile
            return ProcessResult(doc.id, "unchanged", message=_unchanged_message(found.key, doc.id),
                                 document_id=found.id)
        document_id = found.id
        # A new extractor version replaces its predecessors' unreviewed facts; human decisions stay.
        old = uow.document_facts(document_id)
        touched |= uow.remove_facts(f.id for f in old if f.review_state == "unreviewed")
        kept = [f for f in old if f.review_state != "unreviewed"]
        message = f"re-extracted with {name} {version}"
    else:
        stored = doc
        if found is not None and found.key == doc.id:
            # Same key, new content (an updated article): keep both versions, each grounded in its own text.
            stored = replace(doc, id=f"{doc.id}#{doc.content_hash[:12]}")
            message = f"stored as {stored.id!r}: {doc.id!r} is already stored with other content"
        document_id = uow.add_document(stored, anchor=extraction.anchor)
    outcome = "ok" if extraction.cases or extraction.advocacy else "empty"
    uow.record_extraction(document_id, name, version, outcome)

    writer = _FactWriter(uow, document_id, name, version, kept)
    case_of: dict[int, int] = {}  # index in extraction.cases -> case id
    for index, extracted in enumerate(extraction.cases):
        person_id = _resolve_person(uow, extracted)
        case_id = uow.case_for_person(person_id)
        case_of[index] = case_id
        as_of = doc.published or extraction.published or extraction.anchor
        for kind, fact in extracted.facts():
            payload = _payload(fact)
            if kind == "attribute" and payload["name"] == "status":
                payload.update(_status_fields(extracted, as_of))
            writer.add(case_id, kind, payload, fact.span)
        if not any(a.name == "status" for a in extracted.attributes):
            status = {"name": "status", "value": extracted.status, **_status_fields(extracted, as_of)}
            writer.add(case_id, "attribute", status, extracted.span)
    for advocacy in extraction.advocacy:
        targets = sorted({case_of[i] for i in _advocacy_targets(advocacy, extraction.cases)})
        if not targets:  # it names no case of this document: stored once, without a case
            writer.add(None, "advocacy", advocacy.to_dict(), advocacy.span)
        for target in targets:
            writer.add(target, "advocacy", advocacy.to_dict(), advocacy.span)
    for mention in extraction.mentions:
        if mention.kind == "organization" and mention.name.strip():
            uow.add_organization(mention.name.strip(), _organization_kind(mention.org_kind))

    touched |= set(case_of.values())
    for case_id in sorted(touched):
        rederive(uow, case_id)
    return ProcessResult(doc.id, "stored", cases=len(set(case_of.values())), facts=writer.added,
                         message=message, document_id=document_id)


class _FactWriter:
    """Adds facts of one document, skipping any that a kept reviewed fact already records."""

    def __init__(self, uow: UnitOfWork, document_id: int, extractor: str, version: str,
                 kept: Sequence[StoredFact]) -> None:
        self.uow, self.document_id, self.extractor, self.version = uow, document_id, extractor, version
        self.seen = {(f.case_id, f.kind, f.span.start, f.span.end) for f in kept}
        self.added = 0

    def add(self, case_id: int | None, kind: str, payload: dict[str, Any], span: Span) -> None:
        key = (case_id, kind, span.start, span.end)
        if key in self.seen and kind != "attribute":
            return
        self.uow.add_fact(case_id=case_id, document_id=self.document_id, kind=kind, payload=payload, span=span,
                          extractor=self.extractor, version=self.version)
        self.added += 1


def _payload(fact: Any) -> dict[str, Any]:
    if isinstance(fact, Attribute):
        return {"name": fact.name, "value": _jsonable(fact.value)}
    payload: dict[str, Any] = fact.to_dict()
    date_span = getattr(fact, "date_span", None)
    if date_span is not None:
        # The words that date an event, when they stand apart from its trigger: grounded like the quote.
        payload["date_evidence"] = date_span.to_dict()
    return payload


def _status_fields(extracted: ExtractedCase, as_of: DateValue | None) -> dict[str, Any]:
    """The date a document's status holds at (its own date) and, where known, since when."""
    out: dict[str, Any] = {"as_of": as_of.value if as_of else None}
    if extracted.status_date is not None:
        out["since"] = extracted.status_date.value
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, DateValue):
        return value.value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _resolve_person(uow: UnitOfWork, extracted: ExtractedCase) -> int:
    from casewatch.resolve.names import name_key, parse, script_of
    from casewatch.resolve.persons import match_person

    names = list(dict.fromkeys(n.strip() for n in [extracted.name, *extracted.aliases] if n and n.strip()))
    keyed = [(n, name_key(n)) for n in names]
    keyed = [(n, k) for n, k in keyed if k]
    if not keyed:
        raise StoreError(f"case name {extracted.name!r} has no letters to key a person by")
    # Whole keys and surname keys: the store finds every person sharing either; the resolver decides.
    lookup = [k for _, k in keyed] + [parse(n).surname for n, _ in keyed]
    candidates = uow.find_persons(lookup)
    person_id = match_person(names, extracted.country, candidates)
    attributes = _person_attributes(extracted)
    if person_id is None:
        person_id = uow.add_person(keyed[0][0], keyed[0][1], country=extracted.country, attributes=attributes)
    else:
        person = next((p for p in candidates if p.id == person_id), None) or uow.get_person(person_id)
        changes: dict[str, Any] = {}
        if extracted.country and not person.country:
            changes["country"] = extracted.country
        merged = _merge_attributes(person.attributes, attributes)
        if merged != person.attributes:
            changes["attributes"] = merged
        if changes:
            uow.update_person(person_id, **changes)
    for name, key in keyed:
        uow.add_person_name(person_id, name, key, script=script_of(name))
    return person_id


def _person_attributes(extracted: ExtractedCase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if extracted.age is not None:
        out["age"] = extracted.age
    if extracted.occupation:
        out["occupation"] = list(dict.fromkeys(extracted.occupation))
    return out


def _merge_attributes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key == "occupation":
            merged[key] = list(dict.fromkeys([*merged.get(key, []), *value]))
        else:
            merged.setdefault(key, value)  # the first source's value stays; facts keep every report
    return merged


def _advocacy_targets(advocacy: Advocacy, cases: Sequence[ExtractedCase]) -> list[int]:
    from casewatch.resolve.names import name_key

    wanted = {name_key(n) for n in advocacy.cases if n}
    wanted.discard("")
    return [i for i, case in enumerate(cases)
            if any(name_key(n) in wanted for n in [case.name, *case.aliases] if n)]


def _organization_kind(kind: str | None) -> str:
    from casewatch.core.ontology import ORGANIZATION_KINDS

    return kind if kind in ORGANIZATION_KINDS else "other"


def rederive(uow: UnitOfWork, case_id: int) -> None:
    """Recompute a case's stored view (status, timeline, conflicts) from all its facts; drop an empty case."""
    facts = uow.case_facts(case_id)
    if not facts:
        uow.drop_case_if_empty(case_id)
        return
    from casewatch.resolve.cases import derive_case

    person = uow.case_person(case_id)
    view = derive_case(facts, names=[person.canonical_name, *person.names])
    status_date = view.status_date
    if isinstance(status_date, DateValue):
        status_date = status_date.value
    uow.set_case_derived(case_id, status=view.status, status_date=status_date, country=view.country,
                         summary=view.to_summary())


def _check_grounded(doc: Document, extraction: Extraction) -> None:
    if extraction.text != doc.text:
        raise StoreError(f"the extractor returned another text than document {doc.id!r}'s")
    for span in extraction.spans():
        if not span.grounded_in(doc.text):
            raise StoreError(f"span {span.start}:{span.end} {span.quote!r} is not in document {doc.id!r}")


def _unchanged_message(stored_key: str, key: str) -> str | None:
    return None if stored_key == key else f"same content as stored document {stored_key!r}"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else ""
    if isinstance(exc, CasewatchError):
        return line or type(exc).__name__
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


# -- script entry point ----------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Process files of documents in order; one line per document; exit 1 if any failed."""
    parser = argparse.ArgumentParser(prog="python -m casewatch.process", description=main.__doc__)
    parser.add_argument("--db", default=None, help="database URL or SQLite path (default: $CASEWATCH_DB)")
    parser.add_argument("paths", nargs="+", help="files or folders (.jsonl, .json, .txt, .html, .md)")
    args = parser.parse_args(argv)

    from casewatch.normalize import read_documents

    try:
        from casewatch.store import open_store

        store = open_store(args.db)
        extractor = default_extractor()
    except CasewatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tally = dict.fromkeys(STATUSES, 0)
    started = time.monotonic()
    with store:
        for n, item in enumerate(read_documents(args.paths), start=1):
            if isinstance(item, InputError):
                result = ProcessResult(item.source, "failed", message=str(item))
            else:
                result = process_document(item, store, extractor=extractor)
            tally[result.status] += 1
            note = f" {result.message}" if result.message else ""
            print(f"{n}\t{result.status}\t{result.document_key}\tcases={result.cases}\tfacts={result.facts}{note}",
                  flush=True)
    elapsed = time.monotonic() - started
    print(f"done: {tally['stored']} stored, {tally['unchanged']} unchanged, {tally['failed']} failed "
          f"in {elapsed:.1f}s", flush=True)
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
