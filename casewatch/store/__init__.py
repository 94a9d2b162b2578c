"""The only layer that speaks SQL: ``open_store(url)`` gives a :class:`Store`.

SQLite by default (WAL, foreign keys, ``BEGIN IMMEDIATE`` for writes),
PostgreSQL by URL; the schema is migrated with Alembic whenever a store opens.
"""

from casewatch.store.records import CaseDetail, CaseRow, DocumentRecord, PersonRecord, SearchHit
from casewatch.store.repository import Store, UnitOfWork, open_store
from casewatch.store.search import MARK_END, MARK_START

__all__ = [
    "MARK_END", "MARK_START", "CaseDetail", "CaseRow", "DocumentRecord", "PersonRecord", "SearchHit",
    "Store", "UnitOfWork", "open_store",
]
