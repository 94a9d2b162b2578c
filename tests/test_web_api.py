"""The REST API under /api/v1 with the real app, store and extractor, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_review import seed_case

from casewatch.core.errors import ConfigError, NotFoundError
from casewatch.review import audit_entries
from casewatch.store import Store, open_store
from casewatch.web import accounts
from casewatch.web.app import create_app

PASSWORD = "a fine long password"
# A fictional report written for these tests.
ARTICLE = ("Court in Aktobe jails journalist Dana Tulegenova\n\n"
           "AKTOBE, 14 March 2024 - A district court in Aktobe on Thursday sentenced journalist Dana Tulegenova "
           "to four years in prison on charges of spreading false information. Tulegenova was arrested on "
           "2 October 2023 after publishing an investigation into local officials.")


@pytest.fixture
def web_store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    for name, role in (("vera", "viewer"), ("rita", "reviewer"), ("ada", "admin")):
        accounts.add_user(opened, name, role, PASSWORD, actor="test")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def client(web_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(web_store, secret="test-secret")) as c:
        yield c


def bearer(store: Store, user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.create_token(store, user, 'test', actor='test')}"}


def test_anonymous_gets_a_json_401(client: TestClient) -> None:
    answer = client.get("/api/v1/cases")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized" and "log in" in answer.json()["error"]["message"]
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_cases_list_filters_and_paginates(client: TestClient, web_store: Store) -> None:
    a = seed_case(web_store, "Aigerim Sadykova", prefix="a")
    b = seed_case(web_store, "Marat Zhumabekov", prefix="b")
    auth = bearer(web_store, "vera")
    page = client.get("/api/v1/cases", headers=auth, params={"limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["limit"] == 1
    second = client.get("/api/v1/cases", headers=auth, params={"limit": 1, "offset": 1}).json()
    assert {page["items"][0]["id"], second["items"][0]["id"]} == {a["case"], b["case"]}
    by_name = client.get("/api/v1/cases", headers=auth, params={"name": "zhumabek"}).json()
    assert [i["id"] for i in by_name["items"]] == [b["case"]]
    assert by_name["items"][0]["status"] == "free" and by_name["items"][0]["charges"] == ["false_information"]
    filters = {"status": "free", "country": "KZ", "charge": "false_information", "event": "release",
               "date_from": "2024-05", "date_to": "2024-05-31", "review": "unreviewed"}
    assert client.get("/api/v1/cases", headers=auth, params=filters).json()["total"] == 2
    assert client.get("/api/v1/cases", headers=auth, params={"date_from": "2024-06"}).json()["total"] == 0
    assert client.get("/api/v1/cases", headers=auth, params={"event": "pardon"}).json()["total"] == 0
    bad = client.get("/api/v1/cases", headers=auth, params={"status": "asleep"})
    assert bad.status_code == 422 and "asleep" in bad.json()["error"]["message"]
    assert client.get("/api/v1/cases", headers=auth, params={"limit": 0}).status_code == 422


def test_case_fact_and_person_reads(client: TestClient, web_store: Store) -> None:
    ids = seed_case(web_store)
    auth = bearer(web_store, "vera")
    case = client.get(f"/api/v1/cases/{ids['case']}", headers=auth).json()
    assert case["name"] == "Aigerim Sadykova" and case["status"] == "free"
    assert {f["id"] for f in case["facts"]} >= {ids["arrest"], ids["release"]}
    assert all(f["version"] == 1 for f in case["facts"])
    fact = client.get(f"/api/v1/facts/{ids['charge']}", headers=auth).json()
    assert fact["span"]["quote"] == "spreading false information" and fact["version"] == 1
    person = client.get(f"/api/v1/persons/{ids['person']}", headers=auth).json()
    assert person["case_id"] == ids["case"]
    missing = client.get("/api/v1/cases/999999", headers=auth)
    assert missing.status_code == 404 and "999999" in missing.json()["error"]["message"]
    doc = client.get(f"/api/v1/documents/{ids['doc_2']}", headers=auth).json()
    assert doc["cases"] == [{"id": ids["case"], "name": "Aigerim Sadykova"}]
    assert client.get("/api/v1/documents", headers=auth).json()["total"] == 2


def test_review_over_the_api_changes_status_and_conflicts(client: TestClient, web_store: Store) -> None:
    ids = seed_case(web_store)
    rita, vera = bearer(web_store, "rita"), bearer(web_store, "vera")
    body = {"action": "reject", "version": 1, "reason": "misreported"}
    assert client.post(f"/api/v1/facts/{ids['status_2']}/review", json=body, headers=vera).status_code == 403
    done = client.post(f"/api/v1/facts/{ids['status_2']}/review", json=body, headers=rita)
    assert done.status_code == 200 and done.json()["review_state"] == "rejected" and done.json()["version"] == 2
    assert client.get(f"/api/v1/cases/{ids['case']}", headers=vera).json()["status"] == "in_custody"
    stale = client.post(f"/api/v1/facts/{ids['status_2']}/review", json={"action": "verify", "version": 1},
                        headers=rita)
    assert stale.status_code == 409 and "changed since you read it" in stale.json()["error"]["message"]
    edit = {"action": "edit", "version": 1, "payload": {"category": "no_such_thing", "text": "x"}}
    invalid = client.post(f"/api/v1/facts/{ids['charge']}/review", json=edit, headers=rita)
    assert invalid.status_code == 422 and "no_such_thing" in invalid.json()["error"]["message"]
    queue = client.get("/api/v1/review-queue", headers=rita).json()
    assert queue["total"] == 5 and ids["status_2"] not in [f["id"] for f in queue["items"]]
    audit = client.get("/api/v1/audit", headers=bearer(web_store, "ada"), params={"target_kind": "fact"}).json()
    assert audit["total"] == 1
    assert [(e["actor"], e["action"], e["reason"]) for e in audit["items"]] == [("rita", "reject", "misreported")]


def test_session_login_needs_csrf_for_writes(client: TestClient, web_store: Store) -> None:
    ids = seed_case(web_store)
    wrong = client.post("/api/v1/session", json={"name": "rita", "password": "not it at all"})
    assert wrong.status_code == 401
    login = client.post("/api/v1/session", json={"name": "rita", "password": PASSWORD})
    assert login.status_code == 200
    cookie = login.headers.get_list("set-cookie")
    assert any("cw_session=" in c and "HttpOnly" in c and "SameSite=lax" in c for c in cookie)
    token = login.json()["csrf_token"]
    assert client.get("/api/v1/me").json()["name"] == "rita"
    body = {"action": "verify", "version": 1}
    refused = client.post(f"/api/v1/facts/{ids['arrest']}/review", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    accepted = client.post(f"/api/v1/facts/{ids['arrest']}/review", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 200


def _logged_in(app: Any, name: str) -> tuple[TestClient, str]:
    """A browser logged in as ``name`` over the API, and its CSRF token."""
    browser = TestClient(app)
    login = browser.post("/api/v1/session", json={"name": name, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return browser, login.json()["csrf_token"]


def test_logging_out_revokes_the_session_everywhere_it_was_copied(client: TestClient, web_store: Store) -> None:
    browser, csrf = _logged_in(client.app, "vera")
    stolen = TestClient(client.app, cookies=dict(browser.cookies))
    assert stolen.get("/api/v1/me").json()["name"] == "vera"
    assert browser.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 200
    # The copy of the cookie dies with the session: it is revoked in the database, not just forgotten.
    assert stolen.get("/api/v1/me").status_code == 401
    assert browser.get("/api/v1/me").status_code == 401
    [ended] = accounts.list_sessions(web_store, "vera", live_only=False)
    assert ended.revoked_at is not None and not ended.active
    assert accounts.list_sessions(web_store, "vera") == []


def test_disabling_a_user_ends_sessions_and_suspends_tokens(client: TestClient, web_store: Store) -> None:
    browser, _ = _logged_in(client.app, "rita")
    other, _ = _logged_in(client.app, "rita")
    auth = bearer(web_store, "rita")
    assert len(accounts.list_sessions(web_store, "rita")) == 2
    assert accounts.set_disabled(web_store, "rita", True, actor="test") == 2
    assert browser.get("/api/v1/me").status_code == 401 and other.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    assert client.post("/api/v1/session", json={"name": "rita", "password": PASSWORD}).status_code == 401
    accounts.set_disabled(web_store, "rita", False, actor="test")
    assert client.get("/api/v1/me", headers=auth).json()["name"] == "rita"  # the token was suspended, not revoked
    assert browser.get("/api/v1/me").status_code == 401  # ended sessions stay ended
    actions = [e.action for e in audit_entries(web_store, target_kind="user")[0]]
    assert "disable" in actions and "enable" in actions


def test_a_new_password_ends_the_old_sessions(client: TestClient, web_store: Store) -> None:
    browser, _ = _logged_in(client.app, "ada")
    assert accounts.set_password(web_store, "ada", "a brand new passphrase", actor="test") == 1
    assert browser.get("/api/v1/me").status_code == 401
    assert client.post("/api/v1/session", json={"name": "ada", "password": PASSWORD}).status_code == 401
    assert client.post("/api/v1/session", json={"name": "ada", "password": "a brand new passphrase"}).status_code == 200
    with pytest.raises(ConfigError, match="too short"):
        accounts.set_password(web_store, "ada", "short", actor="test")


def test_sessions_expire_and_unknown_tokens_are_refused(web_store: Store) -> None:
    vera = accounts.get_user(web_store, accounts.list_users(web_store)[-1].id)
    assert vera is not None and vera.name == "vera"
    live = accounts.start_web_session(web_store, vera, timedelta(minutes=5))
    gone = accounts.start_web_session(web_store, vera, timedelta(seconds=-1))
    assert accounts.session_user(web_store, live) == vera
    assert accounts.session_user(web_store, gone) is None
    assert accounts.session_user(web_store, live + "x") is None
    assert accounts.session_user(web_store, "cw_" + live[4:]) is None  # an API token's prefix is not a session
    assert accounts.session_user(web_store, None) is None
    assert [s.active for s in accounts.list_sessions(web_store, "vera", live_only=False)] == [False, True]


def test_token_use_is_recorded_at_most_every_few_minutes(client: TestClient, web_store: Store) -> None:
    auth = bearer(web_store, "vera")
    [fresh] = accounts.list_tokens(web_store, "vera")
    assert fresh.last_used_at is None
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    [used] = accounts.list_tokens(web_store, "vera")
    assert used.last_used_at is not None
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    [again] = accounts.list_tokens(web_store, "vera")
    assert again.last_used_at == used.last_used_at  # within accounts.TOUCH_EVERY: no second write
    with pytest.raises(NotFoundError):
        accounts.list_tokens(web_store, "nobody")


def test_login_is_rate_limited(web_store: Store) -> None:
    with TestClient(create_app(web_store, secret="s", login_attempts=3, login_window=60)) as c:
        for _ in range(3):
            assert c.post("/api/v1/session", json={"name": "vera", "password": "guess guess"}).status_code == 401
        blocked = c.post("/api/v1/session", json={"name": "vera", "password": PASSWORD})
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_revoked_or_unknown_tokens_are_refused(client: TestClient) -> None:
    answer = client.get("/api/v1/cases", headers={"Authorization": "Bearer cw_nothing"})
    assert answer.status_code == 401 and "revoked" in answer.json()["error"]["message"]


def test_add_text_and_file_run_the_real_pipeline(client: TestClient, web_store: Store) -> None:
    rita = bearer(web_store, "rita")
    added = client.post("/api/v1/documents", json={"text": ARTICLE, "published": "2024-03-14"}, headers=rita)
    assert added.status_code == 201, added.text
    result = added.json()
    assert result["status"] == "stored" and result["cases"] >= 1 and result["facts"] >= 1
    again = client.post("/api/v1/documents", json={"text": ARTICLE, "published": "2024-03-14"}, headers=rita)
    assert again.json()["status"] == "unchanged"
    cases = client.get("/api/v1/cases", headers=rita, params={"name": "Tulegenova"}).json()
    assert cases["total"] == 1
    hits = client.get("/api/v1/search", headers=rita, params={"q": "Tulegenova"}).json()["items"]
    assert hits and any(h["document_key"] == result["document_key"] for h in hits)
    files = [("files", ("note.md", b"# Activist Bolat Serikov fined\n\nA court in Oral fined activist Bolat "
                                   b"Serikov 500,000 tenge on 5 April 2024 for an unsanctioned rally.", "text/markdown")),
             ("files", ("photo.png", b"\x89PNG", "image/png"))]
    uploaded = client.post("/api/v1/documents/upload", files=files, data={"published": "2024-04-06"}, headers=rita)
    assert uploaded.status_code == 201
    statuses = [r["status"] for r in uploaded.json()["results"]]
    assert statuses == ["stored", "failed"] and ".txt" in uploaded.json()["results"][1]["message"]
    bad_date = client.post("/api/v1/documents", json={"text": ARTICLE, "published": "soon"}, headers=rita)
    assert bad_date.status_code == 422 and "soon" in bad_date.json()["error"]["message"]


def test_merge_and_split_over_the_api(client: TestClient, web_store: Store) -> None:
    a = seed_case(web_store, "Aigerim Sadykova", prefix="a")
    b = seed_case(web_store, "Aigerim Sadykova-Omarova", prefix="b")
    rita = bearer(web_store, "rita")
    merged = client.post(f"/api/v1/persons/{a['person']}/merge", json={"other_id": b["person"]}, headers=rita)
    assert merged.json() == {"person_id": a["person"], "case_id": a["case"]}
    split = client.post(f"/api/v1/persons/{a['person']}/split",
                        json={"fact_ids": [b["arrest"]], "name": "Aigerim Omarova"}, headers=rita)
    assert split.status_code == 200
    assert client.get(f"/api/v1/cases/{split.json()['case_id']}", headers=rita).json()["name"] == "Aigerim Omarova"
    self_merge = client.post(f"/api/v1/persons/{a['person']}/merge", json={"other_id": a["person"]}, headers=rita)
    assert self_merge.status_code == 400


def test_export_and_openapi(client: TestClient, web_store: Store) -> None:
    seed_case(web_store)
    vera = bearer(web_store, "vera")
    data: dict[str, Any] = client.get("/api/v1/export", headers=vera).json()
    assert data["cases"][0]["name"] == "Aigerim Sadykova"
    csv = client.get("/api/v1/export", params={"format": "csv"}, headers=vera)
    assert csv.headers["content-type"].startswith("text/csv") and "Aigerim Sadykova" in csv.text
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/facts/{fact_id}/review" in schema["paths"]
    assert client.get("/docs").status_code == 404  # no CDN-loaded documentation page


def test_document_keys_with_slashes_and_hashes_resolve(client: TestClient, web_store: Store) -> None:
    from casewatch.core.document import Document

    with web_store.unit_of_work() as uow:
        uow.add_document(Document(id="feeds/outlet/item#3f2a", text="Some report."), anchor=None)
    vera = bearer(web_store, "vera")
    answer = client.get("/api/v1/documents/feeds/outlet/item%233f2a", headers=vera)
    assert answer.status_code == 200 and answer.json()["key"] == "feeds/outlet/item#3f2a"
