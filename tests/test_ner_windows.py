"""The NER sees windows of a sentence around the words a usable name needs."""

from __future__ import annotations

from typing import Any

import pytest

from casewatch.extract.components import orgs, people
from casewatch.extract.pipeline import (
    _NER_CONTEXT,
    DEFAULT_MODEL,
    NER_LABELS,
    _load_model,
    _ner_windows,
    keep_entity_labels,
)


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


def test_the_recognizer_keeps_only_the_labels_names_compete_with(monkeypatch: pytest.MonkeyPatch) -> None:
    pruned = _load_model(DEFAULT_MODEL)
    monkeypatch.setenv("CASEWATCH_FULL_NER", "1")
    full = _load_model(DEFAULT_MODEL)
    kept = pruned.get_pipe("ner").moves
    labels = {kept.get_class_name(i).split("-", 1)[-1] for i in range(kept.n_moves)} - {"", "O"}
    assert labels == set(NER_LABELS)
    assert kept.n_moves < full.get_pipe("ner").moves.n_moves
    # Written for this test: names, an NGO, places and numbers the dropped labels used to take.
    texts = ["On 14 March 2024, a court in Almaty sentenced journalist Dana Tulegenova to four years, "
             "and Human Rights Watch called for her release.",
             "Police detained Ulvi Hasanli and Sevinj Vagifgizi at 6 a.m. in Baku, fining them 500 manats.",
             "The Vietnam Prisoners Monitor said Pham Quang Vinh, 52, was moved to a prison in Thanh Hoa."]

    def names(nlp: Any) -> list[list[tuple[str, str]]]:
        return [[(e.text, e.label_) for e in doc.ents if e.label_ in ("PERSON", "ORG")] for doc in nlp.pipe(texts)]

    assert names(pruned) == names(full)
    assert ("Dana Tulegenova", "PERSON") in names(pruned)[0]
    assert not any(e.label_ in ("DATE", "TIME", "MONEY", "CARDINAL") for doc in pruned.pipe(texts) for e in doc.ents)
    assert any(e.label_ == "DATE" for e in full(texts[0]).ents)


def test_a_recognizer_of_another_shape_is_left_alone() -> None:
    import spacy

    blank = spacy.blank("en")
    assert not keep_entity_labels(blank, NER_LABELS)  # no recognizer at all
    blank.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Dana Tulegenova"}])
    assert not keep_entity_labels(blank, NER_LABELS)
