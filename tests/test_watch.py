"""Watch runs over a real loopback server: developments recorded and sent once, failing feeds, locks, channels."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from watch_site import Route, Site

from casewatch.core.errors import InputError, NotFoundError
from casewatch.ingest.fetch import FetchSettings
from casewatch.sources import SourceSettings
from casewatch.store import Store, open_store
from casewatch.store.tables import LockModel
from casewatch.watch import (
    SIGNATURE_HEADER,
    Development,
    EmailNotifier,
    LockHeld,
    SmtpSettings,
    WatchSettings,
    WebhookNotifier,
    acquire_lock,
    add_watch,
    atom_feed,
    check_feed_token,
    developments,
    follow,
    issue_feed_token,
    list_watches,
    notifiers_from_env,
    remove_watch,
    render_atom,
    revoke_feed_token,
    run_lock,
    run_watches,
    unfollow,
    verify_signature,
)

SECRET = "s3cret-for-tests"
# Fictional reports written for these tests.
VERDICT = (
    "ASTANA, March 4, 2025 — A district court in Astana on Monday sentenced the blogger Arman Tulegenov, 29, to "
    "five years in prison on charges of spreading false information. Tulegenov was arrested on October 2, 2024, "
    "after he posted videos about corruption in the city administration. The Steppe Rights Bureau condemned the "
    "verdict and called for his release."
)
APPEAL = (
    "ASTANA, May 20, 2025 — The Astana City Court on Tuesday rejected the appeal of the blogger Arman Tulegenov "
    "against his five-year prison sentence. The court also banned him from journalism for three years after his "
    "release and ordered him to pay a fine of 500,000 tenge. Tulegenov was transferred to a prison colony in "
    "Karaganda last week.\n\n"
    "Relatives who attended the hearing said the judge read out the decision in less than ten minutes and did not "
    "allow the blogger to speak by video link from the colony. His sister said the family had not been told in "
    "advance that the hearing would take place on Tuesday and learned of it from a court clerk.\n\n"
    "The videos at the centre of the case described contracts for a new bus depot and the companies that won "
    "them. The city administration has said the contracts were awarded lawfully and has not commented on the "
    "verdict or on the appeal."
)
OTHER = (
    "BISHKEK, April 2, 2025 — Police in Bishkek detained the journalist Aidana Temirova on April 1 after she "
    "reported on a land dispute. Prosecutors charged her with calls for mass unrest."
)


def sources() -> SourceSettings:
    return SourceSettings(fetch=FetchSettings(allow_private=True, timeout_read=2, timeout_connect=2))


def hook(site: Site, sleeps: list[float] | None = None, attempts: int = 3) -> WebhookNotifier:
    return WebhookNotifier(site.url("/hook"), SECRET, settings=FetchSettings(allow_private=True, timeout_read=2),
                           attempts=attempts, backoff=0.25, sleep=(sleeps.append if sleeps is not None else None)
                           or (lambda _s: None))


@pytest.fixture
def any_db(store_url: str) -> Iterator[Store]:
    """SQLite and PostgreSQL (conftest's store_url), for the tests that prove the core promises on both."""
    with open_store(store_url) as store:
        yield store


def test_a_development_is_recorded_and_notified_exactly_once(site: Site, any_db: Store) -> None:
    db = any_db
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    feed = site.feed("/feed.xml", [("Court jails blogger Arman Tulegenov", verdict, "2025-03-04")])
    add_watch(db, feed, name="Steppe Courts")
    settings = WatchSettings(sources=sources(), notifiers=[hook(site)])
    first = run_watches(db, settings)
    assert first.failed_feeds == 0 and first.developments == []  # nothing is followed yet
    follow(db, "Tulegenov")
    assert run_watches(db, settings).developments == []  # what the case held when followed is not news

    appeal = site.page("/n/appeal", "Appeal rejected for blogger Tulegenov", APPEAL)
    reprint = site.page("/other/appeal-reprint", "Blogger loses appeal", APPEAL)  # same text, another outlet
    site.feed("/feed.xml", [("Court jails blogger Arman Tulegenov", verdict, "2025-03-04"),
                            ("Appeal rejected for blogger Tulegenov", appeal, "2025-05-20"),
                            ("Blogger loses appeal", reprint, "2025-05-21")])
    report = run_watches(db, settings)
    keys = [d.key for d in report.developments]
    assert keys and len(keys) == len(set(keys))
    assert any(k.startswith("restriction:journalism") for k in keys)
    assert any(k.startswith("money:fine:500000") for k in keys)
    assert any(k.startswith("event:transfer") for k in keys)
    assert not any(k.startswith("sentence:prison:60") for k in keys)  # the five years were known already
    assert not any(k.startswith("charge:") for k in keys)
    assert [o.status for f in report.feeds for o in f.run.outcomes] == ["stored", "duplicate"]

    posts = site.posts
    assert sorted(json.loads(p.body)["development"]["key"] for p in posts) == sorted(keys)
    for post in posts:
        assert verify_signature(post.body, post.headers[SIGNATURE_HEADER.lower()], SECRET)
        assert not verify_signature(post.body, post.headers[SIGNATURE_HEADER.lower()], "another secret")
        body = json.loads(post.body)
        assert body["schema"] == "casewatch.development/1"
        assert body["development"]["case"] == "Arman Tulegenov"
        assert body["development"]["citation"]["url"] == appeal
        assert body["development"]["citation"]["quote"] in "Appeal rejected for blogger Tulegenov\n\n" + APPEAL

    for _ in range(2):  # the same news, seen again and again, is neither recorded nor sent again
        again = run_watches(db, settings)
        assert again.developments == [] and again.deliveries == []
    assert len(site.posts) == len(posts)
    assert len(developments(db)) == len(keys)


def test_webhook_retries_with_exponential_backoff(site: Site, db: Store) -> None:
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    add_watch(db, site.feed("/feed.xml", [("t", verdict, "2025-03-04")]))
    run_watches(db, WatchSettings(sources=sources()))
    follow(db, "Tulegenov")
    appeal = site.page("/n/appeal", "Appeal rejected", APPEAL)
    site.feed("/feed.xml", [("t", verdict, "2025-03-04"), ("a", appeal, "2025-05-20")])

    site.route("/hook", Route(fail_first=2))
    sleeps: list[float] = []
    report = run_watches(db, WatchSettings(sources=sources(), notifiers=[hook(site, sleeps)]))
    assert report.developments and all(d.error is None for d in report.deliveries)
    assert sleeps[:2] == [0.25, 0.5]  # exponential backoff before the second and third attempts
    assert len(site.posts) == len(report.developments)


def test_a_pending_alert_is_delivered_when_the_receiver_comes_back(site: Site, db: Store) -> None:
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    add_watch(db, site.feed("/feed.xml", [("t", verdict, "2025-03-04")]))
    run_watches(db, WatchSettings(sources=sources()))
    follow(db, "Tulegenov")
    appeal = site.page("/n/appeal", "Appeal rejected", APPEAL)
    site.feed("/feed.xml", [("t", verdict, "2025-03-04"), ("a", appeal, "2025-05-20")])
    site.route("/hook", Route(fail_first=1000))
    down = run_watches(db, WatchSettings(sources=sources(), notifiers=[hook(site, attempts=2)]))
    assert down.developments and all(d.error for d in down.deliveries) and site.posts == []
    site.route("/hook", Route())
    back = run_watches(db, WatchSettings(sources=sources(), notifiers=[hook(site)]))
    assert back.developments == []  # recorded once, on the first run
    assert len(site.posts) == len(down.developments)
    assert run_watches(db, WatchSettings(sources=sources(), notifiers=[hook(site)])).deliveries == []


def test_a_failing_feed_is_recorded_retried_and_never_stops_the_others(site: Site, db: Store) -> None:
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    site.route("/broken.xml", Route(content_type="application/rss+xml", body=b"<rss><channel><item>"))
    site.route("/down.xml", Route(content_type="application/rss+xml", fail_first=1,
                                  body=b'<rss version="2.0"><channel><title>Down</title></channel></rss>'))
    site.route("/slow.xml", Route(content_type="application/rss+xml", delay=4, body=b"<rss/>"))
    for path in ("/broken.xml", "/down.xml", "/slow.xml"):
        add_watch(db, site.url(path))
    add_watch(db, site.feed("/good.xml", [("t", verdict, "2025-03-04")]), name="good")

    report = run_watches(db, WatchSettings(sources=SourceSettings(
        fetch=FetchSettings(allow_private=True, timeout_read=0.5, timeout_connect=2))))
    assert report.failed_feeds == 3
    by_url = {w.url.rsplit("/", 1)[-1]: w for w in list_watches(db)}
    assert by_url["good.xml"].failures == 0 and by_url["good.xml"].stored == 1 and by_url["good.xml"].items == 1
    assert "503" in (by_url["down.xml"].last_error or "")
    assert "stopped sending" in (by_url["slow.xml"].last_error or "") or "no answer" in (by_url["slow.xml"].last_error
                                                                                           or "")
    assert by_url["broken.xml"].failures == 1 and by_url["broken.xml"].last_error
    assert all(w.last_run_at is not None for w in by_url.values())
    assert db.counts()["documents"] == 1

    run_watches(db, WatchSettings(sources=SourceSettings(
        fetch=FetchSettings(allow_private=True, timeout_read=0.5, timeout_connect=2))))
    after = {w.url.rsplit("/", 1)[-1]: w for w in list_watches(db)}
    assert after["down.xml"].failures == 0 and after["down.xml"].last_error is None  # retried, and it recovered
    assert after["broken.xml"].failures == 2
    assert after["down.xml"].name == "Down"


def test_the_lock_prevents_overlapping_runs_and_a_stale_lock_is_taken_over(store_url: str) -> None:
    with open_store(store_url) as store:
        with run_lock(store):
            with pytest.raises(LockHeld, match="another watch run is in progress"):
                run_watches(store)
        run_watches(store)  # released: a run goes ahead

        # A crashed run left its lease; once it expires, the next run takes over.
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        with store.write_session() as session:
            session.add(LockModel(name="watch-run", holder="crashed:1", acquired_at=past, expires_at=past))
        run_watches(store)
        assert store.counts()["locks"] == 0

        # Many runs racing for the lock: exactly one wins.
        results: list[bool] = []
        start = threading.Barrier(6)

        def race(n: int) -> None:
            start.wait()
            results.append(acquire_lock(store, "race", f"runner-{n}", dt.timedelta(minutes=5)))

        threads = [threading.Thread(target=race, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False] * 5 + [True]


def test_a_run_whose_lock_was_taken_over_stops_before_the_next_feed(site: Site, store_url: str) -> None:
    slow = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT, delay=1.0)
    first = site.feed("/slow.xml", [("Court jails blogger Arman Tulegenov", slow, "2025-03-04")])
    other = site.page("/n/other", "Journalist detained in Bishkek", OTHER)
    second = site.feed("/second.xml", [("Journalist detained in Bishkek", other, "2025-04-02")])
    with open_store(store_url) as store:
        add_watch(store, first)
        add_watch(store, second)
        took_over: list[bool] = []

        def another_run() -> None:  # once the first run holds its short lease, waits for it to lapse and takes it
            for _ in range(100):
                with store.read_session() as session:
                    held = session.scalar(select(LockModel.holder)) is not None
                if held and acquire_lock(store, "watch-run", "another-run", dt.timedelta(minutes=5)):
                    took_over.append(True)
                    return
                time.sleep(0.05)

        thread = threading.Thread(target=another_run)
        settings = WatchSettings(sources=sources(), lock_ttl=dt.timedelta(milliseconds=200))
        thread.start()
        report = run_watches(store, settings)
        thread.join()
        assert took_over == [True]
        assert report.stopped is not None and "another run took it over" in report.stopped
        assert [f.url for f in report.feeds] == [first]  # the second feed was left to the other run
        assert report.developments == [] and report.deliveries == []
        assert [o.status for o in report.feeds[0].run.outcomes] == ["stored"]  # what it read stays stored
        with store.read_session() as session:
            assert session.scalar(select(LockModel.holder)) == "another-run"  # and its lease is not released


def test_webhooks_to_private_addresses_are_refused_by_default(site: Site) -> None:
    notifier = WebhookNotifier(site.url("/hook"), SECRET, settings=FetchSettings(allow_private=False), attempts=1)
    development = Development(1, 1, "A", "event", "event:arrest:2025", "arrest", dt.datetime.now(dt.UTC), None,
                              None, {})
    with pytest.raises(InputError, match="loopback"):
        notifier.send(development)
    metadata = WebhookNotifier("http://169.254.169.254/hook", SECRET, settings=FetchSettings(allow_private=True))
    with pytest.raises(InputError, match="metadata"):
        metadata.send(development)
    assert site.requests == []


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


def test_email_goes_to_a_real_smtp_server_on_loopback(db: Store, site: Site) -> None:
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port: aiosmtpd checks its server by connecting to the port it was given
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = SmtpSettings.from_env({"CASEWATCH_SMTP_HOST": "127.0.0.1", "CASEWATCH_SMTP_PORT": str(port),
                                      "CASEWATCH_SMTP_FROM": "casewatch@example.org",
                                      "CASEWATCH_SMTP_TO": "monitor@example.org, desk@example.org"})
        assert smtp is not None
        verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
        add_watch(db, site.feed("/feed.xml", [("t", verdict, "2025-03-04")]))
        run_watches(db, WatchSettings(sources=sources()))
        follow(db, "Tulegenov")
        appeal = site.page("/n/appeal", "Appeal rejected", APPEAL)
        site.feed("/feed.xml", [("t", verdict, "2025-03-04"), ("a", appeal, "2025-05-20")])
        report = run_watches(db, WatchSettings(sources=sources(), notifiers=[EmailNotifier(smtp)]))
        assert report.developments and len(inbox.messages) == len(report.developments)
        sender, recipients, content = inbox.messages[0]
        assert sender == "casewatch@example.org" and recipients == ["monitor@example.org", "desk@example.org"]
        assert b"Arman Tulegenov" in content and appeal.encode() in content
        assert run_watches(db, WatchSettings(sources=sources(), notifiers=[EmailNotifier(smtp)])).deliveries == []
        assert len(inbox.messages) == len(report.developments)
    finally:
        controller.stop()


def test_notifiers_from_the_environment() -> None:
    assert notifiers_from_env(env={}) == []
    found = notifiers_from_env(env={"CASEWATCH_WEBHOOK_URL": "https://hooks.example.org/cw",
                                    "CASEWATCH_WEBHOOK_SECRET": "x", "CASEWATCH_SMTP_HOST": "mail.example.org",
                                    "CASEWATCH_SMTP_TO": "a@example.org"})
    assert [n.name for n in found] == ["webhook", "email"]
    with pytest.raises(Exception, match="CASEWATCH_WEBHOOK_SECRET"):
        notifiers_from_env(env={"CASEWATCH_WEBHOOK_URL": "https://hooks.example.org/cw"})
    with pytest.raises(Exception, match="CASEWATCH_SMTP_TO"):
        notifiers_from_env(env={"CASEWATCH_SMTP_HOST": "mail.example.org"})


def test_watches_add_list_remove(db: Store) -> None:
    first = add_watch(db, "https://news.example.org/rss", name="News")
    assert add_watch(db, "https://news.example.org/rss").id == first.id  # adding again keeps one watch
    add_watch(db, "https://other.example.org/atom.xml")
    assert [w.url for w in list_watches(db)] == ["https://news.example.org/rss", "https://other.example.org/atom.xml"]
    assert remove_watch(db, "News").id == first.id
    remove_watch(db, str(list_watches(db)[0].id))
    assert list_watches(db) == []
    with pytest.raises(NotFoundError, match="watch list"):
        remove_watch(db, "nothing")
    with pytest.raises(InputError, match="http"):
        add_watch(db, "file:///etc/passwd")


def test_follow_and_unfollow(site: Site, db: Store) -> None:
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    add_watch(db, site.feed("/feed.xml", [("t", verdict, "2025-03-04")]))
    run_watches(db, WatchSettings(sources=sources()))
    assert follow(db, "Arman Tulegenov").name == "Arman Tulegenov"
    follow(db, "Tulegenov")  # following twice is one follow
    unfollow(db, "Tulegenov")
    with pytest.raises(NotFoundError, match="not followed"):
        unfollow(db, "Tulegenov")
    with pytest.raises(NotFoundError):
        follow(db, "Nobody Known")


def test_atom_feed_escapes_everything_and_parses() -> None:
    hostile = 'Kel & "Mo" </title><script>alert(1)</script>\x07'
    items = [Development(7, 3, hostile, "event", "event:arrest:2025-01-02", "arrest · 2025-01-02",
                         dt.datetime(2025, 1, 3, tzinfo=dt.UTC), None, 11,
                         {"quote": "<b>detained</b> & held", "url": "https://news.example.org/a?x=1&y=2",
                          "title": "T <i>", "outlet": "news.example.org", "published": "2025-01-03",
                          "review_state": "verified"}),
             Development(8, 3, "B", "status", "status:free:", "status: free", dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
                         None, None, {"url": "javascript:alert(1)"})]
    body = render_atom(items, title="Follows <&>", feed_id="urn:casewatch:follows", link="https://cw.example.org/")
    assert b"<script>" not in body
    root = ET.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.findtext("a:title", namespaces=ns) == "Follows <&>"
    assert root.findtext("a:updated", namespaces=ns) == "2025-02-01T00:00:00Z"
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    assert entries[0].findtext("a:title", namespaces=ns).startswith('Kel & "Mo" </title><script>')
    assert "<b>detained</b> & held" in entries[0].findtext("a:content", namespaces=ns)
    assert entries[0].find("a:link", ns).get("href") == "https://news.example.org/a?x=1&y=2"
    assert entries[1].find("a:link", ns) is None  # never a javascript: link


def test_feed_tokens_are_revocable(db: Store) -> None:
    token = issue_feed_token(db, "case:12")
    other = issue_feed_token(db, "follows")
    assert check_feed_token(db, token) == "case:12" and check_feed_token(db, other) == "follows"
    assert check_feed_token(db, "guess") is None and check_feed_token(db, "") is None
    assert revoke_feed_token(db, token) == 1
    assert check_feed_token(db, token) is None and check_feed_token(db, other) == "follows"
    assert revoke_feed_token(db, scope="follows") == 1 and check_feed_token(db, other) is None
    with pytest.raises(InputError):
        issue_feed_token(db, "everything")


def _cli(db_url: str, *args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from casewatch.cli import main

    result = CliRunner().invoke(main, ["--db", db_url, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_watch_follow_and_run(site: Site, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CASEWATCH_ALLOW_PRIVATE_NETWORKS", "CASEWATCH_WEBHOOK_URL", "CASEWATCH_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'cw.db'}"
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    feed = site.feed("/feed.xml", [("t", verdict, "2025-03-04")])
    site.route("/broken.xml", Route(content_type="application/rss+xml", body=b"<rss><channel><item>"))
    assert _cli(url, "watch", "add", feed, "--name", "Steppe")[0] == 0
    assert _cli(url, "watch", "add", site.url("/broken.xml"))[0] == 0

    code, out, err = _cli(url, "watch", "run")  # private networks are refused by default
    assert code == 0 and "0 read, 2 failed" in out and "loopback" in err
    assert site.requests == []

    code, out, err = _cli(url, "watch", "run", "--allow-private")
    assert code == 0 and "1 read, 1 failed" in out and "documents stored: 1" in out
    code, out, _ = _cli(url, "watch", "list", "--json")
    rows = {json.loads(line)["name"]: json.loads(line) for line in out.splitlines()}
    assert rows["Steppe"]["failures"] == 0 and rows["Steppe"]["items"] == 1 and rows["Steppe"]["stored"] == 1
    broken = next(r for name, r in rows.items() if name != "Steppe")
    assert broken["failures"] == 2 and broken["last_error"]
    code, out, _ = _cli(url, "watch", "list")
    assert code == 0 and "Steppe" in out and "broken.xml" in out

    assert "following #" in _cli(url, "follow", "Tulegenov")[1]
    monkeypatch.setenv("CASEWATCH_WEBHOOK_URL", site.url("/hook"))
    monkeypatch.setenv("CASEWATCH_WEBHOOK_SECRET", SECRET)
    appeal = site.page("/n/appeal", "Appeal rejected", APPEAL)
    site.feed("/feed.xml", [("t", verdict, "2025-03-04"), ("a", appeal, "2025-05-20")])
    code, out, _ = _cli(url, "watch", "run", "--allow-private", "--every", "1s", "--runs", "2")
    assert code == 0 and out.count("feeds: 1 read") == 2
    sent = [int(n) for n in re.findall(r"notifications sent: (\d+)", out)]
    assert sent[0] > 0 and sent[1] == 0 and len(site.posts) == sent[0]

    with open_store(url) as store, run_lock(store):
        code, _, err = _cli(url, "watch", "run", "--allow-private")
        assert code == 0 and "another watch run is in progress" in err

    assert "no longer following" in _cli(url, "unfollow", "Tulegenov")[1]
    assert _cli(url, "watch", "remove", "Steppe")[0] == 0
    code, out, _ = _cli(url, "watch", "list", "--json")
    assert len(out.splitlines()) == 1


def test_a_re_extracted_fact_is_not_news_again_and_atom_feeds_by_scope(site: Site, db: Store) -> None:
    verdict = site.page("/n/verdict", "Court jails blogger Arman Tulegenov", VERDICT)
    add_watch(db, site.feed("/feed.xml", [("t", verdict, "2025-03-04")]))
    run_watches(db, WatchSettings(sources=sources()))
    case = follow(db, "Tulegenov").id
    appeal = site.page("/n/appeal", "Appeal rejected", APPEAL)
    site.feed("/feed.xml", [("t", verdict, "2025-03-04"), ("a", appeal, "2025-05-20")])
    recorded = run_watches(db, WatchSettings(sources=sources())).developments
    assert recorded

    # A newer extractor replaces the appeal's unreviewed facts with equal ones: nothing new happened.
    document = db.get_document(recorded[0].citation["document"])
    with db.unit_of_work() as uow:
        old = uow.document_facts(document.id)
        uow.remove_facts(f.id for f in old)
        for f in old:
            uow.add_fact(case_id=f.case_id, document_id=f.document_id, kind=f.kind, payload=f.payload, span=f.span,
                         extractor="newer", version="2")
    assert run_watches(db, WatchSettings(sources=sources())).developments == []
    kept = developments(db, case)
    assert len(kept) == len(recorded) and all(d.fact_id is None for d in kept)  # citations kept in the alert
    assert all(d.citation["quote"] for d in kept if d.kind != "status")

    ns = {"a": "http://www.w3.org/2005/Atom"}
    by_case = ET.fromstring(atom_feed(db, f"case:{case}"))
    assert len(by_case.findall("a:entry", ns)) == len(recorded)
    assert by_case.findtext("a:title", namespaces=ns) == "casewatch: Arman Tulegenov"
    assert len(ET.fromstring(atom_feed(db, "follows")).findall("a:entry", ns)) == len(recorded)
    unfollow(db, case)
    assert ET.fromstring(atom_feed(db, "follows")).findall("a:entry", ns) == []
    with pytest.raises(NotFoundError):
        atom_feed(db, "case:9999")
