"""Rendering pages: the autoescaping Jinja2 environment, the CSRF cookie and token, error pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from casewatch.core import ontology
from casewatch.export.text import describe_fact
from casewatch.web import views
from casewatch.web.deps import state
from casewatch.web.security import CSRF_COOKIE, new_nonce
from casewatch.web.sessions import secure_request

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["describe"] = lambda fact: describe_fact(fact.kind, fact.payload)
    env.filters["marked"] = views.marked
    env.filters["label"] = lambda code: str(code or "").replace("_", " ")
    env.globals["ontology"] = ontology
    return env


def _csrf(request: Request) -> tuple[str, str | None]:
    """This browser's CSRF form token, and a new cookie nonce to set when it has none yet."""
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not nonce:
        nonce = fresh = new_nonce()
    return state(request).signer.csrf_token(nonce), fresh


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           **values: Any) -> HTMLResponse:
    token, fresh = _csrf(request)
    user = getattr(request.state, "user", None)
    html = _env().get_template(template).render(request=request, user=user, csrf_token=token, path=request.url.path,
                                                **values)
    response = HTMLResponse(html, status_code=status, headers=headers)
    if fresh:
        response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict", secure=secure_request(request),
                            path="/")
    return response


def render_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return render(request, "error.html", status=status, headers=headers, status_code=status, message=message)
