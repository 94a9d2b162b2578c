"""Tests of gold scoring: each rule of ontology.md "Gold files", and an independent brute-force oracle."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casewatch.core import ontology
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.evaluate import (
    Report,
    actors_match,
    date_matches,
    format_report,
    load_gold,
    normalize_name,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLDEN = ROOT / "tests" / "golden"
FACTS = ("charges", "events", "sentences", "restrictions", "money")


def case(name: str, aliases: list[str] | None = None, status: str = "unknown", **facts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "aliases": aliases or [], "status": status}
    for slot in FACTS:
        out[slot] = facts.get(slot, [])
    return out


def doc(cases: list[dict[str, Any]], advocacy: list[dict[str, Any]] | None = None,
        text: str = "", doc_id: str = "d1") -> dict[str, Any]:
    return {"id": doc_id, "text": text, "gold": {"cases": cases, "advocacy": advocacy or []}}


def pred(cases: list[dict[str, Any]], advocacy: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"cases": cases, "advocacy": advocacy or []}


def counts(report: Report, slot: str) -> tuple[int, int, int]:
    s = report.slots[slot]
    return s.tp, s.fp, s.fn


# ---------------------------------------------------------------- names and case pairing


@pytest.mark.parametrize(("a", "b"), [
    ("Rolando Rodríguez Lobaina", "rolando rodriguez lobaina"),
    ("Nguyễn Văn Đức", "Nguyen Van Duc"),
    ("Umbakı Qasım", "Umbaki Qasim"),
    ("Ma’ruf O'Neil", "Ma`ruf Oʼneil"),
    ("Sergei Shavrov-Delaunay", "Sergei Shavrov–Delaunay"),
    ("  Aziza\u00a0 Karimova ", "Aziza Karimova"),
])
def test_names_normalize_alike(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


def test_different_names_stay_different() -> None:
    assert normalize_name("Karimov") != normalize_name("Karimova")
    assert normalize_name("Shavrov Delaunay") != normalize_name("Shavrov-Delaunay")


def test_alias_matches_gold_name_and_gold_alias() -> None:
    gold = [doc([case("Zhanbolat Mamai", ["Mamai"]), case("Dana Aliyeva", ["Aliyeva"])])]
    # Predicted name equals a gold alias; predicted alias equals a gold name.
    report = score(gold, {"d1": pred([case("Mamai"), case("D. Aliyeva", ["Dana Aliyeva"])])})
    assert counts(report, "cases") == (2, 0, 0)


def test_accents_apostrophes_and_dashes_in_case_names() -> None:
    gold = [doc([case("Nguyễn Thị Hà"), case("Ma’ruf O’Neil-Saidov")])]
    report = score(gold, {"d1": pred([case("NGUYEN THI HA"), case("Ma'ruf O'Neil—Saidov")])})
    assert counts(report, "cases") == (2, 0, 0)


def test_each_case_pairs_at_most_once() -> None:
    gold = [doc([case("Ali Karimov", ["Karimov"])])]
    report = score(gold, {"d1": pred([case("Ali Karimov"), case("Karimov")])})
    assert counts(report, "cases") == (1, 1, 0)


def test_pairing_is_a_maximum_matching_not_greedy() -> None:
    # Greedy in order would pair the first gold case with the first prediction and strand the second.
    gold = [doc([case("Ali Karimov", ["Karimov"]), case("Bahrom Karimov", ["Karimov"])])]
    report = score(gold, {"d1": pred([case("Karimov"), case("Ali Karimov")])})
    assert counts(report, "cases") == (2, 0, 0)


def test_exact_name_pairs_before_alias_pairs() -> None:
    # The prediction "Karimov" is an alias of the first gold case and the exact name of the second;
    # the exact pair wins even though the alias pair would agree on a charge.
    charge = {"category": "extremism", "text": "extremism"}
    gold = [doc([case("Ali Karimov", ["Karimov"], charges=[charge]), case("Karimov")])]
    report = score(gold, {"d1": pred([case("Karimov", charges=[charge])])})
    assert counts(report, "cases") == (1, 0, 1)
    assert counts(report, "charges") == (0, 1, 1)


def test_unmatched_cases_count_their_facts() -> None:
    arrest = {"type": "arrest", "date": "2022-02-01"}
    charge = {"category": "fraud", "text": "fraud"}
    gold = [doc([case("Ali Karimov", events=[arrest], charges=[charge])])]
    report = score(gold, {"d1": pred([case("Bahrom Saidov", events=[arrest, arrest])])})
    assert counts(report, "cases") == (0, 1, 1)
    assert counts(report, "events") == (0, 2, 1)
    assert counts(report, "charges") == (0, 0, 1)
    assert report.status_total == 0


# ---------------------------------------------------------------- facts within a pair


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("2023-04-10", "2023-04-10", True),
    ("2023-04-10", "2023-04-11", False),
    ("2022-02", "2022-02", True),
    ("2022-02", "2022-02-27", True),
    ("2022-02", "2022-03-01", False),
    ("2022-02-27", "2022-02", False),  # coarser than the gold precision
    ("2022", "2022-11-05", True),
    ("2022", None, False),
    (None, "1999-01-01", True),
    (None, None, True),
])
def test_dates_compare_at_gold_precision(gold: str | None, predicted: str | None, expected: bool) -> None:
    assert date_matches(gold, predicted) is expected


def test_undated_gold_event_does_not_starve_dated_one() -> None:
    g = case("A B", events=[{"type": "arrest"}, {"type": "arrest", "date": "2022-02-03"}])
    p = case("A B", events=[{"type": "arrest", "date": "2022-02-03"}, {"type": "arrest", "date": "2021-05"}])
    assert counts(score([doc([g])], {"d1": pred([p])}), "events") == (2, 0, 0)
    p_one = case("A B", events=[{"type": "arrest", "date": "2022-02-03"}])
    assert counts(score([doc([g])], {"d1": pred([p_one])}), "events") == (1, 0, 1)


def test_events_need_the_same_type() -> None:
    g = case("A B", events=[{"type": "arrest", "date": "2022-02-03"}])
    p = case("A B", events=[{"type": "detention", "date": "2022-02-03"}])
    assert counts(score([doc([g])], {"d1": pred([p])}), "events") == (0, 1, 1)


def test_duplicate_facts_are_a_multiset() -> None:
    ext = {"category": "extremism", "text": "extremism"}
    g = case("A B", charges=[ext, ext])
    assert counts(score([doc([g])], {"d1": pred([case("A B", charges=[ext])])}), "charges") == (1, 0, 1)
    assert counts(score([doc([g])], {"d1": pred([case("A B", charges=[ext] * 3)])}), "charges") == (2, 1, 0)


def test_sentences_restrictions_and_money_keys() -> None:
    g = case("A B",
             sentences=[{"kind": "prison", "months": 72, "suspended": False},
                        {"kind": "administrative_detention", "days": 15, "suspended": False},
                        {"kind": "fine"}],
             restrictions=[{"activity": "journalism", "months": 60}, {"activity": "travel"}],
             money=[{"kind": "damages", "amount": 600000, "currency": "KZT", "usd": 1350}])
    p = case("A B",
             sentences=[{"kind": "prison", "months": 72, "suspended": True},  # suspended flag not scored
                        {"kind": "administrative_detention", "days": 10},
                        {"kind": "fine", "months": None}],
             restrictions=[{"activity": "journalism", "months": 60}, {"activity": "travel", "months": 12}],
             money=[{"kind": "damages", "amount": 600000.0, "currency": "kzt"}])
    report = score([doc([g])], {"d1": pred([p])})
    assert counts(report, "sentences") == (2, 1, 1)
    assert counts(report, "restrictions") == (1, 1, 1)
    assert counts(report, "money") == (1, 0, 0)


def test_status_accuracy_over_matched_cases() -> None:
    gold = [doc([case("A B", status="in_custody"), case("C D", status="free"), case("E F", status="free")])]
    report = score(gold, {"d1": pred([case("A B", status="in_custody"), case("C D", status="restricted")])})
    assert (report.status_correct, report.status_total) == (1, 2)
    assert report.to_dict()["status_accuracy"] == pytest.approx(0.5)
    wrong = [e for e in report.errors if e.slot == "status"]
    assert [(e.case, e.item) for e in wrong] == [("C D", {"predicted": "restricted", "gold": "free"})]
    assert '[C D] {"predicted": "restricted", "gold": "free"}' in format_report(report, explain=True)


# ---------------------------------------------------------------- advocacy


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("HRW", "Human Rights Watch", True),
    ("CPJ", "Committee to Protect Journalists", True),
    ("Committee to Protect Journalists (CPJ)", "CPJ", True),
    ("Committee to Protect Journalists (CPJ)", "Committee to Protect Journalists", True),
    ("the Committee to Protect Journalists", "Committee to Protect Journalists", True),
    ("OSCE", "Organization for Security and Co-operation in Europe", True),
    ("DROI", "European Parliament's Subcommittee on Human Rights (DROI)", True),
    ("Human Rights Watch", "Human Rights Warriors", False),
    ("Amnesty International", "Human Rights Watch", False),
    ("RSF", "Reporters Without Borders", False),
])
def test_actor_acronyms(a: str, b: str, expected: bool) -> None:
    assert actors_match(a, b) is expected
    assert actors_match(b, a) is expected


def test_advocacy_by_actor_and_action_as_a_multiset() -> None:
    gold_adv = [{"actor": "Human Rights Watch", "action": "call_release", "cases": []},
                {"actor": "Human Rights Watch", "action": "condemn", "cases": []},
                {"actor": "Amnesty International", "action": "call_release", "cases": []}]
    pred_adv = [{"actor": "HRW", "action": "call_release"},
                {"actor": "HRW", "action": "call_release"},
                {"actor": "Amnesty International", "action": "condemn"}]
    report = score([doc([], gold_adv)], {"d1": pred([], pred_adv)})
    assert counts(report, "advocacy") == (1, 2, 2)


# ---------------------------------------------------------------- whole reports


def test_missing_prediction_is_empty_and_extra_ids_are_ignored() -> None:
    gold = [doc([case("A B", events=[{"type": "arrest"}])], [{"actor": "CPJ", "action": "condemn"}])]
    report = score(gold, {"other": pred([case("A B")])})
    assert report.documents == 1
    assert counts(report, "cases") == (0, 0, 1)
    assert counts(report, "events") == (0, 0, 1)
    assert counts(report, "advocacy") == (0, 0, 1)
    assert report.slots["cases"].recall == 0.0


def test_micro_average_sums_over_documents() -> None:
    gold = [doc([case("A B")], doc_id="x"), doc([case("C D"), case("E F")], doc_id="y")]
    report = score(gold, {"x": pred([case("A B")]), "y": pred([case("C D"), case("Z Z")])})
    assert counts(report, "cases") == (2, 1, 1)
    s = report.slots["cases"]
    assert (s.precision, s.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert s.f1 == pytest.approx(2 / 3)


def test_zero_tp_scores_zero_not_an_error() -> None:
    report = score([doc([])], {"d1": pred([])})
    assert all(s.precision == s.recall == s.f1 == 0.0 for s in report.slots.values())
    assert report.to_dict()["status_accuracy"] == 0.0


def test_to_dict_shape() -> None:
    report = score([doc([case("A B")])], {"d1": pred([case("A B")])})
    out = report.to_dict()
    assert set(out) == {"documents", "slots", "status_accuracy"}
    assert list(out["slots"]) == ["cases", "charges", "events", "sentences", "restrictions", "money", "advocacy"]
    assert set(out["slots"]["cases"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    json.dumps(out)


def test_errors_carry_the_supporting_sentence() -> None:
    text = ("Police in Almaty detained the blogger on Monday. Aziza Karimova was charged with "
            "spreading false information. CPJ said the charges must be dropped.")
    gold = [doc([case("Aziza Karimova", ["Karimova"],
                      charges=[{"category": "false_information", "text": "spreading false information"}])],
                [{"actor": "CPJ", "action": "call_drop_charges"}], text=text)]
    report = score(gold, {"d1": pred([case("Bobur Saidov", events=[{"type": "arrest", "quote": "detained"}])])})
    by_key = {(e.slot, e.kind): e for e in report.errors}
    assert by_key[("cases", "missed")].sentence == "Aziza Karimova was charged with spreading false information."
    assert by_key[("charges", "missed")].case == "Aziza Karimova"
    assert (by_key[("charges", "missed")].sentence or "").startswith("Aziza Karimova was charged")
    assert by_key[("events", "wrong")].sentence == "Police in Almaty detained the blogger on Monday."
    assert by_key[("cases", "wrong")].sentence is None
    assert by_key[("advocacy", "missed")].sentence == "CPJ said the charges must be dropped."
    explained = format_report(report, explain=True)
    assert "== d1:" in explained and "> Aziza Karimova was charged" in explained
    assert "> " not in format_report(report)


# ---------------------------------------------------------------- loading


def test_load_gold_reads_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    lines = [json.dumps(doc([case("A B")], doc_id="a")), "", json.dumps(doc([], doc_id="b"))]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [d["id"] for d in load_gold(path)] == ["a", "b"]


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "invalid JSON"),
    ('{"id": "x"}', "no 'gold' object"),
    ('{"gold": {"cases": []}}', "'id'"),
    ('{"id": "x", "gold": {"cases": [{"aliases": []}]}}', "'name'"),
    ('{"id": "x", "gold": {"cases": [{"name": "A", "events": {}}]}}', "must be a list"),
])
def test_load_gold_names_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(doc([], doc_id="ok")) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_gold(path)
    assert caught.value.source == f"{path}:2"
    assert problem in str(caught.value)


def test_load_gold_rejects_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps(doc([], doc_id="a")) + "\n" + json.dumps(doc([], doc_id="a")), encoding="utf-8")
    with pytest.raises(InputError, match="duplicate"):
        load_gold(path)


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


# ---------------------------------------------------------------- perfect and empty predictions


def _gold_files() -> list[Path]:
    files = sorted(GOLDEN.glob("*.json"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.jsonl"))
    return files


def _perfect_and_empty(docs: list[dict[str, Any]]) -> None:
    perfect = score(docs, {d["id"]: d["gold"] for d in docs})
    empty = score(docs, {})
    for slot, s in perfect.slots.items():
        assert s.fp == s.fn == 0, slot
        if s.tp:
            assert s.precision == s.recall == s.f1 == 1.0
        assert empty.slots[slot].tp == 0 and empty.slots[slot].recall == 0.0
        assert empty.slots[slot].fn == s.tp
    assert perfect.status_correct == perfect.status_total
    assert not perfect.errors


def test_gold_scored_against_itself_is_perfect() -> None:
    files = _gold_files()
    if not files:
        pytest.skip("no golden files or ../shared/corpus present")
    for path in files:
        _perfect_and_empty(load_gold(path))


def test_corpus_scored_against_itself_is_perfect() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    docs = [d for path in sorted(CORPUS.glob("*.jsonl")) for d in load_gold(path)]
    _perfect_and_empty(docs)
    assert score(docs, {d["id"]: d["gold"] for d in docs}).slots["cases"].f1 == 1.0


# ---------------------------------------------------------------- the golden articles


def _golden() -> list[tuple[Path, dict[str, Any]]]:
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN.glob("*.json"))]


def _unified(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def test_golden_files_are_grounded_and_use_ontology_codes() -> None:
    golden = _golden()
    assert len(golden) >= 10
    for path, record in golden:
        assert set(record) == {"id", "url", "published", "language", "title", "text", "gold", "notes"}, path
        assert record["text"] == path.with_suffix(".txt").read_text(encoding="utf-8"), path
        assert 100 <= len(record["text"].split()) <= 1200, path  # a short press release to a long feature
        text = _unified(record["text"])
        dates = [e["date"] for c in record["gold"]["cases"] for e in c["events"] if "date" in e]
        anchor = record["published"] or max(dates)
        problems = []
        for c in record["gold"]["cases"]:
            strings = [c["name"], *c["aliases"]]
            strings += [x for ch in c["charges"] for x in (ch["text"], ch.get("article")) if x]
            strings += [e[k] for e in c["events"] for k in ("court", "place") if e.get(k)]
            problems += [f"{s!r} not in text" for s in strings if _unified(s) not in text]
            assert c["status"] in ontology.STATUSES
            assert all(ch["category"] in ontology.CHARGE_CATEGORIES for ch in c["charges"])
            assert all(e["type"] in ontology.EVENT_TYPES for e in c["events"])
            assert all(e.get("outcome", "upheld") in ontology.APPEAL_OUTCOMES for e in c["events"])
            assert all(s["kind"] in ontology.SENTENCE_KINDS for s in c["sentences"])
            assert all(r["activity"] in ontology.RESTRICTION_ACTIVITIES for r in c["restrictions"])
            assert all(m["kind"] in ontology.MONEY_KINDS for m in c["money"])
            for e in c["events"]:
                if "date" in e:
                    DateValue(e["date"], e.get("approximate", False))
                    assert e["date"][:len(anchor)] <= anchor, (path, e)  # a day within a month-only anchor is fine
        names = {c["name"] for c in record["gold"]["cases"]}
        for a in record["gold"]["advocacy"]:
            assert a["action"] in ontology.ADVOCACY_ACTIONS
            assert set(a["cases"]) <= names, (path, a)
            strings = [a["actor"], a.get("speaker"), a.get("quote")]
            problems += [f"{s!r} not in text" for s in strings if s and _unified(s) not in text]
        assert not problems, (path, problems)


def test_golden_articles_cover_the_required_situations() -> None:
    records = [r for _, r in _golden()]
    cases = [c for r in records for c in r["gold"]["cases"]]
    events = [e for c in cases for e in c["events"]]
    sentences = [s for c in cases for s in c["sentences"]]
    assert any(r["published"] is None for r in records)
    assert any(len({c["status"] for c in r["gold"]["cases"]}) >= 3 for r in records)
    assert any(e["type"] == "appeal" and e.get("outcome") == "reduced" for e in events)
    assert {"acquittal", "house_arrest", "pardon", "wanted", "travel_ban"} <= {e["type"] for e in events}
    assert any(e["type"] == "conviction" and e.get("in_absentia") for e in events)
    assert any(s["kind"] == "administrative_detention" and s.get("days") for s in sentences)
    money = [m for c in cases for m in c["money"]]
    assert {"fine", "damages"} <= {m["kind"] for m in money if m.get("usd")}
    assert any(r.get("months") for c in cases for r in c["restrictions"])
    assert any(len({a["actor"] for a in r["gold"]["advocacy"]}) >= 3 for r in records)
    assert any(a.get("speaker") for r in records for a in r["gold"]["advocacy"])


def test_bundled_examples_are_the_golden_articles() -> None:
    lines = (ROOT / "casewatch" / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    examples = {e["id"]: e for e in map(json.loads, lines)}
    golden = {r["id"]: r for _, r in _golden()}
    assert examples.keys() == golden.keys()
    for key, example in examples.items():
        assert set(example) == {"id", "title", "url", "published", "text"}
        assert all(example[k] == golden[key][k] for k in example)


# ---------------------------------------------------------------- an independent oracle
#
# The rules re-read from ontology.md and written again by brute force: every pairing of cases and of
# items is enumerated, and the best is chosen by the same documented order (most pairs, then most exact
# names, then most facts in total, then slot by slot, then status). Nothing is imported from the
# implementation beyond score() itself.

_QUOTE_CHARS = "\u2019\u2018`\u02bc"
_DASH_CHARS = "\u2013\u2014\u2010"
_FUNCTION_WORDS = {"of", "the", "to", "for", "on", "and", "in"}
_STROKED = {"đ": "d", "Đ": "d", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}


def oracle_fold(name: str) -> str:
    chars = []
    for ch in unicodedata.normalize("NFD", name):
        if unicodedata.category(ch) == "Mn":
            continue
        if ch in _QUOTE_CHARS:
            ch = "'"
        if ch in _DASH_CHARS:
            ch = "-"
        ch = _STROKED.get(ch, ch)
        chars.append(ch.lower())
    return " ".join("".join(chars).split())


def oracle_same_actor(a: str, b: str) -> bool:
    def forms(x: str) -> tuple[set[str], set[str]]:
        full = oracle_fold(x)
        base, _, rest = full.partition("(")
        base = base.strip()
        whole = {full, base}
        whole |= {w[len("the "):] for w in list(whole) if w.startswith("the ")}
        shorts = set()
        inner = rest.rstrip(")").strip()
        if inner and " " not in inner:
            shorts.add(inner)
        letters = ""
        for word in base.replace("'s ", " ").split():
            if word not in _FUNCTION_WORDS:
                letters += word[0]
        if len(letters) > 1:
            shorts.add(letters)
        return whole, shorts

    whole_a, short_a = forms(a)
    whole_b, short_b = forms(b)
    if whole_a & whole_b:
        return True
    return bool(whole_a & short_b) or bool(short_a & whole_b)


def oracle_event_ok(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g["type"] != p["type"]:
        return False
    if g.get("date") is None:
        return True
    pd = p.get("date")
    if pd is None:
        return False
    g_parts, p_parts = g["date"].split("-"), pd.split("-")
    return len(p_parts) >= len(g_parts) and p_parts[: len(g_parts)] == g_parts


def oracle_best_pairing(n_gold: int, n_pred: int, value: Any) -> tuple[Any, list[tuple[int, int]]]:
    """Try every way to give each gold item one distinct predicted item or none; keep the best value."""
    best: tuple[Any, list[tuple[int, int]]] | None = None
    slots = list(range(n_pred)) + [None] * n_gold
    for choice in set(itertools.permutations(slots, n_gold)):
        pairs = [(g, p) for g, p in enumerate(choice) if p is not None]
        v = value(pairs)
        if v is None:
            continue
        if best is None or v > best[0]:
            best = (v, pairs)
    assert best is not None
    return best


def oracle_max_pairs(gold: list[Any], preds: list[Any], ok: Any) -> int:
    def value(pairs: list[tuple[int, int]]) -> int | None:
        for g, p in pairs:
            if not ok(gold[g], preds[p]):
                return None
        return len(pairs)

    return oracle_best_pairing(len(gold), len(preds), value)[0]


def oracle_multiset_tp(gold: list[dict[str, Any]], preds: list[dict[str, Any]], keys: tuple[str, ...]) -> int:
    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(str(item.get(k)).upper() if k == "currency" else item.get(k) for k in keys)

    have = Counter(key(p) for p in preds)
    tp = 0
    for g in gold:
        k = key(g)
        if have[k] > 0:
            have[k] -= 1
            tp += 1
    return tp


def oracle_fact_tps(g: dict[str, Any], p: dict[str, Any]) -> tuple[int, ...]:
    return (
        oracle_multiset_tp(g["charges"], p["charges"], ("category",)),
        oracle_max_pairs(g["events"], p["events"], oracle_event_ok),
        oracle_multiset_tp(g["sentences"], p["sentences"], ("kind", "months", "days")),
        oracle_multiset_tp(g["restrictions"], p["restrictions"], ("activity", "months")),
        oracle_multiset_tp(g["money"], p["money"], ("kind", "amount", "currency")),
    )


def oracle_names(c: dict[str, Any]) -> set[str]:
    return {oracle_fold(n) for n in [c["name"], *c["aliases"]]}


def oracle_case_pairing(gcases: list[dict[str, Any]], pcases: list[dict[str, Any]]) -> tuple[int, ...]:
    """(pairs, exact names, facts, facts per slot..., same status) of the best case pairing."""
    tps_of = {}
    for g, p in itertools.product(range(len(gcases)), range(len(pcases))):
        tps_of[g, p] = oracle_fact_tps(gcases[g], pcases[p])

    def value(pairs: list[tuple[int, int]]) -> tuple[int, ...] | None:
        exact = facts = same_status = 0
        per_slot = [0] * len(FACTS)
        for g, p in pairs:
            if not oracle_names(gcases[g]) & oracle_names(pcases[p]):
                return None
            exact += oracle_fold(gcases[g]["name"]) == oracle_fold(pcases[p]["name"])
            facts += sum(tps_of[g, p])
            per_slot = [a + b for a, b in zip(per_slot, tps_of[g, p], strict=True)]
            same_status += gcases[g]["status"] == pcases[p]["status"]
        return (len(pairs), exact, facts, *per_slot, same_status)

    return oracle_best_pairing(len(gcases), len(pcases), value)[0]


def oracle_score(gold_docs: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    totals = {s: [0, 0, 0] for s in ("cases", *FACTS, "advocacy")}
    status = [0, 0]
    for d in gold_docs:
        gcases = d["gold"]["cases"]
        prediction = predictions.get(d["id"], {"cases": [], "advocacy": []})
        pcases = prediction["cases"]
        best = oracle_case_pairing(gcases, pcases)
        totals["cases"][0] += best[0]
        totals["cases"][1] += len(pcases) - best[0]
        totals["cases"][2] += len(gcases) - best[0]
        status[0] += best[-1]
        status[1] += best[0]
        for i, slot in enumerate(FACTS):
            tp = best[3 + i]
            totals[slot][0] += tp
            totals[slot][1] += sum(len(c[slot]) for c in pcases) - tp
            totals[slot][2] += sum(len(c[slot]) for c in gcases) - tp
        gadv, padv = d["gold"]["advocacy"], prediction["advocacy"]
        tp = oracle_max_pairs(gadv, padv, lambda g, p: g["action"] == p["action"]
                              and oracle_same_actor(g["actor"], p["actor"]))
        totals["advocacy"][0] += tp
        totals["advocacy"][1] += len(padv) - tp
        totals["advocacy"][2] += len(gadv) - tp
    return {"slots": {k: tuple(v) for k, v in totals.items()}, "status": tuple(status)}


# Small pools, so names, dates and actors collide often and every rule is exercised.
PEOPLE = [
    ("Ali Karimov", ["Karimov", "Ali"]),
    ("Bahrom Karimov", ["Karimov"]),
    ("Aziza Karimova", ["Karimova"]),
    ("Nguyễn Văn Đạt", ["Đạt", "Nguyen"]),
    ("Ma’ruf Qylyshev", ["Qylyshev"]),
    ("Leyla Hüseynova-Arif", ["Hüseynova"]),
]
SPELLINGS = {
    "Ali Karimov": ["Ali Karimov", "ALI KARIMOV", "Karimov", "Ali"],
    "Bahrom Karimov": ["Bahrom Karimov", "Karimov", "bahrom  karimov"],
    "Aziza Karimova": ["Aziza Karimova", "Karimova", "Aziza Karimov"],
    "Nguyễn Văn Đạt": ["Nguyen Van Dat", "Nguyễn Văn Đạt", "Dat", "Nguyen"],
    "Ma’ruf Qylyshev": ["Ma'ruf Qylyshev", "Ma`ruf Qylyshev", "Qylyshev", "Kylyshev"],
    "Leyla Hüseynova-Arif": ["Leyla Huseynova–Arif", "Hüseynova", "Leyla Huseynova Arif"],
}
ACTORS = ["Human Rights Watch", "HRW", "Human Rights Watch (HRW)", "Human Rights Warriors",
          "Committee to Protect Journalists", "CPJ", "the Committee to Protect Journalists",
          "Amnesty International", "Freedom Now", "FN", "Norwegian Helsinki Committee"]
DATES = [None, None, "2022", "2022-02", "2022-02-03", "2022-02-27", "2023-04-10"]

events = st.lists(st.fixed_dictionaries({"type": st.sampled_from(["arrest", "arrest", "conviction"]),
                                         "date": st.sampled_from(DATES)}), max_size=4)
charges = st.lists(st.fixed_dictionaries({"category": st.sampled_from(["extremism", "fraud", "mass_unrest"]),
                                          "text": st.just("x")}), max_size=3)
sentences = st.lists(st.fixed_dictionaries({"kind": st.sampled_from(["prison", "fine", "administrative_detention"]),
                                            "months": st.sampled_from([None, 12, 72]),
                                            "days": st.sampled_from([None, 15])}), max_size=3)
restrictions = st.lists(st.fixed_dictionaries({"activity": st.sampled_from(["activism", "journalism"]),
                                               "months": st.sampled_from([None, 60])}), max_size=2)
money = st.lists(st.fixed_dictionaries({"kind": st.sampled_from(["fine", "damages"]),
                                        "amount": st.sampled_from([1000, 600000, 600000.0]),
                                        "currency": st.sampled_from(["KZT", "kzt", "USD"])}), max_size=2)
advocacy = st.lists(st.fixed_dictionaries({"actor": st.sampled_from(ACTORS),
                                           "action": st.sampled_from(["condemn", "call_release"])}), max_size=4)


def _restatements(date: str | None) -> list[str | None]:
    """The same date, finer, coarser or gone."""
    if date is None:
        return [None, "2022-02-03", "2021"]
    return [date, date[:4], date + "-27" if len(date) == 7 else date + "-02" if len(date) == 4 else date, None]


@st.composite
def gold_case(draw: st.DrawFn) -> dict[str, Any]:
    name, aliases = draw(st.sampled_from(PEOPLE))
    return {"name": name, "aliases": draw(st.lists(st.sampled_from(aliases), max_size=2, unique=True)),
            "status": draw(st.sampled_from(["in_custody", "free", "unknown"])),
            "charges": draw(charges), "events": draw(events), "sentences": draw(sentences),
            "restrictions": draw(restrictions), "money": draw(money)}


@st.composite
def predicted_case(draw: st.DrawFn, like: list[dict[str, Any]]) -> dict[str, Any]:
    base = draw(gold_case())
    if draw(st.booleans()) and like:
        # A noisy copy of a gold case: respelled name, facts kept, dropped or added.
        source = draw(st.sampled_from(like))
        fresh = base
        base = {}
        for key, value in source.items():
            chosen = fresh[key] if draw(st.booleans()) else value
            base[key] = list(chosen) if isinstance(chosen, list) else chosen
        # Events restated at another precision, in another order: the cases greedy pairing gets wrong.
        restated = [{**e, "date": draw(st.sampled_from(_restatements(e.get("date"))))} for e in base["events"]]
        base["events"] = draw(st.permutations(restated + draw(events)))[:4]
    forms = SPELLINGS[base["name"]]
    base["name"] = draw(st.sampled_from(forms))
    base["aliases"] = draw(st.lists(st.sampled_from(forms), max_size=2))
    return base


@st.composite
def corpus(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    gold_docs, predictions = [], {}
    for n in range(draw(st.integers(1, 3))):
        gcases = draw(st.lists(gold_case(), max_size=3))
        gadv = draw(advocacy)
        gold_docs.append({"id": f"doc{n}", "text": "", "gold": {"cases": gcases, "advocacy": gadv}})
        if draw(st.integers(0, 4)):  # now and then a document without any prediction
            pcases = draw(st.lists(predicted_case(gcases), max_size=3))
            padv = draw(st.one_of(advocacy, st.just(list(gadv))))
            predictions[f"doc{n}"] = {"cases": pcases, "advocacy": padv}
    return gold_docs, predictions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus())
def test_score_agrees_with_brute_force_oracle(data: tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]) -> None:
    gold_docs, predictions = data
    report = score(gold_docs, predictions)
    expected = oracle_score(gold_docs, predictions)
    for slot, (tp, fp, fn) in expected["slots"].items():
        got = report.slots[slot]
        assert (got.tp, got.fp, got.fn) == (tp, fp, fn), slot
        # The tolerance; equal counts make it exact.
        assert abs(got.f1 - (2 * tp / (2 * tp + fp + fn) if tp else 0.0)) <= 0.02
    assert (report.status_correct, report.status_total) == expected["status"]


@settings(max_examples=100, deadline=None)
@given(corpus())
def test_gold_against_itself_is_perfect_property(data: tuple[list[dict[str, Any]], Any]) -> None:
    gold_docs, _ = data
    report = score(gold_docs, {d["id"]: d["gold"] for d in gold_docs})
    assert all(s.fp == 0 and s.fn == 0 for s in report.slots.values())


@st.composite
def event_pair(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    kinds = st.sampled_from(["arrest", "detention"])
    gold = draw(st.lists(st.fixed_dictionaries({"type": kinds, "date": st.sampled_from(DATES)}), min_size=1,
                         max_size=4))
    restated = [{**e, "date": draw(st.sampled_from(_restatements(e["date"])))} for e in gold]
    extra = draw(st.lists(st.fixed_dictionaries({"type": kinds, "date": st.sampled_from(DATES)}), max_size=2))
    return gold, draw(st.permutations(restated + extra))[:4]


@settings(max_examples=300, deadline=None)
@given(event_pair())
def test_event_matching_agrees_with_brute_force(pair: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    gold, predicted = pair
    report = score([doc([case("A B", events=gold)])], {"d1": pred([case("A B", events=predicted)])})
    tp = oracle_max_pairs(gold, predicted, oracle_event_ok)
    assert counts(report, "events") == (tp, len(predicted) - tp, len(gold) - tp)
