"""The store on SQLite and PostgreSQL: schema, round trips, grounding, search, verify, transactions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from casewatch.core import ontology
from casewatch.core.document import Document
from casewatch.core.errors import ConflictError, NotFoundError, StoreError
from casewatch.core.types import DateValue, Span
from casewatch.resolve.names import name_key
from casewatch.store import MARK_END, MARK_START, Store, open_store
from casewatch.store.engine import head_revision, resolve_url
from casewatch.store.repository import expect_version
from casewatch.store.search import parse_query
from casewatch.store.tables import AuditModel, Base, FactModel

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "Almaty court jails blogger Daulet Sarsenbay\n"
    "A district court in Almaty on Tuesday sentenced the blogger Daulet Sarsenbay to four years in prison "
    "on charges of spreading false information and organizing mass unrest. Sarsenbay, 41, was arrested "
    "in March after posting videos of the protests. The Steppe Rights Bureau condemned the verdict and "
    "called for his immediate release."
)
SECOND = (
    "Journalist Marat Oralbekov fined over social media post\n"
    "A court in Shymkent fined the journalist Marat Oralbekov 300,000 tenge for insulting a government "
    "representative. Oralbekov said he would appeal. His colleague Sarsenbay remains in prison."
)


def make_doc(body: str = ARTICLE, key: str | None = None, published: str | None = "2024-05-14",
             url: str | None = None) -> Document:
    return Document(id=key or f"doc-{uuid.uuid4().hex[:8]}", text=body, title=body.splitlines()[0],
                    url=url, published=DateValue(published) if published else None, source="test")


def span_of(body: str, quote: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = body.index(quote, start + 1)
    return Span.of(body, start, start + len(quote))


def seed(store: Store, body: str = ARTICLE, key: str = "almaty-blogger") -> dict[str, int]:
    """One document with a person, a case and facts of several kinds, as process_document would store it."""
    doc = make_doc(body, key=key)
    with store.unit_of_work() as uow:
        doc_id = uow.add_document(doc, anchor=None)
        uow.record_extraction(doc_id, "test-extractor", "1", "ok")
        person = uow.add_person("Daulet Sarsenbay", name_key("Daulet Sarsenbay"), country="KZ", attributes={"age": 41})
        uow.add_person_name(person, "Sarsenbay", name_key("Sarsenbay"))
        case = uow.case_for_person(person)
        charge = uow.add_fact(case_id=case, document_id=doc_id, kind="charge",
                              payload={"category": "false_information", "text": "spreading false information"},
                              span=span_of(body, "spreading false information"),
                              extractor="test-extractor", version="1")
        uow.add_fact(case_id=case, document_id=doc_id, kind="sentence",
                     payload={"kind": "prison", "months": 48, "suspended": False},
                     span=span_of(body, "four years in prison"), extractor="test-extractor", version="1")
        uow.add_fact(case_id=case, document_id=doc_id, kind="event", payload={"type": "arrest", "date": "2024-03"},
                     span=span_of(body, "was arrested"), extractor="test-extractor", version="1")
        advocacy = uow.add_fact(case_id=case, document_id=doc_id, kind="advocacy",
                                payload={"actor": "Steppe Rights Bureau", "action": "condemn",
                                         "cases": ["Daulet Sarsenbay"]},
                                span=span_of(body, "The Steppe Rights Bureau condemned the verdict"),
                                extractor="test-extractor", version="1")
        uow.add_organization("Steppe Rights Bureau", "ngo")
        uow.set_case_derived(case, status="in_custody", status_date="2024-05-14", country="KZ",
                             summary={"charges": ["false_information"]})
    return {"document": doc_id, "person": person, "case": case, "charge": charge, "advocacy": advocacy}


# -- schema ------------------------------------------------------------------------------------


def test_open_migrates_to_head_and_reopening_changes_nothing(store_url: str) -> None:
    first = open_store(store_url)
    with first.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    assert set(first.counts()) == {m.__tablename__ for m in Base.__subclasses__()}
    seed(first)
    before = first.counts()
    first.close()
    with open_store(store_url) as again:
        assert again.counts() == before
        assert again.verify() == []


def _ignore_search_objects(obj, name, type_, reflected, compare_to) -> bool:
    # FTS5 shadow tables and tsvector columns exist only in the migration, on purpose.
    if type_ == "table" and name and (name.endswith("_fts") or "_fts_" in name or name == "alembic_version"):
        return False
    return name not in ("search_vector", "ix_documents_search", "ix_facts_search")


def test_a_database_from_a_newer_casewatch_is_refused(store_url: str) -> None:
    with open_store(store_url) as store, store.write_session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError, match="9999_future.*newer version"):
        open_store(store_url)


def test_models_and_migration_describe_the_same_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ignore_search_objects})
        assert compare_metadata(context, Base.metadata) == []


def test_migration_codes_match_the_ontology() -> None:
    from importlib import util

    spec = util.spec_from_file_location(
        "m0001", ROOT / "casewatch/store/migrations/versions/0001_initial.py")
    assert spec and spec.loader
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.FACT_KINDS == ontology.FACT_KINDS
    assert module.REVIEW_STATES == ontology.REVIEW_STATES
    assert module.STATUSES == ontology.STATUSES
    assert module.ORGANIZATION_KINDS == ontology.ORGANIZATION_KINDS


def test_schema_refuses_codes_outside_the_ontology(store: Store) -> None:
    ids = seed(store)
    for column, bad in (("kind", "rumour"), ("review_state", "approved")):
        with pytest.raises(StoreError, match="refused"):
            with store.write_session() as session:
                session.execute(text(f"UPDATE facts SET {column} = :v WHERE id = :id"),
                                {"v": bad, "id": ids["charge"]})
    with pytest.raises(StoreError, match="refused"):
        with store.write_session() as session:
            session.execute(text("UPDATE cases SET status = 'jailed'"))
    assert store.verify() == []


def test_concurrent_first_opens_migrate_once(store_url: str) -> None:
    code = "import sys; from casewatch.store import open_store; print(open_store(sys.argv[1]).counts()['facts'])"
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert [out.strip() for out, _ in outputs] == ["0"] * 4


# -- round trips ---------------------------------------------------------------------------------


def test_document_person_and_facts_round_trip(store: Store) -> None:
    ids = seed(store)
    doc = store.get_document("almaty-blogger")
    assert doc.text == ARTICLE and doc.published == "2024-05-14" and doc.extractions == [("test-extractor", "1", "ok")]
    assert store.get_document(ids["document"]).key == "almaty-blogger"
    assert doc.to_document().content_hash == make_doc(ARTICLE).content_hash
    assert [d.key for d in store.documents()] == ["almaty-blogger"] and store.documents()[0].text is None

    detail = store.get_case(ids["case"])
    assert detail.names == ["Daulet Sarsenbay", "Sarsenbay"]
    assert detail.case.status == "in_custody" and detail.case.country == "KZ"
    assert detail.case.charges == ["false_information"] and detail.case.documents == 1
    assert detail.attributes == {"age": 41} and detail.summary == {"charges": ["false_information"]}
    assert {f.kind for f in detail.facts} == {"charge", "sentence", "event", "advocacy"}
    for fact in detail.facts:
        assert ARTICLE[fact.span.start:fact.span.end] == fact.span.quote
        assert fact.document_key == "almaty-blogger" and fact.document_date == DateValue("2024-05-14")
        assert fact.review_state == "unreviewed" and fact.extractor == "test-extractor"
    assert detail.documents[ids["document"]].title == ARTICLE.splitlines()[0]
    sentence = next(f for f in detail.facts if f.kind == "sentence")
    assert sentence.payload == {"kind": "prison", "months": 48, "suspended": False}

    with store.unit_of_work() as uow:
        (person,) = uow.find_persons([name_key("Sarsenbay"), "nobody"])
        assert person.names == ["Daulet Sarsenbay", "Sarsenbay"] and person.keys == [name_key("Daulet Sarsenbay"), name_key("Sarsenbay")]
        assert person.country == "KZ" and person.attributes == {"age": 41}
        # A surname key finds the full name as a whole word, never as a word fragment.
        assert [p.id for p in uow.find_persons(["daulat"])] == [person.id]
        assert uow.find_persons([name_key("Sarsenb"), "daulet_sarsenbay", "%"]) == []
        uow.update_person(person.id, attributes={"age": 42}, canonical_name="Daulet Sarsenbay")
        assert uow.find_persons([name_key("Daulet Sarsenbay")])[0].attributes == {"age": 42}
        with pytest.raises(StoreError, match="birthday"):
            uow.update_person(person.id, birthday="1983")


def test_list_cases_filters(store: Store) -> None:
    ids = seed(store)
    with store.unit_of_work() as uow:
        doc_id = uow.add_document(make_doc(SECOND, key="shymkent"), anchor=None)
        uow.record_extraction(doc_id, "test-extractor", "1", "ok")
        person = uow.add_person("Marat Oralbekov", name_key("Marat Oralbekov"), country="KZ")
        case = uow.case_for_person(person)
        uow.add_fact(case_id=case, document_id=doc_id, kind="charge",
                     payload={"category": "insulting_official", "text": "insulting a government representative"},
                     span=span_of(SECOND, "insulting a government representative"), extractor="t", version="1")
        uow.set_case_derived(case, status="free", status_date=None, country="KZ", summary={})
    assert [c.name for c in store.list_cases()] == ["Daulet Sarsenbay", "Marat Oralbekov"]
    assert [c.id for c in store.list_cases(status="in_custody")] == [ids["case"]]
    assert [c.name for c in store.list_cases(charge="insulting_official")] == ["Marat Oralbekov"]
    assert [c.name for c in store.list_cases(country="kz", charge="false_information")] == ["Daulet Sarsenbay"]
    assert store.list_cases(country="UZ") == []


def test_get_case_by_name_alias_and_ambiguity(store: Store) -> None:
    ids = seed(store)
    assert store.get_case("Daulet Sarsenbay").id == ids["case"]
    assert store.get_case("sarsenbay").id == ids["case"]  # an alias, normalized
    assert store.get_case("Sarsen").id == ids["case"]  # a substring
    assert store.get_case(str(ids["case"])).id == ids["case"]
    with store.unit_of_work() as uow:
        uow.add_person_name(ids["person"], "Даулет Сарсенбай", name_key("Даулет Сарсенбай"), script="Cyrl")
    assert store.get_case("САРСЕН").id == ids["case"]  # folded beyond ASCII on both backends
    with store.unit_of_work() as uow:
        doc_id = uow.add_document(make_doc(SECOND, key="shymkent"), anchor=None)
        uow.record_extraction(doc_id, "t", "1", "ok")
        other = uow.case_for_person(uow.add_person("Aliya Sarsenbayeva", name_key("Aliya Sarsenbayeva")))
        uow.add_fact(case_id=other, document_id=doc_id, kind="event", payload={"type": "release"},
                     span=span_of(SECOND, "fined"), extractor="t", version="1")
    assert store.get_case("sarsenbay").id == ids["case"]  # an exact key beats substrings
    with pytest.raises(NotFoundError, match="Aliya Sarsenbayeva") as excinfo:
        store.get_case("Sarsenb")
    assert "Daulet Sarsenbay" in str(excinfo.value)
    with pytest.raises(NotFoundError):
        store.get_case("Nobody Atall")
    with pytest.raises(NotFoundError):
        store.get_case(9999)
    with pytest.raises(NotFoundError):
        store.get_document("no-such-document")


# -- grounding, idempotence, transactions -----------------------------------------------------


def test_ungrounded_fact_is_refused_and_nothing_is_stored(store: Store) -> None:
    doc = make_doc()
    with pytest.raises(StoreError, match="ungrounded"):
        with store.unit_of_work() as uow:
            doc_id = uow.add_document(doc, anchor=None)
            uow.record_extraction(doc_id, "t", "1", "ok")
            case = uow.case_for_person(uow.add_person("Daulet Sarsenbay", name_key("Daulet Sarsenbay")))
            good = span_of(ARTICLE, "four years in prison")
            uow.add_fact(case_id=case, document_id=doc_id, kind="sentence", payload={"kind": "prison"},
                         span=good, extractor="t", version="1")
            shifted = Span(good.start + 1, good.end + 1, good.quote)
            uow.add_fact(case_id=case, document_id=doc_id, kind="sentence", payload={"kind": "prison"},
                         span=shifted, extractor="t", version="1")
    assert set(store.counts().values()) == {0}
    with pytest.raises(StoreError, match="outside the text"):
        with store.unit_of_work() as uow:
            doc_id = uow.add_document(doc, anchor=None)
            uow.add_fact(case_id=None, document_id=doc_id, kind="advocacy", payload={},
                         span=Span(len(ARTICLE), len(ARTICLE) + 3, "abc"), extractor="t", version="1")
    with pytest.raises(StoreError, match="needs a case"):
        with store.unit_of_work() as uow:
            doc_id = uow.add_document(doc, anchor=None)
            uow.add_fact(case_id=None, document_id=doc_id, kind="charge", payload={},
                         span=span_of(ARTICLE, "mass unrest"), extractor="t", version="1")
    assert set(store.counts().values()) == {0}


def test_adding_again_is_refused_or_a_no_op(store: Store) -> None:
    ids = seed(store)
    before = store.counts()
    with pytest.raises(StoreError, match="stored already"):
        with store.unit_of_work() as uow:
            uow.add_document(make_doc(key="almaty-blogger", body="Other text entirely."), anchor=None)
    with pytest.raises(StoreError, match="stored already"):
        with store.unit_of_work() as uow:
            uow.add_document(make_doc(key="a-syndicated-copy", body=ARTICLE + "\n"), anchor=None)
    with store.unit_of_work() as uow:
        by_hash = uow.find_document(key="x", content_hash=make_doc(ARTICLE).content_hash, url=None)
        by_key = uow.find_document(key="almaty-blogger", content_hash="0" * 64, url=None)
        assert by_hash is not None and by_key is not None and by_hash.id == by_key.id == ids["document"]
        assert uow.find_document(key="x", content_hash="0" * 64, url=None) is None
        uow.add_person_name(ids["person"], "Sarsenbay", name_key("Sarsenbay"))
        assert uow.case_for_person(ids["person"]) == ids["case"]
        assert uow.add_organization("steppe  rights bureau", "other") == uow.add_organization("Steppe Rights Bureau", "ngo")
        uow.record_extraction(ids["document"], "test-extractor", "1", "ok")
    assert store.counts() == before


def test_exception_in_a_unit_of_work_rolls_everything_back(store: Store) -> None:
    seed(store)
    before = store.counts()
    with pytest.raises(RuntimeError, match="crash"):
        with store.unit_of_work() as uow:
            doc_id = uow.add_document(make_doc(SECOND, key="shymkent"), anchor=DateValue("2024-06"))
            uow.record_extraction(doc_id, "t", "1", "ok")
            case = uow.case_for_person(uow.add_person("Marat Oralbekov", name_key("Marat Oralbekov")))
            uow.add_fact(case_id=case, document_id=doc_id, kind="money", payload={"kind": "fine"},
                         span=span_of(SECOND, "300,000 tenge"), extractor="t", version="1")
            uow.add_organization("Shymkent City Court", "court")
            raise RuntimeError("crash mid-document")
    assert store.counts() == before
    assert store.search("Oralbekov") == []


def test_audit_log_is_append_only(store: Store) -> None:
    with store.write_session() as session:
        session.add(AuditModel(actor="tester", action="verify", target_kind="fact", target_id=1, reason="checked"))
    with pytest.raises(StoreError, match="append-only"):
        with store.write_session() as session:
            session.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    with pytest.raises(StoreError, match="append-only"):
        with store.write_session() as session:
            session.execute(text("DELETE FROM audit_log"))
    assert store.counts()["audit_log"] == 1


def test_stale_fact_edit_raises_conflict(store: Store) -> None:
    ids = seed(store)
    with store.read_session() as session:  # a reviewer opens the fact
        seen = session.get(FactModel, ids["charge"])
        assert seen is not None and seen.version_no == 1
        read_version = seen.version_no
    with store.write_session() as session:  # another reviewer saves first
        other = session.get(FactModel, ids["charge"])
        assert other is not None
        expect_version(other, 1)
        other.review_state = "verified"
    with pytest.raises(ConflictError, match="changed since"):
        with store.write_session() as session:
            fact = session.get(FactModel, ids["charge"])
            assert fact is not None
            expect_version(fact, read_version)
            fact.review_state = "rejected"
    with store.read_session() as session:
        fact = session.get(FactModel, ids["charge"])
        assert fact is not None and (fact.review_state, fact.version_no) == ("verified", 2)


# -- search --------------------------------------------------------------------------------------


def test_search_finds_documents_and_facts(store: Store) -> None:
    ids = seed(store)
    hits = store.search("false information")
    kinds = {(h.kind, h.fact_id) for h in hits}
    assert ("document", None) in kinds and ("fact", ids["charge"]) in kinds
    document_hit = next(h for h in hits if h.kind == "document")
    assert document_hit.document_key == "almaty-blogger" and (document_hit.title or "").startswith("Almaty court")
    marked = re.findall(f"{MARK_START}(.*?){MARK_END}", document_hit.snippet)
    assert {m.lower() for m in marked} == {"false", "information"}
    fact_hit = next(h for h in hits if h.kind == "fact")
    assert fact_hit.case_id == ids["case"]
    # Payload values are indexed too: the charge category, the advocacy actor.
    assert ids["advocacy"] in {h.fact_id for h in store.search("condemn")}
    assert store.search('"mass unrest"')[0].document_key == "almaty-blogger"
    assert store.search('"unrest mass"') == []  # a phrase keeps its order
    assert store.search("Oralbekov") == []
    assert len(store.search("Sarsenbay", limit=1)) == 1


HOSTILE = ['"mass unrest', "AND OR (", "NOT", "*", "title:Almaty", "^court", "NEAR(court blogger)",
           "'; DROP TABLE documents; --", "", "   ", '"', "((", "court*", "-prison", "a\x00b", "ü",
           "court AND", "OR court", '"""', "{col1 col2}: x", "\\", "%_%", "⟦court⟧"]


def test_search_never_raises_on_user_input(store: Store) -> None:
    seed(store)
    for query in HOSTILE:
        hits = store.search(query)
        assert isinstance(hits, list), query
        words = [w.lower() for term in parse_query(query) for w in term]
        if words and set(words) <= {"court", "almaty", "prison", "blogger"}:
            assert hits, query  # words the document holds are still found, whatever surrounds them
    assert store.counts()["documents"] == 1 and store.verify() == []


# -- verify and counts -----------------------------------------------------------------------------


def test_verify_is_clean_then_catches_a_corrupted_quote(store: Store) -> None:
    ids = seed(store)
    assert store.verify() == []
    with store.write_session() as session:
        session.execute(text("UPDATE facts SET quote = 'four years in jail' WHERE id = :id"), {"id": ids["charge"]})
    problems = store.verify()
    assert len(problems) == 1 and f"fact {ids['charge']}" in problems[0] and "four years in jail" in problems[0]


def test_verify_catches_orphans_missing_extractions_and_changed_texts(store: Store) -> None:
    ids = seed(store)
    with store.write_session() as session:
        session.execute(text("DELETE FROM extractions"))
        session.execute(text("UPDATE documents SET text = text || ' More.'"))
        session.execute(text("DELETE FROM facts WHERE case_id = :id"), {"id": ids["case"]})
    problems = "\n".join(store.verify())
    assert "no extraction" in problems
    assert "content hash" in problems
    assert f"case {ids['case']}: has no facts" in problems


def test_counts_are_rows_per_table(store: Store) -> None:
    seed(store)
    counts = store.counts()
    assert counts["documents"] == 1 and counts["persons"] == 1 and counts["person_names"] == 2
    assert counts["cases"] == 1 and counts["facts"] == 4 and counts["organizations"] == 1
    assert counts["extractions"] == 1 and counts["users"] == 0
    assert sum(1 for _ in store.export_rows(["facts"])) == 4


# -- properties --------------------------------------------------------------------------------

# Any Unicode text a database can hold: no lone surrogates (not UTF-8), no NUL (PostgreSQL refuses it).
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=300)


@st.composite
def _texts_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    body = draw(_TEXT)
    bounds = st.integers(0, len(body))
    spans = draw(st.lists(st.tuples(bounds, bounds).map(sorted), min_size=1, max_size=8))
    return body, [(a, b) for a, b in spans]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_texts_and_spans())
def test_stored_spans_read_back_grounded(store: Store, case: tuple[str, list[tuple[int, int]]]) -> None:
    body, spans = case
    body = f"{body}\n{uuid.uuid4().hex}"  # a new document every example; spans stay in the drawn part
    with store.unit_of_work() as uow:
        doc_id = uow.add_document(make_doc(body), anchor=None)
        uow.record_extraction(doc_id, "t", "1", "ok")
        case_id = uow.case_for_person(uow.add_person(f"Person {doc_id}", f"person {doc_id}"))
        for start, end in spans:
            uow.add_fact(case_id=case_id, document_id=doc_id, kind="event", payload={"type": "arrest"},
                         span=Span.of(body, start, end), extractor="t", version="1")
        facts = uow.case_facts(case_id)
    assert sorted((f.span.start, f.span.end) for f in facts) == sorted(spans)
    stored = store.get_document(doc_id).text
    assert stored == body
    for fact in facts:
        assert stored[fact.span.start:fact.span.end] == fact.span.quote
    assert store.verify() == []


# -- opening -------------------------------------------------------------------------------------


def test_urls_resolve_to_drivers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_url("cases.db").render_as_string() == "sqlite:///cases.db"
    assert resolve_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    monkeypatch.setenv("CASEWATCH_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    monkeypatch.delenv("CASEWATCH_DB")
    assert resolve_url(None).render_as_string() == "sqlite:///casewatch.db"


def test_bad_urls_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="mysql.*SQLite.*PostgreSQL"):
        open_store("mysql://root@localhost/cases")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "missing-folder" / "cases.db"))
    with pytest.raises(StoreError, match="psycopg2") as excinfo:
        open_store("postgresql+psycopg2://u:hunter2@localhost/x")
    assert "hunter2" not in str(excinfo.value)


def test_unreachable_server_names_the_url_without_its_password() -> None:
    with pytest.raises(StoreError) as excinfo:
        open_store("postgresql://casewatch:hunter2@127.0.0.1:1/cases")
    message = str(excinfo.value)
    assert "127.0.0.1:1/cases" in message and "***" in message and "hunter2" not in message
    assert "server is running" in message


def test_not_a_database_file(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(str(junk))


def test_default_database_is_in_the_current_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CASEWATCH_DB"}
    code = "from casewatch.store import open_store; open_store().close()"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, timeout=60)
    assert (tmp_path / "casewatch.db").exists()


def test_verify_checks_the_words_that_date_an_event(store_url: str) -> None:
    from casewatch.core.document import Document
    from casewatch.core.types import Span
    from casewatch.store import open_store

    text = "Blogger Aidar Toktorov was detained in Osh. That happened on 3 May 2024, his lawyer said."
    store = open_store(store_url)
    try:
        with store.unit_of_work() as uow:
            doc_id = uow.add_document(Document(id="dated", text=text), anchor=None)
            uow.record_extraction(doc_id, "test", "1", "ok")
            person = uow.add_person("Aidar Toktorov", "aidar toktorov")
            case = uow.case_for_person(person)
            good = {"start": text.index("3 May"), "end": text.index("3 May") + 10, "quote": "3 May 2024"}
            uow.add_fact(case_id=case, document_id=doc_id, kind="event", extractor="test", version="1",
                         payload={"type": "arrest", "date": "2024-05-03", "date_evidence": good},
                         span=Span.of(text, text.index("detained"), text.index("detained") + 8))
            bad = dict(good, quote="4 May 2024")
            uow.add_fact(case_id=case, document_id=doc_id, kind="event", extractor="test", version="1",
                         payload={"type": "detention", "date": "2024-05-04", "date_evidence": bad},
                         span=Span.of(text, text.index("detained"), text.index("detained") + 8))
        problems = store.verify()
        assert len([p for p in problems if "date evidence" in p]) == 1
        assert "'4 May 2024'" in next(p for p in problems if "date evidence" in p)
    finally:
        store.close()
