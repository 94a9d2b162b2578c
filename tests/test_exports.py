"""Exports from a real store: JSON valid against its schema, neutralized CSV, filters, private fields, gold round trip."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from casewatch.cli import main
from casewatch.core.document import Document
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.export.tables import (
    SCHEMA_PATH,
    ExportFilter,
    export_csv,
    export_document,
    export_filename,
    export_gold,
    neutralize,
    strip_private,
)
from casewatch.process import process_document
from casewatch.store import Store, open_store
from casewatch.store.tables import PersonModel

# Fictional reports written for these tests.
ARTICLES = [
    ("kz-verdict", "2025-03-04", "https://steppe-courts.example.org/2025/03/verdict",
     '=HYPERLINK("http://evil.example/x","click") Court jails blogger',
     "ASTANA, March 4, 2025 — A district court in Astana on Monday sentenced the blogger Arman Tulegenov, 29, to "
     "five years in prison on charges of spreading false information. Tulegenov was arrested on October 2, 2024, "
     "after he posted videos about corruption in the city administration. The Steppe Rights Bureau condemned the "
     "verdict and called for his release."),
    ("kg-detention", "2024-04-02", "https://alatoo-news.example.org/temirova",
     "Journalist detained in Bishkek",
     "BISHKEK, April 2, 2024 — Police in Bishkek detained the journalist Aidana Temirova on April 1 after she "
     "reported on a land dispute. Prosecutors charged her with calls for mass unrest. A court ordered her held "
     "in pretrial detention for two months."),
    ("kg-fine", "2024-01-15", "https://alatoo-news.example.org/fines",
     "Two bloggers fined",
     "BISHKEK, January 15, 2024 — A court in Bishkek fined the bloggers Timur Abdrakhmanov and Saule Nurlanova "
     "50,000 soms each for taking part in an unsanctioned rally outside parliament in December. Both denied "
     "wrongdoing."),
]


def _fill(store: Store) -> None:
    for key, published, url, title, text in ARTICLES:
        doc = Document(id=key, text=title + "\n\n" + text, title=title, url=url, published=DateValue(published))
        assert process_document(doc, store).status == "stored"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("exports") / "cw.db"
    with open_store(f"sqlite:///{path}") as store:
        _fill(store)
        with store.write_session() as session:  # mark some attributes private, as a reviewer would
            for person in session.query(PersonModel):
                person.attributes = {**person.attributes, "phone": "+7 700 000 00 00", "_note": "internal",
                                     "safehouse": "somewhere", "private": ["safehouse"]}
    return str(path)


@pytest.fixture
def db(db_path: str) -> Iterator[Store]:
    with open_store(db_path) as store:
        yield store


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("what", ["cases", "facts", "events"])
def test_json_export_validates_against_its_schema(db: Store, schema: dict, what: str) -> None:
    document = export_document(db, what)
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert document["schema_version"] == "1" and document["what"] == what and document[what]


def test_the_schema_rejects_a_broken_export(db: Store, schema: dict) -> None:
    document = export_document(db, "cases")
    document["cases"][0]["status"] = "vanished"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_filters_by_country_status_and_date(db: Store, schema: dict) -> None:
    everyone = export_document(db, "cases")["cases"]
    assert {c["country"] for c in everyone} >= {"KZ", "KG"}
    kz = export_document(db, "cases", ExportFilter(country="kz"))
    assert kz["filters"] == {"country": "KZ"} and {c["country"] for c in kz["cases"]} == {"KZ"}
    status = everyone[0]["status"]
    assert all(c["status"] == status for c in export_document(db, "cases", ExportFilter(status=status))["cases"])
    in_2024 = export_document(db, "facts", ExportFilter(since="2024-01", until="2024-12-31"))
    jsonschema.validate(in_2024, schema)
    assert in_2024["facts"] and all(f["date"] and f["date"].startswith("2024") for f in in_2024["facts"])
    events = export_document(db, "events", ExportFilter(since="2024-10-01", until="2024-10-31"))["events"]
    assert [e["type"] for e in events] == ["arrest"] and events[0]["date"] == "2024-10-02"
    for bad in ({"country": "Kazakhstan"}, {"status": "jailed"}, {"since": "March"},
                {"since": "2025", "until": "2024"}):
        with pytest.raises(InputError):
            ExportFilter(**bad)


def test_private_fields_are_left_out(db: Store) -> None:
    text = json.dumps(export_document(db, "cases"))
    assert "+7 700" not in text and "internal" not in text and "somewhere" not in text
    assert '"occupation"' in text  # the rest of the attributes stay
    assert strip_private({"a": 1, "_b": 2, "email": "x", "c": 3, "private": ["c"]}) == {"a": 1}


def test_csv_exports_neutralize_formula_cells(db: Store) -> None:
    for what in ("facts", "cases", "events"):
        out = io.StringIO()
        export_csv(db, out, what=what)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert rows, what
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (what, value)
    out = io.StringIO()
    export_csv(db, out, what="facts")
    titles = {row["document_title"] for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert "'" + ARTICLES[0][3] in titles


@given(st.text(max_size=40))
def test_neutralize_keeps_text_and_defuses_formulas(value: str) -> None:
    cell = neutralize(value)
    if value.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")):
        assert cell == "'" + value
    else:
        assert cell == value
    assert neutralize(-5) == "-5" and neutralize(None) == "" and neutralize(True) == "true"


def test_gold_export_round_trips_through_casewatch_eval(db: Store, db_path: str, tmp_path: Path) -> None:
    out = io.StringIO()
    export_gold(db, out)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(out.getvalue(), encoding="utf-8")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["id"] for r in records) == sorted(a[0] for a in ARTICLES)
    assert all(r["gold"]["cases"] for r in records)
    result = CliRunner().invoke(main, ["eval", str(gold), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == len(ARTICLES)
    for slot, numbers in scores["slots"].items():
        assert numbers["fp"] == 0 and numbers["fn"] == 0, (slot, numbers)
    assert scores["slots"]["cases"]["tp"] >= 4 and scores["slots"]["events"]["tp"] >= 3
    assert scores["status_accuracy"] == 1.0


def test_cli_export_formats_filters_and_id_based_names(db_path: str, tmp_path: Path, schema: dict) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db_path, "export", "--format", "json", "--what", "facts", "--country", "KG",
                                  "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = tmp_path / export_filename("json", "facts", ExportFilter(country="KG"))
    assert written.name == "casewatch-facts-KG.json"
    document = json.loads(written.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert {f["country"] for f in document["facts"]} == {"KG"}

    result = runner.invoke(main, ["--db", db_path, "export", "--format", "csv", "--what", "events", "--since",
                                  "2024-10", "--until", "2024-10"], catch_exceptions=False)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["type"] for r in rows] == ["arrest"]

    result = runner.invoke(main, ["--db", db_path, "export", "--format", "gold"], catch_exceptions=False)
    assert len(result.stdout.splitlines()) == len(ARTICLES)

    result = runner.invoke(main, ["--db", db_path, "export", "--status", "jailed"])
    assert result.exit_code != 0 and "jailed" in (result.output + str(result.exception))
