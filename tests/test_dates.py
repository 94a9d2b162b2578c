"""Tests of casewatch.extract.dates: every date form, the false-positive traps, resolution,
durations, date arithmetic, and hypothesis properties of spans and resolution."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.core.types import DateValue
from casewatch.extract.dates import (
    DatePhrase,
    add_days,
    add_months,
    compare,
    find_date_phrases,
    find_durations,
    infer_anchor,
    parse_published,
    resolve_date,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)
ONES = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words(n: int) -> str:
    """An English number word, 1-99: 7 -> "seven", 42 -> "forty-two"."""
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[ones]}" if ones else "")


def phrases(text: str) -> list[tuple[str, DatePhrase]]:
    return [(text[p.start : p.end], p) for p in find_date_phrases(text)]


def only(text: str) -> tuple[str, DatePhrase]:
    found = phrases(text)
    assert len(found) == 1, f"expected one date phrase in {text!r}, got {found}"
    return found[0]


def resolved(text: str, anchor: str | None) -> DateValue | None:
    _, phrase = only(text)
    return resolve_date(phrase, DateValue(anchor) if anchor else None)


# ---------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("text", "quote", "fields"),
    [
        ("The court ruled on April 10, 2023 in Almaty.", "April 10, 2023", (2023, 4, 10)),
        ("The court ruled on 10 April 2023 in Almaty.", "10 April 2023", (2023, 4, 10)),
        ("She was detained on April 10 near her home.", "April 10", (None, 4, 10)),
        ("She was detained on Apr. 10 near her home.", "Apr. 10", (None, 4, 10)),
        ("She was detained on the 10th of April at dawn.", "10th of April", (None, 4, 10)),
        ("She was detained on April 10th at dawn.", "April 10th", (None, 4, 10)),
        ("The rally took place in April 2023 in the capital.", "April 2023", (2023, 4, None)),
        ("April 2023 saw a wave of arrests.", "April 2023", (2023, 4, None)),
        ("In August, the committee met.", "August", (None, 8, None)),
        ("He founded the party in 2015 with friends.", "2015", (2015, None, None)),
        ("Filed on 2023-04-10 at the registry.", "2023-04-10", (2023, 4, 10)),
        ("Decision dated 10.04.2023 was published.", "10.04.2023", (2023, 4, 10)),
        ("Decision dated 10/04/2023 was published.", "10/04/2023", (2023, 4, 10)),
        ("The hearings on May 5-6, 2020 were closed.", "May 5-6, 2020", (2020, 5, 5)),
        ("The hearings on 5-6 May were closed.", "5-6 May", (None, 5, 5)),
        ("Hearings were held between 5 and 7 June in Baku.", "5 and 7 June", (None, 6, 5)),
        ("Talks on June 14–15 failed.", "June 14–15", (None, 6, 14)),
        ("The newspaper was seized on Sept. 5, 2019.", "Sept. 5, 2019", (2019, 9, 5)),
        ("It happened on August 25 1968 in Moscow.", "August 25 1968", (1968, 8, 25)),
        ("Published: Mon, 10 Apr 2023 08:00:00 +0000", "Mon, 10 Apr 2023", (2023, 4, 10)),
        ("Signed in March of 2021 by the minister.", "March of 2021", (2021, 3, None)),
        ("He was released on November 03, after a year.", "November 03", (None, 11, 3)),
    ],
)
def test_explicit_and_yearless_forms(text: str, quote: str, fields: tuple[int | None, ...]) -> None:
    found, phrase = only(text)
    assert found == quote
    assert (phrase.year, phrase.month, phrase.day) == fields
    assert phrase.explicit_year is (fields[0] is not None)


@pytest.mark.parametrize(
    ("text", "quote", "modifier", "fields"),
    [
        ("Mamyrov was arrested in late February 2022 on charges.", "late February 2022", "late", (2022, 2)),
        ("In early November, she was moved.", "early November", "early", (None, 11)),
        ("Protests resumed in mid-2021.", "mid-2021", "mid", (2021, None)),
        ("He was detained in mid-March after a rally.", "mid-March", "mid", (None, 3)),
        ("He was detained in mid April after a rally.", "mid April", "mid", (None, 4)),
        ("The trial opened at the end of May.", "the end of May", "late", (None, 5)),
        ("The law changed at the beginning of 2020.", "the beginning of 2020", "early", (2020, None)),
        ("Charges were dropped in late 2020.", "late 2020", "late", (2020, None)),
        ("The blogger was summoned end-May.", "end-May", "late", (None, 5)),
        ("The party split late last year.", "late last year", "late", (None, None)),
    ],
)
def test_fuzzy_forms(text: str, quote: str, modifier: str, fields: tuple[int | None, ...]) -> None:
    found, phrase = only(text)
    assert found == quote
    assert phrase.modifier == modifier
    assert (phrase.year, phrase.month) == fields


@pytest.mark.parametrize(
    ("text", "quote", "weekday", "relative"),
    [
        ("Police detained him on Tuesday in Bishkek.", "Tuesday", 1, None),
        ("He was questioned last Friday for hours.", "last Friday", 4, "last"),
        ("A Tashkent court fined Wednesday a blogger.", "Wednesday", 2, None),
        ("Amnesty criticised Thursday the verdict.", "Thursday", 3, None),
        ("Tuesday's verdict surprised nobody.", "Tuesday", 1, None),
        ("Guards stopped him on Sunday night at the border.", "Sunday", 6, None),
        ("The hearing resumes next Monday, the lawyer said.", "next Monday", 0, "next"),
    ],
)
def test_weekdays(text: str, quote: str, weekday: int, relative: str | None) -> None:
    found, phrase = only(text)
    assert (found, phrase.weekday, phrase.relative) == (quote, weekday, relative)


@pytest.mark.parametrize(
    ("text", "quote", "relative"),
    [
        ("The activist was released today after questioning.", "today", "today"),
        ("Today, the court upheld the sentence.", "Today", "today"),
        ("He was detained yesterday outside the court.", "yesterday", "yesterday"),
        ("She was interrogated last week over a post.", "last week", "last_week"),
        ("The raid happened last month in Osh.", "last month", "last_month"),
        ("He won a press award last year in Geneva.", "last year", "last_year"),
        ("Prosecutors appealed earlier this month.", "earlier this month", "this_month"),
        ("The court ruled three days ago that he stays.", "three days ago", "days_ago:3"),
        ("The reporter vanished two weeks ago in the north.", "two weeks ago", "weeks_ago:2"),
        ("He moved abroad 2 months ago, his wife said.", "2 months ago", "months_ago:2"),
        ("The paper closed a year ago after threats.", "a year ago", "years_ago:1"),
        ("Last night, police searched the flat.", "Last night", "last_night"),
        ("The case was opened this year by prosecutors.", "this year", "this_year"),
    ],
)
def test_relative_forms(text: str, quote: str, relative: str) -> None:
    found, phrase = only(text)
    assert (found, phrase.relative) == (quote, relative)


@pytest.mark.parametrize(
    ("text", "quote", "relative", "fields"),
    [
        ("On 18 July last year, the poet was summoned.", "18 July last year", "last_year", (7, 18)),
        ("The vote is set for March 3 next year.", "March 3 next year", "next_year", (3, 3)),
        ("The two unions merged last February.", "last February", "last", (2, None)),
        ("He was arrested in November last year.", "November last year", "last_year", (11, None)),
        ("In October of the same year, he was fined.", "October of the same year", "same_year", (10, None)),
    ],
)
def test_months_relative_to_a_year(
    text: str, quote: str, relative: str, fields: tuple[int | None, ...]
) -> None:
    found, phrase = only(text)
    assert (found, phrase.relative, (phrase.month, phrase.day)) == (quote, relative, fields)


def test_weekday_before_a_full_date_is_one_phrase() -> None:
    found, phrase = only("The raid on Thursday, 9 March 2017 was filmed.")
    assert found == "Thursday, 9 March 2017"
    assert (phrase.weekday, phrase.year, phrase.month, phrase.day) == (3, 2017, 3, 9)


def test_lists_and_ranges_of_months_and_years() -> None:
    found = [
        (q, p.month, p.year)
        for q, p in phrases("Rallies were banned between March and May, and from 2015 to 2018.")
    ]
    assert found == [("March", 3, None), ("May", 5, None), ("2015", None, 2015), ("2018", None, 2018)]


def test_year_context_rules() -> None:
    assert [q for q, _ in phrases("the 2016 referendum campaign ended")] == ["2016"]
    assert [q for q, _ in phrases("during the 2011 uprising")] == ["2011"]
    assert [q for q, _ in phrases("ahead of the 2015 elections, he said")] == ["2015"]
    assert [q for q, _ in phrases("since 2019 he has lived in Riga")] == ["2019"]
    assert [q for q, _ in phrases("2024 presidential elections were rigged")] == ["2024"]


# ---------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "He was charged under Article 274 of the Criminal Code.",
        "The editor faces a case under Section 124A.",
        "The ministry claimed 79,000 manats in back taxes.",
        "Journalists covering Covid-19 were harassed.",
        "Journalists covering COVID-19 were harassed.",
        "He was fined 1,350 dollars.",
        "The court set bail at $2,000 for the reporter.",
        "Damages of 600,000 tenges were awarded.",
        "The 34-year-old blogger denied the charges.",
        "The decree was adopted as Law No. 2020/15 on public order.",
        "Call the hotline on +7 701 555 12 34 for help.",
        "See page 12 of the report.",
        "Officials may arrest anyone who protests.",
        "They will march on the parliament.",
        "May I ask you something, the judge said.",
        "March on, the crowd chanted.",
        "A total of 2000 people were detained.",
        "Police counted 1999 protesters on the square.",
        "In 2000 cases the courts sided with the police.",
        "Decree No. 12/04/2020 banned gatherings.",
        "Shoppers crowded the mall on Black Friday.",
        "The interview ran in the Mail on Sunday.",
        "According to USA Today, the reporter was released.",
        "The late 1990s were a freer time.",
        "The number rose by 1950 in one month.",
        "He was born in the 1980s in Shymkent.",
        "A ratio of 3/4/20 is not a date, nor is version 1.2.2020.1.",
    ],
)
def test_false_positive_traps(text: str) -> None:
    assert phrases(text) == [], text


def test_count_after_a_month_is_not_a_day() -> None:
    found, phrase = only("In March 12 people were detained in Aktobe.")
    assert (found, phrase.day) == ("March", None)


def test_month_first_only_when_unambiguous() -> None:
    _, us = only("dated 04/25/2023")
    assert (us.month, us.day) == (4, 25)
    _, eu = only("dated 04/05/2023")
    assert (eu.month, eu.day) == (5, 4)  # day-first when both read as months
    assert phrases("dated 31/31/2023") == []
    assert phrases("dated 30.02.2023") == []  # no 30 February


def test_region_limits_the_search() -> None:
    text = "Detained on 3 May 2021. Released on 9 June 2022."
    cut = text.index("Released")
    assert [q for q, _ in phrases(text)] == ["3 May 2021", "9 June 2022"]
    assert [text[p.start : p.end] for p in find_date_phrases(text, cut)] == ["9 June 2022"]
    assert [text[p.start : p.end] for p in find_date_phrases(text, 0, cut)] == ["3 May 2021"]
    with pytest.raises(ValueError, match="outside a text"):
        find_date_phrases(text, 5, len(text) + 1)


# ---------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("text", "anchor", "value", "approximate"),
    [
        ("on April 10, 2023", None, "2023-04-10", False),
        ("in April 2023", None, "2023-04", False),
        ("in 2015", None, "2015", False),
        ("in late February 2022", None, "2022-02", True),
        ("in mid-2021", None, "2021", True),
        ("in late 2020", None, "2020", True),
        ("on May 5-6, 2020", None, "2020-05", True),
        ("on April 10", "2023-04", "2023-04-10", False),
        ("on May 3", "2023-04", "2022-05-03", False),
        ("on April 10", "2023-04-09", "2022-04-10", False),
        ("on April 10", "2023-04-10", "2023-04-10", False),
        ("In August", "2023-04-10", "2022-08", False),
        ("In April", "2023-04-10", "2023-04", False),
        ("in early November", "2023-04-10", "2022-11", True),
        ("at the end of March", "2023-04-10", "2023-03", True),
        ("on 5-6 May", "2023-06-01", "2023-05", True),
        ("on April 10", "2023", "2023-04-10", False),
        ("last February", "2023-02-15", "2022-02", False),
        ("last February", "2023-04-15", "2023-02", False),
        ("On 18 July last year", "2024-12-16", "2023-07-18", False),
        ("on March 3 next year", "2014-01-27", "2015-03-03", False),
        ("in November last year", "2023-04-10", "2022-11", False),
        ("late last year", "2014-01-20", "2013", True),
        ("today", "2023-04-10", "2023-04-10", False),
        ("yesterday", "2023-03-01", "2023-02-28", False),
        ("yesterday", "2023-03", "2023-03", False),
        ("last night", "2019-01-07", "2019-01-06", False),
        ("last week", "2023-04-05", "2023-03", True),
        ("last week", "2023-04-20", "2023-04", True),
        ("two weeks ago", "2023-04-20", "2023-04", True),
        ("last month", "2023-01-15", "2022-12", False),
        ("earlier this month", "2023-01-15", "2023-01", False),
        ("last year", "2023-01-15", "2022", False),
        ("this year", "2023-01", "2023", False),
        ("three days ago", "2023-03-02", "2023-02-27", False),
        ("two years ago", "2019-07-30", "2017", False),
        ("on Tuesday", "2023-04-12", "2023-04-11", False),  # a Wednesday
        ("on Wednesday", "2023-04-12", "2023-04-12", False),
        ("last Wednesday", "2023-04-12", "2023-04-05", False),
        ("next Monday", "2023-04-12", "2023-04-17", False),
    ],
)
def test_resolution(text: str, anchor: str | None, value: str, approximate: bool) -> None:
    assert resolved(text, anchor) == DateValue(value, approximate)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("on April 10", None),
        ("In August", None),
        ("on Tuesday", None),
        ("on Tuesday", "2023-04"),  # a weekday needs a day-precision anchor
        ("yesterday", None),
        ("last week", None),
        ("In October of the same year", "2023-04-10"),  # the narrative fixes that year, not the anchor
    ],
)
def test_unresolvable(text: str, anchor: str | None) -> None:
    assert resolved(text, anchor) is None


def test_infer_anchor_takes_the_latest_explicit_date_at_its_most_precise() -> None:
    text = (
        "In 2020 the crackdown began. On 3 November, Tamerlan Oskenov was held again. "
        "By 12 March 2021 the editor had fled, and the blog closed in summer 2021."
    )
    assert infer_anchor(find_date_phrases(text)) == DateValue("2021-03-12")
    text = "He was detained in May 2020 and freed in late 2020; the appeal failed on 2 March 2019."
    assert infer_anchor(find_date_phrases(text)) == DateValue("2020-05")
    assert infer_anchor(find_date_phrases("He was detained on Tuesday and released yesterday.")) is None


def test_infer_anchor_places_the_yearless_dates_of_an_undated_text() -> None:
    text = "Held since 14 May 2021 in Taraz, the two vloggers were fined on May 9 and questioned on March 30."
    found = find_date_phrases(text)
    anchor = infer_anchor(found)
    assert anchor == DateValue("2021-05-14")
    assert [resolve_date(p, anchor) for p in found[1:]] == [DateValue("2021-05-09"), DateValue("2021-03-30")]


# ---------------------------------------------------------------- publication dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-10", "2023-04-10"),
        ("2023-04-10T08:00:00Z", "2023-04-10"),
        ("2023-04-10T23:30:00-05:00", "2023-04-10"),
        ("2023-04-10 08:00:00", "2023-04-10"),
        ("2023-04", "2023-04"),
        ("2023", "2023"),
        (" 2023-04-10 ", "2023-04-10"),
        ("Mon, 10 Apr 2023 08:00:00 +0000", "2023-04-10"),
        ("April 10, 2023", "2023-04-10"),
        ("10 April 2023", "2023-04-10"),
        ("10.04.2023", "2023-04-10"),
        ("Published on April 10, 2023 by staff", "2023-04-10"),
    ],
)
def test_parse_published(value: str, expected: str) -> None:
    assert parse_published(value) == DateValue(expected)


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "garbage", "2023-13-01", "2023-02-30", "yesterday", "April 10", "12345", "1850"],
)
def test_parse_published_rejects(value: str | None) -> None:
    assert parse_published(value) is None


# ---------------------------------------------------------------- arithmetic


def test_add_months_keeps_precision_and_clamps_the_day() -> None:
    assert add_months(DateValue("2023-03-31"), -1) == DateValue("2023-02-28")
    assert add_months(DateValue("2024-01-31"), 1) == DateValue("2024-02-29")
    assert add_months(DateValue("2023-01"), -1) == DateValue("2022-12")
    assert add_months(DateValue("2023-11", True), 14) == DateValue("2025-01", True)
    assert add_months(DateValue("2023"), 11) == DateValue("2023")
    assert add_months(DateValue("2023"), -24) == DateValue("2021")


def test_add_days_moves_coarse_values_by_their_midpoint() -> None:
    assert add_days(DateValue("2023-03-01"), -1) == DateValue("2023-02-28")
    assert add_days(DateValue("2023-03"), -7) == DateValue("2023-03")
    assert add_days(DateValue("2023-03"), 60) == DateValue("2023-05")
    assert add_days(DateValue("2023"), 100) == DateValue("2023")
    assert add_days(DateValue("2023"), 200) == DateValue("2024")


def test_compare_at_the_coarser_precision() -> None:
    assert compare(DateValue("2023-04"), DateValue("2023-04-10")) == 0
    assert compare(DateValue("2023"), DateValue("2023-12-31")) == 0
    assert compare(DateValue("2023-04-09"), DateValue("2023-04-10")) == -1
    assert compare(DateValue("2023-05"), DateValue("2023-04-30")) == 1


# ---------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "quote", "months", "days", "approximate"),
    [
        ("He was sentenced to six years in prison.", "six years", 72, None, False),
        ("a sentence of one year and eight months", "one year and eight months", 20, None, False),
        ("She spent a year and a half in custody.", "a year and a half", 18, None, False),
        ("He got 18 months in a penal colony.", "18 months", 18, None, False),
        ("She received a six-year suspended sentence.", "six-year", 72, None, False),
        ("a 21-month term in a penal colony", "21-month", 21, None, False),
        ("jailed for two and a half years", "two and a half years", 30, None, False),
        ("freed after nearly 14 months in custody", "nearly 14 months", 14, None, True),
        ("15 days of administrative arrest", "15 days", None, 15, False),
        ("He spent 44 days in a pretrial cell.", "44 days", None, 44, False),
        ("kept in isolation for two weeks at a clinic", "two weeks", None, 14, False),
        ("she began a three-day hunger strike", "three-day", None, 3, False),
        ("held for ninety-nine days", "ninety-nine days", None, 99, False),
        ("a term of twenty-one months", "twenty-one months", 21, None, False),
        ("sentenced to 7 years and 6 months", "7 years and 6 months", 90, None, False),
        ("held for more than a month", "more than a month", 1, None, True),
        ("detained for over a year", "over a year", 12, None, True),
        ("he faces up to five years in jail", "up to five years", 60, None, True),
        ("a month and a half after the arrest", "a month and a half", None, 45, False),
        ("two years, three months and ten days", "two years, three months and ten days", 27, 10, False),
        ("half a year in detention", "half a year", 6, None, False),
        ("a 7.5-year term", "7.5-year", 90, None, False),
        ("Six Years for a Post", "Six Years", 72, None, False),
    ],
)
def test_durations(text: str, quote: str, months: int | None, days: int | None, approximate: bool) -> None:
    found = find_durations(text)
    assert len(found) == 1, found
    duration = found[0]
    assert (text[duration.start : duration.end], duration.months, duration.days, duration.approximate) == (
        quote,
        months,
        days,
        approximate,
    )


def test_duration_ranges_give_both_ends() -> None:
    text = "sentences of 7.5 to 9 years were read out, and four to eight years for the others"
    assert [(text[d.start : d.end], d.months) for d in find_durations(text)] == [
        ("7.5", 90),
        ("9 years", 108),
        ("four", 48),
        ("eight years", 96),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The 34-year-old blogger was detained.",
        "their two-year-old son",
        "a man of 40 years old",
        "he vanished two years ago while reporting",
        "one day it will be different",
        "the council meets twice a year",
        "visits three times a month",
        "the fourth day of the strike",
        "for years he was harassed",
        "Article 274 and Covid-19",
    ],
)
def test_duration_traps(text: str) -> None:
    assert find_durations(text) == [], text


# ---------------------------------------------------------------- properties

DATES = st.dates(min_value=dt.date(1905, 1, 1), max_value=dt.date(2095, 12, 31))
YEARLESS_FORMS = ("on {month} {day}", "on {day} {month}", "on the {day}th of {month}", "on {abbr} {day}")
ABBREVIATIONS = "Jan. Feb. Mar. Apr. May Jun. Jul. Aug. Sept. Oct. Nov. Dec.".split()


def _render_yearless(date: dt.date, form: str) -> str:
    return form.format(month=MONTHS[date.month - 1], abbr=ABBREVIATIONS[date.month - 1], day=date.day)


@given(date=DATES, anchor=DATES, form=st.sampled_from(YEARLESS_FORMS), month_anchor=st.booleans())
def test_yearless_dates_resolve_to_the_latest_such_date_not_after_the_anchor(
    date: dt.date, anchor: dt.date, form: str, month_anchor: bool
) -> None:
    text = _render_yearless(date, form)
    found, phrase = only(text)
    anchor_value = DateValue(anchor.isoformat()[:7] if month_anchor else anchor.isoformat())
    result = resolve_date(phrase, anchor_value)
    assert result is not None and result.precision == "day"
    value = dt.date.fromisoformat(result.value)
    assert (value.month, value.day) == (date.month, date.day)
    assert compare(result, anchor_value) <= 0
    latest = (
        anchor
        if not month_anchor
        else dt.date(anchor.year, anchor.month, calendar.monthrange(anchor.year, anchor.month)[1])
    )
    limit = 366 * (8 if (date.month, date.day) == (2, 29) else 1)  # a 29 February waits for a leap year
    assert (latest - value).days < limit


@given(anchor=DATES, weekday=st.integers(0, 6), last=st.booleans())
def test_weekdays_resolve_within_the_week_before_the_anchor(
    anchor: dt.date, weekday: int, last: bool
) -> None:
    text = f"{'last' if last else 'on'} {WEEKDAYS[weekday]}"
    _, phrase = only(text)
    result = resolve_date(phrase, DateValue(anchor.isoformat()))
    assert result is not None
    value = dt.date.fromisoformat(result.value)
    assert value.weekday() == weekday
    gap = (anchor - value).days
    assert (1 <= gap <= 7) if last else (0 <= gap <= 6)


FRAGMENTS = st.sampled_from(
    [
        "April 10, 2023",
        "10 April",
        "in 2015",
        "on Tuesday",
        "last week",
        "late February 2022",
        "mid-2021",
        "5-6 May",
        "Covid-19",
        "79,000",
        "Article 274",
        "the end of May",
        "10.04.2023",
        "2023-04-10",
        "May",
        "yesterday",
        "three days ago",
        "between 5 and 7 June",
        "six years",
        "-",
        ",",
        ".",
        " ",
        "\n",
        "34-year-old",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=25).map(" ".join)


@settings(max_examples=300)
@given(text=TEXTS, bounds=st.tuples(st.integers(0, 400), st.integers(0, 400)))
def test_phrases_lie_inside_the_text_and_never_overlap(text: str, bounds: tuple[int, int]) -> None:
    for start, end in ((0, len(text)), (min(bounds[0], len(text)), min(max(bounds), len(text)))):
        if start > end:
            continue
        found = find_date_phrases(text, start, end)
        for phrase in found:
            assert start <= phrase.start < phrase.end <= end
            assert text[phrase.start : phrase.end].strip() == text[phrase.start : phrase.end]
        for left, right in zip(found, found[1:], strict=False):
            assert left.end <= right.start
        durations = find_durations(text, start, end)
        for duration in durations:
            assert start <= duration.start < duration.end <= end
        for left, right in zip(durations, durations[1:], strict=False):
            assert left.end <= right.start


@given(date=DATES, time_part=st.sampled_from(["", "T08:00:00Z", "T23:59:59+05:00", " 12:30"]))
def test_parse_published_round_trips_iso_dates(date: dt.date, time_part: str) -> None:
    iso = date.isoformat()
    assert parse_published(iso + time_part) == DateValue(iso)
    assert parse_published(iso[:7]) == DateValue(iso[:7])
    assert parse_published(iso[:4]) == DateValue(iso[:4])


@given(
    date=DATES,
    form=st.sampled_from(["{M} {d}, {y}", "{d} {M} {y}", "{y}-{m:02d}-{d:02d}", "{d:02d}.{m:02d}.{y}"]),
)
def test_written_dates_with_a_year_resolve_to_themselves(date: dt.date, form: str) -> None:
    text = (
        "Detained on "
        + form.format(M=MONTHS[date.month - 1], d=date.day, m=date.month, y=date.year)
        + " in Baku."
    )
    _, phrase = only(text)
    assert resolve_date(phrase, None) == DateValue(date.isoformat())


@given(
    years=st.integers(1, 99),
    months=st.integers(1, 11),
    as_words=st.booleans(),
    joiner=st.sampled_from([" and ", ", ", " "]),
)
def test_years_and_months_sum_to_months(years: int, months: int, as_words: bool, joiner: str) -> None:
    def render(n: int, unit: str) -> str:
        return f"{words(n) if as_words else n} {unit}{'s' if n != 1 else ''}"

    text = f"He was sentenced to {render(years, 'year')}{joiner}{render(months, 'month')} in a colony."
    found = find_durations(text)
    assert [(d.months, d.days) for d in found] == [(12 * years + months, None)]


@given(date=DATES, months=st.integers(-240, 240))
def test_add_months_moves_the_month_index(date: dt.date, months: int) -> None:
    moved = add_months(DateValue(date.isoformat()), months)
    after = dt.date.fromisoformat(moved.value)
    assert (after.year * 12 + after.month) - (date.year * 12 + date.month) == months
    assert after.day == min(date.day, calendar.monthrange(after.year, after.month)[1])


@given(a=DATES, b=DATES, pa=st.sampled_from([4, 7, 10]), pb=st.sampled_from([4, 7, 10]))
def test_compare_is_antisymmetric(a: dt.date, b: dt.date, pa: int, pb: int) -> None:
    left, right = DateValue(a.isoformat()[:pa]), DateValue(b.isoformat()[:pb])
    assert compare(left, right) == -compare(right, left)
    assert compare(left, left) == 0


# ---------------------------------------------------------------- the gold corpus


def _corpus() -> list[dict]:
    if not CORPUS.exists():
        pytest.skip(f"no gold corpus at {CORPUS}")
    return [
        json.loads(line)
        for name in ("seed.jsonl", "dev.jsonl")
        for line in (CORPUS / name).open(encoding="utf-8")
    ]


def test_corpus_day_dates_of_gold_events_are_found() -> None:
    """Most gold event dates at day precision appear among the resolved phrases of their text.

    The rest follow from the narrative (order of events, "the next day"), which is the
    events component's business.
    """
    found = total = 0
    for record in _corpus():
        text = record["text"]
        phrases_ = find_date_phrases(text)
        anchor = parse_published(record.get("published")) or infer_anchor(phrases_)
        values = {value.value for p in phrases_ if (value := resolve_date(p, anchor)) is not None}
        gold = {
            e["date"]
            for case in record["gold"]["cases"]
            for e in case["events"]
            if len(e.get("date") or "") == 10
        }
        total += len(gold)
        found += len(gold & values)
    assert total > 20
    assert found / total >= 0.85


def test_corpus_publication_dates_parse() -> None:
    for record in _corpus():
        if record.get("published"):
            assert parse_published(record["published"]) == DateValue(record["published"])


def test_yearless_dates_after_a_verdict_lede_tell_how_it_came_to_that() -> None:
    text = (
        "Bolivia: three students jailed\n\n"
        "LA PAZ - A court in La Paz on 3 June 2025 sentenced three student leaders to four years in prison.\n\n"
        "The students were detained on 18 September after a march, and in November a judge extended their "
        "custody. The trial opened on 12 May.\n\n"
        "Since the verdict, their families have been questioned twice; on 20 June police searched a flat."
    )
    phrases = find_date_phrases(text)
    # September and November are 2024's; only "Since the verdict" carries the story past 3 June.
    assert infer_anchor(phrases, text) == DateValue("2025-06-20")
    without_moving_on = text.replace("Since the verdict, their", "Their")
    assert infer_anchor(find_date_phrases(without_moving_on), without_moving_on) == DateValue("2025-06-03")


def test_yearless_dates_after_an_arrest_lede_still_move_the_story_on() -> None:
    text = (
        "Police in Minsk detained the blogger Ales Varabei on 14 February 2025.\n\n"
        "On 2 May a court sentenced him to three years in a penal colony."
    )
    assert infer_anchor(find_date_phrases(text), text) == DateValue("2025-05-02")


def test_a_year_in_a_laws_name_dates_nothing() -> None:
    for text in ("held under the 1960 Public Order Act until", "charged under Decree No. 54 of 2022, and then",
                 "the 2016 Cybercrime Law is vague", "Section 24 of the Cybercrimes Act, 2015, as amended"):
        assert find_date_phrases(text) == [], text
    assert [p.year for p in find_date_phrases("She was arrested in 2022 and the 2020 protests")] == [2022, 2020]
