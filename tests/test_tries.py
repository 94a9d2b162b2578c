"""Trie-factored patterns match what a plain alternation of the same words matches."""

from __future__ import annotations

import random
import re
from typing import Any

from casewatch.extract.tries import trie_pattern, words_pattern

WORDS = ["arrest", "arrested", "arrests", "art", "bail", "ba", "house arrest"]
TEXT = "the house arrest; arrested, bail and art: arrests of a ba-ba"


def test_the_longest_word_at_a_position_matches_first_as_in_a_longest_first_alternation() -> None:
    plain = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    assert [m.span() for m in re.finditer(trie_pattern(WORDS), TEXT)] == [m.span() for m in plain.finditer(TEXT)]


def test_shortest_stops_at_the_first_word_that_ends() -> None:
    assert re.findall(trie_pattern(WORDS, shortest=True), "arrested bail") == ["arrest", "ba"]


def test_spaces_of_phrases_match_any_white_space() -> None:
    assert re.search(words_pattern(["house arrest"]), "under house\n  arrest") is not None
    assert re.search(trie_pattern(["house arrest"]), "under house\n  arrest") is None


def _dict_trie(words: list[str], shortest: bool) -> str:
    """The trie built as nested dicts, one node per character: what trie_pattern must spell."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        if shortest and "" in node:
            return ""
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def test_the_pattern_is_the_one_of_the_character_trie() -> None:
    rnd = random.Random(7)
    cases = [[], [""], ["", "a"], WORDS, WORDS + ["arrest"], ["ab", "abc", "abd", "b.c", "b"]]
    cases += [["".join(rnd.choice("ab.c") for _ in range(rnd.randrange(5))) for _ in range(12)] for _ in range(200)]
    for words in cases:
        for shortest in (False, True):
            assert trie_pattern(words, shortest=shortest) == _dict_trie(words, shortest)
