"""Watching: a development key on alerts (one alert per development), feed tokens, and run locks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

``alerts.key`` names a development of a case (e.g. ``event:conviction:2024-03-12``); the unique
index on ``(case_id, key)`` makes "recorded once, however often the news is seen" a database rule,
safe against two watch runs racing. ``alerts.payload`` keeps the citation, and ``alerts.fact_id`` is
now cleared (not cascaded) when its fact goes, so an alert outlives a re-extraction of its fact. ``feed_tokens`` holds hashes of the revocable tokens in private
Atom feed URLs; ``locks`` holds named leases (the watch run lock) with an expiry for stale locks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("key", sa.String(200)))
        batch.add_column(sa.Column("payload", _json()))
        # Re-extraction replaces unreviewed facts: their alerts must stay (or the development would be
        # recorded, and sent, a second time), so the fact link is cleared instead of cascading.
        batch.drop_constraint("fk_alerts_fact_id_facts", type_="foreignkey")
        batch.create_foreign_key("fk_alerts_fact_id_facts", "facts", ["fact_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_alerts_development", "alerts", ["case_id", "key"], unique=True)

    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("last_used_at", nullable=True),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feed_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_feed_tokens_token_hash"),
    )
    op.create_index("ix_feed_tokens_scope", "feed_tokens", ["scope"])

    op.create_table(
        "locks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
        _ts("acquired_at"),
        _ts("expires_at"),
        sa.PrimaryKeyConstraint("id", name="pk_locks"),
        sa.UniqueConstraint("name", name="uq_locks_name"),
    )


def downgrade() -> None:
    op.drop_table("locks")
    op.drop_index("ix_feed_tokens_scope", table_name="feed_tokens")
    op.drop_table("feed_tokens")
    op.drop_index("ix_alerts_development", table_name="alerts")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_constraint("fk_alerts_fact_id_facts", type_="foreignkey")
        batch.create_foreign_key("fk_alerts_fact_id_facts", "facts", ["fact_id"], ["id"], ondelete="CASCADE")
        batch.drop_column("payload")
        batch.drop_column("key")
