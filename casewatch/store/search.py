"""Full-text search over documents and facts: FTS5 on SQLite, tsvector on PostgreSQL.

User queries never reach either engine's query syntax raw: :func:`parse_query`
keeps words and balanced "quoted phrases" only, so ``"mass unrest`` or
``AND OR (`` search for their words instead of raising a syntax error.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from casewatch.store.records import SearchHit

MARK_START = "\u27e6"  # ⟦ — rare enough in news text to mark matches unambiguously
MARK_END = "\u27e7"  # ⟧
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
# Operator words of either engine's syntax; as bare words they mean nothing to search for.
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def parse_query(query: str) -> list[tuple[str, ...]]:
    """Search terms of a user query: each a word, or a phrase of several words.

    >>> parse_query('"mass unrest" AND Almaty (')
    [('mass', 'unrest'), ('Almaty',)]
    >>> parse_query('"unbalanced quote')
    [('unbalanced',), ('quote',)]
    """
    terms: list[tuple[str, ...]] = []
    rest: list[str] = []
    position = 0
    for match in _PHRASE.finditer(query):
        rest.append(query[position:match.start()])
        words = tuple(_WORD.findall(match.group(1)))
        if words:
            terms.append(words)
        position = match.end()
    rest.append(query[position:])
    for chunk in rest:
        terms += [(w,) for w in _WORD.findall(chunk) if w not in _OPERATORS]
    # Phrases were taken out first; put terms back in the order the user wrote them, once each.
    unique = list(dict.fromkeys(terms))
    return sorted(unique, key=lambda t: query.find(t[0]))


def fts5_query(terms: list[tuple[str, ...]]) -> str:
    """An FTS5 MATCH expression: every term must occur; each is a quoted string."""
    # Words are \w+ only, so they hold no double quote to escape.
    return " ".join('"' + " ".join(words) + '"' for words in terms)


def websearch_query(terms: list[tuple[str, ...]]) -> str:
    """Input for PostgreSQL's websearch_to_tsquery, which never raises on syntax."""
    return " ".join(words[0] if len(words) == 1 else '"' + " ".join(words) + '"' for words in terms)


def search(conn: Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Documents and facts matching ``query``, best first, at most ``limit``."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "postgresql":
        hits = _search_postgresql(conn, websearch_query(terms), limit)
    else:
        hits = _search_sqlite(conn, fts5_query(terms), limit)
    hits.sort(key=lambda h: (-h.score, h.kind, h.document_key, h.fact_id or 0))
    return hits[:limit]


_SQLITE_DOCUMENTS = text(f"""
    SELECT d.key, d.title,
           snippet(documents_fts, 1, '{MARK_START}', '{MARK_END}', '…', 16) AS snip,
           -bm25(documents_fts, 5.0, 1.0) AS score
    FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
    WHERE documents_fts MATCH :q
    ORDER BY bm25(documents_fts, 5.0, 1.0) LIMIT :limit""")

_SQLITE_FACTS = text(f"""
    SELECT f.id, f.case_id, d.key, d.title,
           highlight(facts_fts, 0, '{MARK_START}', '{MARK_END}') AS snip,
           -bm25(facts_fts, 2.0, 1.0) AS score
    FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid JOIN documents d ON d.id = f.document_id
    WHERE facts_fts MATCH :q AND f.review_state != 'rejected'
    ORDER BY bm25(facts_fts, 2.0, 1.0) LIMIT :limit""")


def _search_sqlite(conn: Connection, match: str, limit: int) -> list[SearchHit]:
    params = {"q": match, "limit": limit}
    hits = [
        SearchHit("document", key, None, title, snip or "", float(score))
        for key, title, snip, score in conn.execute(_SQLITE_DOCUMENTS, params)
    ]
    hits += [
        SearchHit("fact", key, case_id, title, snip or "", float(score), fact_id=fact_id)
        for fact_id, case_id, key, title, snip, score in conn.execute(_SQLITE_FACTS, params)
    ]
    return hits


_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=10, MaxFragments=1"

_PG_DOCUMENTS = text(f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :q) AS query),
    hits AS (
        SELECT d.id, d.key, d.title, d.text, ts_rank_cd(d.search_vector, q.query) AS score, q.query
        FROM documents d, q WHERE d.search_vector @@ q.query
        ORDER BY score DESC, d.id LIMIT :limit)
    SELECT key, title, ts_headline('english', text, query, '{_HEADLINE}') AS snip, score
    FROM hits ORDER BY score DESC, id""")

_PG_FACTS = text(f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :q) AS query)
    SELECT f.id, f.case_id, d.key, d.title,
           ts_headline('english', f.quote, q.query, '{_HEADLINE}, HighlightAll=true') AS snip,
           ts_rank_cd(f.search_vector, q.query) AS score
    FROM facts f JOIN documents d ON d.id = f.document_id, q
    WHERE f.search_vector @@ q.query AND f.review_state != 'rejected'
    ORDER BY score DESC, f.id LIMIT :limit""")


def _search_postgresql(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    params = {"q": query, "limit": limit}
    hits = [
        SearchHit("document", key, None, title, snip or "", float(score))
        for key, title, snip, score in conn.execute(_PG_DOCUMENTS, params)
    ]
    hits += [
        SearchHit("fact", key, case_id, title, snip or "", float(score), fact_id=fact_id)
        for fact_id, case_id, key, title, snip, score in conn.execute(_PG_FACTS, params)
    ]
    return hits
