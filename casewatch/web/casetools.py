"""Case tools in the web app: follow a case, download its dossier, and private Atom feeds of developments."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from casewatch.core.errors import NotFoundError
from casewatch.export.dossier import FORMATS, dossier_filename, render_dossier
from casewatch.watch import atom_feed, check_feed_token, follow, followed_cases, issue_feed_token, unfollow
from casewatch.web.accounts import User
from casewatch.web.deps import form_csrf, require, state
from casewatch.web.errors import WebError

router = APIRouter(include_in_schema=False)
ViewerUser = Annotated[User, Depends(require("viewer"))]
ReviewerUser = Annotated[User, Depends(require("reviewer"))]
_MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


CsrfChecked = Depends(form_csrf)


def is_followed(store: object, case_id: int) -> bool:
    return any(cid == case_id for cid, _, _ in followed_cases(store))  # type: ignore[arg-type]


@router.post("/cases/{case_id}/follow", dependencies=[CsrfChecked])
def follow_case(request: Request, case_id: int, user: ReviewerUser) -> Response:
    store = state(request).store
    if is_followed(store, case_id):
        unfollow(store, case_id, actor=user.name)
    else:
        follow(store, case_id, actor=user.name)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}/dossier")
def case_dossier(request: Request, case_id: int, user: ViewerUser, format: str = "html") -> Response:  # noqa: A002
    if format not in FORMATS:
        raise WebError(400, f"dossier format must be one of {', '.join(FORMATS)}")
    detail = state(request).store.get_case(case_id)
    # The file name comes from the case id, never from a (hostile) name or title.
    headers = {"Content-Disposition": f'attachment; filename="{dossier_filename(detail.id, format)}"'}
    return Response(render_dossier(detail, format), media_type=_MEDIA[format], headers=headers)


@router.post("/cases/{case_id}/feed-token", dependencies=[CsrfChecked])
def case_feed_token(request: Request, case_id: int, user: ReviewerUser) -> Response:
    store = state(request).store
    detail = store.get_case(case_id)
    token = issue_feed_token(store, f"case:{detail.id}")
    url = str(request.url_for("private_feed", token=token))
    body = (f"<!doctype html><meta charset=utf-8><title>Private feed</title><p>Private Atom feed of case "
            f"#{detail.id} (keep this address secret; it can be revoked):</p><p><code>{escape(url)}</code></p>"
            f'<p><a href="/cases/{detail.id}">Back to the case</a></p>')
    return Response(body, media_type="text/html; charset=utf-8")


@router.get("/feeds/{token}", name="private_feed")
def private_feed(request: Request, token: str) -> Response:
    store = state(request).store
    scope = check_feed_token(store, token)
    if scope is None:
        raise WebError(404, "no feed at this address (the token is unknown or revoked)")
    try:
        body = atom_feed(store, scope, link=str(request.base_url))
    except NotFoundError as exc:
        raise WebError(404, str(exc)) from exc
    return Response(body, media_type="application/atom+xml")
