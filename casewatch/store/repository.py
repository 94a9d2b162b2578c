"""The store: a unit of work per document for writers, and read queries for the CLI, web and exports."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, Select, Table, delete, func, insert, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from casewatch.core import ontology
from casewatch.core.document import Document
from casewatch.core.errors import ConflictError, NotFoundError, StoreError
from casewatch.core.types import DateValue, Span, StoredFact
from casewatch.store import search as search_module
from casewatch.store.engine import WRITE, mask, open_engine
from casewatch.store.records import CaseDetail, CaseRow, DocumentRecord, PersonRecord, SearchHit
from casewatch.store.tables import (
    TABLES,
    CaseModel,
    DocumentModel,
    ExtractionModel,
    FactModel,
    OrganizationModel,
    PersonModel,
    PersonNameModel,
)

_PERSON_FIELDS = frozenset({"canonical_name", "country", "attributes"})


def open_store(url: str | None = None) -> Store:
    """Open (and create or migrate) the database at ``url``.

    ``url`` may be a SQLAlchemy URL, a bare file path (SQLite), or None for the
    ``CASEWATCH_DB`` setting, else ``sqlite:///casewatch.db`` in the current folder.

    >>> store = open_store("sqlite://")      # an in-memory database
    >>> store.counts()["documents"]
    0
    """
    return Store(open_engine(url))


class Store:
    """One database. Cheap to share across threads; close() when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE: True})

    @property
    def url(self) -> str:
        """The database URL with any password masked."""
        return mask(self.engine.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- sessions -------------------------------------------------------------

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """An ORM session in one write transaction: commit on success, rollback on error.

        For library code that writes the tables directly (review, users, watches).
        Stale optimistic-concurrency updates raise ConflictError.
        """
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except StaleDataError as exc:
                raise ConflictError(f"someone else changed the row first ({exc}); reload and retry") from None
            except IntegrityError as exc:
                raise StoreError(f"{self.url} refused the change: {_first_line(exc)}") from None
            except DBAPIError as exc:
                raise _database_error(self.url, exc) from None

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """An ORM session in one read transaction (a consistent snapshot)."""
        with Session(self.engine) as session:
            try:
                with session.begin():
                    yield session
            except DBAPIError as exc:
                raise _database_error(self.url, exc) from None

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction for one document: everything it adds is stored, or nothing.

        >>> with store.unit_of_work() as uow:          # doctest: +SKIP
        ...     doc_id = uow.add_document(doc, anchor=None)
        """
        with self.write_session() as session:
            yield UnitOfWork(session)

    # -- reads ----------------------------------------------------------------

    def find_document(self, *, key: str, content_hash: str, url: str | None = None) -> DocumentRecord | None:
        """Read-only twin of :meth:`UnitOfWork.find_document`, taking no write lock."""
        with self.read_session() as session:
            return _find_document(session, key=key, content_hash=content_hash, url=url)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Documents and facts matching ``query`` (words and "quoted phrases"), best first."""
        with self.read_session() as session:
            return search_module.search(session.connection(), query, limit)

    def counts(self) -> dict[str, int]:
        """Rows per table, e.g. ``{"documents": 12, "facts": 240, ...}``."""
        with self.read_session() as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in TABLES
            }

    def documents(self) -> list[DocumentRecord]:
        """Every document, newest publication first, without texts."""
        with self.read_session() as session:
            rows = session.scalars(
                select(DocumentModel).order_by(DocumentModel.published.desc().nulls_last(), DocumentModel.id)
            ).all()
            runs = _extraction_runs(session, [r.id for r in rows])
            return [_document_record(r, runs.get(r.id, []), with_text=False) for r in rows]

    def get_document(self, key: int | str) -> DocumentRecord:
        """A document with its text, by id or by its own key; NotFoundError if there is none."""
        with self.read_session() as session:
            row = session.scalar(select(DocumentModel).where(DocumentModel.key == str(key)))
            if row is None and _is_id(key):
                row = session.get(DocumentModel, int(key))
            if row is None:
                raise NotFoundError(f"no document {key!r}; list them with `casewatch documents`")
            return _document_record(row, _extraction_runs(session, [row.id]).get(row.id, []), with_text=True)

    def document_facts(self, key: int | str) -> list[StoredFact]:
        """Every fact stored from one document, in text order."""
        document = self.get_document(key)
        with self.read_session() as session:
            return _stored_facts(session, select(FactModel).where(FactModel.document_id == document.id)
                                 .order_by(FactModel.start, FactModel.id))

    def list_cases(self, country: str | None = None, status: str | None = None,
                   charge: str | None = None) -> list[CaseRow]:
        """Cases, optionally only those of a country, a status, or with a charge category."""
        with self.read_session() as session:
            query = select(CaseModel.id)
            if country:
                query = query.where(CaseModel.country == country.upper())
            if status:
                query = query.where(CaseModel.status == status)
            if charge:
                query = query.where(CaseModel.id.in_(
                    select(FactModel.case_id).where(
                        FactModel.kind == "charge",
                        FactModel.review_state != "rejected",
                        FactModel.payload["category"].as_string() == charge,
                    )
                ))
            ids = list(session.scalars(query))
            rows = _case_rows(session, ids)
            return sorted(rows, key=lambda r: (r.name.casefold(), r.id))

    def get_case(self, key: int | str) -> CaseDetail:
        """A case by id, or by a name or alias of its person.

        A name matches normalized-exactly first, then as a case-insensitive
        substring; several matching cases raise NotFoundError listing them.
        """
        with self.read_session() as session:
            case_id = _find_case_id(session, key)
            row = _case_rows(session, [case_id])[0]
            case = session.get(CaseModel, case_id)
            assert case is not None
            person = session.get(PersonModel, case.person_id)
            assert person is not None
            names = list(session.scalars(
                select(PersonNameModel.name).where(PersonNameModel.person_id == person.id)
                .order_by(PersonNameModel.id)
            ))
            facts = _stored_facts(session, _case_facts_query(case_id))
            doc_ids = sorted({f.document_id for f in facts})
            runs = _extraction_runs(session, doc_ids)
            docs = {
                d.id: _document_record(d, runs.get(d.id, []), with_text=False)
                for d in session.scalars(select(DocumentModel).where(DocumentModel.id.in_(doc_ids)))
            }
            return CaseDetail(row, names, dict(person.attributes or {}), dict(case.summary or {}), facts, docs)

    def case_facts(self, case_id: int) -> list[StoredFact]:
        with self.read_session() as session:
            return _stored_facts(session, _case_facts_query(case_id))

    def verify(self) -> list[str]:
        """Integrity violations, one line each; an empty list means the database is sound."""
        from casewatch.store.verify import verify

        with self.read_session() as session:
            return verify(session)

    def export_rows(self, tables: Iterable[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(table, row)`` pairs of every row, parents before children, ids ascending."""
        wanted = set(tables) if tables is not None else None
        with self.read_session() as session:
            for model in TABLES:
                if wanted is not None and model.__tablename__ not in wanted:
                    continue
                columns = list(model.__table__.columns)
                result = session.execute(select(*columns).order_by(model.__table__.c.id))
                for values in result:
                    yield model.__tablename__, {c.name: _plain(v) for c, v in zip(columns, values, strict=True)}


def expect_version(row: FactModel, expected: int) -> None:
    """Refuse (ConflictError) to edit a fact that changed since the editor read ``expected``.

    Call inside ``Store.write_session()``: the write lock makes the check race-free,
    and the ORM bumps ``version_no`` on the update that follows.
    """
    if row.version_no != expected:
        raise ConflictError(
            f"fact {row.id} changed since you read it (version {expected}, now {row.version_no}); "
            "reload it and apply your edit again"
        )


class UnitOfWork:
    """Writes for one document inside one transaction (see Store.unit_of_work)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._texts: dict[int, str] = {}
        self._dates: dict[int, tuple[str, DateValue | None]] = {}

    # documents

    def find_document(self, *, key: str, content_hash: str, url: str | None = None) -> DocumentRecord | None:
        """The stored document with this content hash, else this key, else this URL (newest)."""
        return _find_document(self.session, key=key, content_hash=content_hash, url=url)

    def add_document(self, doc: Document, *, anchor: DateValue | None) -> int:
        """Store ``doc`` (StoreError if its key or content is stored already); returns its id."""
        if "\x00" in doc.text:
            raise StoreError(f"document {doc.id!r} contains NUL characters; normalize its text first")
        row = DocumentModel(
            key=doc.id, url=doc.url, content_hash=doc.content_hash, raw_hash=doc.raw_hash,
            title=doc.title, published=doc.published.value if doc.published else None,
            anchor=anchor.value if anchor else None, language=doc.language or "en",
            source=doc.source, fetched_at=doc.fetched_at, meta=dict(doc.meta), text=doc.text,
        )
        self.session.add(row)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError:
            raise StoreError(
                f"document {doc.id!r} is stored already (same key or same content); "
                "find_document() before adding"
            ) from None
        self._texts[row.id] = doc.text
        return row.id

    def record_extraction(self, document_id: int, extractor: str, version: str, outcome: str,
                          detail: str | None = None) -> None:
        """Note that ``extractor`` ``version`` ran on the document, with ``outcome`` ok/empty/failed."""
        if outcome not in ("ok", "empty", "failed"):
            raise StoreError(f"extraction outcome {outcome!r} is not one of ok, empty, failed")
        row = self.session.scalar(select(ExtractionModel).where(
            ExtractionModel.document_id == document_id,
            ExtractionModel.extractor == extractor, ExtractionModel.version == version,
        ))
        if row is None:
            self.session.add(ExtractionModel(document_id=document_id, extractor=extractor,
                                             version=version, outcome=outcome, detail=detail))
        else:
            row.outcome, row.detail = outcome, detail
        self.session.flush()

    # persons and cases

    def find_persons(self, name_keys: Iterable[str]) -> list[PersonRecord]:
        """Candidate persons for these normalized name keys, with all their names.

        A person is a candidate when one of their name keys equals a given key,
        or contains it as whole words ("mamai" finds "zhanbolat mamai"), so a
        surname key finds the full names that the resolver then compares.
        """
        keys = sorted({k.strip() for k in name_keys if k and k.strip()})
        if not keys:
            return []
        matches = [PersonNameModel.key.in_(keys)]
        for key in keys:
            # Keys are lowercase words joined by single spaces; escape LIKE's wildcards anyway.
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            matches += [
                PersonNameModel.key.like(f"{escaped} %", escape="\\"),
                PersonNameModel.key.like(f"% {escaped}", escape="\\"),
                PersonNameModel.key.like(f"% {escaped} %", escape="\\"),
            ]
        ids = list(self.session.scalars(
            select(PersonNameModel.person_id).where(or_(*matches))
            .distinct().order_by(PersonNameModel.person_id)
        ))
        return _person_records(self.session, ids)

    def case_person(self, case_id: int) -> PersonRecord:
        """The person whose case this is."""
        person_id = self.session.scalar(select(CaseModel.person_id).where(CaseModel.id == case_id))
        if person_id is None:
            raise NotFoundError(f"no case with id {case_id}")
        return self.get_person(person_id)

    def get_person(self, person_id: int) -> PersonRecord:
        records = _person_records(self.session, [person_id])
        if not records:
            raise NotFoundError(f"no person with id {person_id}")
        return records[0]

    def add_person(self, name: str, key: str, *, country: str | None = None,
                   attributes: dict[str, Any] | None = None) -> int:
        """A new person known by ``name`` (normalized ``key``); returns its id."""
        person = PersonModel(canonical_name=name, country=country, attributes=dict(attributes or {}))
        self.session.add(person)
        self.session.flush()
        self.add_person_name(person.id, name, key)
        return person.id

    def add_person_name(self, person_id: int, name: str, key: str, script: str = "Latn") -> None:
        """Another form of a person's name; a form already known is left alone."""
        exists = self.session.scalar(select(PersonNameModel.id).where(
            PersonNameModel.person_id == person_id, PersonNameModel.name == name))
        if exists is None:
            self.session.add(PersonNameModel(person_id=person_id, name=name, key=key, script=script))
            self.session.flush()

    def update_person(self, person_id: int, **fields: Any) -> None:
        """Set canonical_name, country and/or attributes (replaced whole) of a person."""
        unknown = set(fields) - _PERSON_FIELDS
        if unknown:
            raise StoreError(f"cannot update person field(s) {sorted(unknown)}; allowed: {sorted(_PERSON_FIELDS)}")
        person = self.session.get(PersonModel, person_id)
        if person is None:
            raise NotFoundError(f"no person with id {person_id}")
        for name, value in fields.items():
            setattr(person, name, dict(value) if name == "attributes" else value)
        self.session.flush()

    def case_for_person(self, person_id: int) -> int:
        """The id of the person's case, created (status unknown) if there is none yet."""
        case_id = self.session.scalar(select(CaseModel.id).where(CaseModel.person_id == person_id))
        if case_id is not None:
            return case_id
        case = CaseModel(person_id=person_id, status="unknown", summary={})
        self.session.add(case)
        self.session.flush()
        return case.id

    def add_organization(self, name: str, kind: str) -> int:
        """The id of the organization called ``name``, created with ``kind`` if new."""
        if kind not in ontology.ORGANIZATION_KINDS:
            raise StoreError(f"organization kind {kind!r} for {name!r} is not one of {ontology.ORGANIZATION_KINDS}")
        key = organization_key(name)
        if not key:
            raise StoreError(f"organization name {name!r} is empty")
        row = self.session.scalar(select(OrganizationModel).where(OrganizationModel.key == key))
        if row is None:
            row = OrganizationModel(name=name, key=key, kind=kind)
            self.session.add(row)
            self.session.flush()
        elif row.kind == "other" and kind != "other":
            row.kind = kind  # a later, more specific mention wins over the fallback
        return row.id

    # facts

    def add_fact(self, *, case_id: int | None, document_id: int, kind: str, payload: dict[str, Any],
                 span: Span, extractor: str, version: str) -> int:
        """Store one fact; refuses (StoreError) a span that is not ``text[start:end]`` of its document."""
        if kind not in ontology.FACT_KINDS:
            raise StoreError(f"fact kind {kind!r} is not one of {ontology.FACT_KINDS}")
        text = self._document_text(document_id)
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.quote:
            found = text[span.start:span.end] if 0 <= span.start <= span.end <= len(text) else "<outside the text>"
            raise StoreError(
                f"ungrounded {kind} fact for document {document_id}: span {span.start}:{span.end} "
                f"reads {found!r}, not the quote {span.quote!r}; facts must quote their document exactly"
            )
        if case_id is None and kind != "advocacy":
            raise StoreError(f"a {kind} fact needs a case; only advocacy may name none")
        # A Core insert: facts are the bulk of every document's rows, and need no ORM bookkeeping here.
        facts = cast(Table, FactModel.__table__)
        fact_id = self.session.execute(
            insert(facts).returning(facts.c.id),
            {"case_id": case_id, "document_id": document_id, "kind": kind, "payload": dict(payload),
             "start": span.start, "end": span.end, "quote": span.quote, "extractor": extractor,
             "version": version, "review_state": "unreviewed", "version_no": 1},
        ).scalar_one()
        return int(fact_id)

    def case_facts(self, case_id: int) -> list[StoredFact]:
        """Every fact of a case (rejected ones included; derive_case decides), oldest source first."""
        return _stored_facts(self.session, _case_facts_query(case_id))

    def document_facts(self, document_id: int) -> list[StoredFact]:
        return _stored_facts(self.session, select(FactModel).where(FactModel.document_id == document_id)
                             .order_by(FactModel.id))

    def remove_facts(self, fact_ids: Iterable[int]) -> set[int]:
        """Delete facts (re-extraction drops its own unreviewed ones); returns the cases they touched."""
        ids = list(fact_ids)
        if not ids:
            return set()
        touched = set(self.session.scalars(
            select(FactModel.case_id).where(FactModel.id.in_(ids), FactModel.case_id.is_not(None))))
        self.session.execute(delete(FactModel).where(FactModel.id.in_(ids)))
        self.session.expire_all()
        return {c for c in touched if c is not None}

    def drop_case_if_empty(self, case_id: int) -> bool:
        """Delete a case with no facts left, and its person with it; True if it went."""
        if self.session.scalar(select(func.count()).where(FactModel.case_id == case_id)):
            return False
        case = self.session.get(CaseModel, case_id)
        if case is None:
            return False
        person_id = case.person_id
        self.session.delete(case)
        self.session.flush()
        person = self.session.get(PersonModel, person_id)
        if person is not None:
            self.session.delete(person)  # names go by ON DELETE CASCADE
            self.session.flush()
        return True

    def set_case_derived(self, case_id: int, *, status: str, status_date: str | None,
                         country: str | None, summary: dict[str, Any]) -> None:
        """Store what resolve.cases derived from the case's facts."""
        if status not in ontology.STATUSES:
            raise StoreError(f"case status {status!r} is not one of {ontology.STATUSES}")
        case = self.session.get(CaseModel, case_id)
        if case is None:
            raise NotFoundError(f"no case with id {case_id}")
        case.status, case.status_date, case.country, case.summary = status, status_date, country, dict(summary)
        self.session.flush()

    def _document_text(self, document_id: int) -> str:
        if document_id not in self._texts:
            text = self.session.scalar(select(DocumentModel.text).where(DocumentModel.id == document_id))
            if text is None:
                raise StoreError(f"no document with id {document_id} to attach a fact to")
            self._texts[document_id] = text
        return self._texts[document_id]


# -- helpers shared by Store and UnitOfWork ---------------------------------------


def organization_key(name: str) -> str:
    """Case- and accent-folded, whitespace-collapsed name: one organization, one key."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def _database_error(url: str, exc: DBAPIError) -> StoreError:
    if exc.connection_invalidated or "connect" in _first_line(exc).lower():
        return StoreError(f"lost the connection to {url}: {_first_line(exc)}; check that the server is up and retry")
    return StoreError(f"{url} failed: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _is_id(key: int | str) -> bool:
    return isinstance(key, int) or (isinstance(key, str) and key.strip().isdigit())


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _find_document(session: Session, *, key: str, content_hash: str, url: str | None) -> DocumentRecord | None:
    row = session.scalar(select(DocumentModel).where(DocumentModel.content_hash == content_hash))
    if row is None:
        row = session.scalar(select(DocumentModel).where(DocumentModel.key == key))
    if row is None and url:
        row = session.scalar(select(DocumentModel).where(DocumentModel.url == url)
                             .order_by(DocumentModel.id.desc()).limit(1))
    if row is None:
        return None
    return _document_record(row, _extraction_runs(session, [row.id]).get(row.id, []), with_text=False)


def _extraction_runs(session: Session, doc_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    runs: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    if not doc_ids:
        return runs
    for chunk in _chunks(doc_ids):
        for doc_id, extractor, version, outcome in session.execute(
            select(ExtractionModel.document_id, ExtractionModel.extractor, ExtractionModel.version,
                   ExtractionModel.outcome).where(ExtractionModel.document_id.in_(chunk))
            .order_by(ExtractionModel.id)
        ):
            runs[doc_id].append((extractor, version, outcome))
    return runs


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    # SQLite caps bound parameters per statement; chunking keeps IN lists under it.
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _document_record(row: DocumentModel, runs: list[tuple[str, str, str]], *, with_text: bool) -> DocumentRecord:
    return DocumentRecord(
        id=row.id, key=row.key, url=row.url, content_hash=row.content_hash, title=row.title,
        published=row.published, anchor=row.anchor, language=row.language, source=row.source,
        fetched_at=row.fetched_at, raw_hash=row.raw_hash, created_at=row.created_at,
        text=row.text if with_text else None, meta=dict(row.meta or {}), extractions=list(runs),
    )


def _person_records(session: Session, ids: list[int]) -> list[PersonRecord]:
    if not ids:
        return []
    persons = {p.id: p for p in session.scalars(select(PersonModel).where(PersonModel.id.in_(ids)))}
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, name, key in session.execute(
        select(PersonNameModel.person_id, PersonNameModel.name, PersonNameModel.key)
        .where(PersonNameModel.person_id.in_(ids)).order_by(PersonNameModel.id)
    ):
        names[person_id].append((name, key))
    out = []
    for person_id in ids:
        person = persons.get(person_id)
        if person is None:
            continue
        forms = names.get(person_id, [])
        keys = list(dict.fromkeys(k for _, k in forms))
        out.append(PersonRecord(person.id, person.canonical_name, person.country,
                                [n for n, _ in forms], keys, dict(person.attributes or {})))
    return out


def _case_facts_query(case_id: int) -> Select[tuple[FactModel]]:
    return select(FactModel).where(FactModel.case_id == case_id).order_by(FactModel.document_id, FactModel.start,
                                                                          FactModel.id)


def _stored_facts(session: Session, query: Select[tuple[FactModel]]) -> list[StoredFact]:
    rows = list(session.scalars(query))
    doc_ids = sorted({r.document_id for r in rows})
    docs: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks(doc_ids):
        for doc_id, key, published, anchor in session.execute(
            select(DocumentModel.id, DocumentModel.key, DocumentModel.published, DocumentModel.anchor)
            .where(DocumentModel.id.in_(chunk))
        ):
            docs[doc_id] = (key, published or anchor)
    facts = []
    for r in rows:
        key, date = docs.get(r.document_id, (None, None))
        facts.append(StoredFact(
            id=r.id, case_id=r.case_id, document_id=r.document_id, kind=r.kind, payload=dict(r.payload),
            span=Span(r.start, r.end, r.quote), review_state=r.review_state, document_key=key,
            document_date=DateValue(date) if date else None, extractor=r.extractor, version=r.version,
        ))
    # Oldest source first, then text order: the order a case's story is told in.
    facts.sort(key=lambda f: (f.document_date.value if f.document_date else "", f.document_id, f.span.start, f.id))
    return facts


def _case_rows(session: Session, ids: list[int]) -> list[CaseRow]:
    if not ids:
        return []
    out: list[CaseRow] = []
    for chunk in _chunks(ids):
        cases = session.execute(
            select(CaseModel, PersonModel.canonical_name).join(PersonModel, PersonModel.id == CaseModel.person_id)
            .where(CaseModel.id.in_(chunk))
        ).all()
        counts: dict[int, int] = {}
        doc_counts: dict[int, int] = {}
        for case_id, n_facts, n_docs in session.execute(
            select(FactModel.case_id, func.count(), func.count(FactModel.document_id.distinct()))
            .where(FactModel.case_id.in_(chunk)).group_by(FactModel.case_id)
        ):
            if case_id is not None:
                counts[case_id], doc_counts[case_id] = n_facts, n_docs
        charges: dict[int, set[str]] = defaultdict(set)
        for case_id, category in session.execute(
            select(FactModel.case_id, FactModel.payload["category"].as_string())
            .where(FactModel.case_id.in_(chunk), FactModel.kind == "charge", FactModel.review_state != "rejected")
        ):
            if category:
                charges[case_id].add(category)
        for case, name in cases:
            out.append(CaseRow(
                id=case.id, person_id=case.person_id, name=name, country=case.country, status=case.status,
                status_date=case.status_date, charges=sorted(charges.get(case.id, ())),
                facts=counts.get(case.id, 0), documents=doc_counts.get(case.id, 0), updated_at=case.updated_at,
            ))
    order = {case_id: i for i, case_id in enumerate(ids)}
    return sorted(out, key=lambda r: order[r.id])


def _find_case_id(session: Session, key: int | str) -> int:
    if _is_id(key):
        case_id = session.scalar(select(CaseModel.id).where(CaseModel.id == int(key)))
        if case_id is None:
            raise NotFoundError(f"no case with id {key}; list cases with `casewatch cases`")
        return case_id
    name = str(key).strip()
    if not name:
        raise NotFoundError("an empty name matches no case; give a case id or a person's name")
    from casewatch.resolve.names import fold, name_key

    by_name = select(CaseModel.id).join(PersonNameModel, PersonNameModel.person_id == CaseModel.person_id)
    matches = set(session.scalars(by_name.where(PersonNameModel.key == name_key(name))))
    if not matches:
        # Substrings are compared folded (case, accents, apostrophes) in Python: SQL's lower()
        # differs between backends beyond ASCII. Name forms number in the thousands, not millions.
        wanted = fold(name)
        matches = {case_id for case_id, form in session.execute(by_name.add_columns(PersonNameModel.name))
                   if wanted in fold(form)}
    if len(matches) == 1:
        return matches.pop()
    if not matches:
        raise NotFoundError(f"no case for a person named {name!r}; try `casewatch search {name}`")
    candidates = _case_rows(session, sorted(matches))
    listed = "; ".join(f"#{c.id} {c.name}" for c in candidates)
    raise NotFoundError(f"{name!r} matches {len(candidates)} cases: {listed}; give the case id instead")

