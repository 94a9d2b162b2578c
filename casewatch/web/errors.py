"""Errors as JSON bodies under /api and as HTML pages elsewhere, each saying what went wrong."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from casewatch.core.errors import (
    CasewatchError,
    ConfigError,
    ConflictError,
    InputError,
    NotFoundError,
    OntologyError,
    StoreError,
)

log = logging.getLogger("casewatch.web")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
          500: "server_error"}


class WebError(Exception):
    """An answer other than success, with the HTTP status and a message for the user."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def status_of(exc: CasewatchError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, OntologyError | InputError | ConfigError):
        return 422
    if isinstance(exc, StoreError):
        return 400
    return 500


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": _CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


HtmlError = Callable[[Request, int, str, "dict[str, str] | None"], Response]


def install(app: FastAPI, html_error: HtmlError) -> None:
    """Answer every error as JSON under /api, else as a page from ``html_error`` (401 goes to the login page)."""

    def _answer(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                details: Any = None) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(status, message, details), status_code=status, headers=headers)
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return html_error(request, status, message, headers)

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        return _answer(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(CasewatchError)
    async def _casewatch(request: Request, exc: CasewatchError) -> Response:
        return _answer(request, status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                    for e in exc.errors()]
        summary = "; ".join(f"{p['where']}: {p['problem']}" for p in problems[:5])
        return _answer(request, 422, f"the request is invalid: {summary}", details=problems)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _answer(request, 500, "the server failed on this request; the error is in its log")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "error")
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _answer(request, exc.status_code, message, dict(exc.headers or {}))
