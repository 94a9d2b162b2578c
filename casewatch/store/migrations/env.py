"""Alembic environment: runs casewatch's migrations on a connection that ``engine.py`` provides."""

from __future__ import annotations

from alembic import context

from casewatch.store.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "casewatch migrations run only through casewatch.store.open_store(), "
        "which passes its own connection; there is no alembic.ini to use"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; later migrations get that for free.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
