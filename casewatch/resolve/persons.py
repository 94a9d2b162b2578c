"""Whether two name lists denote one person, and which known person a new one is.

Names are compared by their keys (``names.parse``), strongest evidence first:

=====  ==========================================================================  ==================
tier   evidence                                                                    needs
=====  ==========================================================================  ==================
3      equal full-name keys, in any word order ("Mamai Zhanbolat")                 —
2      equal surname keys and given names that agree (one list within the other)   —
1      fuzzy: full keys ``ratio >= 90``, surnames ``>= 90``, first given ``>= 80``   same country
0      a lone name (surname, nickname) or initials only                            same country, and
                                                                                   a single candidate
=====  ==========================================================================  ==================

Surnames that are the masculine and feminine forms of one name (Aliyev, Aliyeva) never match:
they are relatives, not one person. Two people who share only a surname are never merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import fuzz

from casewatch.resolve.names import ParsedName, feminine_pair, parse

# Thresholds of the fuzzy tier, on key strings; the length guard keeps short names
# ("Ali Aliev") to exact keys, where one letter is a large share of the name.
FUZZY_FULL = 90.0
FUZZY_SURNAME = 90.0
FUZZY_GIVEN = 80.0
FUZZY_MIN_LETTERS = 8

EXACT, GIVEN, FUZZY, WEAK = 3, 2, 1, 0


class PersonLike(Protocol):
    """What ``match_person`` needs of a known person."""

    @property
    def id(self) -> int: ...
    @property
    def names(self) -> Sequence[str]: ...
    @property
    def country(self) -> str | None: ...


def _given_agree(a: ParsedName, b: ParsedName) -> tuple[str, int] | None:
    """How the given names of two full names agree: the shorter list must lie within the longer, in
    order. ("full", n) if at least one agrees in full, ("initial", n) if only initials do ("Z. Mamai");
    n counts the longer list's names left unmatched. None if they disagree."""
    short, long_ = (a.given, b.given) if len(a.given) <= len(b.given) else (b.given, a.given)
    full = False
    at = 0
    for key, letter, initial in short:
        while at < len(long_):
            other_key, other_letter, other_initial = long_[at]
            at += 1
            if initial or other_initial:
                if letter and letter == other_letter:
                    break
            elif key == other_key:
                full = True
                break
        else:
            return None
    return ("full" if full else "initial"), len(long_) - len(short)


def _compare_full(a: ParsedName, b: ParsedName) -> tuple[int, float] | None:
    if a.key == b.key or a.words == b.words:
        return EXACT, 100.0
    if a.surname and a.surname == b.surname:
        agree = _given_agree(a, b)
        # Fewer given names left unmatched is the closer agreement ("Yerlan B. Toqaev" is nearer to
        # "Yerlan Bolatuly Toqaev" than to "Yerlan Toqaev").
        if agree is not None and agree[0] == "full":
            return GIVEN, 100.0 - agree[1]
        if agree is not None:
            return WEAK, 90.0 - agree[1]
        # Given names that differ in spelling only ("Tayseer", "Taysir") are left to the fuzzy tier.
    if feminine_pair(a.surname, b.surname):
        return None
    letters_a, letters_b = len(a.key.replace(" ", "")), len(b.key.replace(" ", ""))
    if min(letters_a, letters_b) < FUZZY_MIN_LETTERS:
        return None
    score = fuzz.ratio(a.key, b.key)
    if score < FUZZY_FULL or fuzz.ratio(a.surname, b.surname) < FUZZY_SURNAME:
        return None
    (ga, la, ia), (gb, lb, ib) = a.given[0], b.given[0]
    if (ia or ib) and la != lb:
        return None
    if not (ia or ib) and fuzz.ratio(ga, gb) < FUZZY_GIVEN:
        return None
    return FUZZY, score


def _split(names: Sequence[str]) -> tuple[list[ParsedName], list[ParsedName]]:
    parsed = [parse(n) for n in names if n and n.strip()]
    parsed = [p for p in parsed if p.key]
    return [p for p in parsed if not p.lone], [p for p in parsed if p.lone]


def _compare(a: Sequence[str], b: Sequence[str]) -> tuple[int, float] | None:
    """The strongest evidence that two name lists denote one person, as (tier, score)."""
    full_a, lone_a = _split(a)
    full_b, lone_b = _split(b)
    best: tuple[int, float] | None = None
    if full_a and full_b:
        # Both have full names: only full names decide; a shared lone alias ("Ulvi") is no evidence.
        for x in full_a:
            for y in full_b:
                found = _compare_full(x, y)
                if found and (best is None or found > best):
                    best = found
        return best
    if full_a or full_b:
        fulls, lones, other_lones = (full_a, lone_b, lone_a) if full_a else (full_b, lone_a, lone_b)
        surnames = {f.surname for f in fulls}
        given = {g[0] for f in fulls for g in f.given}
        # The full side's own lone aliases count too (a nickname, "Libre"), unless they are just
        # its given name ("Zhanbolat"), which is no evidence about another document's person.
        aliases = {lone.key for lone in other_lones} - given
        if any(lone.key in surnames or lone.key in aliases for lone in lones):
            return WEAK, 80.0
        return None
    if {x.key for x in lone_a} & {y.key for y in lone_b}:
        return WEAK, 70.0
    return None


def same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two name lists (full names and aliases) can denote one person.

    ``same_person(["Zhanbolat Mamai", "Mamai"], ["Janbolat Mamay"])`` is True;
    ``same_person(["Ilham Aliyev"], ["Emin Aliyev"])`` and ``same_person(["Ali Aliyev"], ["Ali Aliyeva"])``
    are False. A lone surname is compatible with a full name that has it (``["Mamai"]`` and
    ``["Zhanbolat Mamai"]``); whether that is enough is ``match_person``'s call, which needs it
    to be the only candidate.
    """
    return _compare(a, b) is not None


def _countries_clash(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().upper() != b.strip().upper())


def match_person(names: Sequence[str], country: str | None, candidates: Sequence[PersonLike]) -> int | None:
    """The id of the known person these names denote, or None.

    The strongest tier among the candidates decides. Within it a candidate of the same country,
    then the higher score, then the lower id wins. Fuzzy and weak matches need no country clash,
    and a weak match (a lone surname, initials) is taken only when it is the only candidate that
    matches at all: ``["Aliyev"]`` against Ilham Aliyev and Emin Aliyev matches neither.
    """
    found: list[tuple[int, float, bool, int]] = []
    for person in candidates:
        hit = _compare(names, list(person.names))
        if hit is None:
            continue
        tier, score = hit
        clash = _countries_clash(country, person.country)
        if clash and tier <= FUZZY:
            continue
        found.append((tier, score, not clash and bool(country and person.country), person.id))
    if not found:
        return None
    top = max(tier for tier, _, _, _ in found)
    if top == WEAK and len(found) > 1:
        return None
    best = min((f for f in found if f[0] == top), key=lambda f: (not f[2], -f[1], f[3]))
    return best[3]
