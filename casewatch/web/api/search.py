"""Full-text search, and the export of every case."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from casewatch.store import MARK_END, MARK_START
from casewatch.web.api.schemas import ERRORS
from casewatch.web.deps import StoreDep, Viewer

router = APIRouter(tags=["search"], responses=ERRORS)


@router.get("/search", summary="Documents and facts matching words and \"quoted phrases\", best first")
def search(user: Viewer, store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    hits = store.search(q, limit=limit)
    return {"query": q, "marks": [MARK_START, MARK_END], "items": [
        {"kind": h.kind, "document_key": h.document_key, "case_id": h.case_id, "fact_id": h.fact_id,
         "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits]}


@router.get("/export", summary="Every case in the gold-file shape, as JSON or CSV",
            responses={200: {"content": {"application/json": {}, "text/csv": {}}}})
def export(user: Viewer, store: StoreDep,
           format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json") -> Response:
    from casewatch.export.tables import export_csv, export_json

    out = io.StringIO()
    if format == "csv":
        export_csv(store, out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="casewatch.csv"'})
    export_json(store, out)
    return Response(out.getvalue(), media_type="application/json")
