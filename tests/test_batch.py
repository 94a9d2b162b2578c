"""Batch ingest: a process pool and a real Dask cluster leave the same database as a serial run."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casewatch.batch import extract_documents, ingest_documents
from casewatch.core.document import Document
from casewatch.core.errors import ConfigError, InputError
from casewatch.core.types import DateValue, Extraction
from casewatch.process import ProcessResult
from casewatch.store import open_store

# Fictional people, places and groups; the articles are generated, never taken from a corpus.
PEOPLE = [("Blogger", "Aidos Kemelbekov", "he", "his"), ("Journalist", "Zarina Tulegenova", "she", "her"),
          ("Activist", "Bakhyt Ormanov", "he", "his"), ("Poet", "Dilnoza Rakhimova", "she", "her"),
          ("Lawyer", "Timur Sagintayev", "he", "his"), ("Blogger", "Gulnara Yesenova", "she", "her"),
          ("Journalist", "Rustam Abdirov", "he", "his"), ("Activist", "Madina Kaliyeva", "she", "her")]
CITIES = ["Almaty", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Taraz"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"]
CHARGES = ["spreading false information", "inciting social discord", "organizing mass unrest",
           "insulting a government official"]
GROUPS = ["the Steppe Rights Bureau", "the Free Press Watch", "the Civic Defenders Network"]


def _article(rng: random.Random, number: int) -> Document:
    role, name, pronoun, possessive = PEOPLE[number % len(PEOPLE)]
    surname = name.split()[1]
    city = rng.choice(CITIES)
    month, day, year = rng.choice(MONTHS), rng.randint(1, 28), rng.choice([2021, 2022, 2023])
    years = rng.randint(2, 9)
    sentences = [
        f"{role} {name} was arrested in {city} on {month} {day}, {year}, on charges of {rng.choice(CHARGES)}.",
        f"Police searched {possessive} apartment and seized two laptops.",
        f"On {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year + 1}, a district court in {city} sentenced "
        f"{surname} to {years} years in prison.",
        f"{surname} denied the charges, {possessive} lawyer said.",
    ]
    if number % 3 == 0:
        group = rng.choice(GROUPS)
        sentences.append(f"{group[0].upper()}{group[1:]} condemned the verdict and called for "
                         f"{possessive} immediate release.")
    if number % 4 == 1:
        sentences.append(f"The court also banned {surname} from posting on social media for three years "
                         f"and fined {pronoun == 'he' and 'him' or 'her'} 500,000 tenge.")
    text = f"{role} {name} jailed in {city}\n\n" + " ".join(sentences)
    return Document(id=f"batch-{number:02d}", text=text, title=f"{role} {name} jailed in {city}",
                    published=DateValue(f"{year + 1}-12-01"), source="test_batch")


def corpus(count: int = 20) -> list[Document | InputError]:
    """``count`` generated articles (several about the same person), one repeated, one unreadable input."""
    rng = random.Random(20261107)
    docs: list[Document | InputError] = [_article(rng, n) for n in range(count - 2)]
    first = docs[0]
    assert isinstance(first, Document)
    docs.append(Document(id="batch-copy", text=first.text, title=first.title, published=first.published))
    docs.append(InputError("missing.txt", "no such file; check the path"))
    return docs


# -- database contents on stable keys ---------------------------------------------------

_VOLATILE = {"id", "created_at", "updated_at", "at", "last_used_at", "last_run_at"}


def snapshot(db_url: str) -> dict[str, list[str]]:
    """Every table's rows, with ids replaced by stable keys and timestamps left out, sorted."""
    with open_store(db_url) as store:
        rows: dict[str, list[dict[str, Any]]] = {}
        for table, row in store.export_rows():
            rows.setdefault(table, []).append(row)
    doc_key = {r["id"]: r["key"] for r in rows.get("documents", [])}
    names: dict[int, list[str]] = {}
    for r in rows.get("person_names", []):
        names.setdefault(r["person_id"], []).append(r["name"])
    person_key = {r["id"]: f"{r['canonical_name']}|{'/'.join(sorted(names.get(r['id'], [])))}"
                  for r in rows.get("persons", [])}
    case_key = {r["id"]: person_key[r["person_id"]] for r in rows.get("cases", [])}
    keys = {"document_id": doc_key, "person_id": person_key, "case_id": case_key}
    out: dict[str, list[str]] = {}
    for table, table_rows in rows.items():
        stable = []
        for r in table_rows:
            row = {k: v for k, v in r.items() if k not in _VOLATILE}
            for column, mapping in keys.items():
                if column in row and row[column] is not None:
                    row[column] = mapping[row[column]]
            if table in ("persons", "cases"):
                row["key"] = person_key[r["id"]] if table == "persons" else case_key[r["id"]]
            stable.append(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str))
        out[table] = sorted(stable)
    return out


def outcome(results: list[ProcessResult]) -> list[tuple[str, str, int, int, str | None]]:
    return [(r.document_key, r.status, r.cases, r.facts, r.message) for r in results]


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[ProcessResult], dict[str, list[str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('serial') / 'serial.db'}"
    results = ingest_documents(corpus(), url)
    return results, snapshot(url)


def test_serial_run_stores_people_and_facts(serial: tuple[list[ProcessResult], dict[str, list[str]]]) -> None:
    results, tables = serial
    statuses = [r.status for r in results]
    assert statuses[-2:] == ["unchanged", "failed"]  # the repeated article, the unreadable input
    assert statuses.count("stored") == len(results) - 2
    assert len(tables["documents"]) == len(results) - 2
    assert tables["persons"] and tables["facts"]  # else the comparisons below would prove nothing


def test_process_pool_matches_serial(serial, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    seen: list[ProcessResult] = []
    results = ingest_documents(corpus(), url, workers=2, on_result=seen.append)
    assert outcome(results) == outcome(serial[0])
    assert seen == results
    assert snapshot(url) == serial[1]


def test_dask_cluster_matches_serial(serial, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        results = ingest_documents(corpus(), url, dask_address=cluster.scheduler_address)
    assert outcome(results) == outcome(serial[0])
    assert snapshot(url) == serial[1]


def test_rerun_with_workers_changes_nothing(serial, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'again.db'}"
    ingest_documents(corpus(), url)
    again = ingest_documents(corpus(), url, workers=2)
    assert [r.status for r in again] == ["unchanged"] * (len(again) - 1) + ["failed"]
    assert snapshot(url) == serial[1]


def test_parallel_extraction_keeps_order_and_reports_errors() -> None:
    docs = [d for d in corpus(8) if isinstance(d, Document)]
    broken = Document(id="broken", text=None)  # type: ignore[arg-type]  # a text that is no text
    items = [*docs[:3], broken, *docs[3:]]
    one = list(extract_documents(items))
    two = list(extract_documents(items, workers=2))
    assert [isinstance(x, Extraction) for x in one] == [d is not broken for d in items]
    assert [str(x) if isinstance(x, Exception) else x for x in two] == \
        [str(x) if isinstance(x, Exception) else x for x in one]
    assert [x.text for x in two if isinstance(x, Extraction)] == [d.text for d in items if d is not broken]


@pytest.mark.parametrize("workers", [0, -1, 1.5])
def test_bad_worker_counts_are_refused(workers: Any, tmp_path) -> None:
    with pytest.raises(ConfigError, match="workers="):
        ingest_documents([], f"sqlite:///{tmp_path / 'x.db'}", workers=workers)


def test_unreachable_scheduler_is_a_config_error(tmp_path) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(ConfigError, match="Dask scheduler at 'tcp://127.0.0.1:9'"):
        ingest_documents(iter(_one()), f"sqlite:///{tmp_path / 'x.db'}", dask_address="tcp://127.0.0.1:9")


def _one() -> Iterator[Document]:
    yield Document(id="one", text="Blogger Aidos Kemelbekov was arrested in Almaty on May 3, 2022.")


def test_the_caller_of_workers_leaves_the_rules_and_the_model_to_them(tmp_path) -> None:
    # In a fresh interpreter: the test process itself has long imported the pipeline.
    script = tmp_path / "caller.py"
    script.write_text(
        "import sys\n"
        "from casewatch.batch import extract_documents, ingest_documents\n"
        "from casewatch.core.document import Document\n"
        "from casewatch.core.types import Extraction\n"
        "if __name__ == '__main__':\n"
        "    docs = [Document(id=f'd{n}', text=f'Blogger Aidos Kemelbekov{n} was arrested in Almaty on May 3, 2022.')\n"
        "            for n in range(3)]\n"
        "    out = list(extract_documents(docs, workers=2))\n"
        "    results = ingest_documents(docs, sys.argv[1], workers=2)\n"
        "    print(all(isinstance(x, Extraction) for x in out), [r.status for r in results],\n"
        "          sorted(m for m in ('casewatch.extract.pipeline', 'spacy') if m in sys.modules))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script), f"sqlite:///{tmp_path / 'c.db'}"], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "True ['stored', 'stored', 'stored'] []"


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_workers_are_forked_from_a_server_that_has_loaded_the_extractor(tmp_path) -> None:
    # In a fresh interpreter, so that the fork server starts there and not in an earlier test.
    script = tmp_path / "probe.py"
    script.write_text(
        "import json, os, sys\n"
        "def probe(_):\n"
        "    inherited = 'casewatch.extract.preload' in sys.modules\n"
        "    import casewatch.extract.preload as preload\n"
        "    return os.getppid(), inherited and preload.LOADED, len(os.listdir('/proc/self/task'))\n"
        "if __name__ == '__main__':\n"
        "    from casewatch.batch import _executor\n"
        "    with _executor(2, None) as (submit, workers):\n"
        "        pool = submit.__closure__[0].cell_contents\n"
        "        seen = sorted({pool.submit(probe, n).result() for n in range(6)})\n"
        "    print(json.dumps([os.getpid(), seen, 'spacy' in sys.modules]))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    caller, seen, caller_loaded_spacy = json.loads(done.stdout.strip().splitlines()[-1])
    # Every worker's parent is one server, not the caller; it had loaded the extractor before forking
    # them, and they run single-threaded (no thread of the server's came along into a fork).
    assert len({parent for parent, _, _ in seen}) == 1 and seen[0][0] != caller
    assert all(loaded and threads == 1 for _, loaded, threads in seen)
    assert caller_loaded_spacy is False


def test_the_charge_rules_are_built_the_same_whatever_the_hash_seed() -> None:
    code = ("from casewatch.extract.lexicon import _charge_rules\n"
            "print('\\n'.join(r.core_source + ' ' + str(r.lead_source) for r in _charge_rules().rules))")
    built = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")]
    assert built[0].count("\n") > 400
    assert built[0] == built[1] == built[2]


def test_every_process_extracts_the_same_whatever_its_hash_seed(tmp_path) -> None:
    # Workers are separate interpreters with their own string-hash seeds: any rule built by iterating a set
    # would differ between them, and a parallel run would not give the serial run's database.
    script = tmp_path / "dump.py"
    script.write_text(
        "import dataclasses, json, sys\n"
        "from pathlib import Path\n"
        "from casewatch.extract.pipeline import get_extractor\n"
        "extractor = get_extractor()\n"
        "out = []\n"
        "for path in sorted(Path(sys.argv[1]).glob('*.json')):\n"
        "    record = json.loads(path.read_text(encoding='utf-8'))\n"
        "    result = extractor.extract_text(record['text'], published=record.get('published'))\n"
        "    out.append(json.dumps(dataclasses.asdict(result), sort_keys=True, default=str))\n"
        "print(len(out)); print('\\n'.join(out))\n",
        encoding="utf-8",
    )
    golden = Path(__file__).resolve().parent / "golden"
    runs = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, str(script), str(golden)], capture_output=True, text=True, timeout=600,
                              check=False, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    assert int(runs[0].split("\n", 1)[0]) >= 100
    assert runs[0] == runs[1]
