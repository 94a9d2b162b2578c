"""The `casewatch` command end to end: ingest, cases, show, search, export, extract, eval, verify."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casewatch.cli import main
from casewatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "casewatch" / "examples"

needs_corpus = pytest.mark.skipif(not (CORPUS / "seed.jsonl").exists(), reason="../shared/corpus is not present")


def run(*args: str, db: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    argv = (["--db", db] if db else []) + list(args)
    result = runner.invoke(main, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@needs_corpus
def test_corpus_ingest_show_verify_and_reingest(store_url: str) -> None:
    code, out, err = run("ingest", "-q", str(CORPUS / "seed.jsonl"), str(CORPUS / "dev.jsonl"), db=store_url)
    assert code == 0, err
    assert "43 stored" in out
    store = open_store(store_url)
    before = store.counts()
    assert before["documents"] == 43 and before["cases"] > 50

    code, out, err = run("verify", db=store_url)
    assert code == 0, err

    code, out, _ = run("show", "Mamai", db=store_url)
    assert code == 0
    assert "Zhanbolat Mamai" in out
    assert "Bostandyq District Court" in out
    assert "600,000 KZT" in out and "600,000 tenges" in out  # the value and its source words
    assert "status:     house_arrest" in out
    assert "Freedom Now" in out and "We call for Zhanbolat’s conviction to be vacated" in out

    code, out, _ = run("ingest", "-q", str(CORPUS / "seed.jsonl"), str(CORPUS / "dev.jsonl"), db=store_url)
    assert code == 0 and "0 stored, 43 unchanged" in out
    assert store.counts() == before
    store.close()


def test_examples_ingest_cases_search_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cw.db")
    code, out, err = run("ingest", "-q", str(EXAMPLES), db=db)
    assert code == 0, err
    code, out, _ = run("cases", "--json", db=db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 5
    assert all(row["status"] for row in rows)
    some = rows[0]
    code, out, _ = run("cases", "--json", "--country", some["country"], db=db)
    assert all(json.loads(line)["country"] == some["country"] for line in out.splitlines())

    code, out, _ = run("show", str(some["id"]), "--json", db=db)
    detail = json.loads(out)
    assert detail["case"]["id"] == some["id"]
    for fact in detail["facts"]:
        assert fact["quote"] and fact["document"]

    code, out, _ = run("search", "sentenced", "--json", db=db)
    hits = [json.loads(line) for line in out.splitlines()]
    assert hits and all("sentenced" in hit["snippet"].lower() for hit in hits if hit["kind"] == "document")

    code, out, _ = run("export", "--format", "json", db=db)
    exported = json.loads(out)
    assert exported["schema_version"] == "1" and len(exported["cases"]) == len(rows)

    out_file = tmp_path / "facts.csv"
    code, _, _ = run("export", "--format", "csv", "--out", str(out_file), db=db)
    table = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert table and {"case_id", "kind", "quote", "document"} <= set(table[0])


def test_bad_files_are_reported_and_the_rest_of_the_batch_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Blogger jailed\n\nA court in Bishkek on Tuesday sentenced blogger Aidar Toktorov to three years in prison "
        "for inciting hatred, his lawyer said.\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 20)
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"id": "a", "text": "fine text about nothing"}\n{"id": "b", "text": \n',
                                         encoding="utf-8")
    db = str(tmp_path / "cw.db")
    code, out, err = run("ingest", "-q", str(folder), db=db)
    assert code == 1
    assert "binary.txt" in err and "empty.md" in err and "broken.jsonl:2" in err
    assert "2 stored" in out  # good.txt and the first JSON line
    code, _, err = run("verify", db=db)
    assert code == 0, err
    code, out, _ = run("show", "Toktorov", db=db)
    assert "prison 3 years" in out


@needs_corpus
def test_extract_prints_gold_shaped_lines_and_eval_scores_them(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(CORPUS / "seed.jsonl"))
    assert code == 0
    record = json.loads(out.splitlines()[0])
    assert record["id"] == "seed-mamai"
    assert set(record) == {"id", "cases", "advocacy"}
    assert record["cases"][0]["name"] == "Zhanbolat Mamai"

    preds = tmp_path / "preds.jsonl"
    preds.write_text(out, encoding="utf-8")
    code, out, _ = run("eval", str(CORPUS / "seed.jsonl"), "--json", "--predictions", str(preds))
    scores = json.loads(out)
    assert scores["documents"] == 1
    assert set(scores["slots"]) == {"cases", "charges", "events", "sentences", "restrictions", "money", "advocacy"}
    assert scores["slots"]["cases"]["f1"] == 1.0
    assert scores["status_accuracy"] == 1.0


def test_every_command_documents_itself() -> None:
    for command in main.commands.values():
        assert command.help, f"casewatch {command.name} has no help text"
        code, out, _ = run(command.name, "--help")
        assert code == 0 and "Usage" in out


def test_unknown_case_is_a_clear_error(tmp_path: Path) -> None:
    db = str(tmp_path / "cw.db")
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "show", "Nobody Atall"])
    assert result.exit_code != 0
    assert "Nobody Atall" in str(result.exception) or "Nobody Atall" in result.output


def test_ingest_urls_fetches_pages_only_where_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.watch_site import running_site

    monkeypatch.delenv("CASEWATCH_ALLOW_PRIVATE_NETWORKS", raising=False)
    db = str(tmp_path / "cw.db")
    with running_site() as site:
        url = site.page("/report", "Blogger jailed in Bishkek",
                        "A court in Bishkek on Tuesday sentenced blogger Aidar Toktorov to three years in prison "
                        "for inciting hatred, his lawyer said.", published="2024-05-08")
        code, out, err = run("ingest", "-q", url, db=db)
        assert code == 1 and "loopback" in err and "127.0.0.1" in err
        assert site.requests == []  # refused before any connection
        code, out, err = run("ingest", "-q", "--allow-private", url, db=db)
        assert code == 0, err
        assert "1 stored" in out
        assert [path for _, path in site.requests] == ["/report"]
    code, out, _ = run("show", "Toktorov", db=db)
    assert code == 0 and "prison 3 years" in out
