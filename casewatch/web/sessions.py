"""Logging in and out: the rate-limited password check, the session and CSRF cookies, and revoking the session."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request, Response

from casewatch.web import accounts
from casewatch.web.deps import state
from casewatch.web.errors import WebError
from casewatch.web.security import CSRF_COOKIE, SESSION_COOKIE, SESSION_SECONDS, new_nonce


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def secure_request(request: Request) -> bool:
    """Cookies are Secure when the app is told it sits behind HTTPS, or the request came over HTTPS."""
    return state(request).secure_cookies or request.url.scheme == "https"


def start_session(request: Request, response: Response, user: accounts.User) -> str:
    """Set the session and CSRF cookies on ``response``; returns the CSRF token for forms and headers."""
    web = state(request)
    secure = secure_request(request)
    token = accounts.start_web_session(web.store, user, timedelta(seconds=SESSION_SECONDS))
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_SECONDS,
                        httponly=True, samesite="lax", secure=secure, path="/")
    nonce = request.cookies.get(CSRF_COOKIE) or new_nonce()
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", secure=secure, path="/")
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


def end_session(request: Request, response: Response) -> None:
    """Revoke this browser's session in the database and tell the browser to forget the cookie."""
    accounts.end_web_session(state(request).store, request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(SESSION_COOKIE, path="/")
