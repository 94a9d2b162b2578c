"""Custody status from ordered events (ontology "Custody status" and convention 10)."""

from __future__ import annotations

from casewatch.core.types import DateValue, Event, Sentence, Span
from casewatch.resolve.status import StatusCue, derive_status


def _event(etype: str, date: str | None = None, start: int = 0) -> Event:
    return Event(etype, Span(start, start + 1, "x"), DateValue(date) if date else None)


AS_OF = DateValue("2025-06-01")


def test_an_unserved_prison_term_is_custody() -> None:
    events = [_event("arrest", "2024-01-10"), _event("conviction", "2025-03-01")]
    sentences = [Sentence("prison", Span(0, 1, "x"), months=60)]
    assert derive_status(events, sentences, AS_OF)[0] == "in_custody"


def test_release_after_a_suspended_term_is_restricted_not_free() -> None:
    events = [_event("arrest", "2025-01-16"), _event("conviction", "2025-05-12"), _event("release", "2025-05-12")]
    sentences = [Sentence("suspended", Span(0, 1, "x"), months=24, suspended=True)]
    assert derive_status(events, sentences, AS_OF)[0] == "restricted"


def test_an_undated_release_does_not_override_a_later_dated_arrest() -> None:
    events = [_event("release", "2019"), _event("pardon"), _event("arrest", "2025-05-20"),
              _event("detention", "2025-05-21")]
    assert derive_status(events, [], AS_OF)[0] == "in_custody"


def test_a_bare_arrest_reported_months_later_is_unknown() -> None:
    assert derive_status([_event("arrest", "2024-01-10")], [], AS_OF)[0] == "unknown"


def test_a_stated_present_wins() -> None:
    cues = [StatusCue("house_arrest", 10)]
    status, _, _ = derive_status([_event("arrest", "2025-05-30")], [], AS_OF, cues)
    assert status == "house_arrest"


def _appeal(date: str, outcome: str) -> Event:
    event = _event("appeal", date)
    event.outcome = outcome
    return event


def test_a_quashed_conviction_returns_the_case_to_where_it_stood() -> None:
    events = [_event("arrest", "2022-11-14"), _event("release", "2023-03"), _event("travel_ban", "2023-03"),
              _event("conviction", "2023-09-12"), _appeal("2025-03-06", "quashed")]
    sentences = [Sentence("prison", Span(0, 1, "x"), months=75)]
    assert derive_status(events, sentences, AS_OF)[0] == "restricted"  # released pending trial, with a travel ban
    upheld = events[:-1] + [_appeal("2025-03-06", "upheld")]
    assert derive_status(upheld, sentences, AS_OF)[0] == "in_custody"


def test_an_acquittal_on_one_charge_the_day_of_the_conviction_frees_no_one() -> None:
    events = [_event("arrest", "2022-11-14"), _event("detention", "2022-11-17"),
              _event("conviction", "2023-09-12"), _event("acquittal", "2023-09-12")]
    sentences = [Sentence("prison", Span(0, 1, "x"), months=75)]
    assert derive_status(events, sentences, AS_OF)[0] == "in_custody"


def test_deported_after_a_pardon_the_same_day_is_in_exile() -> None:
    events = [_event("conviction", "2023-03-01"), _event("pardon", "2025-08-28", start=50),
              _event("deportation", "2025-08-28", start=10), _event("release", "2025-08-28", start=30)]
    sentences = [Sentence("prison", Span(0, 1, "x"), months=84)]
    assert derive_status(events, sentences, DateValue("2025-09"))[0] == "in_exile"


def test_a_date_within_anothers_period_is_ordered_by_the_course_of_the_case() -> None:
    # "All five were remanded in custody [in June]. They were freed on bail on 24 June."
    events = [_event("arrest", "2025-06-16", 0), _event("detention", "2025-06", 50), _event("bail", "2025-06-24", 90),
              _event("release", "2025-06-24", 95)]
    assert derive_status(events, [], DateValue("2025-09-12"))[0] == "restricted"
    # and the other way round: "released on 3 June" after "arrested in June" is still the later step
    events = [_event("release", "2025-06-03", 0), _event("arrest", "2025-06", 40)]
    assert derive_status(events, [], DateValue("2025-06-05"))[0] == "free"


def test_an_undated_step_told_before_a_release_stays_before_it_whatever_is_dated_after() -> None:
    # "... sent to a colony. [a year later] granted parole on March 27 ... walked free that afternoon.
    # In May, police summoned him again": the colony came before the release, not after the May summons
    events = [_event("conviction", "2021-10-14", start=100), _event("transfer", None, start=300),
              _event("hunger_strike", None, start=400), _event("sentence_change", "2025-03-27", start=500),
              _event("release", "2025-03-27", start=520), _event("summons", "2025-05", start=700)]
    sentences = [Sentence("restricted_freedom", Span(0, 1, "x"), months=60)]
    assert derive_status(events, sentences, AS_OF)[0] == "restricted"


def test_charges_dropped_after_bail_leave_the_released_free() -> None:
    events = [_event("arrest", "2024-08"), _event("bail", None, start=50), _event("acquittal", "2024-11-05", start=90),
              _event("release", "2024-11-05", start=95)]
    assert derive_status(events, [], AS_OF)[0] == "free"
