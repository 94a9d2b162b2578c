"""Facts: read one, decide on one (verify, reject, edit), and the review queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from casewatch.review import get_fact, review_fact, review_queue
from casewatch.web.api.schemas import ERRORS, Paged, ReviewIn
from casewatch.web.deps import PageDep, Reviewer, StoreDep, Viewer

router = APIRouter(tags=["facts"], responses=ERRORS)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/facts/{fact_id}", summary="One fact with its span, review state and version")
def fact(fact_id: Id, user: Viewer, store: StoreDep) -> dict[str, Any]:
    return get_fact(store, fact_id).to_dict()


@router.post("/facts/{fact_id}/review", summary="Verify, reject or edit a fact (409 if it changed meanwhile)")
def review(fact_id: Id, body: ReviewIn, user: Reviewer, store: StoreDep) -> dict[str, Any]:
    state = review_fact(store, fact_id, body.action, expected_version=body.version, actor=user.name,
                        reason=body.reason, payload=body.payload if body.action == "edit" else None)
    return state.to_dict()


@router.get("/review-queue", response_model=Paged, summary="Unreviewed facts, most consequential first")
def queue(user: Reviewer, store: StoreDep, page: PageDep) -> dict[str, Any]:
    items, total = review_queue(store, limit=page.limit, offset=page.offset)
    return {"items": [i.to_dict() for i in items], "total": total, "limit": page.limit, "offset": page.offset}
