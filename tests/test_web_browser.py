"""The web app in a real headless Chromium: hostile payloads stay inert, and a reviewer's day works end to end."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casewatch.core.document import Document
from casewatch.core.types import DateValue, Span
from casewatch.store import Store, open_store
from casewatch.web import accounts
from casewatch.web.app import create_app

CHROMIUM = Path(os.environ.get("CASEWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "browser password 123"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; CI must run the browser tests (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

# Vectors after OWASP's XSS filter evasion cheat sheet; each would call alert() or set window.pwned if it ran.
PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    "<svg/onload=alert('xss3')>",
    "\"><script>window.pwned=1</script>",
    "'><img src=x onerror=window.pwned=1>",
    "</textarea><script>alert('xss4')</script>",
    "</title><script>alert('xss5')</script>",
    "<iframe src=\"javascript:alert('xss6')\"></iframe>",
    "<a href=\"javascript:alert('xss7')\">click</a>",
    "<body onload=alert('xss8')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss9')>",
    "<details open ontoggle=alert('xss10')>",
    "{{7*7}} ${7*7} <% 7*7 %>",
    "<scr<script>ipt>alert('xss11')</scr</script>ipt>",
    "\u003cimg src=x onerror=alert('xss12')\u003e",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn serving the app on a free loopback port in a thread; stopped at the end."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def hostile_world(store: Store) -> dict[str, int]:
    """Documents, a person, facts, a user name and audit reasons carrying every payload."""
    from casewatch.resolve.names import name_key
    from casewatch.review import rederive, review_fact

    ids: dict[str, int] = {}
    joined = " | ".join(PAYLOADS)
    text = f"Court in Almaty sentenced blogger {PAYLOADS[1]} on 3 March 2024. Quote: {joined}. The end."
    with store.unit_of_work() as uow:
        doc = uow.add_document(Document(id="hostile-1", text=text, title=PAYLOADS[0] + PAYLOADS[6],
                                        url="javascript:alert('url')", published=DateValue("2024-03-04"),
                                        source=PAYLOADS[2]), anchor=None)
        person = uow.add_person(PAYLOADS[1], name_key("hostile blogger") or "hostile", country="KZ")
        uow.add_person_name(person, PAYLOADS[3], "hostile alias")
        case = uow.case_for_person(person)
        start = text.index(PAYLOADS[1])
        ids["name_fact"] = uow.add_fact(case_id=case, document_id=doc, kind="event",
                                        span=Span(start, start + len(PAYLOADS[1]), PAYLOADS[1]),
                                        payload={"type": "conviction", "date": "2024-03-03", "court": PAYLOADS[4]},
                                        extractor="test", version="1")
        qstart = text.index(joined)
        ids["charge"] = uow.add_fact(case_id=case, document_id=doc, kind="charge",
                                     span=Span(qstart, qstart + len(joined), joined),
                                     payload={"category": "extremism", "text": PAYLOADS[5], "article": PAYLOADS[7]},
                                     extractor="test", version="1")
        astart = text.index(PAYLOADS[8])
        ids["advocacy"] = uow.add_fact(case_id=case, document_id=doc, kind="advocacy",
                                       span=Span(astart, astart + len(PAYLOADS[8]), PAYLOADS[8]),
                                       payload={"actor": PAYLOADS[9], "action": "condemn", "cases": [PAYLOADS[1]],
                                                "quote": PAYLOADS[10]}, extractor="test", version="1")
        rederive(uow.session, case)
        ids.update(case=case, person=person, doc=doc)
    review_fact(store, ids["name_fact"], "verify", expected_version=1, actor=PAYLOADS[11], reason=PAYLOADS[12])
    review_fact(store, ids["charge"], "edit", expected_version=1, actor=PAYLOADS[13], reason=PAYLOADS[14],
                payload={"category": "extremism", "text": PAYLOADS[0], "article": PAYLOADS[3]})
    return ids


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, dict[str, int]]]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'casewatch.db'}")
    accounts.add_user(store, "ada", "admin", PASSWORD, actor="test")
    ids = hostile_world(store)
    from test_review import seed_case

    ids.update({f"s_{k}": v for k, v in seed_case(store).items()})
    try:
        with Server(create_app(store, secret="browser")) as base:
            yield base, store, ids
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_hostile_payloads_stay_inert_in_the_browser(served: tuple[str, Store, dict[str, int]], browser: Any) -> None:
    base, _, ids = served
    context = browser.new_context()
    page = context.new_page()
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    _log_in(page, base)
    pages = ["/", f"/cases/{ids['case']}", f"/documents/{ids['doc']}", "/review", "/audit", "/overview",
             "/search?q=blogger", "/search?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
             "/?name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
        # Only our own script element may exist; no payload became an element or an event handler.
        injected = page.evaluate("""() => ({
            pwned: window.pwned === 1,
            scripts: [...document.scripts].filter(s => s.getAttribute('src') !== '/static/app.js').length,
            handlers: document.querySelectorAll('[onerror],[onload],[ontoggle],[onclick]').length,
            frames: document.querySelectorAll('iframe,object,embed').length,
            jsLinks: [...document.querySelectorAll('a[href]')].filter(a => a.href.startsWith('javascript:')).length,
            imgs: document.querySelectorAll('img').length,
        })""")
        assert injected == {"pwned": False, "scripts": 0, "handlers": 0, "frames": 0, "jsLinks": 0, "imgs": 0}, path
    assert fired == []
    # The payloads are shown as text, literally.
    page.goto(f"{base}/cases/{ids['case']}")
    body = page.inner_text("body")
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[9]):
        assert payload in body
    assert page.inner_text("#case-name") == PAYLOADS[1]
    page.goto(f"{base}/documents/{ids['doc']}")
    assert page.inner_text("#doc-title") == PAYLOADS[0] + PAYLOADS[6]
    assert "{{7*7}}" in page.inner_text("#doc-text") and "49" not in page.inner_text("#doc-text")
    context.close()


def test_a_reviewers_day_end_to_end(served: tuple[str, Store, dict[str, int]], browser: Any) -> None:
    base, store, ids = served
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, base)
    page.fill("input[name=name]", "Sadykova")
    page.click("form.filters button[type=submit]")
    page.click("#cases a:has-text('Aigerim Sadykova')")
    assert page.inner_text("#case-status") == "free"
    page.click(f"#fact-{ids['s_arrest']} button.verify")
    page.wait_for_load_state("load")
    assert page.inner_text(f"#fact-{ids['s_arrest']} .state") == "verified"
    page.fill(f"#fact-{ids['s_status_2']} input[name=reason]", "the release was misreported")
    page.click(f"#fact-{ids['s_status_2']} button.reject")
    page.wait_for_load_state("load")
    assert page.inner_text("#case-status") == "in custody"
    assert page.inner_text(f"#fact-{ids['s_status_2']} .state") == "rejected"
    # Keyboard: j focuses the first reviewable fact of the queue, v verifies it.
    page.goto(f"{base}/review")
    before = int(page.inner_text("#queue-count"))
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("v")
    assert int(page.inner_text("#queue-count")) == before - 1
    page.goto(f"{base}/add")
    page.fill("input[name=title]", "Oral court fines activist")
    page.fill("textarea[name=text]", "A court in Oral on 5 April 2024 sentenced activist Bolat Serikov to two "
                                     "years in prison for taking part in an unsanctioned rally.")
    page.fill("input[name=published]", "2024-04-06")
    page.click("form.stack button[type=submit]")
    assert page.inner_text("#results .status-word") == "stored"
    page.click("#results a:has-text('Bolat Serikov')")
    assert page.inner_text("#case-name") == "Bolat Serikov"
    page.fill("header input[name=q]", "Serikov")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Serikov")
    assert int(page.inner_text("#hit-count")) >= 1
    assert page.locator("#hits mark").first.inner_text() == "Serikov"
    context.close()


def test_reading_works_with_javascript_off(served: tuple[str, Store, dict[str, int]], browser: Any) -> None:
    base, _, ids = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _log_in(page, base)
    page.goto(f"{base}/cases/{ids['s_case']}")
    assert page.inner_text("#case-name") == "Aigerim Sadykova"
    assert page.locator("svg.timeline").count() == 1
    page.goto(f"{base}/documents/{ids['s_doc_1']}")
    assert page.locator("#doc-text mark").count() >= 2
    context.close()
