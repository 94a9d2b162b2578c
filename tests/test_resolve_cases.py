"""Tests of deriving a case's view from stored facts across documents (resolve/cases.py)."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.core.errors import OntologyError
from casewatch.core.types import DateValue, Span, StoredFact
from casewatch.resolve.cases import CaseView, Conflict, derive_case

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

_ids = count(1)


def fact(kind: str, payload: dict[str, Any], *, doc: int = 1, published: str | None = "2023-01-01",
         state: str = "unreviewed", start: int | None = None, fid: int | None = None) -> StoredFact:
    """A stored fact of document ``doc`` published on ``published``; spans are unique unless ``start`` is given."""
    fid = fid if fid is not None else next(_ids)
    start = start if start is not None else fid * 10
    return StoredFact(
        id=fid, case_id=1, document_id=doc, kind=kind, payload=payload,
        span=Span(start, start + 5, "words"), review_state=state,
        document_key=f"doc-{doc}", document_date=DateValue(published) if published else None,
        extractor="test", version="1",
    )


def attr(name: str, value: Any, **kw: Any) -> StoredFact:
    return fact("attribute", {"name": name, "value": value}, **kw)


def event(type_: str, date: str | None = None, **kw: Any) -> StoredFact:
    payload: dict[str, Any] = {"type": type_}
    if date:
        payload["date"] = date
    for key in ("approximate", "place", "court", "outcome", "in_absentia"):
        if key in kw:
            payload[key] = kw.pop(key)
    return fact("event", payload, **kw)


def conflict(view: CaseView, name: str) -> Conflict | None:
    return next((c for c in view.conflicts if c.field == name), None)


# ---------------------------------------------------------------- status


def test_status_from_the_newest_document() -> None:
    arrest = event("arrest", "2022-02-24", doc=1, published="2022-03-01")
    old = attr("status", "in_custody", doc=1, published="2022-03-01")
    release = event("release", "2023-05-02", doc=2, published="2023-05-03")
    new = attr("status", "free", doc=2, published="2023-05-03")
    view = derive_case([new, arrest, release, old])
    assert (view.status, view.status_date, view.status_fact_id) == ("free", "2023-05-02", new.id)
    assert view.conflicts == []


def test_status_as_of_beats_the_document_date_and_carries_its_own_date() -> None:
    a = fact("attribute", {"name": "status", "value": "in_custody", "as_of": "2023-06-01", "date": "2023-02"},
             doc=1, published="2023-06-01")
    b = fact("attribute", {"name": "status", "value": "free", "as_of": "2021-01-01"}, doc=2, published="2024-01-01")
    view = derive_case([a, b])
    assert (view.status, view.status_date) == ("in_custody", "2023-02")


def test_unknown_never_overrides_a_stated_status() -> None:
    older = attr("status", "house_arrest", doc=1, published="2022-05-01")
    newer = attr("status", "unknown", doc=2, published="2023-05-01")
    view = derive_case([older, newer])
    assert view.status == "house_arrest"
    assert view.status_fact_id == older.id
    only_unknown = derive_case([newer])
    assert (only_unknown.status, only_unknown.status_fact_id) == ("unknown", newer.id)
    assert derive_case([]).status == "unknown"


def test_a_reviewed_status_wins_over_newer_unreviewed_ones() -> None:
    verified = attr("status", "in_custody", doc=1, published="2022-01-01", state="verified")
    newer = attr("status", "free", doc=2, published="2024-01-01")
    assert derive_case([verified, newer]).status == "in_custody"
    edited = attr("status", "restricted", doc=3, published="2021-01-01", state="edited")
    assert derive_case([verified, newer, edited]).status == "in_custody"  # the newer reviewed one


def test_rejected_facts_are_ignored() -> None:
    kept = attr("status", "in_custody", doc=1, published="2022-01-01")
    rejected = attr("status", "free", doc=2, published="2024-01-01", state="rejected")
    arrest = event("arrest", "2021-12-30", doc=1, published="2022-01-01")
    bad_event = event("release", "2023-12-30", doc=2, published="2024-01-01", state="rejected")
    bad_charge = fact("charge", {"category": "fraud", "text": "fraud"}, doc=2, state="rejected")
    view = derive_case([kept, rejected, arrest, bad_event, bad_charge])
    assert view.status == "in_custody"
    assert [e.value["type"] for e in view.timeline] == ["arrest"]
    assert view.charges == []


def test_same_date_disagreement_is_a_conflict() -> None:
    a = attr("status", "in_custody", doc=1, published="2023-03-01")
    b = attr("status", "free", doc=2, published="2023-03-01")
    view = derive_case([a, b])
    c = conflict(view, "status")
    assert c is not None
    assert sorted(v for v, _ in c.values) == ["free", "in_custody"]
    assert c.chosen == view.status == "free"  # the later-ingested document


def test_status_date_from_the_event_that_set_it() -> None:
    view = derive_case([
        event("arrest", "2022-02", approximate=True, doc=1),
        event("detention", "2022-03-10", doc=1),
        event("release", "2022-09-01", doc=2),  # another document: not what set this status
        attr("status", "in_custody", doc=1),
    ])
    assert view.status_date == "2022-03-10"


# ---------------------------------------------------------------- timeline


def test_timeline_merges_one_event_reported_by_several_documents() -> None:
    a = event("arrest", "2022-02", approximate=True, place="Almaty", doc=1, published="2022-03-01")
    b = event("arrest", "2022-02-24", doc=2, published="2022-04-01")
    c = event("arrest", doc=3, published="2023-01-01")  # undated, another document: the same arrest
    v1 = event("conviction", "2023-04-10", court="Bostandyq District Court", doc=2, published="2023-04-11")
    v2 = event("conviction", "2023-04-10", place="Almaty", doc=3, published="2023-05-01")
    trial = event("trial", doc=3, published="2023-05-01")
    hearing = event("trial", doc=1, published="2022-03-01", place="Almaty")
    view = derive_case([v2, trial, c, b, hearing, a, v1])
    assert [e.value for e in view.timeline] == [
        {"type": "arrest", "date": "2022-02-24", "place": "Almaty"},
        {"type": "conviction", "date": "2023-04-10", "place": "Almaty", "court": "Bostandyq District Court"},
        {"type": "trial", "place": "Almaty"},
    ]
    assert view.timeline[0].fact_ids == tuple(sorted((a.id, b.id, c.id)))
    assert view.timeline[1].fact_ids == tuple(sorted((v1.id, v2.id)))
    # Undated entries keep document order: the 2022 document's trial before the 2023 one's, merged.
    assert view.timeline[2].fact_ids == tuple(sorted((hearing.id, trial.id)))


def test_timeline_keeps_distinct_events_apart() -> None:
    view = derive_case([
        event("arrest", "2022-02-24", doc=1),
        event("arrest", "2022-03-05", doc=2),  # another day
        event("arrest", "2022-02", place="Astana", doc=3, published="2022-06-01"),
        event("arrest", "2022-02-24", place="Almaty", doc=4, published="2022-06-01"),
        event("appeal", "2023-01", outcome="rejected", doc=1),
        event("appeal", "2023-01", outcome="reduced", doc=2),
    ])
    arrests = [e for e in view.timeline if e.value["type"] == "arrest"]
    # 02-24 (twice, once in Almaty) is one arrest; 03-05 is another day; "February, in Astana"
    # fits 02-24 by date but not by place.
    assert [(e.value.get("date"), e.value.get("place"), len(e.fact_ids)) for e in arrests] == [
        ("2022-02", "Astana", 1), ("2022-02-24", "Almaty", 2), ("2022-03-05", None, 1)]
    assert len([e for e in view.timeline if e.value["type"] == "appeal"]) == 2

    apart = derive_case([
        event("arrest", "2022-02-24", place="Almaty", doc=1),
        event("arrest", "2022-02", place="Astana", doc=2),
    ])
    assert len(apart.timeline) == 2


def test_translated_court_names_agree_but_different_courts_do_not() -> None:
    view = derive_case([
        event("conviction", "2024-06-20", court="Ostrava Court for Serious Crimes", doc=1),
        event("conviction", "2024-06-20", court="Ostrava Court of Grave Crimes", doc=2),
        event("transfer", "2024-07", place="Vidno prison", doc=1),
        event("transfer", "2024-07", place="Vidno Penitentiary Complex", doc=2),
        event("trial", "2024-05", court="Bostan District Court", doc=1),
        event("trial", "2024-05", court="Almaly District Court", doc=2),
    ])
    assert [(e.value["type"], len(e.fact_ids)) for e in view.timeline] == [
        ("trial", 1), ("trial", 1), ("conviction", 2), ("transfer", 2)]


def test_one_document_dated_and_undated_event_are_two_events() -> None:
    first = event("arrest", doc=1)
    second = event("arrest", "2020-11-03", doc=1)
    view = derive_case([first, second])
    assert [e.value.get("date") for e in view.timeline] == ["2020-11-03", None]


def test_a_coarse_date_between_two_entries_stays_apart() -> None:
    view = derive_case([
        event("detention", "2022-02-10", doc=1),
        event("detention", "2022-04-10", doc=1),
        event("detention", "2022", doc=2),
    ])
    assert [e.value.get("date") for e in view.timeline] == ["2022", "2022-02-10", "2022-04-10"]


def test_timeline_orders_by_date_with_undated_last() -> None:
    view = derive_case([
        event("release", doc=2, published="2024-01-01"),
        event("conviction", "2023-04-10", doc=1),
        event("hunger_strike", doc=1, published="2023-01-01"),
        event("arrest", "2022", doc=1),
        event("search", "2022-01-15", doc=2),
    ])
    assert [(e.value["type"], e.value.get("date")) for e in view.timeline] == [
        ("arrest", "2022"), ("search", "2022-01-15"), ("conviction", "2023-04-10"),
        ("hunger_strike", None), ("release", None),
    ]


def test_approximate_only_when_every_source_of_that_date_is() -> None:
    view = derive_case([event("arrest", "2022-02", approximate=True, doc=1),
                        event("arrest", "2022-02", doc=2)])
    assert view.timeline[0].value == {"type": "arrest", "date": "2022-02"}
    view = derive_case([event("arrest", "2022-02", approximate=True, doc=1)])
    assert view.timeline[0].value == {"type": "arrest", "date": "2022-02", "approximate": True}


# ---------------------------------------------------------------- review


def test_a_reviewed_fact_supersedes_the_unreviewed_one_on_the_same_words() -> None:
    original = event("arrest", "2022-03", doc=1, start=100)
    corrected = event("arrest", "2022-02-20", doc=1, start=100, state="edited")
    other_doc = event("arrest", "2022-03", doc=2, start=100)
    view = derive_case([original, corrected, other_doc])
    assert [(e.value.get("date"), e.fact_ids) for e in view.timeline] == [
        ("2022-02-20", (corrected.id,)), ("2022-03", (other_doc.id,))]
    assert view.timeline[0].reviewed and not view.timeline[1].reviewed


def test_a_reviewed_attribute_supersedes_its_document_unreviewed_value() -> None:
    wrong = attr("age", 43, doc=1, published="2023-01-01")
    right = attr("age", 34, doc=1, published="2023-01-01", state="verified")
    view = derive_case([wrong, right])
    assert view.age == 34
    assert conflict(view, "age") is None


# ---------------------------------------------------------------- attributes


def test_ages_of_different_years_that_agree_are_no_conflict() -> None:
    view = derive_case([attr("age", 34, doc=1, published="2022-05-01"), attr("age", "35", doc=2, published="2023-06-01")])
    assert view.age == 35
    assert view.conflicts == []


def test_conflicting_ages_are_recorded_and_the_newest_shown() -> None:
    a = attr("age", 34, doc=1, published="2022-05-01")
    b = attr("age", 41, doc=2, published="2023-06-01")
    view = derive_case([b, a])
    assert view.age == 41
    c = conflict(view, "age")
    assert c is not None and c.chosen == 41
    assert sorted(c.values) == [(34, (a.id,)), (41, (b.id,))]
    # Undated sources must agree exactly.
    undated = derive_case([attr("age", 34, doc=3, published=None), attr("age", 35, doc=4, published=None)])
    assert conflict(undated, "age") is not None


def test_country_by_majority_and_reviewed_vote_alone() -> None:
    facts = [attr("country", "KZ", doc=1), attr("country", "kz", doc=2), attr("country", "RU", doc=3)]
    view = derive_case(facts)
    assert view.country == "KZ"
    c = conflict(view, "country")
    assert c is not None and c.chosen == "KZ" and len(c.values) == 2
    reviewed = derive_case([*facts, attr("country", "RU", doc=4, state="verified")])
    assert reviewed.country == "RU"
    assert derive_case([attr("country", "UA", doc=1)]).conflicts == []


def test_occupation_names_and_aliases() -> None:
    facts = [attr("occupation", "journalist", doc=1), attr("occupation", ["Journalist", "blogger"], doc=2),
             attr("alias", "Mamai", doc=1), attr("alias", "Zhanbolat Mamay", doc=2),
             attr("alias", "Zhanbolat Mamay", doc=3), attr("alias", "Janbolat Mamai", doc=1)]
    view = derive_case(facts, names=["Zhanbolat Mamai", "MAMAI"])
    assert view.occupation == ["journalist", "blogger"]
    assert view.name == "Zhanbolat Mamai"
    assert view.aliases == ["MAMAI", "Janbolat Mamai", "Zhanbolat Mamay"]
    # Without known names, the most often reported full name.
    assert derive_case(facts).name == "Zhanbolat Mamay"
    assert derive_case([]).name == ""


# ---------------------------------------------------------------- charges and penalties


def test_charges_merge_by_category_and_article() -> None:
    a = fact("charge", {"category": "extremism", "text": "financing extremism", "article": "Article 182"}, doc=1)
    b = fact("charge", {"category": "extremism", "text": "extremism"}, doc=2)
    c = fact("charge", {"category": "extremism", "text": "extremist activity", "article": "art. 182"},
             doc=3, state="verified")
    d = fact("charge", {"category": "fraud", "text": "fraud", "article": "Article 190"}, doc=1)
    e = fact("charge", {"category": "fraud", "text": "large-scale fraud", "article": "Article 190.4"}, doc=2)
    f = fact("charge", {"category": "other", "text": "smuggling"}, doc=1)
    g = fact("charge", {"category": "other", "text": "money laundering"}, doc=1)
    view = derive_case([g, f, e, d, c, b, a])
    assert [(x.value["category"], x.value.get("article"), x.fact_ids) for x in view.charges] == [
        ("extremism", "art. 182", (a.id, b.id, c.id)),  # the reviewed fact's words
        ("fraud", "Article 190", (d.id,)),
        ("other", None, (f.id,)),
        ("other", None, (g.id,)),
        ("fraud", "Article 190.4", (e.id,)),
    ]
    assert view.charges[0].value["text"] == "extremist activity"


def test_sentences_restrictions_money_deduplicated_by_scoring_keys() -> None:
    facts = [
        fact("sentence", {"kind": "prison", "months": 72, "suspended": False}, doc=1),
        fact("sentence", {"kind": "prison", "months": 72, "suspended": False, "probation_months": 36}, doc=2),
        fact("sentence", {"kind": "administrative_detention", "days": 15}, doc=2),
        fact("restriction", {"activity": "journalism", "months": 60}, doc=1),
        fact("restriction", {"activity": "journalism", "months": 60}, doc=2),
        fact("restriction", {"activity": "travel"}, doc=2),
        fact("money", {"kind": "damages", "amount": 600000, "currency": "KZT"}, doc=1),
        fact("money", {"kind": "damages", "amount": 600000.0, "currency": "kzt", "usd": 1350}, doc=2),
    ]
    view = derive_case(facts)
    assert [s.value for s in view.sentences] == [
        {"kind": "prison", "months": 72, "suspended": False, "probation_months": 36},
        {"kind": "administrative_detention", "days": 15, "suspended": False},
    ]
    assert [r.value for r in view.restrictions] == [{"activity": "journalism", "months": 60}, {"activity": "travel"}]
    assert [m.value for m in view.money] == [{"kind": "damages", "amount": 600000, "currency": "KZT", "usd": 1350}]
    assert view.conflicts == []


def test_two_sentence_lengths_from_different_documents_conflict() -> None:
    a = fact("sentence", {"kind": "prison", "months": 72}, doc=1, published="2023-04-11")
    b = fact("sentence", {"kind": "prison", "months": 84}, doc=2, published="2023-04-12")
    view = derive_case([a, b])
    c = conflict(view, "sentence.prison")
    assert c is not None and c.chosen is None
    assert c.values == [({"months": 72}, (a.id,)), ({"months": 84}, (b.id,))]
    assert len(view.sentences) == 2  # both shown, neither silently picked


def test_sentence_lengths_explained_by_an_appeal_or_one_document() -> None:
    a = fact("sentence", {"kind": "prison", "months": 192}, doc=1)
    b = fact("sentence", {"kind": "prison", "months": 156}, doc=2)
    assert conflict(derive_case([a, b, event("sentence_change", doc=2)]), "sentence.prison") is None
    assert conflict(derive_case([a, b, event("appeal", "2023", outcome="reduced", doc=2)]), "sentence.prison") is None
    assert conflict(derive_case([a, b, event("appeal", "2023", outcome="upheld", doc=2)]), "sentence.prison")
    # One document reporting both terms (the original and the reduced one) explains them.
    both = fact("sentence", {"kind": "prison", "months": 156}, doc=1)
    assert conflict(derive_case([a, both, b]), "sentence.prison") is None
    # Two convictions: two terms.
    two = [event("conviction", "2015-01-10", doc=1), event("conviction", "2022-06-01", doc=2)]
    assert conflict(derive_case([a, b, *two]), "sentence.prison") is None


def test_a_reviewed_sentence_length_wins_but_the_conflict_stays_recorded() -> None:
    a = fact("sentence", {"kind": "prison", "months": 72}, doc=1, state="verified")
    b = fact("sentence", {"kind": "prison", "months": 84}, doc=2)
    view = derive_case([a, b])
    assert [s.value["months"] for s in view.sentences] == [72]
    c = conflict(view, "sentence.prison")
    assert c is not None and c.chosen == {"months": 72}


def test_advocacy_merges_an_actor_and_its_acronym_on_one_date() -> None:
    a = fact("advocacy", {"actor": "Human Rights Watch", "action": "call_release", "date": "2023-04-11"}, doc=1)
    b = fact("advocacy", {"actor": "HRW", "action": "call_release", "date": "2023-04-11",
                          "speaker": "A. Spokesperson"}, doc=2)
    c = fact("advocacy", {"actor": "Human Rights Watch", "action": "condemn", "date": "2023-04-11"}, doc=1)
    d = fact("advocacy", {"actor": "Amnesty International", "action": "call_release"}, doc=1)
    e = fact("advocacy", {"actor": "Amnesty International", "action": "call_release"}, doc=2)
    f = fact("advocacy", {"actor": "Human Rights Foundation", "action": "condemn", "date": "2023-04-11"}, doc=2)
    view = derive_case([a, b, c, d, e, f])
    assert [(x.value["actor"], x.value["action"], x.fact_ids) for x in view.advocacy] == [
        ("HRW", "call_release", (a.id, b.id)),
        ("Human Rights Watch", "condemn", (c.id,)),
        ("Amnesty International", "call_release", (d.id,)),
        ("Amnesty International", "call_release", (e.id,)),  # undated, another document: another statement
        ("Human Rights Foundation", "condemn", (f.id,)),
    ]
    assert view.advocacy[0].value["speaker"] == "A. Spokesperson"


# ---------------------------------------------------------------- contract


def test_invalid_payloads_name_the_fact() -> None:
    with pytest.raises(OntologyError, match="fact 9001"):
        derive_case([fact("event", {"type": "arested"}, fid=9001)])
    with pytest.raises(OntologyError, match="fact 9002"):
        derive_case([fact("charge", {"text": "fraud"}, fid=9002)])
    with pytest.raises(OntologyError, match="fact 9003"):
        derive_case([fact("event", {"type": "arrest", "date": "24 Feb"}, fid=9003)])
    with pytest.raises(OntologyError, match="fact 9004"):
        derive_case([attr("status", "jailed", fid=9004)])
    with pytest.raises(OntologyError, match="9005"):
        derive_case([fact("rumour", {}, fid=9005)])


def test_summary_has_the_gold_case_shape_and_is_json() -> None:
    view = derive_case(_rich_facts(), names=["Aru Bekova", "Bekova"])
    summary = view.to_summary()
    for key in ("name", "aliases", "country", "occupation", "status", "charges", "events", "sentences",
                "restrictions", "money", "advocacy", "conflicts", "status_date"):
        assert key in summary
    json.dumps(summary)
    full = view.to_dict()
    json.dumps(full)
    assert all("fact_ids" in e for e in full["events"])
    assert full["status_fact_id"] == view.status_fact_id


def _rich_facts() -> list[StoredFact]:
    return [
        attr("status", "in_custody", doc=1, published="2022-03-01", fid=1),
        attr("status", "restricted", doc=2, published="2023-05-01", fid=2),
        attr("status", "free", doc=3, published="2023-05-01", fid=3, state="rejected"),
        attr("age", 30, doc=1, published="2022-03-01", fid=4),
        attr("age", 36, doc=2, published="2023-05-01", fid=5),
        attr("country", "KZ", doc=1, published="2022-03-01", fid=6),
        attr("country", "KG", doc=2, published="2023-05-01", fid=7),
        attr("occupation", "journalist", doc=2, published="2023-05-01", fid=8),
        attr("alias", "Aru", doc=1, published="2022-03-01", fid=9),
        event("arrest", "2022-02", approximate=True, doc=1, published="2022-03-01", fid=10),
        event("arrest", "2022-02-20", doc=2, published="2023-05-01", fid=11),
        event("arrest", doc=3, published="2023-05-01", fid=12),
        event("conviction", "2023-04-28", court="City Court", doc=2, published="2023-05-01", fid=13),
        event("trial", doc=1, published="2022-03-01", fid=14),
        event("release", "2023-04-28", doc=2, published="2023-05-01", fid=15, state="verified"),
        event("release", "2023-04-28", doc=2, published="2023-05-01", fid=16, start=400),
        fact("charge", {"category": "false_information", "text": "false information"}, doc=1, fid=17),
        fact("charge", {"category": "false_information", "text": "spreading false information",
                        "article": "Article 274"}, doc=2, fid=18),
        fact("sentence", {"kind": "restricted_freedom", "months": 36}, doc=2, fid=19),
        fact("sentence", {"kind": "restricted_freedom", "months": 24}, doc=3, fid=20),
        fact("restriction", {"activity": "journalism", "months": 36}, doc=2, fid=21),
        fact("money", {"kind": "fine", "amount": 100000, "currency": "KZT"}, doc=2, fid=22),
        fact("advocacy", {"actor": "Committee to Protect Journalists (CPJ)", "action": "condemn",
                          "date": "2022-03-01"}, doc=1, fid=23),
        fact("advocacy", {"actor": "CPJ", "action": "condemn", "date": "2022-03-01"}, doc=3, fid=24),
    ]


@given(st.permutations(_rich_facts()))
@settings(max_examples=60, deadline=None)
def test_derivation_is_deterministic(facts: list[StoredFact]) -> None:
    view = derive_case(facts, names=["Aru Bekova"])
    assert view == derive_case(_rich_facts(), names=["Aru Bekova"])
    assert json.dumps(view.to_dict()) == json.dumps(derive_case(_rich_facts(), names=["Aru Bekova"]).to_dict())


def test_rich_case() -> None:
    view = derive_case(_rich_facts(), names=["Aru Bekova"])
    assert view.status == "restricted" and view.status_fact_id == 2 and view.status_date == "2023-04-28"
    assert view.age == 36 and conflict(view, "age") is not None
    assert view.country in ("KZ", "KG") and conflict(view, "country") is not None
    assert [(e.value["type"], e.value.get("date"), e.fact_ids) for e in view.timeline] == [
        ("arrest", "2022-02-20", (10, 11, 12)),
        ("conviction", "2023-04-28", (13,)),
        ("release", "2023-04-28", (15, 16)),  # another span of the same document: merged, not superseded
        ("trial", None, (14,)),
    ]
    assert [c.fact_ids for c in view.charges] == [(17, 18)]
    assert conflict(view, "sentence.restricted_freedom") is not None
    assert [a.fact_ids for a in view.advocacy] == [(23, 24)]


# ---------------------------------------------------------------- the corpus


def _corpus() -> list[dict[str, Any]]:
    docs = []
    for name in ("seed.jsonl", "dev.jsonl"):
        path = CORPUS / name
        if path.exists():
            docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not docs:
        pytest.skip(f"no gold corpus at {CORPUS}")
    return docs


def _gold_facts(doc: dict[str, Any], case: dict[str, Any], doc_number: int, ids: Any) -> list[StoredFact]:
    published = doc.get("published")
    out = []

    def add(kind: str, payload: dict[str, Any]) -> None:
        out.append(fact(kind, payload, doc=doc_number, published=published, fid=next(ids)))

    for slot, kind in (("charges", "charge"), ("events", "event"), ("sentences", "sentence"),
                       ("restrictions", "restriction"), ("money", "money")):
        for item in case.get(slot, []):
            add(kind, dict(item))
    add("attribute", {"name": "status", "value": case.get("status", "unknown")})
    if case.get("country"):
        add("attribute", {"name": "country", "value": case["country"]})
    if case.get("age") is not None:
        add("attribute", {"name": "age", "value": case["age"]})
    return out


def test_one_gold_document_round_trips_through_derivation() -> None:
    """A case reported by one document keeps every gold fact: merging never joins two gold events."""
    ids = count(1)
    for number, doc in enumerate(_corpus(), start=1):
        for case in doc["gold"]["cases"]:
            view = derive_case(_gold_facts(doc, case, number, ids), names=[case["name"]])
            where = f"{doc['id']} / {case['name']}"
            assert view.status == case.get("status", "unknown"), where
            assert view.country == case.get("country"), where
            assert sorted(json.dumps(e.value, sort_keys=True) for e in view.timeline) == sorted(
                json.dumps(e, sort_keys=True) for e in case.get("events", [])), where
            assert sorted((s.value["kind"], s.value.get("months"), s.value.get("days")) for s in view.sentences) == \
                sorted({(s["kind"], s.get("months"), s.get("days")) for s in case.get("sentences", [])}), where
            assert {c.value["category"] for c in view.charges} == {c["category"] for c in case.get("charges", [])}
            assert not [c for c in view.conflicts if c.field.startswith("sentence")], where


def test_people_reported_by_several_gold_documents() -> None:
    """Cluster the corpus's cases into people, derive each view, and check it against every document."""
    from casewatch.resolve.persons import match_person

    class Known:
        def __init__(self, pid: int, names: list[str], country: str | None) -> None:
            self.id, self.names, self.country = pid, names, country

    ids = count(1)
    people: list[Known] = []
    reports: dict[int, list[tuple[dict[str, Any], dict[str, Any], int]]] = {}
    for number, doc in enumerate(_corpus(), start=1):
        for case in doc["gold"]["cases"]:
            names = [case["name"], *case.get("aliases", [])]
            pid = match_person(names, case.get("country"), people)
            if pid is None:
                people.append(Known(len(people) + 1, list(names), case.get("country")))
                pid = len(people)
            else:
                people[pid - 1].names += names
            reports.setdefault(pid, []).append((doc, case, number))
    several = {pid: r for pid, r in reports.items() if len(r) > 1}
    assert several, "the corpus reports some people more than once"
    for pid, found in several.items():
        facts = [f for doc, case, number in found for f in _gold_facts(doc, case, number, ids)]
        view = derive_case(facts, names=people[pid - 1].names)
        for doc, case, _ in found:
            for gold in case.get("events", []):
                assert any(
                    e.value["type"] == gold["type"]
                    and (not gold.get("date") or not e.value.get("date")
                         or e.value["date"][: len(gold["date"])] == gold["date"][: len(e.value["date"])])
                    for e in view.timeline
                ), f"{view.name}: {gold} of {doc['id']} is missing"
        # One event reported by several documents is one entry.
        dated = [(e.value["type"], e.value["date"]) for e in view.timeline if len(e.value.get("date", "")) == 10]
        assert len(dated) == len(set(dated)), f"{view.name}: {view.timeline}"
        informative = [(doc.get("published") or "", number, case["status"]) for doc, case, number in found
                       if case["status"] != "unknown"]
        if informative:
            assert view.status == max(informative)[2], view.name
