"""Trie-factored patterns match what a plain alternation of the same words matches."""

from __future__ import annotations

import re

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
