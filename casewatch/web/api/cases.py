"""Cases: the filtered list and one case with its derived view and every fact."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from casewatch.store.records import CaseDetail
from casewatch.web.api.schemas import ERRORS, Paged
from casewatch.web.deps import PageDep, StoreDep, Viewer
from casewatch.web.queries import SORTS, CaseFilter, fact_versions, list_cases

router = APIRouter(tags=["cases"], responses=ERRORS)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def case_filter(country: str | None = None, status: str | None = None, charge: str | None = None,
                event: str | None = None, date_from: str | None = None, date_to: str | None = None,
                review: str | None = None, name: str | None = None, sort: str = "latest") -> CaseFilter:
    return CaseFilter(country or None, status or None, charge or None, event or None, date_from or None,
                      date_to or None, review or None, name or None, sort or "latest")


@router.get("/cases", response_model=Paged, summary="Cases, filtered, latest development first")
def cases(user: Viewer, store: StoreDep, page: PageDep,
          country: Annotated[str | None, Query(max_length=2, description="ISO code, e.g. KZ")] = None,
          status: Annotated[str | None, Query(max_length=40)] = None,
          charge: Annotated[str | None, Query(max_length=40, description="charge category")] = None,
          event: Annotated[str | None, Query(max_length=40, description="event type")] = None,
          date_from: Annotated[str | None, Query(max_length=10, description="events on or after")] = None,
          date_to: Annotated[str | None, Query(max_length=10, description="events on or before")] = None,
          review: Annotated[str | None, Query(max_length=20, description="has facts in this review state")] = None,
          name: Annotated[str | None, Query(max_length=200, description="part of a name")] = None,
          sort: Annotated[str, Query(description=f"one of {', '.join(SORTS)}")] = "latest") -> dict[str, Any]:
    f = case_filter(country, status, charge, event, date_from, date_to, review, name, sort)
    items, total = list_cases(store, f, limit=page.limit, offset=page.offset)
    return {"items": [i.to_dict() for i in items], "total": total, "limit": page.limit, "offset": page.offset}


def case_json(detail: CaseDetail, versions: dict[int, int]) -> dict[str, Any]:
    row = detail.case
    return {
        "id": row.id, "person_id": row.person_id, "name": row.name, "names": list(detail.names),
        "country": row.country, "status": row.status, "status_date": row.status_date,
        "attributes": detail.attributes, "summary": detail.summary,
        "facts": [{"id": f.id, "kind": f.kind, "payload": f.payload, "review_state": f.review_state,
                   "version": versions.get(f.id), "document_id": f.document_id, "document_key": f.document_key,
                   "span": f.span.to_dict()} for f in detail.facts],
        "documents": [{"id": d.id, "key": d.key, "title": d.title, "url": d.url, "published": d.published}
                      for d in detail.documents.values()],
    }


@router.get("/cases/{case_id}", summary="One case: its view, facts with quotes, and sources")
def case(case_id: Id, user: Viewer, store: StoreDep) -> dict[str, Any]:
    detail = store.get_case(case_id)
    return case_json(detail, fact_versions(store, [f.id for f in detail.facts]))
