"""Tests of name folding, transliteration keys, name parts, and matching persons across documents."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.resolve import names as N
from casewatch.resolve.names import fold, name_key, parts, script_of, surname, tokens
from casewatch.resolve.persons import match_person, same_person

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# Spelling variants of one name that sources really use; each pair must get one key.
VARIANTS = [
    ("Mamai", "Mamay"),
    ("Qylyshev", "Kylyshev"),
    ("Toqaev", "Tokayev"),
    ("Tokaev", "Tokayev"),
    ("Ismayilova", "Ismailova"),
    ("Mehralizadə", "Mehralizada"),
    ("Mehralizade", "Mehralizada"),
    ("Zhanbolat", "Janbolat"),
    ("Dzhumabaev", "Jumabayev"),
    ("Nurgeldy", "Nurgeldi"),
    ("al-Najjar", "Najjar"),
    ("el-Najjar", "Najjar"),
    ("Al Najjar", "al-Najjar"),
    ("Hajiyev", "Gadzhiev"),
    ("Hacıyev", "Hajiyev"),
    ("Khadija", "Hadija"),
    ("Ou-Joon", "U-Joon"),
    ("Мамай", "Mamai"),
    ("Жанболат Мамай", "Zhanbolat Mamai"),
    ("Қылышев", "Qylyshev"),
    ("Джумабаев", "Jumabayev"),
    ("Qasimova", "Gasimova"),
    ("Vaqifqizi", "Vagifgizi"),
    ("Sadıqov", "Sadigov"),
    ("Bəxtiyar", "Bakhtiyar"),
    ("Chin’ono", "Chin'ono"),
    ("Dr. Gubad Ibadoglu", "Gubad Ibadoglu"),
    ("Mommeu Ould Bouzouma", "Mommeu Bouzouma"),
    ("Ould Bouzouma", "Bouzouma"),
]

# Full names of one person in different sources (fictional people, realistic spellings).
SAME_PEOPLE = [
    (["Zhanbolat Mamai", "Mamai", "Zhanbolat"], ["Janbolat Mamay"]),
    (["Erlan Toqaev"], ["Yerlan Tokayev"]),
    (["Aigul Qylysheva"], ["Aigul Kylysheva"]),
    (["Leyla Ismayilova"], ["Leyla Ismailova"]),
    (["Rauf Mehralizade"], ["Rauf Mehralizada"]),
    (["Timur Dzhumabaev"], ["Timur Jumabayev"]),
    (["Nurgeldy Atayev"], ["Nurgeldi Ataev"]),
    (["Samir al-Najjar"], ["Samir el-Najjar"], ),
    (["Samir al-Najjar"], ["Najjar"]),
    (["Ramil Hajiyev"], ["Рамиль Гаджиев"]),
    (["Khalid Osmanov"], ["Halid Osmanov"]),
    (["Kim Ou-Joon"], ["Ou-Joon Kim"]),
    (["Tahir Vəliyev"], ["Tahir Valiyev"]),
    (["Sevda Qasımova"], ["Sevda Gasimova"]),
    (["Z. Mamai"], ["Zhanbolat Mamai"]),
    (["Marat Ospan", "Ospan"], ["Ospan"]),
    (["Mariam Kaka Sani"], ["Kaka Sani"]),
    (["Pedro Luis Valle Soto"], ["Luis Valle Soto"]),
    (["Yusuf Abdullah Idris"], ["Yusuf Abdulla Idris"]),
    (["Taysir Hamdan"], ["Tayseer Hamdan"]),  # fuzzy tier
]

DIFFERENT_PEOPLE = [
    (["Ilham Aliyev"], ["Emin Aliyev"]),
    (["Ali Aliyev"], ["Ali Aliyeva"]),
    (["Aliyev"], ["Leyla Aliyeva"]),
    (["Nadia Voltskaya"], ["Nadia Voltsky"]),
    (["Ulvi Hasanov", "Ulvi"], ["Ulvi Tahirli", "Ulvi"]),
    (["Zhanbolat Mamai", "Zhanbolat"], ["Zhanbolat"]),  # a bare given name is no evidence
    (["Rashid Karimov"], ["Rashid Kasimov"]),
    (["Ulvi Hasanli"], ["Ulvi Hasanov"]),
    (["Oleg Petrov"], ["Olga Petrova"]),
    (["Kaka Sani"], ["Kaka Bello"]),
]


# ---------------------------------------------------------------- fold


def test_fold_examples_in_rule_data() -> None:
    assert N.rules().fold_examples, "rules/names.yaml must document fold with examples"
    for raw, folded in N.rules().fold_examples:
        assert fold(raw) == folded


def test_fold_unifies_every_apostrophe_and_dash() -> None:
    for mark in "’'`ʼ‘":
        assert fold(f"Chin{mark}ono") == "chin'ono"
    for dash in "‐‑‒–—−-":
        assert fold(f"Shavrov{dash}Delaunay") == "shavrov-delaunay"
    assert fold("  Zhanbolat \t\n MAMAI ") == "zhanbolat mamai"
    assert fold("Rodríguez Lobaina") == "rodriguez lobaina"


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variants_are_one_person(a: str, b: str) -> None:
    assert same_person([a], [b])


@pytest.mark.parametrize("rule", N.rules().key_rules, ids=lambda r: r.id)
def test_every_key_rule_has_an_example_it_is_needed_for(rule: N.KeyRule) -> None:
    a, b = rule.example
    assert name_key(a) == name_key(b), f"rule {rule.id}: its example {a!r} / {b!r} must share a key"
    assert N.key_without_rule(a, rule.id) != N.key_without_rule(b, rule.id), (
        f"rule {rule.id}: its example {a!r} / {b!r} would match without it; pick an example that needs it"
    )


def test_distinct_names_keep_distinct_keys() -> None:
    for a, b in [("Aliyev", "Aliyeva"), ("Ilham", "Emin"), ("Hasanli", "Hasanov"), ("Ivanov", "Ivanova"),
                 ("Karimov", "Kasimov"), ("Petrov", "Popov")]:
        assert name_key(a) != name_key(b)


def test_key_rules_are_data_with_reasons() -> None:
    import yaml

    data = yaml.safe_load(N.RULES_PATH.read_text(encoding="utf-8"))
    ids = [r["id"] for r in data["key"]["rules"]]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for r in data["key"]["rules"]:
        assert isinstance(r["id"], str) and r.get("why") and len(r["example"]) == 2


NAMES = ["Zhanbolat Mamai", "Erlan Toqaev", "Leyla Ismayilova", "Samir al-Najjar", "Mommeu Ould Bouzouma",
         "Hopewell Chin'ono", "Kim Ou-Joon", "Nurgeldy Atayev", "Bəxtiyar Hacıyev", "Ludwig van Beethoven"]
ACCENTS = [chr(c) for c in range(0x0300, 0x0370)]


@st.composite
def respelled(draw: st.DrawFn) -> tuple[str, str]:
    """A name and a copy with random letter case, combining accents and whitespace."""
    name = draw(st.sampled_from(NAMES))
    out = []
    for ch in name:
        if ch == " ":
            out.append(draw(st.sampled_from([" ", "  ", "\t", "\u00a0", " \n "])))
            continue
        out.append(ch.upper() if draw(st.booleans()) else ch.lower())
        if ch.isalpha() and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(ACCENTS)))
    if draw(st.booleans()):
        out = [" ", *out, "  "]
    return name, "".join(out)


@given(st.text())
@settings(max_examples=400)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
@settings(max_examples=400)
def test_key_depends_only_on_fold(text: str) -> None:
    assert name_key(text) == name_key(fold(text))


@given(respelled())
@settings(max_examples=300)
def test_case_and_accent_variations_keep_the_key(pair: tuple[str, str]) -> None:
    name, variant = pair
    assert name_key(variant) == name_key(name)
    assert fold(variant) == fold(name)
    assert same_person([variant], [name])


# ---------------------------------------------------------------- parts of a name


def test_tokens_drop_titles_and_join_particles() -> None:
    assert tokens("Dr. Gubad Ibadoglu") == ["Gubad", "Ibadoglu"]
    assert tokens("Tayseer al-Najjar") == ["Tayseer", "al-Najjar"]
    assert tokens("Nasir el Rufai") == ["Nasir", "el Rufai"]
    assert tokens("Mommeu Ould Bouzouma") == ["Mommeu", "Ould Bouzouma"]
    assert tokens("Farouq Abu Issa") == ["Farouq", "Abu Issa"]
    assert tokens("Ludwig van Beethoven") == ["Ludwig", "van Beethoven"]
    # Capitalized "Van" is a Vietnamese middle name, not a Dutch particle.
    assert tokens("Nguyen Van An") == ["Nguyen", "Van", "An"]
    # "Ben" is a given name at the start, a connector inside.
    assert tokens("Ben Carter") == ["Ben", "Carter"]
    assert tokens("Zine El Abidine Ben Ali") == ["Zine", "El Abidine", "Ben Ali"]
    assert tokens("Dr.") == ["Dr."]


def test_surnames() -> None:
    assert surname("Tayseer al-Najjar") == "al-Najjar"
    assert surname("Mommeu Ould Bouzouma") == "Ould Bouzouma"
    assert name_key(surname("Mommeu Ould Bouzouma")) == name_key("Bouzouma")
    assert surname("Salma Mint Tolba") == "Mint Tolba"
    assert surname("Farouq Abu Issa") == "Abu Issa"
    assert surname("Mamai") == "Mamai"
    assert surname("") == ""


def test_patronymics() -> None:
    assert parts("Vladimir Ilyich Sorokin") == N.NameParts(("Vladimir",), ("Ilyich",), "Sorokin")
    assert parts("Sorokin Vladimir Ilyich") == N.NameParts(("Vladimir",), ("Ilyich",), "Sorokin")
    assert parts("Anna Sergeevna Orlova") == N.NameParts(("Anna",), ("Sergeevna",), "Orlova")
    assert parts("Ali Vagif oglu Hasanov") == N.NameParts(("Ali",), ("Vagif", "oglu"), "Hasanov")
    assert parts("Hasanov Ali Vagif oglu").surname == "Hasanov"
    assert parts("Roman Arkadyevich Abramovich").surname == "Abramovich"
    assert parts("Heinrich Ulrich Mann").given == ("Heinrich", "Ulrich")
    assert parts("Ivan Petrovich").surname == "Petrovich"
    # The patronymic does not stop a match with the plain name.
    assert same_person(["Anna Sergeevna Orlova"], ["Anna Orlova"])
    assert same_person(["Orlova Anna Sergeevna"], ["Anna Orlova"])


def test_script_of() -> None:
    assert script_of("Zhanbolat Mamai") == "Latn"
    assert script_of("Жанболат Мамай") == "Cyrl"
    assert script_of("Bəxtiyar Hacıyev") == "Latn"
    assert script_of("تيسير النجار") == "Arab"
    assert script_of("김정은") == "Hang"
    assert script_of("Mamai (Мамай)") == "Latn"  # 5 Latin letters against 5 Cyrillic: first seen wins
    assert script_of("Мамай (Mamai)") == "Cyrl"
    assert script_of("Жанболат (Mamai)") == "Cyrl"
    assert script_of("1990 - ") == "Zyyy"


# ---------------------------------------------------------------- same_person


@pytest.mark.parametrize(("a", "b"), SAME_PEOPLE)
def test_same_people(a: list[str], b: list[str]) -> None:
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people(a: list[str], b: list[str]) -> None:
    assert not same_person(a, b)
    assert not same_person(b, a)


def test_empty_names_match_nothing() -> None:
    assert not same_person([], ["Zhanbolat Mamai"])
    assert not same_person(["", "  "], ["Zhanbolat Mamai"])


# ---------------------------------------------------------------- match_person


@dataclass
class Person:
    id: int
    names: list[str]
    country: str | None = None


def test_match_person_prefers_the_strongest_evidence() -> None:
    people = [Person(1, ["Askar Tokayev"], "KZ"), Person(2, ["Yerlan Toqaev", "Toqaev"], "KZ"),
              Person(3, ["Yerlan Tokaeva"], "KZ")]
    assert match_person(["Erlan Tokayev"], "KZ", people) == 2
    assert match_person(["Askar Toqaev"], None, people) == 1
    assert match_person(["Erlan Tokaeva"], None, people) == 3
    # Among names that agree, the one that leaves fewer given names unmatched wins.
    people.append(Person(4, ["Yerlan Bolatuly Toqaev"], "KZ"))
    assert match_person(["Yerlan Bolatuly Toqaev"], "KZ", people) == 4
    assert match_person(["Yerlan B. Toqaev"], "KZ", people) == 4


def test_match_person_lone_surname_needs_a_single_candidate() -> None:
    one = [Person(1, ["Ilham Aliyev"], "AZ"), Person(2, ["Leyla Aliyeva"], "AZ")]
    assert match_person(["Aliyev"], "AZ", one) == 1
    two = [*one, Person(3, ["Emin Aliyev"], "AZ")]
    assert match_person(["Aliyev"], "AZ", two) is None
    # Initials alone are as weak as a lone surname.
    assert match_person(["I. Aliyev"], "AZ", one) == 1
    assert match_person(["I. Aliyev"], "AZ", [*one, Person(4, ["Isa Aliyev"], "AZ")]) is None


def test_match_person_never_merges_people_who_share_only_a_surname() -> None:
    people = [Person(1, ["Ilham Aliyev"], "AZ")]
    assert match_person(["Emin Aliyev"], "AZ", people) is None
    assert match_person(["Leyla Aliyeva"], "AZ", people) is None


def test_country_clash_blocks_fuzzy_and_weak_matches_only() -> None:
    people = [Person(1, ["Tayseer Hamdan"], "JO")]
    assert match_person(["Taysir Hamdan"], "JO", people) == 1
    assert match_person(["Taysir Hamdan"], None, people) == 1
    assert match_person(["Taysir Hamdan"], "AE", people) is None
    assert match_person(["Hamdan"], "AE", people) is None
    # An exact name is the same person in another prosecuting state (a citizen tried abroad).
    assert match_person(["Tayseer Hamdan"], "AE", people) == 1


def test_match_person_ties_go_to_the_same_country_then_the_lower_id() -> None:
    people = [Person(5, ["Marat Ospan"], "KZ"), Person(3, ["Marat Ospan"], "KG"), Person(4, ["Marat Ospan"])]
    assert match_person(["Marat Ospan"], "KG", people) == 3
    assert match_person(["Marat Ospan"], None, people) == 3
    assert match_person(["Marat Ospan"], "KZ", people) == 5


def test_match_person_without_candidates() -> None:
    assert match_person(["Zhanbolat Mamai"], "KZ", []) is None


# ---------------------------------------------------------------- the corpus


def _corpus_cases() -> list[tuple[str, list[str], str | None]]:
    out = []
    for name in ("seed.jsonl", "dev.jsonl"):
        path = CORPUS / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                for case in doc["gold"]["cases"]:
                    out.append((doc["id"], [case["name"], *case.get("aliases", [])], case.get("country")))
    if not out:
        pytest.skip(f"no gold corpus at {CORPUS}")
    return out


def test_corpus_people_of_one_document_stay_apart() -> None:
    cases = _corpus_cases()
    for (doc_a, names_a, _), (doc_b, names_b, _) in combinations(cases, 2):
        if doc_a == doc_b:
            assert not same_person(names_a, names_b), f"{doc_a}: {names_a[0]} and {names_b[0]} are two people"


def test_corpus_clustering_merges_spelling_variants_only() -> None:
    @dataclass
    class Known:
        id: int
        names: list[str]
        country: str | None
        docs: list[str] = field(default_factory=list)

    people: list[Known] = []
    for doc_id, case_names, country in _corpus_cases():
        found = match_person(case_names, country, people)
        if found is None:
            people.append(Known(len(people) + 1, list(case_names), country, [doc_id]))
        else:
            person = people[found - 1]
            assert doc_id not in person.docs, f"{case_names[0]} merged with another person of {doc_id}"
            person.names += case_names
            person.docs.append(doc_id)
    by_name = {fold(n): p for p in people for n in p.names}
    # Reports that spell one person differently end up as one person.
    for a, b in [("Sevinj Vagifgizi", "Sevinj Vaqifqizi"), ("Elnara Gasimova", "Elnara Qasimova"),
                 ("Farid Mehralizada", "Farid Mehralizade"), ("Ulvi Hasanli", "Hasanli")]:
        if fold(a) in by_name and fold(b) in by_name:
            assert by_name[fold(a)] is by_name[fold(b)]
