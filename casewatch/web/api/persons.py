"""Persons: read one, merge two, split a wrongly merged one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from casewatch.review import merge_persons, split_person
from casewatch.web.api.schemas import ERRORS, MergeIn, SplitIn
from casewatch.web.deps import Reviewer, StoreDep, Viewer
from casewatch.web.queries import person_case

router = APIRouter(tags=["persons"], responses=ERRORS)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/persons/{person_id}", summary="A person: names, country, attributes and their case")
def person(person_id: Id, user: Viewer, store: StoreDep) -> dict[str, Any]:
    detail = store.get_case(person_case(store, person_id))
    return {"id": person_id, "name": detail.name, "names": list(detail.names), "country": detail.case.country,
            "attributes": detail.attributes, "case_id": detail.id}


@router.post("/persons/{person_id}/merge", summary="Fold another person (other_id) into this one")
def merge(person_id: Id, body: MergeIn, user: Reviewer, store: StoreDep) -> dict[str, Any]:
    case_id = merge_persons(store, person_id, body.other_id, actor=user.name, reason=body.reason)
    return {"person_id": person_id, "case_id": case_id}


@router.post("/persons/{person_id}/split", summary="Move some facts to a new person")
def split(person_id: Id, body: SplitIn, user: Reviewer, store: StoreDep) -> dict[str, Any]:
    case_id = split_person(store, person_id, body.fact_ids, body.name, actor=user.name, reason=body.reason)
    return {"case_id": case_id}
