"""Watches: feeds read on every run, followed cases, developments recorded once, and their notifications.

- A **watch** is a feed (a ``watches`` row of kind ``feed``). :func:`run_watches` reads every enabled
  feed through :mod:`casewatch.sources`; a feed that fails (timeout, 5xx, malformed XML) gets its error
  and failure count in its row, is tried again on the next run, and never stops the others.
- A **follow** is a ``watches`` row of kind ``person`` whose target is the followed case's person id
  (one case per person). Following records what the case already holds (its development keys and
  status), so only later news counts.
- A **development** is a new fact that changes a followed case: a new event, charge, sentence, ban
  (restriction), money (fine, damages, bail, confiscation), advocacy, or a change of custody status.
  Each has a key (:func:`development_key`): the same news seen again (another outlet, a re-run) has the
  same key, and the unique index on ``alerts (case_id, key)`` records it once.
- Alerts are delivered to every configured channel (webhook, email) exactly once per channel: a channel
  that fails is retried on the next run, one that succeeded is not asked again.
- Runs hold a lease in the ``locks`` table, so cron jobs never overlap; a lease left by a crashed run
  expires after ``lock_ttl`` and is taken over.
- :func:`render_atom` and the feed-token helpers give the web app an Atom feed of developments per
  case and per follow list, behind revocable tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import smtplib
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Protocol
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import httpx
from sqlalchemy import select

from casewatch.core.errors import CasewatchError, ConfigError, InputError, NotFoundError
from casewatch.core.types import StoredFact
from casewatch.export.text import describe_fact
from casewatch.ingest import fetch as fetch_module
from casewatch.ingest.fetch import FetchSettings
from casewatch.process import Extractor
from casewatch.review import audit
from casewatch.sources import FeedRun, SourceSettings, ingest_feed, is_url
from casewatch.store import Store
from casewatch.store.records import CaseDetail
from casewatch.store.repository import organization_key
from casewatch.store.tables import AlertModel, CaseModel, FeedTokenModel, LockModel, PersonModel, WatchModel

__all__ = [
    "DEVELOPMENT_KINDS", "Development", "atom_feed", "EmailNotifier", "FeedRunResult", "LockHeld", "Notifier", "RunReport",
    "WatchInfo", "WatchSettings", "WebhookNotifier", "add_watch", "check_feed_token", "deliver_pending",
    "development_key", "developments", "follow", "followed_cases", "issue_feed_token", "list_watches",
    "notifiers_from_env", "record_developments", "remove_watch", "render_atom", "revoke_feed_token", "run_lock",
    "run_watches", "sign", "unfollow", "verify_signature",
]

DEVELOPMENT_KINDS = ("event", "charge", "sentence", "restriction", "money", "advocacy")
RUN_LOCK = "watch-run"
SIGNATURE_HEADER = "X-Casewatch-Signature"
WEBHOOK_SCHEMA = "casewatch.development/1"
_SEEN_LIMIT = 5000  # item ids a feed watch remembers; older ones fall off (their URLs are stored anyway)
_KEY_LIMIT = 200


class LockHeld(CasewatchError):  # noqa: N818 - the name says what happened, like the other errors
    """Another watch run holds the lock."""


# --- settings ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class WatchSettings:
    """How a run reads sources, how long its lock lease lasts, and where developments go."""

    sources: SourceSettings = field(default_factory=SourceSettings)
    lock_ttl: dt.timedelta = dt.timedelta(minutes=30)
    notifiers: Sequence[Notifier] = ()


# --- watches ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class WatchInfo:
    """One feed watch as ``watch list`` shows it."""

    id: int
    url: str
    name: str | None
    enabled: bool
    last_run_at: dt.datetime | None
    last_error: str | None
    items: int  # items in the feed at the last successful read
    stored: int  # documents stored from it, all runs
    failures: int  # consecutive failed runs (0 once it reads again)
    last_ok_at: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_watch(store: Store, url: str, *, name: str | None = None) -> WatchInfo:
    """Watch the feed at ``url`` (http or https); adding it again only renames it."""
    url = url.strip()
    if not is_url(url):
        raise InputError(url, "a feed watch needs an http:// or https:// address")
    with store.write_session() as session:
        row = session.scalar(select(WatchModel).where(WatchModel.kind == "feed", WatchModel.target == url))
        if row is None:
            row = WatchModel(kind="feed", target=url, name=name, interval_minutes=60, enabled=True, state={})
            session.add(row)
        elif name:
            row.name = name
        session.flush()
        return _watch_info(row)


def list_watches(store: Store) -> list[WatchInfo]:
    """Every feed watch, oldest first."""
    with store.read_session() as session:
        rows = session.scalars(select(WatchModel).where(WatchModel.kind == "feed").order_by(WatchModel.id))
        return [_watch_info(r) for r in rows]


def remove_watch(store: Store, key: str) -> WatchInfo:
    """Stop watching a feed, named by id, URL or name; NotFoundError when none matches."""
    with store.write_session() as session:
        row = _find_watch(session, key)
        info = _watch_info(row)
        session.delete(row)
        return info


def _find_watch(session: Any, key: str) -> WatchModel:
    query = select(WatchModel).where(WatchModel.kind == "feed")
    text = key.strip()
    row = session.scalar(query.where(WatchModel.target == text))
    if row is None and text.isdigit():
        row = session.scalar(query.where(WatchModel.id == int(text)))
    if row is None:
        named = list(session.scalars(query.where(WatchModel.name == text)))
        if len(named) > 1:
            raise NotFoundError(f"{text!r} names {len(named)} watches; give the id from `casewatch watch list`")
        row = named[0] if named else None
    if row is None:
        raise NotFoundError(f"no feed watch {text!r}; list them with `casewatch watch list`")
    return row


def _watch_info(row: WatchModel) -> WatchInfo:
    state = dict(row.state or {})
    return WatchInfo(id=row.id, url=row.target, name=row.name, enabled=row.enabled, last_run_at=row.last_run_at,
                     last_error=row.last_error, items=int(state.get("items", 0)), stored=int(state.get("stored", 0)),
                     failures=int(state.get("failures", 0)), last_ok_at=state.get("last_ok_at"))


# --- follows ----------------------------------------------------------------------------------------


def follow(store: Store, case: int | str, *, actor: str | None = None) -> CaseDetail:
    """Follow a case (by id or name): from now on, its developments are recorded and sent.

    With ``actor`` (a web user), the audit row is written in the same transaction.
    """
    detail = store.get_case(case)
    baseline = {
        "known": sorted({k for f in detail.facts if (k := development_key(f)) is not None}),
        "status": detail.case.status,
        "status_date": detail.case.status_date,
    }
    with store.write_session() as session:
        row = session.scalar(select(WatchModel).where(WatchModel.kind == "person",
                                                      WatchModel.target == str(detail.case.person_id)))
        if row is None:
            session.add(WatchModel(kind="person", target=str(detail.case.person_id), name=detail.name,
                                   interval_minutes=60, enabled=True, state=baseline))
        elif not row.enabled:
            row.enabled, row.state = True, baseline
        if actor is not None:
            audit(session, actor, "follow", "case", detail.id)
    return detail


def unfollow(store: Store, case: int | str, *, actor: str | None = None) -> CaseDetail:
    """Stop following a case; its recorded developments stay."""
    detail = store.get_case(case)
    with store.write_session() as session:
        row = session.scalar(select(WatchModel).where(WatchModel.kind == "person",
                                                      WatchModel.target == str(detail.case.person_id)))
        if row is None or not row.enabled:
            raise NotFoundError(f"case #{detail.id} {detail.name} is not followed; see `casewatch watch list`")
        session.delete(row)
        if actor is not None:
            audit(session, actor, "unfollow", "case", detail.id)
    return detail


def followed_cases(store: Store) -> list[tuple[int, int, str]]:
    """``(case id, follow id, name)`` of every followed case that exists."""
    with store.read_session() as session:
        rows = session.execute(
            select(CaseModel.id, WatchModel.id, PersonModel.canonical_name)
            .join(PersonModel, PersonModel.id == CaseModel.person_id)
            .join(WatchModel, WatchModel.target == PersonModel.id.cast(WatchModel.target.type))
            .where(WatchModel.kind == "person", WatchModel.enabled.is_(True))
            .order_by(CaseModel.id)
        ).all()
    return [(case_id, watch_id, name) for case_id, watch_id, name in rows]


# --- developments -----------------------------------------------------------------------------------


def development_key(fact: StoredFact) -> str | None:
    """What makes a fact news for its case, as a key; None for facts that are never developments.

    Two reports of the same conviction give the same key, whatever their words:
    ``event:conviction:2025-03-03``, ``sentence:prison:60:0:False``, ``money:fine:500000:KZT``.
    """
    if fact.kind not in DEVELOPMENT_KINDS or fact.review_state == "rejected":
        return None
    p = fact.payload
    if fact.kind == "event":
        parts = [p.get("type"), p.get("date"), p.get("outcome")]
    elif fact.kind == "charge":
        parts = [p.get("category")]
    elif fact.kind == "sentence":
        parts = [p.get("kind"), p.get("months"), p.get("days"), bool(p.get("suspended"))]
    elif fact.kind == "restriction":
        parts = [p.get("activity"), p.get("months")]
    elif fact.kind == "money":
        amount = p.get("amount")
        parts = [p.get("kind"), f"{amount:g}" if isinstance(amount, int | float) else None, p.get("currency")]
    else:
        parts = [organization_key(str(p.get("actor") or "")), p.get("action")]
    key = ":".join([fact.kind, *("" if v is None else str(v) for v in parts)])
    if len(key) > _KEY_LIMIT:  # an actor's name can be long; a digest keeps the key unique and short
        key = key[:_KEY_LIMIT - 17] + "#" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return key


@dataclass(slots=True)
class Development:
    """A recorded development of a case, with its citation (kept even if the fact is re-extracted)."""

    id: int
    case_id: int | None
    case_name: str
    kind: str
    key: str
    summary: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    fact_id: int | None
    citation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "case_id": self.case_id, "case": self.case_name, "kind": self.kind, "key": self.key,
                "summary": self.summary, "recorded_at": self.created_at.isoformat(), "fact_id": self.fact_id,
                "citation": self.citation}


def _citation(detail: CaseDetail, fact: StoredFact) -> dict[str, Any]:
    doc = detail.documents.get(fact.document_id)
    url = doc.url if doc else None
    host = urlsplit(url).hostname if url else None
    return {"quote": fact.span.quote, "review_state": fact.review_state, "document": doc.key if doc else None,
            "title": doc.title if doc else None, "url": url, "outlet": host,
            "published": doc.published if doc else None}


def record_developments(store: Store) -> list[Development]:
    """Record, once each, the developments of every followed case since it was followed; returns the new ones."""
    new: list[Development] = []
    for case_id, watch_id, _name in followed_cases(store):
        try:
            detail = store.get_case(case_id)
        except NotFoundError:
            continue  # the case went away between the two reads
        new += _record_case(store, detail, watch_id)
    return new


def _record_case(store: Store, detail: CaseDetail, watch_id: int) -> list[Development]:
    candidates: dict[str, tuple[str, StoredFact | None, str]] = {}
    for fact in detail.facts:
        key = development_key(fact)
        if key is not None and key not in candidates:
            candidates[key] = (fact.kind, fact, describe_fact(fact.kind, fact.payload))
    status, since = detail.case.status, detail.case.status_date
    with store.write_session() as session:
        row = session.get(WatchModel, watch_id)
        if row is None:
            return []
        state = dict(row.state or {})
        if status != "unknown" and (status, since) != (state.get("status"), state.get("status_date")):
            support = next((f for f in reversed(detail.facts) if f.kind == "attribute"
                            and f.payload.get("name") == "status" and f.payload.get("value") == status
                            and f.review_state != "rejected"), None)
            label = f"status: {status}" + (f" since {since}" if since else "")
            candidates[f"status:{status}:{since or ''}"] = ("status", support, label)
        known = set(state.get("known", []))
        recorded = set(session.scalars(select(AlertModel.key).where(AlertModel.case_id == detail.id)))
        out = []
        for key, (kind, cited, summary) in candidates.items():
            if key in known or key in recorded:
                continue
            citation = _citation(detail, cited) if cited is not None else {}
            alert = AlertModel(watch_id=watch_id, case_id=detail.id, fact_id=cited.id if cited else None, kind=kind,
                               key=key, message=summary, payload={"case": detail.name, **citation})
            session.add(alert)
            session.flush()
            out.append(_development(alert))
        state["status"], state["status_date"] = status, since
        row.state = state
    return out


def _development(row: AlertModel) -> Development:
    payload = dict(row.payload or {})
    case_name = str(payload.pop("case", "") or "")
    payload.pop("delivered", None)
    return Development(id=row.id, case_id=row.case_id, case_name=case_name, kind=row.kind, key=row.key or "",
                       summary=row.message or "", created_at=row.created_at, sent_at=row.sent_at,
                       fact_id=row.fact_id, citation=payload)


def developments(store: Store, case: int | None = None, *, limit: int = 100) -> list[Development]:
    """Recorded developments, newest first: of one case, or of every case (the follow list)."""
    with store.read_session() as session:
        query = select(AlertModel).where(AlertModel.key.is_not(None))
        if case is not None:
            query = query.where(AlertModel.case_id == case)
        rows = session.scalars(query.order_by(AlertModel.created_at.desc(), AlertModel.id.desc()).limit(limit))
        return [_development(r) for r in rows]


# --- notifications ----------------------------------------------------------------------------------


class Notifier(Protocol):
    """A channel: ``send`` raises on failure (the alert stays pending for that channel)."""

    name: str

    def send(self, development: Development) -> None: ...


def sign(body: bytes, secret: str) -> str:
    """The signature header value: ``sha256=`` and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` is the signature of ``body`` under ``secret`` (a receiver's check; constant time)."""
    return bool(header) and hmac.compare_digest(sign(body, secret), header or "")


class WebhookNotifier:
    """POSTs each development as JSON, signed, to one URL; retries with exponential backoff.

    The URL passes the same checks as every fetch (http(s), public addresses unless private networks
    are allowed, metadata addresses never), and the connection goes to the address that was checked.
    Redirects are not followed: a webhook that moved must be reconfigured.
    """

    name = "webhook"

    def __init__(self, url: str, secret: str, *, settings: FetchSettings | None = None, attempts: int = 4,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> None:
        if not secret:
            raise ConfigError("a webhook needs a secret to sign its deliveries; set CASEWATCH_WEBHOOK_SECRET")
        self.url, self.secret, self.settings = url, secret, settings or FetchSettings()
        self.attempts, self.backoff, self._sleep = max(1, attempts), backoff, sleep

    def body(self, development: Development) -> bytes:
        document = {"schema": WEBHOOK_SCHEMA, "development": development.to_dict()}
        return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def send(self, development: Development) -> None:
        body = self.body(development)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self.secret),
                   "X-Casewatch-Delivery": f"{development.id}:{development.key}",
                   "User-Agent": self.settings.user_agent}
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            retry, problem = self._post(body, headers)
            if not problem:
                return
            if not retry:
                break
        raise InputError(self.url, f"webhook delivery failed: {problem}")

    def _post(self, body: bytes, headers: dict[str, str]) -> tuple[bool, str]:
        """``(retry?, problem)``; an empty problem means delivered."""
        settings = self.settings
        # The same target checks and address pinning as fetch() (see casewatch.ingest.fetch).
        target = fetch_module._target(self.url, self.url, settings.allow_private, settings.allow_hosts,
                                      settings.resolver)
        extensions: dict[str, str] = {}
        if target.url.scheme == "https" and any(c.isalpha() for c in target.host) and ":" not in target.host:
            extensions["sni_hostname"] = target.host.removesuffix(".")
        with fetch_module.new_client(settings) as client:
            request = client.build_request(
                "POST", target.url.copy_with(host=target.addresses[0], fragment=None), content=body,
                headers={**headers, "Host": target.url.netloc.decode("ascii")}, extensions=extensions)
            try:
                # Streamed and closed unread: only the status matters, and a receiver's body could be huge.
                response = client.send(request, stream=True, follow_redirects=False)
                response.close()
            except httpx.HTTPError as exc:
                return True, f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return False, ""
        retry = response.status_code >= 500 or response.status_code in (408, 429)
        return retry, f"the receiver answered {response.status_code}"


@dataclass(slots=True)
class SmtpSettings:
    """Where email goes; from the environment with :meth:`from_env`."""

    host: str
    port: int = 25
    sender: str = "casewatch@localhost"
    recipients: tuple[str, ...] = ()
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings | None:
        """``CASEWATCH_SMTP_HOST`` (unset: no email), ``_PORT``, ``_FROM``, ``_TO`` (comma-separated),
        ``_USER``, ``_PASSWORD``, ``_STARTTLS`` and ``_SSL`` (1 or 0)."""
        env = dict(os.environ if env is None else env)
        host = env.get("CASEWATCH_SMTP_HOST", "").strip()
        if not host:
            return None
        recipients = tuple(a.strip() for a in env.get("CASEWATCH_SMTP_TO", "").split(",") if a.strip())
        if not recipients:
            raise ConfigError("CASEWATCH_SMTP_HOST is set but CASEWATCH_SMTP_TO names no recipient; set it to "
                              "a comma-separated list of addresses")
        port = env.get("CASEWATCH_SMTP_PORT", "25").strip()
        if not port.isdigit():
            raise ConfigError(f"CASEWATCH_SMTP_PORT={port!r} is not a port number")
        return cls(host=host, port=int(port), sender=env.get("CASEWATCH_SMTP_FROM", "casewatch@localhost"),
                   recipients=recipients, user=env.get("CASEWATCH_SMTP_USER") or None,
                   password=env.get("CASEWATCH_SMTP_PASSWORD") or None,
                   starttls=env.get("CASEWATCH_SMTP_STARTTLS", "0") == "1",
                   ssl=env.get("CASEWATCH_SMTP_SSL", "0") == "1")


class EmailNotifier:
    """One plain-text email per development, over SMTP (STARTTLS or SSL when configured)."""

    name = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def message(self, development: Development) -> EmailMessage:
        c = development.citation
        message = EmailMessage()
        message["Subject"] = f"[casewatch] {development.case_name}: {development.summary}"[:200]
        message["From"] = self.settings.sender
        message["To"] = ", ".join(self.settings.recipients)
        # A fixed domain: make_msgid() would otherwise look up this machine's name, which can hang.
        message["Message-ID"] = make_msgid(f"casewatch-{development.id}", domain="casewatch.invalid")
        lines = [f"Case: {development.case_name} (#{development.case_id})", f"Development: {development.summary}"]
        if c.get("quote"):
            lines.append(f"Source words: “{c['quote']}”")
        source = " · ".join(str(c[k]) for k in ("title", "outlet", "published") if c.get(k))
        if source:
            lines.append(f"Source: {source}")
        if c.get("url"):
            lines.append(f"URL: {c['url']}")
        if c.get("review_state"):
            lines.append(f"Review state: {c['review_state']}")
        message.set_content("\n".join(lines) + "\n")
        return message

    def send(self, development: Development) -> None:
        s = self.settings
        factory = smtplib.SMTP_SSL if s.ssl else smtplib.SMTP
        try:
            with factory(s.host, s.port, timeout=s.timeout) as smtp:
                if s.starttls and not s.ssl:
                    smtp.starttls()
                if s.user:
                    smtp.login(s.user, s.password or "")
                smtp.send_message(self.message(development))
        except (OSError, smtplib.SMTPException) as exc:
            raise InputError(f"smtp://{s.host}:{s.port}", f"email delivery failed ({exc}); check the "
                                                          "CASEWATCH_SMTP_* settings") from None


def notifiers_from_env(settings: FetchSettings | None = None, env: dict[str, str] | None = None) -> list[Notifier]:
    """The channels the environment configures: ``CASEWATCH_WEBHOOK_URL`` (+ ``_SECRET``) and SMTP."""
    env = dict(os.environ if env is None else env)
    out: list[Notifier] = []
    url = env.get("CASEWATCH_WEBHOOK_URL", "").strip()
    if url:
        out.append(WebhookNotifier(url, env.get("CASEWATCH_WEBHOOK_SECRET", ""), settings=settings))
    smtp = SmtpSettings.from_env(env)
    if smtp is not None:
        out.append(EmailNotifier(smtp))
    return out


@dataclass(slots=True)
class Delivery:
    development: int
    channel: str
    error: str | None = None


def deliver_pending(store: Store, notifiers: Sequence[Notifier]) -> list[Delivery]:
    """Send every development not yet delivered to each channel; a failure is retried on the next call."""
    if not notifiers:
        return []
    with store.read_session() as session:
        pending = [(_development(row), set((row.payload or {}).get("delivered", []))) for row in session.scalars(
            select(AlertModel).where(AlertModel.sent_at.is_(None), AlertModel.key.is_not(None))
            .order_by(AlertModel.id))]
    out: list[Delivery] = []
    for development, done in pending:
        for notifier in notifiers:
            if notifier.name in done:
                continue
            try:
                notifier.send(development)
            except Exception as exc:  # noqa: BLE001 - one channel failing must not stop the others
                out.append(Delivery(development.id, notifier.name, str(exc)))
                continue
            done.add(notifier.name)
            out.append(Delivery(development.id, notifier.name))
            _mark_delivered(store, development.id, done, complete=all(n.name in done for n in notifiers))
    return out


def _mark_delivered(store: Store, alert_id: int, channels: set[str], *, complete: bool) -> None:
    # Written after each channel, so a crash between two channels never sends the first one twice.
    with store.write_session() as session:
        row = session.get(AlertModel, alert_id)
        if row is None:
            return
        row.payload = {**(row.payload or {}), "delivered": sorted(channels)}
        row.channel = ",".join(sorted(channels))[:100]
        if complete:
            row.sent_at = _now()


# --- the run lock -----------------------------------------------------------------------------------


def acquire_lock(store: Store, name: str, holder: str, ttl: dt.timedelta) -> bool:
    """Take the named lease (or one that expired); False when another holder has it."""
    now = _now()
    with store.write_session() as session:  # writers are serialized, so read-then-write is race-free
        row = session.scalar(select(LockModel).where(LockModel.name == name))
        if row is None:
            session.add(LockModel(name=name, holder=holder, acquired_at=now, expires_at=now + ttl))
            return True
        if row.holder != holder and row.expires_at > now:
            return False
        row.holder, row.acquired_at, row.expires_at = holder, now, now + ttl
        return True


def renew_lock(store: Store, name: str, holder: str, ttl: dt.timedelta) -> bool:
    """Extend a lease this holder has (a long run calls it between feeds); False when it is no longer
    this holder's: it expired and another run took it over."""
    with store.write_session() as session:
        row = session.scalar(select(LockModel).where(LockModel.name == name, LockModel.holder == holder))
        if row is None:
            return False
        row.expires_at = _now() + ttl
        return True


def release_lock(store: Store, name: str, holder: str) -> None:
    with store.write_session() as session:
        row = session.scalar(select(LockModel).where(LockModel.name == name, LockModel.holder == holder))
        if row is not None:
            session.delete(row)


@contextmanager
def run_lock(store: Store, ttl: dt.timedelta = dt.timedelta(minutes=30), name: str = RUN_LOCK) -> Iterator[str]:
    """Hold the watch-run lease for the block; raises LockHeld when another run has it."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not acquire_lock(store, name, holder, ttl):
        with store.read_session() as session:
            row = session.scalar(select(LockModel).where(LockModel.name == name))
            who = f" ({row.holder}, until {row.expires_at:%Y-%m-%d %H:%M:%S} UTC)" if row is not None else ""
        raise LockHeld(f"another watch run is in progress{who}; wait for it, or let its lock expire if it crashed")
    try:
        yield holder
    finally:
        release_lock(store, name, holder)


# --- a run ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class FeedRunResult:
    watch_id: int
    url: str
    error: str | None = None
    run: FeedRun | None = None


@dataclass(slots=True)
class RunReport:
    feeds: list[FeedRunResult] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early (its lock was taken over), else None

    @property
    def failed_feeds(self) -> int:
        return sum(1 for f in self.feeds if f.error)


def run_watches(store: Store, settings: WatchSettings | None = None, *, extractor: Extractor | None = None) -> RunReport:
    """One pass: read every enabled feed, record the developments of followed cases, deliver them.

    Raises LockHeld when another run is in progress.
    """
    settings = settings or WatchSettings()
    report = RunReport()
    with run_lock(store, settings.lock_ttl) as holder:
        with store.read_session() as session:
            watches = [(r.id, r.target, list((r.state or {}).get("seen", []))) for r in session.scalars(
                select(WatchModel).where(WatchModel.kind == "feed", WatchModel.enabled.is_(True))
                .order_by(WatchModel.id))]
        for watch_id, url, seen in watches:
            report.feeds.append(_run_feed(store, watch_id, url, seen, settings, extractor))
            if not renew_lock(store, RUN_LOCK, holder, settings.lock_ttl):
                # One feed outlasted the lease and another run holds it now: two runs must not record and
                # send developments side by side. What this run stored stays stored; the other run goes on.
                report.stopped = (f"the run lock expired while reading {url} (longer than lock_ttl, "
                                  f"{settings.lock_ttl}) and another run took it over; this run stopped there")
                return report
        report.developments = record_developments(store)
        report.deliveries = deliver_pending(store, settings.notifiers)
    return report


def _run_feed(store: Store, watch_id: int, url: str, seen: list[str], settings: WatchSettings,
              extractor: Extractor | None) -> FeedRunResult:
    try:
        run = ingest_feed(url, store, settings.sources, extractor=extractor, seen=seen)
    except Exception as exc:  # noqa: BLE001 - a failing feed is recorded and retried; the others go on
        message = str(exc) if isinstance(exc, CasewatchError) else f"{type(exc).__name__}: {exc}"
        with store.write_session() as session:
            row = session.get(WatchModel, watch_id)
            if row is not None:
                state = dict(row.state or {})
                state["failures"] = int(state.get("failures", 0)) + 1
                row.state, row.last_error, row.last_run_at = state, message[:2000], _now()
        return FeedRunResult(watch_id, url, error=message)
    with store.write_session() as session:
        row = session.get(WatchModel, watch_id)
        if row is not None:
            state = dict(row.state or {})
            done = [o.item for o in run.outcomes if o.item and o.status != "failed"]
            state["seen"] = (list(state.get("seen", [])) + [i for i in done if i not in seen])[-_SEEN_LIMIT:]
            state["items"] = run.items
            state["stored"] = int(state.get("stored", 0)) + sum(1 for o in run.outcomes if o.status == "stored")
            state["failures"] = 0
            state["last_ok_at"] = _now().strftime("%Y-%m-%dT%H:%M:%SZ")
            if run.title and not row.name:
                row.name = run.title
            row.state, row.last_error, row.last_run_at = state, None, _now()
    return FeedRunResult(watch_id, url, run=run)


# --- Atom and feed tokens ---------------------------------------------------------------------------

_ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_UNSAFE = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xml_text(value: Any) -> str:
    # XML 1.0 cannot carry most control characters, even escaped; they never matter in a quote.
    return str(value).translate(_XML_UNSAFE)


def render_atom(items: Sequence[Development], *, title: str, feed_id: str, link: str | None = None,
                updated: dt.datetime | None = None) -> bytes:
    """An Atom 1.0 feed of developments (newest first as given); every value is escaped by the XML writer.

    ``feed_id`` is a stable URI for the feed (e.g. ``"urn:casewatch:case:12"``); ``link`` the page it
    stands for. Each entry links to its source and quotes the words that support it.
    """
    ET.register_namespace("", _ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = _xml_text(text)
        return element

    root = ET.Element(f"{{{_ATOM_NS}}}feed")
    sub(root, "title", title)
    sub(root, "id", feed_id)
    newest = max((d.created_at for d in items), default=None)
    sub(root, "updated", _atom_time(updated or newest or _now()))
    if link:
        sub(root, "link", href=_xml_text(link), rel="alternate")
    sub(root, "generator", "casewatch")
    for d in items:
        entry = sub(root, "entry")
        sub(entry, "title", f"{d.case_name}: {d.summary}")
        sub(entry, "id", f"{feed_id}:development:{d.id}")
        sub(entry, "updated", _atom_time(d.created_at))
        sub(entry, "category", term=_xml_text(d.kind))
        c = d.citation
        if c.get("url") and urlsplit(str(c["url"])).scheme in ("http", "https"):
            sub(entry, "link", href=_xml_text(c["url"]), rel="related")
        lines = [d.summary]
        if c.get("quote"):
            lines.append(f"“{c['quote']}”")
        source = " · ".join(str(c[k]) for k in ("title", "outlet", "published") if c.get(k))
        if source:
            lines.append(source)
        if c.get("review_state"):
            lines.append(f"review: {c['review_state']}")
        sub(entry, "content", "\n".join(lines), type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def atom_feed(store: Store, scope: str, *, link: str | None = None, limit: int = 100) -> bytes:
    """The Atom feed a token's scope opens: "follows" (every followed case) or "case:ID" (one case).

    For the web app: ``check_feed_token(store, token)`` gives the scope, this gives the body
    (``application/atom+xml``); NotFoundError for a case that does not exist.
    """
    kind, _, rest = _check_scope(scope).partition(":")
    if kind == "case":
        detail = store.get_case(int(rest))
        return render_atom(developments(store, detail.id, limit=limit), title=f"casewatch: {detail.name}",
                           feed_id=f"urn:casewatch:case:{detail.id}", link=link)
    followed = {case_id for case_id, _, _ in followed_cases(store)}
    items = [d for d in developments(store, limit=limit * 4) if d.case_id in followed][:limit]
    return render_atom(items, title="casewatch: followed cases", feed_id="urn:casewatch:follows", link=link)


def _atom_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_scope(scope: str) -> str:
    kind, _, rest = scope.partition(":")
    if scope == "follows" or (kind == "case" and rest.isdigit()):
        return scope
    raise InputError(scope, "a feed scope is 'follows' or 'case:ID'")


def issue_feed_token(store: Store, scope: str) -> str:
    """A new secret token for a private Atom feed of ``scope`` ("follows" or "case:ID"); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with store.write_session() as session:
        session.add(FeedTokenModel(scope=_check_scope(scope), token_hash=_token_hash(token)))
    return token


def check_feed_token(store: Store, token: str) -> str | None:
    """The scope a live token opens, or None (unknown or revoked); notes when it was last used."""
    if not token or len(token) > 200:
        return None
    with store.write_session() as session:
        row = session.scalar(select(FeedTokenModel).where(FeedTokenModel.token_hash == _token_hash(token)))
        if row is None or row.revoked_at is not None:
            return None
        row.last_used_at = _now()
        return row.scope


def revoke_feed_token(store: Store, token: str | None = None, *, scope: str | None = None) -> int:
    """Revoke one token, or every live token of a scope; returns how many were revoked."""
    with store.write_session() as session:
        query = select(FeedTokenModel).where(FeedTokenModel.revoked_at.is_(None))
        if token is not None:
            query = query.where(FeedTokenModel.token_hash == _token_hash(token))
        elif scope is not None:
            query = query.where(FeedTokenModel.scope == _check_scope(scope))
        else:
            raise InputError("revoke", "name a token or a scope to revoke")
        rows = list(session.scalars(query))
        for row in rows:
            row.revoked_at = _now()
        return len(rows)
