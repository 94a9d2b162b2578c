"""Log in and out with a session cookie over the API, and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from casewatch.web import accounts
from casewatch.web.api.schemas import ERRORS, LoginIn
from casewatch.web.deps import Viewer, check_csrf, current_user, state
from casewatch.web.errors import WebError
from casewatch.web.security import CSRF_COOKIE, SESSION_COOKIE, SESSION_SECONDS, new_nonce

router = APIRouter(tags=["session"], responses=ERRORS)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def start_session(request: Request, response: Response, user: accounts.User) -> str:
    """Set the session and CSRF cookies on ``response``; returns the CSRF token for forms and headers."""
    web = state(request)
    response.set_cookie(SESSION_COOKIE, web.signer.session_cookie(user.id), max_age=SESSION_SECONDS,
                        httponly=True, samesite="lax", secure=web.secure_cookies, path="/")
    nonce = request.cookies.get(CSRF_COOKIE) or new_nonce()
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", secure=web.secure_cookies, path="/")
    return web.signer.csrf_token(nonce)


def login_user(request: Request, name: str, password: str) -> accounts.User:
    """The user if the password is right; 429 after too many failures from this address or for this name."""
    web = state(request)
    address = client_address(request)
    wait = web.limiter.retry_after(address, name)
    if wait:
        raise WebError(429, f"too many failed logins; try again in {wait} seconds", {"Retry-After": str(wait)})
    user = accounts.authenticate(web.store, name, password)
    if user is None:
        web.limiter.failed(address, name)
        raise WebError(401, "wrong user name or password")
    web.limiter.succeeded(address, name)
    return user


@router.post("/session", summary="Log in; sets the session cookie and returns the CSRF token")
def login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    user = login_user(request, body.name, body.password)
    return {"user": user.to_dict(), "csrf_token": start_session(request, response, user)}


@router.delete("/session", summary="Log out")
def logout(request: Request, response: Response) -> dict[str, Any]:
    if current_user(request) is not None:
        check_csrf(request)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"ok": True}


@router.get("/me", summary="The user this request is authenticated as")
def me(user: Viewer) -> dict[str, Any]:
    return user.to_dict()
