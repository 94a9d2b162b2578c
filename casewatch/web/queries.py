"""Paged, filtered reads that the pages and the API need beyond the store's CLI-sized listings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select

from casewatch.core import ontology
from casewatch.core.errors import NotFoundError, OntologyError
from casewatch.core.types import DateValue
from casewatch.store import Store
from casewatch.store.tables import CaseModel, DocumentModel, FactModel, PersonModel, PersonNameModel

SORTS = ("latest", "name", "status_date")


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """The case list's filters; every field optional. Dates compare at their own precision."""

    country: str | None = None
    status: str | None = None
    charge: str | None = None
    event: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    review: str | None = None
    name: str | None = None
    sort: str = "latest"

    def check(self) -> None:
        for value, allowed, what in ((self.status, ontology.STATUSES, "status"),
                                     (self.charge, ontology.CHARGE_CATEGORIES, "charge category"),
                                     (self.event, ontology.EVENT_TYPES, "event type"),
                                     (self.review, ontology.REVIEW_STATES, "review state"),
                                     (self.sort, SORTS, "sort")):
            if value and value not in allowed:
                raise OntologyError(f"{what} {value!r} is not one of {', '.join(allowed)}")
        for value in (self.date_from, self.date_to):
            if value:
                DateValue(value)
        if self.country and not (len(self.country) == 2 and self.country.isalpha()):
            raise OntologyError(f"country {self.country!r} must be a two-letter code such as KZ")

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("country", self.country), ("status", self.status), ("charge", self.charge),
                                  ("event", self.event), ("date_from", self.date_from),
                                  ("date_to", self.date_to), ("review", self.review), ("name", self.name),
                                  ("sort", self.sort)) if v}


@dataclass(slots=True)
class CaseItem:
    id: int
    person_id: int
    name: str
    country: str | None
    status: str
    status_date: str | None
    updated_at: str | None
    facts: int = 0
    unreviewed: int = 0
    charges: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "person_id": self.person_id, "name": self.name, "country": self.country,
                "status": self.status, "status_date": self.status_date, "updated_at": self.updated_at,
                "facts": self.facts, "unreviewed": self.unreviewed, "charges": list(self.charges)}


def _filtered(f: CaseFilter) -> Select[Any]:
    query = select(CaseModel.id).join(PersonModel, PersonModel.id == CaseModel.person_id)
    if f.country:
        query = query.where(CaseModel.country == f.country.upper())
    if f.status:
        query = query.where(CaseModel.status == f.status)
    live = FactModel.review_state != "rejected"
    if f.charge:
        query = query.where(exists().where(FactModel.case_id == CaseModel.id, FactModel.kind == "charge", live,
                                           FactModel.payload["category"].as_string() == f.charge))
    if f.event or f.date_from or f.date_to:
        conditions = [FactModel.case_id == CaseModel.id, FactModel.kind == "event", live]
        if f.event:
            conditions.append(FactModel.payload["type"].as_string() == f.event)
        date = FactModel.payload["date"].as_string()
        if f.date_from:
            conditions.append(date >= f.date_from)
        if f.date_to:
            # "2024-05" must include "2024-05-31": compare against the end of the given period.
            conditions.append(date <= f.date_to + "\uffff")
        query = query.where(exists().where(and_(*conditions)))
    if f.review:
        query = query.where(exists().where(FactModel.case_id == CaseModel.id, FactModel.review_state == f.review))
    if f.name and f.name.strip():
        from casewatch.resolve.names import name_key

        key = name_key(f.name)
        if key:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(exists().where(PersonNameModel.person_id == CaseModel.person_id,
                                               PersonNameModel.key.like(f"%{escaped}%", escape="\\")))
    return query


def list_cases(store: Store, f: CaseFilter, *, limit: int = 50, offset: int = 0) -> tuple[list[CaseItem], int]:
    """One page of cases matching ``f`` and how many match in all."""
    f.check()
    query = _filtered(f)
    if f.sort == "name":
        query = query.order_by(PersonModel.canonical_name, CaseModel.id)
    elif f.sort == "status_date":
        query = query.order_by(CaseModel.status_date.desc().nulls_last(), CaseModel.id.desc())
    else:
        query = query.order_by(CaseModel.updated_at.desc(), CaseModel.id.desc())
    with store.read_session() as session:
        total = session.scalar(select(func.count()).select_from(_filtered(f).subquery())) or 0
        ids = list(session.scalars(query.limit(limit).offset(offset)))
        return _items(session, ids), total


def _items(session: Any, ids: list[int]) -> list[CaseItem]:
    if not ids:
        return []
    items = {
        case.id: CaseItem(case.id, case.person_id, name, case.country, case.status, case.status_date,
                          case.updated_at.isoformat() if case.updated_at else None)
        for case, name in session.execute(
            select(CaseModel, PersonModel.canonical_name).join(PersonModel, PersonModel.id == CaseModel.person_id)
            .where(CaseModel.id.in_(ids)))
    }
    unreviewed = func.sum(case((FactModel.review_state == "unreviewed", 1), else_=0))
    for case_id, n, open_ in session.execute(select(FactModel.case_id, func.count(), unreviewed)
                                             .where(FactModel.case_id.in_(ids)).group_by(FactModel.case_id)):
        items[case_id].facts, items[case_id].unreviewed = n, int(open_ or 0)
    for case_id, category in session.execute(
            select(FactModel.case_id, FactModel.payload["category"].as_string()).distinct()
            .where(FactModel.case_id.in_(ids), FactModel.kind == "charge", FactModel.review_state != "rejected")):
        if category and category not in items[case_id].charges:
            items[case_id].charges.append(category)
    for item in items.values():
        item.charges.sort()
    return [items[i] for i in ids if i in items]


def fact_versions(store: Store, fact_ids: list[int]) -> dict[int, int]:
    """``version_no`` of each fact: what a review form sends back for the conflict check."""
    if not fact_ids:
        return {}
    with store.read_session() as session:
        return dict(session.execute(select(FactModel.id, FactModel.version_no).where(FactModel.id.in_(fact_ids)))
                    .tuples().all())


def person_case(store: Store, person_id: int) -> int:
    """The id of a person's case; NotFoundError when there is no such person."""
    with store.read_session() as session:
        case_id = session.scalar(select(CaseModel.id).where(CaseModel.person_id == person_id))
    if case_id is None:
        raise NotFoundError(f"no person with id {person_id}; person ids are on case pages")
    return int(case_id)


def document_cases(store: Store, document_id: int) -> list[tuple[int, str]]:
    """The cases a document feeds: ``(case id, person name)``."""
    with store.read_session() as session:
        return list(session.execute(
            select(CaseModel.id, PersonModel.canonical_name).join(PersonModel, PersonModel.id == CaseModel.person_id)
            .where(CaseModel.id.in_(select(FactModel.case_id).where(FactModel.document_id == document_id)))
            .order_by(PersonModel.canonical_name)).tuples().all())


@dataclass(slots=True)
class DocumentItem:
    id: int
    key: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "title": self.title, "url": self.url, "published": self.published,
                "source": self.source}


def list_documents(store: Store, *, limit: int = 50, offset: int = 0) -> tuple[list[DocumentItem], int]:
    with store.read_session() as session:
        total = session.scalar(select(func.count()).select_from(DocumentModel)) or 0
        rows = session.execute(
            select(DocumentModel.id, DocumentModel.key, DocumentModel.title, DocumentModel.url,
                   DocumentModel.published, DocumentModel.source)
            .order_by(DocumentModel.published.desc().nulls_last(), DocumentModel.id.desc())
            .limit(limit).offset(offset)).tuples().all()
        return [DocumentItem(*r) for r in rows], total


@dataclass(slots=True)
class Overview:
    by_country: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    events_by_month: list[tuple[str, int]]
    cases: int
    documents: int
    unreviewed: int


def overview(store: Store, months: int = 36) -> Overview:
    """Counts for the overview charts: cases by country and status, events per month (last ``months``)."""
    with store.read_session() as session:
        by_country = [(c or "??", n) for c, n in session.execute(
            select(CaseModel.country, func.count()).group_by(CaseModel.country).order_by(func.count().desc()))]
        by_status = [(s, n) for s, n in session.execute(
            select(CaseModel.status, func.count()).group_by(CaseModel.status).order_by(func.count().desc()))]
        month = func.substr(FactModel.payload["date"].as_string(), 1, 7)
        per_month: Counter[str] = Counter()
        for value, n in session.execute(
                select(month, func.count()).where(FactModel.kind == "event", FactModel.review_state != "rejected")
                .group_by(month)):
            if value and len(value) == 7:
                per_month[value] += n
        cases = session.scalar(select(func.count()).select_from(CaseModel)) or 0
        documents = session.scalar(select(func.count()).select_from(DocumentModel)) or 0
        unreviewed = session.scalar(select(func.count()).select_from(FactModel)
                                    .where(FactModel.review_state == "unreviewed")) or 0
    recent = sorted(per_month.items())[-months:]
    return Overview(by_country, by_status, recent, cases, documents, unreviewed)
