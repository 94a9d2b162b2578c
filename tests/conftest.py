"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from watch_site import Site

    from casewatch.store import Store

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    return os.environ.get("CASEWATCH_TEST_PG", PG_DEFAULT)


def _pg_admin_url() -> str:
    url = make_url(pg_base_url())
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def _unreachable(reason: str) -> None:
    message = (f"PostgreSQL at {make_url(pg_base_url()).render_as_string(hide_password=True)} is unreachable "
               f"({reason}); start it or point CASEWATCH_TEST_PG at a server")
    if os.environ.get("CI"):
        pytest.fail(message)  # CI must prove both backends, never skip one silently
    pytest.skip(message)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema.

    Each PostgreSQL test gets its own schema (``search_path`` set in the URL), so
    parallel runs never see each other's rows; the schema is dropped afterwards.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'casewatch.db'}"
        return
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    schema = f"t_{secrets.token_hex(6)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        _unreachable(str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc))
    url = make_url(pg_base_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url: str):
    """An open, migrated store on each backend; closed after the test."""
    from casewatch.store import open_store

    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def site() -> Iterator[Site]:
    """A real HTTP server on 127.0.0.1 (pages, feeds, redirects, a webhook receiver) for the test."""
    from watch_site import running_site

    with running_site() as running:
        yield running


@pytest.fixture
def db(tmp_path) -> Iterator[Store]:
    """An empty SQLite store in the test's folder."""
    from casewatch.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'cw.db'}") as store:
        yield store
