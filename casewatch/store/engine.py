"""Database URLs, engines with the right SQLite pragmas, and migrations on open."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from casewatch.core.errors import StoreError

log = logging.getLogger("casewatch.store")

DEFAULT_URL = "sqlite:///casewatch.db"
MIGRATIONS = Path(__file__).parent / "migrations"
# Execution option that makes a SQLite transaction take the write lock at BEGIN.
WRITE = "casewatch_write"
# Any fixed number: PostgreSQL advisory locks that serialize migrations and writers.
PG_MIGRATE_LOCK = 7_201_001
PG_WRITE_LOCK = 7_201_002
SQLITE_BUSY_MS = 30_000  # how long a writer waits for another to finish


def resolve_url(url: str | None = None) -> URL:
    """The SQLAlchemy URL for ``url``, the ``CASEWATCH_DB`` setting, or ``casewatch.db``.

    >>> resolve_url("cases.db").render_as_string()
    'sqlite:///cases.db'
    """
    raw = url or os.environ.get("CASEWATCH_DB") or DEFAULT_URL
    if "://" not in raw:
        # A bare path means a SQLite file (":memory:" an in-memory database).
        raw = "sqlite://" if raw == ":memory:" else f"sqlite:///{Path(raw).expanduser()}"
    try:
        parsed = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(
            f"cannot read the database URL {raw!r}: {exc}; use a file path such as cases.db, "
            "sqlite:///cases.db, or postgresql://user@host:5432/dbname"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise StoreError(
                f"database URL {mask(parsed)} asks for the driver {driver!r}; casewatch uses psycopg 3, "
                "so write it as postgresql://... or postgresql+psycopg://..."
            )
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise StoreError(f"database URL {mask(parsed)}: use sqlite:///PATH (the pysqlite driver)")
        return parsed
    raise StoreError(
        f"database URL {mask(parsed)} names the backend {backend!r}; casewatch supports SQLite "
        "(a file path or sqlite:///PATH) and PostgreSQL (postgresql://user@host/dbname)"
    )


def mask(url: URL | str) -> str:
    """The URL as text with any password replaced by ``***``, for messages and logs."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url`` with casewatch's connection settings; does not connect yet."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except NoSuchModuleError as exc:  # pragma: no cover - psycopg is a dependency
        raise StoreError(f"cannot load the driver for {mask(url)}: {exc}; install psycopg[binary]") from None

    @event.listens_for(engine, "begin")
    def _serialize_writers(conn: Connection) -> None:
        # Person resolution reads, then inserts; one writer at a time keeps it race-free,
        # as BEGIN IMMEDIATE does on SQLite. Readers are never blocked.
        if conn.get_execution_options().get(WRITE):
            # Wait as long as SQLite's busy timeout, then fail instead of hanging forever.
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {SQLITE_BUSY_MS}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory:
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(
                f"cannot create the SQLite database {database!r}: the folder {str(parent)!r} does not exist; "
                "create it first or give another path"
            )
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_MS / 1000}}
    if memory:
        # One shared connection, or every checkout would see a new empty database.
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from pysqlite, so BEGIN is ours (see the "begin" hook).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front: a deferred transaction that later tries to
        # write can fail with SQLITE_BUSY without waiting, and lose its work.
        mode = "BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN"
        conn.exec_driver_sql(mode)

    return engine


def connect_error(url: URL, exc: Exception) -> StoreError:
    """A StoreError that says which database could not be reached and what to try."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    if url.get_backend_name() == "postgresql":
        hint = ("check that the PostgreSQL server is running and that the host, port, user and "
                "database in the URL are right (or set CASEWATCH_DB)")
    else:
        hint = "check that the file is a casewatch SQLite database and that you may write to it"
    return StoreError(f"cannot open the database {mask(url)}: {reason}; {hint}")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest revision among the packaged migrations."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


@lru_cache(maxsize=1)
def _known_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in ScriptDirectory.from_config(_alembic_config()).walk_revisions())


def current_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, or None if it has none yet."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is there already.

    Safe when several processes open the same new database at once: the upgrade
    runs in one transaction under a lock (SQLite's write lock, or a PostgreSQL
    advisory lock), and the second process finds the work done.
    """
    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATE_LOCK})")
        current = current_revision(conn)
        if current == head:
            return
        if current is not None and current not in _known_revisions():
            raise StoreError(
                f"the database {mask(engine.url)} has schema revision {current!r}, which this casewatch does not "
                "know: it was written by a newer version; upgrade casewatch to open it"
            )
        log.info("migrating %s to revision %s", mask(engine.url), head)
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`resolve_url`) with the schema migrated to head."""
    resolved = resolve_url(url)
    engine = create_store_engine(resolved)
    try:
        migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise connect_error(resolved, exc) from None
    return engine
