"""The literal gates in front of the trigger and advocacy scans never hide a match."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from casewatch.extract.components import advocacy, events, status
from casewatch.extract.context import WorkDoc
from casewatch.extract.prefilter import (
    FoldedSearch,
    GateSet,
    LiteralGate,
    fold,
    folded_twin,
    folded_twin_of,
    required_literals,
    sensitive_flags,
    with_first_chars,
)
from casewatch.extract.rules import load
from casewatch.extract.segment import split_sentences

GOLDEN = Path(__file__).parent / "golden"


def _rule_patterns() -> list[str]:
    rules = load("events")
    groups = list(rules["triggers"].values()) + list(rules.get("dated_triggers", {}).values())
    groups += list(load("advocacy")["actions"].values())
    groups += list(load("status")["cues"].values())
    return [p for group in groups for p in group] + [status._RELEASE_CALL.pattern]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b(?:re-?)?arrest(?:ed|s|ing)?\b(?! warrant)", {"arrest"}),
    (r"\b(?:was|were)?\s*(?:released|freed|set free)\b", {"released", "freed", "set free"}),
    (r"\bcharged\b(?= with| under)", {"charged"}),
    (r"(?<=\band )charged", {"charged"}),
    (r"\bprotests?\b", {"protest"}),
    (r"(?-i:#Free[A-Z]\w+)", {"#free"}),
    (r"\bfree(?:d|dom)?\b", {"free"}),  # "freed" and "freedom" contain "free"
    (r"\b[A-Z]\w+\b", None),  # no literal every match holds
    (r"\b(?:a|an)?\s*\w+", None),
    (r"(?:x|)yz", {"yz"}),
])
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    got = required_literals(pattern)
    assert (None if got is None else set(got)) == expected


def test_fold_covers_every_character_ignorecase_equates_with_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if letter.fullmatch(char):
            folded = fold(char)
            assert folded is not None and folded in string.ascii_lowercase, hex(code)
            assert re.fullmatch(folded, char, re.IGNORECASE), hex(code)
    assert fold("İstanbul ſ K") == "istanbul s k"


@pytest.mark.parametrize("pattern", _rule_patterns())
def test_every_rule_pattern_match_holds_one_of_its_literals(pattern: str) -> None:
    """On the golden texts: wherever a rule pattern matches, its gate lets the sentence through."""
    compiled = re.compile(pattern, re.IGNORECASE)
    gate = LiteralGate([pattern])
    for path in sorted(GOLDEN.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        doc = WorkDoc(text=text, published=None)
        for start, end in split_sentences(text):
            m = compiled.search(text, start, end)
            if m:
                assert gate.admits(doc, start, end), (pattern, text[start:end])
                assert gate.admits(doc, m.start(), m.end()), (pattern, m.group())


def test_gate_admits_only_stretches_holding_a_literal() -> None:
    doc = WorkDoc(text="He was ARRESTED on Monday. Nothing happened. İt was an arrest.", published=None)
    gate = LiteralGate([r"\barrest(?:ed)?\b"])
    assert gate.admits(doc, 0, 26)
    assert not gate.admits(doc, 27, 45)
    assert not gate.admits(doc, 0, 10)  # "ARRESTED" is cut at the end of the stretch
    assert gate.admits(doc, 46, len(doc.text))
    assert LiteralGate([r"\b\w+\b"]).admits(doc, 27, 45)  # no literal: always open


def test_gate_set_answers_as_each_of_its_gates() -> None:
    """On every sentence of the golden texts, and on stretches that are not sentences, the gates a
    GateSet admits are exactly those whose own ``admits`` says yes; sentences skipped as
    non-English and gates without literals included."""
    gates = [gate for *_, gate in events._trigger_scans()] + [LiteralGate([r"\b\w+\b"])]
    gate_set = GateSet(gates)
    checked = 0
    for path in sorted(GOLDEN.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        doc = WorkDoc(text=text, published=None)
        doc.sentences = split_sentences(text)[1::2]  # gaps between sentences, as after a language filter
        spans = list(doc.sentences) + [(s, min(len(text), s + 45)) for s, _ in split_sentences(text)[::2]]
        for start, end in spans:
            expected = [i for i, gate in enumerate(gates) if gate.admits(doc, start, end)]
            assert gate_set.admitted(doc, start, end) == expected, (path.name, text[start:end])
            checked += len(expected) > 1
    assert checked > 50  # the comparison saw many stretches with some trigger word


def test_the_components_use_gates_built_from_their_rule_files() -> None:
    rules = load("events")
    scans = events._trigger_scans()
    assert len(scans) == len(rules["triggers"]) + len(rules.get("dated_triggers", {}))
    for etype, _pattern, dated, gate in scans:
        patterns = rules["dated_triggers" if dated else "triggers"][etype]
        assert gate.literals == LiteralGate(patterns).literals
    actions = load("advocacy")["actions"]
    assert [a for a, _, _ in advocacy._action_gates()] == list(actions)
    cues = [(kind, p) for kind, patterns in load("status")["cues"].items() for p in patterns]
    assert [(kind, pattern.pattern) for kind, pattern, _ in status._cues()] == cues
    assert all(gate.literals == LiteralGate([pattern.pattern]).literals for _, pattern, gate in status._cues())


def test_fold_keeps_length_digits_word_characters_and_ascii_letter_equivalence() -> None:
    """What FoldedSearch relies on, for every code point."""
    word, digit = re.compile(r"\w"), re.compile(r"\d")
    for code in range(0x110000):
        char = chr(code)
        folded = fold(char)
        assert folded is not None and len(folded) == 1, hex(code)
        assert bool(word.fullmatch(char)) == bool(word.fullmatch(folded)), hex(code)
        assert bool(digit.fullmatch(char)) == bool(digit.fullmatch(folded)), hex(code)
        if folded.isascii() and folded.isalpha():
            assert re.fullmatch(folded, char, re.IGNORECASE), hex(code)  # fold only joins what re.I joins
        if not char.isascii() and char.lower() == char == char.upper():
            assert folded == char, hex(code)  # uncased characters stay as they are


@pytest.mark.parametrize("name", ["_PENALTY_GATE", "_ACCUSATION"])
def test_folded_search_answers_as_the_case_insensitive_pattern(name: str) -> None:
    from casewatch.extract import pipeline

    pattern = getattr(pipeline, name)
    folded = FoldedSearch(pattern)
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(GOLDEN.glob("*.json"))]
    texts.append("İS ſENTENCED to 5 YEARS; a ₸ fine; KELVIN K; Prıson")
    for text in texts:
        doc = WorkDoc(text=text, published=None)
        for start, end in split_sentences(text):
            assert folded.search(doc, start, end) == bool(pattern.search(text, start, end))
            assert folded.search_within(doc, start, end) == bool(pattern.search(text[start:end]))


def test_folded_search_refuses_patterns_it_cannot_fold() -> None:
    for bad in (re.compile("Court", re.I), re.compile("court"), re.compile("straße", re.I),
                re.compile(r"pardon|(?-i:amnest(?:y|ied))", re.I), re.compile(r"(?s:a.b)|court", re.I)):
        with pytest.raises(ValueError):
            FoldedSearch(bad)
    FoldedSearch(re.compile(r"\bcourt\b|[$€]|\d|\S", re.I))
    FoldedSearch(re.compile(r"(?:court|tribunal)(?=s?\b)", re.I))  # a plain group is no inline flag


def test_folded_twin_is_the_folded_search_pattern_behind_its_first_characters() -> None:
    for rx in (re.compile(r"\b(?:urged|called on)\b|\bdemand(?:ed|s)\b", re.I), re.compile(r"court", re.I),
               re.compile(r"\d+\s+years?", re.I), re.compile(r"(?:x)?y|\bz", re.I)):
        twin = folded_twin(rx)
        expected = with_first_chars(FoldedSearch(rx).sensitive)
        assert twin is not None and (twin.pattern, twin.flags) == (expected.pattern, expected.flags)
    assert folded_twin(re.compile("Court", re.I)) is None
    assert folded_twin(re.compile(r"pardon|(?-i:amnest(?:y|ied))", re.I)) is None


def test_sensitive_flags_need_no_compiled_pattern() -> None:
    for source in (r"\bcourt\b|[$€]|\d", r"(?:court|tribunal)(?=s?\b)"):
        assert sensitive_flags(source, re.I | re.U) == FoldedSearch(re.compile(source, re.I)).sensitive.flags == re.U
    for source, flags in (("Court", re.I), ("court", re.U), (r"pardon|(?-i:amnesty)", re.I)):
        with pytest.raises(ValueError):
            sensitive_flags(source, flags)


def test_folded_twin_of_a_source_is_the_folded_twin_of_its_pattern() -> None:
    for source in (r"\b(?:urged|called on)\b|\bdemand(?:ed|s)\b", r"\d+\s+years?", "Court", r"pardon|(?-i:amnesty)"):
        twin, expected = folded_twin_of(source, re.I), folded_twin(re.compile(source, re.I))
        if expected is None:
            assert twin is None
        else:
            assert twin is not None and (twin.pattern, twin.flags) == (expected.pattern, expected.flags)
