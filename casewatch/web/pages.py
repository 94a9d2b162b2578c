"""Server-rendered pages (Jinja2, autoescaped everywhere): cases, a case, a document, review, add, overview, audit."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from casewatch.core.errors import CasewatchError, ConflictError, OntologyError
from casewatch.review import audit_entries, merge_persons, review_fact, review_queue, split_person
from casewatch.web import views
from casewatch.web.accounts import User
from casewatch.web.adding import Added, add_file, add_text, parse_date
from casewatch.web.casetools import is_followed
from casewatch.web.deps import current_user, form_csrf, require, state
from casewatch.web.errors import WebError, status_of
from casewatch.web.queries import CaseFilter, document_cases, fact_versions, list_cases, overview, person_case
from casewatch.web.sessions import end_session, login_user, start_session
from casewatch.web.templating import render, render_error

PAGE_SIZE = 50
router = APIRouter(include_in_schema=False)

ViewerUser = Annotated[User, Depends(require("viewer"))]
ReviewerUser = Annotated[User, Depends(require("reviewer"))]
AdminUser = Annotated[User, Depends(require("admin"))]


CsrfChecked = Depends(form_csrf)


# -- login ----------------------------------------------------------------------------------------


def _next(value: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link bounce through casewatch.
    return value if value and value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    current_user(request)
    return render(request, "login.html", next=_next(next), error=None)


@router.post("/login", dependencies=[CsrfChecked])
def login_submit(request: Request, name: Annotated[str, Form(max_length=200)],
                 password: Annotated[str, Form(max_length=1000)],
                 next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    try:
        user = login_user(request, name, password)
    except WebError as exc:
        return render(request, "login.html", status=exc.status, headers=exc.headers, next=_next(next),
                      error=exc.message, name=name)
    response = RedirectResponse(_next(next), status_code=303)
    start_session(request, response, user)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response)
    return response


# -- cases ------------------------------------------------------------------------------------------


@router.get("/")
def cases_page(request: Request, user: ViewerUser, country: str | None = None, status: str | None = None,
               charge: str | None = None, event: str | None = None, date_from: str | None = None,
               date_to: str | None = None, review: str | None = None, name: str | None = None,
               sort: str = "latest", offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    f = CaseFilter(country or None, status or None, charge or None, event or None, date_from or None,
                   date_to or None, review or None, (name or "").strip() or None, sort or "latest")
    try:
        items, total = list_cases(web_store(request), f, limit=PAGE_SIZE, offset=offset)
        error = None
    except OntologyError as exc:
        items, total, error = [], 0, str(exc)
    query = f.as_query()
    pages = {"prev": urlencode({**query, "offset": max(offset - PAGE_SIZE, 0)}) if offset else None,
             "next": urlencode({**query, "offset": offset + PAGE_SIZE}) if offset + PAGE_SIZE < total else None}
    return render(request, "cases.html", items=items, total=total, f=f, offset=offset, pages=pages, error=error,
                  page_size=PAGE_SIZE)


def web_store(request: Request) -> Any:
    return state(request).store


def _case_page(request: Request, case_id: int, message: str | None = None, status: int = 200) -> Response:
    store = web_store(request)
    detail = store.get_case(case_id)
    versions = fact_versions(store, [f.id for f in detail.facts])
    texts = {doc_id: store.get_document(doc_id).text or "" for doc_id in detail.documents}
    contexts = {f.id: views.context(texts.get(f.document_id, ""), f.span.start, f.span.end) for f in detail.facts}
    summary = detail.summary or {}
    conflicted = {fid for c in summary.get("conflicts", []) for v in c.get("values", []) for fid in v.get("fact_ids", [])}
    return render(request, "case.html", status=status, detail=detail, summary=summary, versions=versions,
                  contexts=contexts, conflicted=conflicted, timeline=views.timeline(summary.get("events", [])),
                  message=message, followed=is_followed(store, detail.id))


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, user: ViewerUser) -> Response:
    return _case_page(request, case_id)


@router.get("/persons/{person_id}")
def person_page(request: Request, person_id: int, user: ViewerUser) -> Response:
    return RedirectResponse(f"/cases/{person_case(web_store(request), person_id)}", status_code=303)


@router.post("/persons/{person_id}/merge", dependencies=[CsrfChecked])
def merge_submit(request: Request, person_id: int, user: ReviewerUser, other_id: Annotated[int, Form(ge=1)],
                 reason: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    case_id = merge_persons(web_store(request), person_id, other_id, actor=user.name, reason=reason)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/persons/{person_id}/split", dependencies=[CsrfChecked])
def split_submit(request: Request, person_id: int, user: ReviewerUser, name: Annotated[str, Form(max_length=300)],
                 fact_ids: Annotated[str, Form(max_length=20_000)],
                 reason: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    try:
        ids = [int(p) for p in fact_ids.replace(",", " ").split()]
    except ValueError:
        raise WebError(422, f"fact ids {fact_ids!r} must be numbers separated by spaces or commas") from None
    case_id = split_person(web_store(request), person_id, ids, name, actor=user.name, reason=reason)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


# -- documents and search -------------------------------------------------------------------------


@router.get("/documents/{key:path}")
def document_page(request: Request, key: str, user: ViewerUser) -> Response:
    store = web_store(request)
    doc = store.get_document(key)
    facts = store.document_facts(doc.id)
    spans = [(f.span.start, f.span.end, f.id, f.kind) for f in facts if f.review_state != "rejected"]
    return render(request, "document.html", doc=doc, facts=facts, segments=views.segments(doc.text or "", spans),
                  cases=document_cases(store, doc.id))


@router.get("/search")
def search_page(request: Request, user: ViewerUser, q: Annotated[str, Query(max_length=500)] = "") -> Response:
    hits = web_store(request).search(q, limit=100) if q.strip() else []
    return render(request, "search.html", q=q, hits=hits)


# -- review -----------------------------------------------------------------------------------------


@router.get("/review")
def review_page(request: Request, user: ReviewerUser, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                message: str | None = None) -> Response:
    store = web_store(request)
    facts, total = review_queue(store, limit=PAGE_SIZE, offset=offset)
    texts: dict[int, str] = {}
    for f in facts:
        if f.document_id not in texts:
            texts[f.document_id] = store.get_document(f.document_id).text or ""
    contexts = {f.id: views.context(texts[f.document_id], f.start, f.end) for f in facts}
    return render(request, "review.html", facts=facts, total=total, offset=offset, contexts=contexts,
                  message=message, page_size=PAGE_SIZE)


@router.post("/facts/{fact_id}/review", dependencies=[CsrfChecked])
async def review_submit(request: Request, fact_id: int, user: ReviewerUser) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    back = _next(str(form.get("back", "/review")))
    reason = str(form.get("reason") or "") or None
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        raise WebError(422, "the form lost the fact's version; reload the page") from None
    payload = None
    if action == "edit":
        payload = _edited_payload(form)
    try:
        review_fact(web_store(request), fact_id, action, expected_version=version, actor=user.name, reason=reason,
                    payload=payload)
    except ConflictError as exc:
        return render_error(request, 409, str(exc))
    except CasewatchError as exc:
        return render_error(request, status_of(exc), str(exc))
    return RedirectResponse(back, status_code=303)


def _edited_payload(form: Any) -> dict[str, Any]:
    import json

    raw = str(form.get("payload") or "")
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise WebError(422, f"the edited fields are not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(payload, dict):
        raise WebError(422, "the edited fields must be a JSON object such as {\"type\": \"arrest\"}")
    return payload


# -- add --------------------------------------------------------------------------------------------


@router.get("/add")
def add_page(request: Request, user: ReviewerUser) -> Response:
    return render(request, "add.html", results=None)


@router.post("/add", dependencies=[CsrfChecked])
async def add_submit(request: Request, user: ReviewerUser,
                     text: Annotated[str | None, Form(max_length=2_000_000)] = None,
                     title: Annotated[str | None, Form(max_length=1000)] = None,
                     url: Annotated[str | None, Form(max_length=2000)] = None,
                     published: Annotated[str | None, Form(max_length=40)] = None,
                     files: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    web = state(request)
    results: list[Added] = []
    try:
        date = parse_date(published)
    except CasewatchError as exc:
        return render(request, "add.html", status=422, results=None, error=str(exc))
    if text and text.strip():
        results.append(add_text(web.store, text, title=title, url=url or None, published=date,
                                extractor=web.extractor))
    for upload in files or []:
        if not upload.filename:
            continue
        data = await upload.read(web.max_upload + 1)
        if len(data) > web.max_upload:
            results.append(Added(upload.filename, "failed", message="the file is over the upload limit"))
            continue
        results.append(add_file(web.store, upload.filename, data, published=date, extractor=web.extractor))
    if not results:
        return render(request, "add.html", status=422, results=None, error="paste a text or choose a file to add")
    cases = {r.document_id: document_cases(web.store, r.document_id) for r in results if r.document_id}
    return render(request, "add.html", results=results, cases=cases)


# -- overview and audit -----------------------------------------------------------------------------


@router.get("/overview")
def overview_page(request: Request, user: ViewerUser) -> Response:
    data = overview(web_store(request))
    return render(request, "overview.html", data=data,
                  countries=views.bars(data.by_country[:20]),
                  statuses=views.bars([(s.replace("_", " "), n) for s, n in data.by_status]),
                  months=views.bars(data.events_by_month, width=760, vertical=True))


@router.get("/audit")
def audit_page(request: Request, user: AdminUser, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
               actor: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    entries, total = audit_entries(web_store(request), limit=PAGE_SIZE, offset=offset, actor=actor or None)
    return render(request, "audit.html", entries=entries, total=total, offset=offset, actor=actor,
                  page_size=PAGE_SIZE)


@router.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}
