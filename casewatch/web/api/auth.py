"""Log in and out with a session cookie over the API, and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from casewatch.web.api.schemas import ERRORS, LoginIn
from casewatch.web.deps import Viewer, check_csrf, current_user
from casewatch.web.sessions import end_session, login_user, start_session

router = APIRouter(tags=["session"], responses=ERRORS)


@router.post("/session", summary="Log in; sets the session cookie and returns the CSRF token")
def login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    user = login_user(request, body.name, body.password)
    return {"user": user.to_dict(), "csrf_token": start_session(request, response, user)}


@router.delete("/session", summary="Log out")
def logout(request: Request, response: Response) -> dict[str, Any]:
    if current_user(request) is not None:
        check_csrf(request)
    end_session(request, response)
    return {"ok": True}


@router.get("/me", summary="The user this request is authenticated as")
def me(user: Viewer) -> dict[str, Any]:
    return user.to_dict()
