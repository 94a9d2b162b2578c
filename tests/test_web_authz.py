"""The authorization matrix: every route × anonymous, viewer, reviewer, admin against the intended permissions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from test_review import seed_case

from casewatch.store import open_store
from casewatch.web import accounts
from casewatch.web.app import create_app

ROLES = ("anonymous", "viewer", "reviewer", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
PASSWORD = "matrix password 123"

# (method, path, least role allowed or "public", request keyword arguments). Paths use {case}, {person},
# {fact}, {doc} for the seeded ids. Writes are aimed so that an allowed one fails harmlessly on its data.
ROUTES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("GET", "/api/v1/me", "viewer", {}),
    ("POST", "/api/v1/session", "public", {"json": {"name": "nobody", "password": "x"}}),
    ("DELETE", "/api/v1/session", "public", {}),
    ("GET", "/api/v1/cases", "viewer", {}),
    ("GET", "/api/v1/cases/{case}", "viewer", {}),
    ("GET", "/api/v1/persons/{person}", "viewer", {}),
    ("POST", "/api/v1/persons/{person}/merge", "reviewer", {"json": {"other_id": 999999}}),
    ("POST", "/api/v1/persons/{person}/split", "reviewer", {"json": {"fact_ids": [999999], "name": "X Y"}}),
    ("GET", "/api/v1/documents", "viewer", {}),
    ("GET", "/api/v1/documents/{doc}", "viewer", {}),
    ("POST", "/api/v1/documents", "reviewer", {"json": {"text": "   "}}),
    ("POST", "/api/v1/documents/upload", "reviewer", {"files": [("files", ("x.png", b"\x89PNG", "image/png"))]}),
    ("GET", "/api/v1/facts/{fact}", "viewer", {}),
    ("POST", "/api/v1/facts/{fact}/review", "reviewer", {"json": {"action": "verify", "version": 999}}),
    ("GET", "/api/v1/review-queue", "reviewer", {}),
    ("GET", "/api/v1/search", "viewer", {"params": {"q": "Sadykova"}}),
    ("GET", "/api/v1/export", "viewer", {}),
    ("GET", "/api/v1/audit", "admin", {}),
    ("GET", "/api/v1/users", "admin", {}),
    ("GET", "/api/v1/openapi.json", "public", {}),
    ("GET", "/login", "public", {}),
    ("POST", "/login", "public", {"data": {"name": "nobody", "password": "x"}}),
    ("POST", "/logout", "public", {"data": {}}),
    ("GET", "/", "viewer", {}),
    ("GET", "/cases/{case}", "viewer", {}),
    ("GET", "/persons/{person}", "viewer", {}),
    ("POST", "/persons/{person}/merge", "reviewer", {"data": {"other_id": "999999"}}),
    ("POST", "/persons/{person}/split", "reviewer", {"data": {"fact_ids": "999999", "name": "X Y"}}),
    ("GET", "/documents/{doc}", "viewer", {}),
    ("GET", "/search", "viewer", {"params": {"q": "Sadykova"}}),
    ("GET", "/review", "reviewer", {}),
    ("POST", "/facts/{fact}/review", "reviewer", {"data": {"action": "verify", "version": "999"}}),
    ("GET", "/add", "reviewer", {}),
    ("POST", "/add", "reviewer", {"data": {"text": ""}}),
    ("GET", "/overview", "viewer", {}),
    ("GET", "/audit", "admin", {}),
    ("GET", "/healthz", "public", {}),
    ("POST", "/cases/{case}/follow", "reviewer", {"data": {}}),
    ("GET", "/cases/{case}/dossier", "viewer", {}),
    ("POST", "/cases/{case}/feed-token", "reviewer", {"data": {}}),
    ("GET", "/feeds/{fact}", "public", {}),
]
LOGOUTS = ("/logout", "/api/v1/session")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, int], dict[str, TestClient]]]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('authz') / 'casewatch.db'}")
    ids = seed_case(store)
    app = create_app(store, secret="matrix", login_attempts=1000)
    clients: dict[str, TestClient] = {}
    for role in ROLES:
        if role != "anonymous":
            accounts.add_user(store, role, role, PASSWORD, actor="test")
        clients[role] = _login(app, role) if role != "anonymous" else TestClient(app)
    try:
        yield app, ids, clients
    finally:
        store.close()


def _login(app: Any, role: str) -> TestClient:
    """A browser logged in through the login form as the user named ``role``."""
    client = TestClient(app)
    token = _csrf(client.get("/login").text)
    answer = client.post("/login", data={"csrf_token": token, "name": role, "password": PASSWORD},
                         follow_redirects=False)
    assert answer.status_code == 303
    return client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def _routers() -> list[tuple[str, Any]]:
    """Every router the app includes (the app's own route list nests them), with its path prefix."""
    from casewatch.web import api, casetools, pages
    from casewatch.web.api import admin, auth, cases, documents, facts, persons, search

    return [(api.PREFIX, m.router) for m in (admin, auth, cases, documents, facts, persons, search)] + [
        ("", pages.router), ("", casetools.router)]


def test_the_matrix_covers_every_route() -> None:
    served = {(method, prefix + route.path.replace(":path}", "}")) for prefix, router in _routers() for route in router.routes
              if isinstance(route, APIRoute) for method in route.methods if method != "HEAD"}
    served.add(("GET", "/api/v1/openapi.json"))
    app = create_app(open_store("sqlite://"), secret="x")
    assert {p for _, p in served if p.startswith("/api/")} == set(app.openapi()["paths"]) | {"/api/v1/openapi.json"}
    listed = {(method, path.replace("{case}", "{case_id}").replace("{person}", "{person_id}")
               .replace("{fact}", "{fact_id}").replace("{doc}", "{key}")) for method, path, _, _ in ROUTES}
    listed = {(m, "/feeds/{token}" if p == "/feeds/{fact_id}" else p) for m, p in listed}
    assert served == listed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "least", "kwargs"), ROUTES,
                         ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_route_permissions(world: tuple[Any, dict[str, int], dict[str, TestClient]], role: str, method: str,
                           path: str, least: str, kwargs: dict[str, Any]) -> None:
    app, ids, clients = world
    client = clients[role]
    if path in LOGOUTS and role != "anonymous":
        # A browser of its own: logging out revokes its session, which the rest of the matrix still needs.
        client = _login(app, role)
    elif path in LOGOUTS:
        client = TestClient(app)
    url = path.format(case=ids["case"], person=ids["person"], fact=ids["arrest"], doc=ids["doc_1"])
    kwargs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in kwargs.items()}
    if method != "GET":
        # Browsers send their CSRF token with every write; the matrix is about roles, not CSRF.
        token = _csrf(client.get("/login").text)
        if "data" in kwargs or path.startswith("/") and not path.startswith("/api/"):
            kwargs.setdefault("data", {})["csrf_token"] = token
        else:
            kwargs["headers"] = {"X-CSRF-Token": token}
    answer = client.request(method, url, follow_redirects=False, **kwargs)
    allowed = least == "public" or RANK[role] >= RANK[least]
    denied_codes = {401, 403}
    to_login = answer.status_code == 303 and answer.headers.get("location", "").startswith("/login?")
    if least == "public":
        # Login answers 401 to wrong credentials: that is checking them, not refusing a role.
        assert answer.status_code != 403 and answer.status_code < 500, (answer.status_code, answer.text[:300])
    elif allowed:
        assert answer.status_code not in denied_codes and not to_login, (answer.status_code, answer.text[:300])
        assert answer.status_code < 500
    elif role == "anonymous":
        assert answer.status_code == 401 or to_login, (answer.status_code, answer.text[:300])
    else:
        assert answer.status_code == 403, (answer.status_code, answer.text[:300])
