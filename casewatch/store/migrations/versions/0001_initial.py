"""Initial schema: documents, extractions, persons, cases, facts, audit, accounts, watches, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

The code lists below are frozen copies of ontology v1.1; a new code needs a new
migration (``tests/test_store.py`` fails when the ontology and these drift).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FACT_KINDS = ("event", "charge", "sentence", "restriction", "money", "advocacy", "attribute")
REVIEW_STATES = ("unreviewed", "verified", "rejected", "edited")
STATUSES = ("in_custody", "house_arrest", "restricted", "free", "in_exile", "deceased", "unknown")
ORGANIZATION_KINDS = ("ngo", "court", "government", "international_body", "party", "media", "company", "other")
USER_ROLES = ("viewer", "reviewer", "admin")
EXTRACTION_OUTCOMES = ("ok", "empty", "failed")
WATCH_KINDS = ("feed", "url", "person", "query")


def _in(column: str, codes: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _pk() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        _pk(),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("raw_hash", sa.String(64)),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String(10)),
        sa.Column("anchor", sa.String(10)),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("fetched_at", sa.String(40)),
        sa.Column("meta", _json(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("key", name="uq_documents_key"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "extractions",
        _pk(),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("extractor", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text()),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_extractions"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_extractions_document_id_documents"),
        sa.UniqueConstraint("document_id", "extractor", "version", name="uq_extractions_run"),
        sa.CheckConstraint(_in("outcome", EXTRACTION_OUTCOMES), name="ck_extractions_outcome"),
    )
    op.create_index("ix_extractions_document_id", "extractions", ["document_id"])

    op.create_table(
        "persons",
        _pk(),
        sa.Column("canonical_name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("attributes", _json(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_persons"),
    )
    op.create_index("ix_persons_country", "persons", ["country"])

    op.create_table(
        "person_names",
        _pk(),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("script", sa.String(8), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_person_names"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE",
                                name="fk_person_names_person_id_persons"),
        sa.UniqueConstraint("person_id", "name", name="uq_person_names_form"),
    )
    op.create_index("ix_person_names_person_id", "person_names", ["person_id"])
    op.create_index("ix_person_names_key", "person_names", ["key"])

    op.create_table(
        "organizations",
        _pk(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_organizations"),
        sa.UniqueConstraint("key", name="uq_organizations_key"),
        sa.CheckConstraint(_in("kind", ORGANIZATION_KINDS), name="ck_organizations_kind"),
    )

    op.create_table(
        "cases",
        _pk(),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_date", sa.String(10)),
        sa.Column("summary", _json(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE",
                                name="fk_cases_person_id_persons"),
        sa.UniqueConstraint("person_id", name="uq_cases_person_id"),
        sa.CheckConstraint(_in("status", STATUSES), name="ck_cases_status"),
    )
    op.create_index("ix_cases_country", "cases", ["country"])
    op.create_index("ix_cases_status", "cases", ["status"])

    op.create_table(
        "facts",
        _pk(),
        sa.Column("case_id", sa.Integer()),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("review_state", sa.String(20), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_facts"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_facts_case_id_cases"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_facts_document_id_documents"),
        sa.CheckConstraint(_in("kind", FACT_KINDS), name="ck_facts_kind"),
        sa.CheckConstraint(_in("review_state", REVIEW_STATES), name="ck_facts_review_state"),
        sa.CheckConstraint('0 <= start AND start <= "end"', name="ck_facts_span"),
    )
    op.create_index("ix_facts_case_id", "facts", ["case_id"])
    op.create_index("ix_facts_document_id", "facts", ["document_id"])
    op.create_index("ix_facts_case_kind", "facts", ["case_id", "kind"])

    op.create_table(
        "audit_log",
        _pk(),
        _ts("at"),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target_kind", sa.String(30), nullable=False),
        sa.Column("target_id", sa.Integer()),
        sa.Column("before", _json()),
        sa.Column("after", _json()),
        sa.Column("reason", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_target", "audit_log", ["target_kind", "target_id"])

    op.create_table(
        "users",
        _pk(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text()),
        _ts("created_at"),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
        sa.CheckConstraint(_in("role", USER_ROLES), name="ck_users_role"),
    )

    op.create_table(
        "api_tokens",
        _pk(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(200), nullable=False),
        _ts("created_at"),
        _ts("last_used_at", nullable=True),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name="fk_api_tokens_user_id_users"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])

    op.create_table(
        "watches",
        _pk(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("state", _json(), nullable=False),
        _ts("created_at"),
        _ts("last_run_at", nullable=True),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_watches"),
        sa.UniqueConstraint("kind", "target", name="uq_watches_target"),
        sa.CheckConstraint(_in("kind", WATCH_KINDS), name="ck_watches_kind"),
    )

    op.create_table(
        "alerts",
        _pk(),
        sa.Column("watch_id", sa.Integer()),
        sa.Column("case_id", sa.Integer()),
        sa.Column("fact_id", sa.Integer()),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("message", sa.Text()),
        _ts("created_at"),
        _ts("sent_at", nullable=True),
        sa.Column("channel", sa.String(100)),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.ForeignKeyConstraint(["watch_id"], ["watches.id"], ondelete="SET NULL",
                                name="fk_alerts_watch_id_watches"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name="fk_alerts_case_id_cases"),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE",
                                name="fk_alerts_fact_id_facts"),
    )
    op.create_index("ix_alerts_watch_id", "alerts", ["watch_id"])
    op.create_index("ix_alerts_case_id", "alerts", ["case_id"])
    op.create_index("ix_alerts_fact_id", "alerts", ["fact_id"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])

    if op.get_bind().dialect.name == "postgresql":
        _postgresql_extras()
    else:
        _sqlite_extras()


# SQLite: FTS5 over documents (external content, so the text is stored once) and
# over facts (their quote plus every string value of the payload), kept in sync
# by triggers so any writer, including later review code, keeps the index right.
_SQLITE = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE VIRTUAL TABLE facts_fts USING fts5(
        quote, body, tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER facts_fts_ai AFTER INSERT ON facts BEGIN
        INSERT INTO facts_fts(rowid, quote, body) VALUES (new.id, new.quote,
            (SELECT group_concat(value, ' ') FROM json_tree(new.payload) WHERE type = 'text'));
    END""",
    """CREATE TRIGGER facts_fts_ad AFTER DELETE ON facts BEGIN
        DELETE FROM facts_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER facts_fts_au AFTER UPDATE OF quote, payload ON facts BEGIN
        DELETE FROM facts_fts WHERE rowid = old.id;
        INSERT INTO facts_fts(rowid, quote, body) VALUES (new.id, new.quote,
            (SELECT group_concat(value, ' ') FROM json_tree(new.payload) WHERE type = 'text'));
    END""",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
    END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
    END""",
]

# PostgreSQL: stored generated tsvector columns with GIN indexes; always in sync.
_POSTGRESQL = [
    """ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', text), 'B')) STORED""",
    "CREATE INDEX ix_documents_search ON documents USING gin (search_vector)",
    """ALTER TABLE facts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', quote), 'A')
        || setweight(jsonb_to_tsvector('english', payload, '["string"]'), 'B')) STORED""",
    "CREATE INDEX ix_facts_search ON facts USING gin (search_vector)",
    """CREATE FUNCTION casewatch_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION casewatch_audit_append_only()""",
]


def _sqlite_extras() -> None:
    for statement in _SQLITE:
        op.execute(statement)


def _postgresql_extras() -> None:
    for statement in _POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS casewatch_audit_append_only()")
    else:
        for name in ("documents_fts", "facts_fts"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
    for table in ("alerts", "watches", "api_tokens", "users", "audit_log", "facts", "cases",
                  "organizations", "person_names", "persons", "extractions", "documents"):
        op.drop_table(table)
