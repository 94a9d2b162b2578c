"""The NER sees windows of a sentence around the words a usable name needs."""

from __future__ import annotations

from casewatch.extract.components import orgs, people
from casewatch.extract.pipeline import _NER_CONTEXT, _ner_windows


def test_name_pairs_are_what_could_name_person_looks_for() -> None:
    sentence = "In June the court in Baku sentenced journalist Ulvi Hasanli and Sevinj Vagifgizi to nine years."
    pairs = [sentence[a:b] for a, b in people.name_pairs(sentence)]
    assert "Ulvi Hasanli" in pairs and "Sevinj Vagifgizi" in pairs
    assert people.could_name_person(sentence)
    assert not people.could_name_person("In June the court ruled against him.")
    assert list(people.name_pairs("no names here at all")) == []


def test_windows_cover_each_name_with_context_and_cut_at_words() -> None:
    filler = " ".join(f"w{i}" for i in range(30))
    sentence = f"{filler} Ulvi Hasanli {filler} the Committee to Protect Journalists said {filler}"
    windows = _ner_windows(sentence)
    assert len(windows) == 2
    for a, b in windows:
        assert (a == 0 or sentence[a - 1] == " ") and (b == len(sentence) or sentence[b] == " ")
    first = sentence[windows[0][0]:windows[0][1]]
    assert "Ulvi Hasanli" in first and len(first.split()) == 2 + 2 * _NER_CONTEXT
    assert "Committee to Protect Journalists" in sentence[windows[1][0]:windows[1][1]]
    assert all(m.start() >= windows[1][0] for m in orgs.ngo_words(sentence))


def test_windows_merge_and_short_sentences_stay_whole() -> None:
    sentence = "Ulvi Hasanli and Sevinj Vagifgizi were sentenced on Monday."
    assert _ner_windows(sentence) == [(0, len(sentence))]
    assert _ner_windows("") == []
    assert _ner_windows("nothing capitalized here") == []
