"""The server-rendered pages and the web's CLI verbs, through the real app and store (SQLite)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_review import seed_case

from casewatch.cli import main
from casewatch.store import Store, open_store
from casewatch.web import accounts
from casewatch.web.app import create_app
from casewatch.web.views import context, segments, timeline

PASSWORD = "pages password 123"


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'casewatch.db'}")
    accounts.add_user(opened, "rita", "reviewer", PASSWORD, actor="test")
    try:
        yield opened
    finally:
        opened.close()


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def logged_in(store: Store, name: str = "rita") -> TestClient:
    client = TestClient(create_app(store, secret="pages"))
    token = csrf(client.get("/login").text)
    answer = client.post("/login", data={"csrf_token": token, "name": name, "password": PASSWORD, "next": "/review"},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/review"
    return client


def test_pages_need_login_and_login_needs_csrf(store: Store) -> None:
    client = TestClient(create_app(store, secret="pages"))
    answer = client.get("/cases/1", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/cases/1"
    refused = client.post("/login", data={"name": "rita", "password": PASSWORD}, follow_redirects=False)
    assert refused.status_code == 403
    token = csrf(client.get("/login").text)
    wrong = client.post("/login", data={"csrf_token": token, "name": "rita", "password": "nope nope nope"})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    evil = client.post("/login", data={"csrf_token": token, "name": "rita", "password": PASSWORD,
                                       "next": "//evil.example/"}, follow_redirects=False)
    assert evil.headers["location"] == "/"


def test_case_page_shows_the_view_and_a_review_changes_it(store: Store) -> None:
    ids = seed_case(store)
    client = logged_in(store)
    page = client.get(f"/cases/{ids['case']}").text
    assert 'id="case-status">free<' in page and "<svg class=\"timeline\"" in page
    assert '<mark class="k-charge">spreading false information</mark>' in page
    token = csrf(page)
    answer = client.post(f"/facts/{ids['status_2']}/review", follow_redirects=False,
                         data={"csrf_token": token, "version": "1", "action": "reject", "reason": "wrong",
                               "back": f"/cases/{ids['case']}"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/cases/{ids['case']}"
    assert 'id="case-status">in custody<' in client.get(f"/cases/{ids['case']}").text
    stale = client.post(f"/facts/{ids['status_2']}/review",
                        data={"csrf_token": token, "version": "1", "action": "verify"})
    assert stale.status_code == 409 and "changed since you read it" in stale.text
    no_csrf = client.post(f"/facts/{ids['arrest']}/review", data={"version": "1", "action": "verify"})
    assert no_csrf.status_code == 403
    edit = client.post(f"/facts/{ids['charge']}/review",
                       data={"csrf_token": token, "version": "1", "action": "edit", "payload": "{not json"})
    assert edit.status_code == 422 and "not valid JSON" in edit.text


def test_lists_filters_document_search_overview(store: Store) -> None:
    ids = seed_case(store)
    seed_case(store, "Marat Zhumabekov", prefix="m")
    client = logged_in(store)
    assert 'id="case-count">2<' in client.get("/").text
    assert 'id="case-count">1<' in client.get("/", params={"name": "Marat"}).text
    assert "is not one of" in client.get("/", params={"status": "bogus"}).text
    doc = client.get(f"/documents/{ids['doc_1']}").text
    assert '<mark class="k-event"' in doc and "Aigerim Sadykova" in doc
    hits = client.get("/search", params={"q": "Sadykova"}).text
    assert "<mark>" in hits and 'id="hit-count">' in hits
    overview = client.get("/overview").text
    assert overview.count("<svg") == 3 and ">free<" in overview
    queue = client.get("/review").text
    assert 'id="queue-count">12<' in queue


def test_security_headers_and_static_assets(store: Store) -> None:
    client = logged_in(store)
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert "http://" not in page.text and "https://" not in page.text  # nothing loaded from elsewhere
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_add_page_processes_a_pasted_text(store: Store) -> None:
    client = logged_in(store)
    token = csrf(client.get("/add").text)
    text = ("A court in Taraz sentenced civic activist Serik Abenov to three years in prison on 2 April 2024 "
            "for inciting discord.")
    answer = client.post("/add", data={"csrf_token": token, "text": text, "title": "Taraz activist jailed",
                                       "published": "2024-04-03"})
    assert answer.status_code == 200 and 'class="status-word">stored<' in answer.text
    assert re.search(r'href="/cases/\d+">Serik Abenov</a>', answer.text)
    empty = client.post("/add", data={"csrf_token": token, "text": " "})
    assert empty.status_code == 422


def test_view_helpers() -> None:
    text = "Alpha beta gamma. Delta epsilon."
    parts = segments(text, [(6, 16, 1, "event"), (11, 16, 2, "charge")])
    assert "".join(p.text for p in parts) == text
    assert [(p.text, [f for f, _ in p.facts]) for p in parts if p.facts] == [("beta ", [1]), ("gamma", [1, 2])]
    assert context(text, 24, 31) == ("Delta ", "epsilon", ".")
    line = timeline([{"type": "arrest", "date": "2022-01-05"}, {"type": "release", "date": "2024-06"},
                     {"type": "trial"}])
    assert line is not None and [m.label for m in line.marks] == ["arrest", "release"]
    assert [label for _, label in line.ticks] == ["2023", "2024"]
    assert line.marks[0].x < line.marks[1].x


def test_cli_users_and_tokens(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    added = runner.invoke(main, ["--db", db, "users", "add", "ana", "--role", "admin"], input="a good password\n")
    assert added.exit_code == 0, added.output
    assert "added ana (admin)" in added.output
    short = runner.invoke(main, ["--db", db, "users", "add", "bob", "--role", "viewer"], input="short\n")
    assert short.exit_code != 0
    listed = runner.invoke(main, ["--db", db, "users", "list"])
    assert listed.output.split("\t")[1:3] == ["ana", "admin\n"]
    token = runner.invoke(main, ["--db", db, "tokens", "create", "ana"]).output.strip()
    assert token.startswith("cw_")
    with open_store(db) as store:
        user = accounts.token_user(store, token)
        assert user is not None and user.name == "ana"
        with TestClient(create_app(store, secret="x")) as client:
            assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["name"] == "ana"
    assert runner.invoke(main, ["--db", db, "tokens", "revoke", "1"]).exit_code == 0
    with open_store(db) as store:
        assert accounts.token_user(store, token) is None
    assert "serve" in runner.invoke(main, ["--help"]).output


def test_cli_ends_sessions_and_manages_accounts(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()

    def cli(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(main, ["--db", db, *args], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    cli("users", "add", "ana", "--role", "reviewer", stdin="a good password\n")
    with open_store(db) as store:
        app = create_app(store, secret="x")
        browser = TestClient(app)
        assert browser.post("/api/v1/session", json={"name": "ana", "password": "a good password"}).status_code == 200
        assert browser.get("/api/v1/me").status_code == 200
    listed = cli("users", "sessions", "ana")
    assert listed.count("\tana\tlive\t") == 1
    assert "ended 1 web session(s) of ana" in cli("users", "logout", "ana")
    assert "no live web sessions" in cli("users", "sessions")
    assert "\tana\trevoked\t" in cli("users", "sessions", "--all")
    with open_store(db) as store:
        assert TestClient(create_app(store, secret="x"), cookies=dict(browser.cookies)).get("/api/v1/me").status_code == 401
    assert "password of ana changed" in cli("users", "passwd", "ana", stdin="another good password\n")
    assert "ana is now admin" in cli("users", "role", "ana", "admin")
    token = cli("tokens", "create", "ana", "--label", "laptop").strip()
    assert "disabled ana" in cli("users", "disable", "ana")
    assert "\tadmin disabled" in cli("users", "list")
    with open_store(db) as store:
        assert accounts.token_user(store, token) is None
        assert accounts.authenticate(store, "ana", "another good password") is None
    cli("users", "enable", "ana")
    with open_store(db) as store:
        assert accounts.token_user(store, token) is not None
        assert accounts.authenticate(store, "ana", "another good password") is not None
    tokens = cli("tokens", "list", "ana")
    assert "\tana\tlaptop\t" in tokens and "last used 20" in tokens and "\tactive" in tokens
    missing = runner.invoke(main, ["--db", db, "users", "logout", "nobody"])
    assert missing.exit_code != 0 and "no user named 'nobody'" in str(missing.exception)


def test_cookies_are_secure_over_https(store: Store) -> None:
    client = TestClient(create_app(store, secret="pages"), base_url="https://casewatch.test")
    page = client.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()
    login = client.post("/login", data={"csrf_token": csrf(page.text), "name": "rita", "password": PASSWORD},
                        follow_redirects=False)
    session = [c for c in login.headers.get_list("set-cookie") if c.startswith("cw_session=")]
    assert session and "secure" in session[0].lower() and "httponly" in session[0].lower()
    plain = TestClient(create_app(store, secret="pages")).get("/login")
    assert "secure" not in plain.headers["set-cookie"].lower()


def test_case_page_marks_conflicting_sources(store: Store) -> None:
    from casewatch.core.types import Span
    from casewatch.review import rederive

    ids = seed_case(store)
    with store.unit_of_work() as uow:
        text = store.get_document(ids["doc_2"]).text or ""
        start = text.index("Blogger")
        uow.add_fact(case_id=ids["case"], document_id=ids["doc_2"], kind="attribute",
                     span=Span(start, start + 7, "Blogger"), payload={"name": "country", "value": "KG"},
                     extractor="test", version="1")
        rederive(uow.session, ids["case"])
    conflicts = store.get_case(ids["case"]).summary["conflicts"]
    assert any(c["field"] == "country" for c in conflicts)
    page = logged_in(store).get(f"/cases/{ids['case']}").text
    assert "Sources disagree" in page and "conflict-badge" in page
    assert f'href="#fact-{ids["country"]}"' in page
