"""Case tools in the web app: follow from the case page, dossier download, private Atom feeds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_review import seed_case

from casewatch.review import audit_entries
from casewatch.store import open_store
from casewatch.watch import followed_cases
from casewatch.web import accounts
from casewatch.web.app import create_app

PASSWORD = "case tools password 1"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


@pytest.fixture()
def site(tmp_path: Any) -> Iterator[tuple[Any, dict[str, int], TestClient]]:
    store = open_store(f"sqlite:///{tmp_path / 'casewatch.db'}")
    ids = seed_case(store, name="Dilnoza <b>Rakhimova</b>")
    accounts.add_user(store, "rev", "reviewer", PASSWORD, actor="test")
    client = TestClient(create_app(store, secret="tools"))
    token = _csrf(client.get("/login").text)
    assert client.post("/login", data={"csrf_token": token, "name": "rev", "password": PASSWORD},
                       follow_redirects=False).status_code == 303
    try:
        yield store, ids, client
    finally:
        store.close()


def test_follow_button_follows_and_unfollows_with_an_audit_row(site: tuple[Any, dict[str, int], TestClient]) -> None:
    store, ids, client = site
    page = client.get(f"/cases/{ids['case']}").text
    assert 'id="follow-button">Follow<' in page
    answer = client.post(f"/cases/{ids['case']}/follow", data={"csrf_token": _csrf(page)}, follow_redirects=False)
    assert answer.status_code == 303
    assert [cid for cid, _, _ in followed_cases(store)] == [ids["case"]]
    page = client.get(f"/cases/{ids['case']}").text
    assert 'id="follow-button">Unfollow<' in page
    client.post(f"/cases/{ids['case']}/follow", data={"csrf_token": _csrf(page)}, follow_redirects=False)
    assert followed_cases(store) == []
    entries, _ = audit_entries(store, target_kind="case", target_id=ids["case"])
    assert sorted(e.action for e in entries) == ["follow", "unfollow"]
    assert {e.actor for e in entries} == {"rev"}


def test_follow_needs_the_csrf_token(site: tuple[Any, dict[str, int], TestClient]) -> None:
    store, ids, client = site
    answer = client.post(f"/cases/{ids['case']}/follow", data={}, follow_redirects=False)
    assert answer.status_code == 403
    assert followed_cases(store) == []


def test_dossier_download_is_named_by_id_and_escapes_names(site: tuple[Any, dict[str, int], TestClient]) -> None:
    _, ids, client = site
    answer = client.get(f"/cases/{ids['case']}/dossier?format=html")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="case-{ids["case"]}-dossier.html"'
    assert "<b>Rakhimova</b>" not in answer.text and "&lt;b&gt;Rakhimova&lt;/b&gt;" in answer.text
    md = client.get(f"/cases/{ids['case']}/dossier?format=md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert client.get(f"/cases/{ids['case']}/dossier?format=pdf").status_code == 400


def test_private_feed_serves_atom_until_the_token_is_wrong(site: tuple[Any, dict[str, int], TestClient]) -> None:
    _, ids, client = site
    page = client.get(f"/cases/{ids['case']}").text
    answer = client.post(f"/cases/{ids['case']}/feed-token", data={"csrf_token": _csrf(page)})
    assert answer.status_code == 200
    url = re.search(r"<code>(http[^<]+)</code>", answer.text).group(1)
    path = url.split("://", 1)[1].split("/", 1)[1]
    anonymous = TestClient(client.app)
    feed = anonymous.get("/" + path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.lstrip().startswith("<?xml") and "<feed" in feed.text
    assert anonymous.get("/feeds/not-a-token").status_code == 404
