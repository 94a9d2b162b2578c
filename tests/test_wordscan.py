"""A WordScan finds what the one big pattern of the same names finds."""

from __future__ import annotations

import re

import pytest

from casewatch.extract.tries import words_pattern
from casewatch.extract.wordscan import WordScan

# Capitals start enough first words to be looked up; "the ..." and "state of ..." stay in the pattern.
NAMES = [
    "Almaty", "Alma-Ata", "Astana", "Aktau", "Aktobe", "Atyrau", "Arkalyk", "Aral", "Aral Sea", "Aralsk", "Almaty Region",
    "Bosnia", "Bosnia and Herzegovina", "U.K.", "U.S.", "U.S.S.R.", "the Gambia", "the Netherlands",
    "state of Georgia", "Georgia", "Netherlands", "Gambia",
]
TEXT = (
    "From Alma-Ata (now Almaty) to Aralsk and the\n Gambia, via Bosnia and  Herzegovina, Bosnia-x, "
    "the U.K. and U.S.S.R.; xAstana, Aralsky, Astana/Aktau, state of Georgia, the Netherlands-based "
    "Almaty_ Aktobe, the Aral\t Sea, Almaty Region"
)


def _plain(before: str, after: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!{before})(?:{words_pattern(sorted(NAMES))})(?!{after})")


@pytest.mark.parametrize(("before", "after"), [(r"\w", r"\w"), (r"[\w\-/]", r"[\w/]")])
def test_the_same_matches_as_the_one_pattern_in_any_stretch(before: str, after: str) -> None:
    plain, scan = _plain(before, after), WordScan(NAMES, before, after)
    for start in range(0, len(TEXT), 7):
        for end in range(start, len(TEXT) + 1, 11):
            expected = [(m.start(), m.end(), " ".join(m.group().split())) for m in plain.finditer(TEXT, start, end)]
            assert list(scan.finditer(TEXT, start, end)) == expected


def test_names_are_given_as_listed_with_the_longest_at_a_start() -> None:
    found = [name for _, _, name in WordScan(NAMES).finditer(TEXT)]
    assert found[:5] == ["Alma-Ata", "Almaty", "Aralsk", "the Gambia", "Bosnia and Herzegovina"]


def test_a_name_that_starts_with_no_word_character_is_refused() -> None:
    with pytest.raises(ValueError, match="word character"):
        WordScan(["-Ata"])
