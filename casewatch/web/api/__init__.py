"""The REST API under /api/v1: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from casewatch.web.api import admin, auth, cases, documents, facts, persons, search

PREFIX = "/api/v1"


def router() -> APIRouter:
    api = APIRouter(prefix=PREFIX)
    for module in (auth, cases, persons, documents, facts, search, admin):
        api.include_router(module.router)
    return api
