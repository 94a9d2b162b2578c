"""Injected dependencies: the store, the current user (API token or session cookie), role checks, CSRF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPBearer

from casewatch.store import Store
from casewatch.web import accounts
from casewatch.web.accounts import User
from casewatch.web.errors import WebError
from casewatch.web.security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, LoginLimiter, Signer

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
# Declares the Bearer scheme in the OpenAPI schema; current_user() does the actual check (a session works too).
BEARER = HTTPBearer(auto_error=False, description="an API token from `casewatch tokens create`")


@dataclass
class WebState:
    """What the app factory sets up once and every request shares."""

    store: Store
    signer: Signer
    limiter: LoginLimiter
    secure_cookies: bool
    extractor: Any = None
    max_upload: int = 5 * 1024 * 1024


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def get_store(request: Request) -> Store:
    return state(request).store


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def current_user(request: Request) -> User | None:
    """The user of this request: a Bearer token wins over the session cookie; None when anonymous."""
    if hasattr(request.state, "user"):
        return request.state.user  # type: ignore[no-any-return]
    web = state(request)
    user: User | None = None
    token = _bearer(request)
    if token is not None:
        user = accounts.token_user(web.store, token)
        if user is None:
            raise WebError(401, "the API token is unknown or revoked; create one with `casewatch tokens create`",
                           {"WWW-Authenticate": "Bearer"})
        request.state.via_token = True
    else:
        user = accounts.session_user(web.store, request.cookies.get(SESSION_COOKIE))
        request.state.via_token = False
    request.state.user = user
    return user


def check_csrf(request: Request, form_token: str | None = None) -> None:
    """Refuse a state-changing request made with the session cookie that lacks this browser's CSRF token.

    Requests authenticated by a Bearer token carry no ambient credentials, so they need none.
    """
    if request.method in _SAFE or getattr(request.state, "via_token", False):
        return
    token = form_token or request.headers.get(CSRF_HEADER)
    if not state(request).signer.csrf_ok(request.cookies.get(CSRF_COOKIE), token):
        raise WebError(403, "the CSRF token is missing or wrong; reload the page and submit again")


def require(role: str) -> Callable[..., User]:
    """A dependency that gives the user if they hold ``role`` or above (401 anonymous, 403 too low)."""

    def dependency(request: Request, _: Annotated[Any, Depends(BEARER)] = None) -> User:
        user = current_user(request)
        if user is None:
            raise WebError(401, "log in, or send an API token as 'Authorization: Bearer …'",
                           {"WWW-Authenticate": "Bearer"})
        if not user.can(role):
            raise WebError(403, f"this needs the {role} role; {user.name} is a {user.role}")
        if request.url.path.startswith("/api/"):
            check_csrf(request)
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


Viewer = Annotated[User, Depends(require("viewer"))]
Reviewer = Annotated[User, Depends(require("reviewer"))]
Admin = Annotated[User, Depends(require("admin"))]
StoreDep = Annotated[Store, Depends(get_store)]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page(limit: Annotated[int, Query(ge=1, le=200, description="items per page")] = 50,
         offset: Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")] = 0) -> Page:
    return Page(limit, offset)


PageDep = Annotated[Page, Depends(page)]


async def form_csrf(request: Request) -> None:
    """Dependency for HTML form posts: the form's ``csrf_token`` must match the visitor's."""
    form = await request.form()
    value = form.get("csrf_token")
    check_csrf(request, value if isinstance(value, str) else None)
