"""process_document with the real extractor, resolver and store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casewatch.core.document import Document
from casewatch.core.types import DateValue
from casewatch.extract.pipeline import Extractor, get_extractor
from casewatch.normalize import read_documents
from casewatch.process import ProcessResult, process_document
from casewatch.resolve.cases import derive_case
from casewatch.store import Store, open_store
from casewatch.store.tables import FactModel

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# Fictional reports written for these tests.
ARTICLES: dict[str, tuple[str | None, str]] = {
    "kz-verdict": ("2024-03-12", (
        "Kazakh court jails activist Yerlan Dzhaksybekov for six years\n\n"
        "ALMATY, March 12, 2024 — A district court in Almaty on Monday sentenced opposition activist Yerlan "
        "Dzhaksybekov, 38, to six years in prison on charges of organizing mass unrest and spreading false "
        "information. Dzhaksybekov was arrested on January 8, 2022, during the protests in the city. The Steppe "
        "Freedom Foundation condemned the verdict and called for his immediate release."
    )),
    "kz-release": ("2024-09-02", (
        "Jailed activist Erlan Jaksybekov freed after court softens sentence\n\n"
        "KARAGANDA, September 2, 2024 — Opposition activist Erlan Jaksybekov walked out of a prison colony near "
        "Karaganda on August 30 after a regional court replaced the rest of his six-year term with restricted "
        "freedom. Jaksybekov must stay in Almaty and report to the police twice a month. His lawyer, Gulnara "
        "Seitkali, said he would keep challenging the conviction."
    )),
    "uz-reporter": ("2023-11-20", (
        "Uzbek reporter detained over posts about flooding\n\n"
        "TASHKENT, November 20, 2023 — Police in Tashkent detained the independent journalist Nodira Toshkentova "
        "on November 17 after she published videos criticizing the response to floods in the Fergana Valley. "
        "Prosecutors charged her with insulting the president, an offence punishable by up to five years in "
        "prison. A court ordered her held in pretrial detention for two months."
    )),
    "kg-bloggers": ("2024-01-15", (
        "Two bloggers fined for joining unsanctioned rally\n\n"
        "BISHKEK, January 15, 2024 — A court in Bishkek fined the bloggers Timur Abdrakhmanov and Saule Nurlanova "
        "50,000 soms each for taking part in an unsanctioned rally outside parliament in December. Both denied "
        "wrongdoing. Abdrakhmanov had already spent ten days in administrative detention after the protest."
    )),
    "broadcast-bill": (None, (
        "Parliament debates new broadcasting rules\n\n"
        "The lower house of parliament on Wednesday began debating a bill that would require online broadcasters "
        "to register with the information ministry. Supporters say the rules will protect children; media "
        "associations say the wording is vague. A final vote is expected next month."
    )),
}


def article(key: str, **changes: Any) -> Document:
    published, body = ARTICLES[key]
    doc = Document(id=key, text=body, title=body.splitlines()[0], url=f"https://news.example/{key}",
                   published=DateValue(published) if published else None, source="test")
    return replace(doc, **changes) if changes else doc


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


def test_stores_every_extracted_fact_grounded(store: Store, extractor: Extractor) -> None:
    doc = article("kz-verdict")
    extraction = extractor.extract_document(doc)
    result = process_document(doc, store, extractor=extractor)
    assert (result.status, result.message) == ("stored", None)
    assert result.cases == len(extraction.cases) >= 1

    stored = store.document_facts("kz-verdict")
    assert result.facts == len(stored)
    for fact in stored:
        assert doc.text[fact.span.start:fact.span.end] == fact.span.quote
        assert (fact.extractor, fact.version) == (extractor.name, extractor.version)
    stored_spans = {(f.kind, f.span.start, f.span.end) for f in stored}
    for case in extraction.cases:
        for kind, fact in case.facts():
            assert (kind, fact.span.start, fact.span.end) in stored_spans
    for advocacy in extraction.advocacy:
        assert ("advocacy", advocacy.span.start, advocacy.span.end) in stored_spans

    detail = store.get_case(extraction.cases[0].name)
    view = derive_case(detail.facts, names=detail.names)
    assert (detail.case.status, detail.case.status_date, detail.case.country) == (
        view.status, view.status_date, view.country)
    assert detail.summary == view.to_summary()
    assert store.get_document("kz-verdict").extractions == [(extractor.name, extractor.version, "ok")]
    assert store.verify() == []


def test_same_document_again_changes_nothing(store: Store, extractor: Extractor) -> None:
    first = process_document(article("uz-reporter"), store, extractor=extractor)
    before = store.counts()
    again = process_document(article("uz-reporter"), store, extractor=extractor)
    assert (again.status, again.facts, again.document_id) == ("unchanged", 0, first.document_id)
    copy = process_document(article("uz-reporter", id="uz-reporter-syndicated", url=None), store,
                            extractor=extractor)
    assert copy.status == "unchanged" and "uz-reporter" in (copy.message or "")
    assert store.counts() == before


def test_new_content_under_a_known_key_is_kept_as_a_revision(store: Store, extractor: Extractor) -> None:
    process_document(article("uz-reporter"), store, extractor=extractor)
    updated = article("uz-reporter", text=ARTICLES["uz-reporter"][1] + " She denies the charge.")
    result = process_document(updated, store, extractor=extractor)
    assert result.status == "stored" and "uz-reporter#" in (result.message or "")
    keys = sorted(d.key for d in store.documents())
    assert keys[0] == "uz-reporter" and keys[1].startswith("uz-reporter#") and len(keys) == 2
    assert store.get_case("Nodira Toshkentova").case.documents == 2
    assert process_document(updated, store, extractor=extractor).status == "unchanged"
    assert store.verify() == []


def test_two_reports_on_one_person_make_one_case(store: Store, extractor: Extractor) -> None:
    for key in ("kz-release", "kz-verdict"):  # the later report first: order must not matter
        assert process_document(article(key), store, extractor=extractor).status == "stored"
    detail = store.get_case("Yerlan Dzhaksybekov")
    assert store.get_case("Erlan Jaksybekov").id == detail.id
    assert detail.case.documents == 2
    assert {"Yerlan Dzhaksybekov", "Erlan Jaksybekov"} <= set(detail.names)
    assert {f.document_key for f in detail.facts} == {"kz-verdict", "kz-release"}
    assert store.verify() == []


def test_two_defendants_in_one_report_make_two_cases(store: Store, extractor: Extractor) -> None:
    result = process_document(article("kg-bloggers"), store, extractor=extractor)
    assert result.cases == 2
    assert store.get_case("Timur Abdrakhmanov").id != store.get_case("Saule Nurlanova").id
    assert store.counts()["cases"] == 2 and store.verify() == []


def test_a_report_without_cases_is_recorded_as_empty(store: Store, extractor: Extractor) -> None:
    result = process_document(article("broadcast-bill"), store, extractor=extractor)
    assert (result.status, result.cases, result.facts) == ("stored", 0, 0)
    assert store.get_document("broadcast-bill").extractions == [(extractor.name, extractor.version, "empty")]
    assert process_document(article("broadcast-bill"), store, extractor=extractor).status == "unchanged"
    assert store.verify() == []


def test_a_failing_document_leaves_no_trace(store: Store, extractor: Extractor) -> None:
    process_document(article("kz-verdict"), store, extractor=extractor)
    before = store.counts()
    broken = article("uz-reporter", text=ARTICLES["uz-reporter"][1].replace("Tashkent", "Tash\x00kent", 1))
    result = process_document(broken, store, extractor=extractor)
    assert result.status == "failed" and "NUL" in (result.message or "") and "\n" not in (result.message or "")
    assert store.counts() == before
    assert process_document(article("uz-reporter"), store, extractor=extractor).status == "stored"
    assert store.verify() == []


class _NextVersion(Extractor):
    """The real extractor under a newer version label, as after an upgrade."""

    version = Extractor.version + "+next"


def test_new_extractor_version_replaces_unreviewed_facts_and_keeps_reviewed(store: Store,
                                                                           extractor: Extractor) -> None:
    process_document(article("kz-verdict"), store, extractor=extractor)
    old = store.document_facts("kz-verdict")
    reviewed = next(f for f in old if f.kind == "charge")
    with store.write_session() as session:
        row = session.get(FactModel, reviewed.id)
        assert row is not None
        row.review_state = "verified"

    upgraded = _NextVersion()
    result = process_document(article("kz-verdict"), store, extractor=upgraded)
    assert result.status == "stored" and "re-extracted" in (result.message or "")
    new = store.document_facts("kz-verdict")
    assert reviewed.id in {f.id for f in new}  # a human decision survives re-extraction
    assert all(f.version == upgraded.version for f in new if f.id != reviewed.id)
    assert len(new) == len(old)  # the reviewed fact is not stored twice
    assert [e[:2] for e in store.get_document("kz-verdict").extractions] == [
        (extractor.name, extractor.version), (upgraded.name, upgraded.version)]
    assert process_document(article("kz-verdict"), store, extractor=upgraded).status == "unchanged"
    assert store.verify() == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(sorted(ARTICLES)), again=st.permutations(sorted(ARTICLES)))
def test_ingesting_a_set_twice_changes_no_row_count(store: Store, extractor: Extractor, order: list[str],
                                                    again: list[str]) -> None:
    for key in order:
        assert process_document(article(key), store, extractor=extractor).status in ("stored", "unchanged")
    counts = store.counts()
    results = [process_document(article(key), store, extractor=extractor) for key in again]
    assert {r.status for r in results} == {"unchanged"}
    assert store.counts() == counts
    assert sorted(d.key for d in store.documents()) == sorted(ARTICLES)
    assert store.verify() == []


def test_script_processes_a_file_in_order_and_resumes(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for key in ("kz-verdict", "uz-reporter", "broadcast-bill"):
            published, body = ARTICLES[key]
            out.write(json.dumps({"id": key, "published": published, "text": body}) + "\n")
    db = tmp_path / "cases.db"

    def run() -> list[list[str]]:
        done = subprocess.run([sys.executable, "-m", "casewatch.process", "--db", str(db), str(source)],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[-1].startswith("done: ")
        return [line.split("\t") for line in lines[:-1]]

    first = run()
    assert [(row[1], row[2]) for row in first] == [
        ("stored", "kz-verdict"), ("stored", "uz-reporter"), ("stored", "broadcast-bill")]
    assert [row[1] for row in run()] == ["unchanged"] * 3
    with open_store(str(db)) as store:
        assert store.counts()["documents"] == 3 and store.verify() == []


def test_script_reports_a_bad_database_url(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "casewatch.process", "--db", "mysql://x@y/z", "missing.jsonl"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "mysql" in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "dev.jsonl").exists(), reason="the gold corpus ../shared/corpus is not here")
def test_gold_corpus_stores_every_document_once_and_verifies(tmp_path: Path, extractor: Extractor) -> None:
    docs = [d for d in read_documents([CORPUS / "seed.jsonl", CORPUS / "dev.jsonl"]) if isinstance(d, Document)]
    with open_store(str(tmp_path / "gold.db")) as store:
        results: list[ProcessResult] = [process_document(d, store, extractor=extractor) for d in docs]
        assert [r.message for r in results if r.status == "failed"] == []
        counts = store.counts()
        assert counts["documents"] == len({d.content_hash for d in docs})
        assert {process_document(d, store, extractor=extractor).status for d in docs} == {"unchanged"}
        assert store.counts() == counts
        assert store.verify() == []
