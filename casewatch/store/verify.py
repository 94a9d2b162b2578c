"""Integrity checks over a whole database: grounding, references, orphans, codes, search index."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casewatch.core import ontology
from casewatch.core.document import content_hash
from casewatch.store.tables import (
    CaseModel,
    DocumentModel,
    ExtractionModel,
    FactModel,
    PersonModel,
    PersonNameModel,
)

_SHOWN = 20  # violations listed per check before the rest are summarized


def verify(session: Session) -> list[str]:
    """Every violation found, one line each (empty when the database is sound)."""
    problems: list[str] = []
    for check in (_grounding, _date_evidence, _foreign_keys, _orphans, _codes, _extractions, _hashes, _search_index):
        problems += check(session)
    return problems


def _limited(lines: list[str], what: str) -> list[str]:
    if len(lines) <= _SHOWN:
        return lines
    return lines[:_SHOWN] + [f"... and {len(lines) - _SHOWN} more {what}"]


def _grounding(session: Session) -> list[str]:
    # Compared in SQL: both backends count characters (code points) in substr and length.
    stored = func.substr(DocumentModel.text, FactModel.start + 1, FactModel.end - FactModel.start)
    rows = session.execute(
        select(FactModel.id, DocumentModel.key, FactModel.start, FactModel.end, FactModel.quote)
        .join(DocumentModel, DocumentModel.id == FactModel.document_id)
        .where((FactModel.end > func.length(DocumentModel.text)) | (stored != FactModel.quote))
        .order_by(FactModel.id)
    ).all()
    return _limited([
        f"fact {fid}: quote {quote!r} is not the text at {start}:{end} of document {key!r}"
        for fid, key, start, end, quote in rows
    ], "ungrounded facts")


def _date_evidence(session: Session) -> list[str]:
    """The words that date an event (kept in its payload when they lie outside its quote) are grounded too."""
    problems: list[str] = []
    texts: dict[int, str] = {}
    rows = session.execute(
        select(FactModel.id, FactModel.document_id, FactModel.payload).where(FactModel.kind == "event")
        .order_by(FactModel.id)
    ).all()
    for fid, doc_id, payload in rows:
        evidence = (payload or {}).get("date_evidence")
        if not evidence:
            continue
        if doc_id not in texts:
            texts[doc_id] = session.scalar(select(DocumentModel.text).where(DocumentModel.id == doc_id)) or ""
        start, end, quote = evidence.get("start"), evidence.get("end"), evidence.get("quote")
        if not (isinstance(start, int) and isinstance(end, int) and texts[doc_id][start:end] == quote):
            problems.append(f"fact {fid}: its date evidence {quote!r} is not the text at {start}:{end}")
    return _limited(problems, "ungrounded date evidence")


def _foreign_keys(session: Session) -> list[str]:
    if session.get_bind().dialect.name != "sqlite":
        return []  # PostgreSQL enforces every foreign key at all times
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return _limited([f"{table} row {rowid}: refers to a missing {parent} row" for table, rowid, parent, _ in rows],
                    "broken references")


def _orphans(session: Session) -> list[str]:
    problems: list[str] = []
    for (fid,) in session.execute(
        select(FactModel.id).outerjoin(DocumentModel, DocumentModel.id == FactModel.document_id)
        .where(DocumentModel.id.is_(None))
    ):
        problems.append(f"fact {fid}: its document is missing")
    for (fid,) in session.execute(
        select(FactModel.id).outerjoin(CaseModel, CaseModel.id == FactModel.case_id)
        .where(FactModel.case_id.is_not(None), CaseModel.id.is_(None))
    ):
        problems.append(f"fact {fid}: its case is missing")
    for fid, kind in session.execute(
        select(FactModel.id, FactModel.kind).where(FactModel.case_id.is_(None), FactModel.kind != "advocacy")
    ):
        problems.append(f"fact {fid}: a {kind} fact belongs to no case")
    for (case_id,) in session.execute(
        select(CaseModel.id).outerjoin(PersonModel, PersonModel.id == CaseModel.person_id)
        .where(PersonModel.id.is_(None))
    ):
        problems.append(f"case {case_id}: its person is missing")
    has_facts = select(FactModel.id).where(FactModel.case_id == CaseModel.id).exists()
    for (case_id,) in session.execute(select(CaseModel.id).where(~has_facts)):
        problems.append(f"case {case_id}: has no facts")
    has_case = select(CaseModel.id).where(CaseModel.person_id == PersonModel.id).exists()
    for (person_id,) in session.execute(select(PersonModel.id).where(~has_case)):
        problems.append(f"person {person_id}: has no case")
    has_name = select(PersonNameModel.id).where(PersonNameModel.person_id == PersonModel.id).exists()
    for (person_id,) in session.execute(select(PersonModel.id).where(~has_name)):
        problems.append(f"person {person_id}: has no names")
    for (name_id,) in session.execute(
        select(PersonNameModel.id).outerjoin(PersonModel, PersonModel.id == PersonNameModel.person_id)
        .where(PersonModel.id.is_(None))
    ):
        problems.append(f"person name {name_id}: its person is missing")
    return _limited(problems, "orphans")


def _codes(session: Session) -> list[str]:
    problems = [
        f"fact {fid}: kind {kind!r} is not in ontology v{ontology.ONTOLOGY_VERSION}"
        for fid, kind in session.execute(
            select(FactModel.id, FactModel.kind).where(FactModel.kind.not_in(ontology.FACT_KINDS)))
    ]
    problems += [
        f"fact {fid}: review state {state!r} is not one of {ontology.REVIEW_STATES}"
        for fid, state in session.execute(
            select(FactModel.id, FactModel.review_state).where(FactModel.review_state.not_in(ontology.REVIEW_STATES)))
    ]
    problems += [
        f"case {cid}: status {status!r} is not in ontology v{ontology.ONTOLOGY_VERSION}"
        for cid, status in session.execute(
            select(CaseModel.id, CaseModel.status).where(CaseModel.status.not_in(ontology.STATUSES)))
    ]
    return _limited(problems, "invalid codes")


def _extractions(session: Session) -> list[str]:
    ran = select(ExtractionModel.id).where(ExtractionModel.document_id == DocumentModel.id).exists()
    return _limited([
        f"document {key!r}: no extraction is recorded for it"
        for (key,) in session.execute(select(DocumentModel.key).where(~ran).order_by(DocumentModel.id))
    ], "documents without extraction")


def _hashes(session: Session) -> list[str]:
    problems = []
    for key, stored, body in session.execute(
        select(DocumentModel.key, DocumentModel.content_hash, DocumentModel.text).execution_options(yield_per=200)
    ):
        if content_hash(body) != stored:
            problems.append(f"document {key!r}: its text no longer matches its content hash")
    return _limited(problems, "changed documents")


def _search_index(session: Session) -> list[str]:
    if session.get_bind().dialect.name != "sqlite":
        return []  # generated tsvector columns cannot fall out of step
    problems = []
    try:
        with session.begin_nested():
            session.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)"))
    except Exception as exc:  # SQLite reports a corrupt index only as an error
        problems.append(f"documents search index is out of step with documents ({exc.__class__.__name__}); "
                        "rebuild it with INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    facts = session.scalar(select(func.count()).select_from(FactModel))
    indexed = session.scalar(text("SELECT count(*) FROM facts_fts"))
    if facts != indexed:
        problems.append(f"facts search index holds {indexed} rows for {facts} facts")
    return problems
