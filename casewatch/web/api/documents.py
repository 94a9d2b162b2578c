"""Documents: list, read one with its facts, and add new ones (text or files) through process_document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile

from casewatch.web.adding import add_file, add_text, parse_date
from casewatch.web.api.schemas import ERRORS, Paged, TextIn
from casewatch.web.deps import PageDep, Reviewer, StoreDep, Viewer, state
from casewatch.web.errors import WebError
from casewatch.web.queries import document_cases, list_documents

router = APIRouter(tags=["documents"], responses=ERRORS)


@router.get("/documents", response_model=Paged, summary="Documents, newest publication first")
def documents(user: Viewer, store: StoreDep, page: PageDep) -> dict[str, Any]:
    items, total = list_documents(store, limit=page.limit, offset=page.offset)
    return {"items": [i.to_dict() for i in items], "total": total, "limit": page.limit, "offset": page.offset}


@router.get("/documents/{key:path}", summary="A document (by id or key) with its text, facts and the cases it feeds")
def document(key: Annotated[str, Path(min_length=1, max_length=500)], user: Viewer, store: StoreDep) -> dict[str, Any]:
    doc = store.get_document(key)
    facts = store.document_facts(doc.id)
    return {
        "id": doc.id, "key": doc.key, "title": doc.title, "url": doc.url, "published": doc.published,
        "anchor": doc.anchor, "language": doc.language, "source": doc.source, "text": doc.text,
        "extractions": [{"extractor": e, "version": v, "outcome": o} for e, v, o in doc.extractions],
        "facts": [{"id": f.id, "case_id": f.case_id, "kind": f.kind, "payload": f.payload,
                   "review_state": f.review_state, "span": f.span.to_dict()} for f in facts],
        "cases": [{"id": c, "name": n} for c, n in document_cases(store, doc.id)],
    }


@router.post("/documents", status_code=201, summary="Add a text; it is extracted and stored at once")
def add_document(body: TextIn, request: Request, user: Reviewer, store: StoreDep) -> dict[str, Any]:
    added = add_text(store, body.text, title=body.title, url=body.url, published=parse_date(body.published),
                     extractor=state(request).extractor)
    if added.status == "failed":
        raise WebError(422, added.message or "the text could not be processed")
    return added.to_dict()


@router.post("/documents/upload", status_code=201, summary="Add files (.txt, .md, .html, .json)")
async def upload(request: Request, user: Reviewer, store: StoreDep,
                 files: Annotated[list[UploadFile], File(description="one or more files")],
                 published: Annotated[str | None, Form(max_length=40)] = None) -> dict[str, Any]:
    date = parse_date(published)
    web = state(request)
    results = []
    for upload_file in files:
        data = await upload_file.read(web.max_upload + 1)
        if len(data) > web.max_upload:
            raise WebError(413, f"{upload_file.filename} is over {web.max_upload // (1024 * 1024)} MB; split it")
        results.append(add_file(store, upload_file.filename or "upload", data, published=date,
                                extractor=web.extractor).to_dict())
    return {"results": results}
