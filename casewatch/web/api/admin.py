"""The audit trail and the user list, for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from casewatch.review import audit_entries
from casewatch.web import accounts
from casewatch.web.api.schemas import ERRORS, Paged
from casewatch.web.deps import Admin, PageDep, StoreDep

router = APIRouter(tags=["admin"], responses=ERRORS)


@router.get("/audit", response_model=Paged, summary="Who changed what, when and why; newest first")
def audit(user: Admin, store: StoreDep, page: PageDep,
          target_kind: Annotated[str | None, Query(max_length=30)] = None,
          target_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
          actor: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    items, total = audit_entries(store, limit=page.limit, offset=page.offset, target_kind=target_kind,
                                 target_id=target_id, actor=actor)
    return {"items": [i.to_dict() for i in items], "total": total, "limit": page.limit, "offset": page.offset}


@router.get("/users", summary="Every user and their role")
def users(user: Admin, store: StoreDep) -> list[dict[str, Any]]:
    return [u.to_dict() for u in accounts.list_users(store)]
