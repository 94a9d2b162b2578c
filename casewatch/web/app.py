"""The app factory: the REST API, the pages, static assets and security headers over one store."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from casewatch import __version__
from casewatch.store import Store
from casewatch.web import api, casetools, errors, pages, templating
from casewatch.web.deps import WebState
from casewatch.web.security import HEADERS, LoginLimiter, Signer

STATIC = Path(__file__).parent / "static"
SECRET_ENV = "CASEWATCH_SECRET"


def _secret(secret: str | None) -> bytes:
    value = secret or os.environ.get(SECRET_ENV)
    if value:
        return value.encode("utf-8")
    # A random secret per process: forms loaded before a restart must be reloaded, and nothing guessable is used.
    return secrets.token_bytes(32)


def create_app(store: Store, *, secret: str | None = None, secure_cookies: bool = False, extractor: Any = None,
               login_attempts: int = 5, login_window: float = 300.0) -> FastAPI:
    """A casewatch web app over ``store``.

    ``secure_cookies`` marks cookies Secure (serve over HTTPS then); ``extractor`` replaces the default
    extraction pipeline for added documents; the secret signs CSRF tokens (env CASEWATCH_SECRET, else random).
    """
    app = FastAPI(title="casewatch", version=__version__, openapi_url=f"{api.PREFIX}/openapi.json",
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN, which the CSP forbids
                  description="Cases of politically motivated prosecutions, every fact tied to its source words. "
                              "Authenticate with 'Authorization: Bearer <token>' (`casewatch tokens create`) or "
                              "a session cookie from POST /api/v1/session (then send X-CSRF-Token on writes).")
    app.state.web = WebState(store=store, signer=Signer(_secret(secret)),
                             limiter=LoginLimiter(login_attempts, login_window),
                             secure_cookies=secure_cookies, extractor=extractor)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    errors.install(app, templating.render_error)
    app.include_router(api.router())
    app.include_router(pages.router)
    app.include_router(casetools.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
