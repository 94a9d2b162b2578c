"""Server-rendered pages (Jinja2, autoescaped): placeholder until the pages land."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)


def render_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    from html import escape

    return HTMLResponse(f"<!doctype html><title>{status}</title><p>{escape(message)}</p>", status_code=status,
                        headers=headers)
