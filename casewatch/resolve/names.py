"""Person-name normalization: the ontology's fold, transliteration-tolerant keys, name parts, scripts.

    >>> fold("Hopewell  Chin’ono")
    "hopewell chin'ono"
    >>> name_key("Zhanbolat Mamay") == name_key("Жанболат Мамай") == name_key("Janbolat Mamai")
    True
    >>> surname("Tayseer al-Najjar"), tokens("Mommeu Ould Bouzouma")
    ('al-Najjar', ['Mommeu', 'Ould Bouzouma'])

The rules are data (``rules/names.yaml``); each carries an example pair of spellings it makes equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from anyascii import anyascii

from casewatch.core.errors import ConfigError

RULES_PATH = Path(__file__).parent / "rules" / "names.yaml"
# libyaml's C parser when PyYAML has it (as extract/rules does): the same data, ~7x faster, at
# every extraction process's first name.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SPACE_RE = re.compile(r"\s+")
_NOT_KEY_RE = re.compile(r"[^a-z0-9\-]+")
# Punctuation trimmed from the edges of a written name word ("(Mamai)", "Mamai,").
_EDGE_PUNCT = "\"'“”«»()[]{},;:!?"


@dataclass(frozen=True, slots=True)
class KeyRule:
    """One ordered rewrite of a name word; ``example`` is a pair of spellings it makes equal."""

    id: str
    pattern: re.Pattern[str]
    replace: str
    turkic_only: bool
    example: tuple[str, str]


@dataclass(frozen=True, slots=True)
class NameRules:
    titles: frozenset[str]
    articles: frozenset[str]
    assimilated: frozenset[str]
    connectors: frozenset[str]
    inner_connectors: frozenset[str]
    kunya: frozenset[str]
    nobiliary: frozenset[str]
    patronymic_suffixes: tuple[str, ...]
    patronymic_words: frozenset[str]
    turkic_token: re.Pattern[str]
    key_rules: tuple[KeyRule, ...]
    feminine_endings: tuple[tuple[str, str], ...]
    scripts: tuple[tuple[str, str], ...]
    fold_examples: tuple[tuple[str, str], ...]


@cache
def _data() -> dict[str, Any]:
    try:
        data = yaml.load(RULES_PATH.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except FileNotFoundError as exc:
        raise ConfigError(f"rule file {RULES_PATH} is missing; reinstall casewatch") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule file {RULES_PATH} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"rule file {RULES_PATH} must hold a mapping; compare it with the documented layout")
    return data


@cache
def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    try:
        spec = _data()["fold"]
        return dict.fromkeys(map(ord, spec["apostrophes"]), "'"), dict.fromkeys(map(ord, spec["hyphens"]), "-")
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"rule file {RULES_PATH} lacks fold.apostrophes or fold.hyphens ({exc!r})") from exc


@cache
def rules() -> NameRules:
    """The parsed ``rules/names.yaml``, loaded once."""
    data = _data()
    try:
        particles = data["particles"]
        key = data["key"]
        key_rules = tuple(
            KeyRule(
                id=str(r["id"]),
                pattern=re.compile(r["pattern"]),
                replace=str(r["replace"]),
                turkic_only=r.get("when") == "turkic",
                example=(str(r["example"][0]), str(r["example"][1])),
            )
            for r in key["rules"]
        )

        def words(values: list[str]) -> frozenset[str]:
            return frozenset(fold(str(v)) for v in values)

        return NameRules(
            titles=words(data["titles"]),
            articles=words(particles["articles"]),
            assimilated=words(particles["assimilated_articles"]),
            connectors=words(particles["connectors"]),
            inner_connectors=words(particles["inner_connectors"]),
            kunya=words(particles["kunya"]),
            nobiliary=words(particles["nobiliary"]),
            patronymic_suffixes=tuple(fold(s) for s in data["patronymic_suffixes"]),
            patronymic_words=words(data["patronymic_words"]),
            turkic_token=re.compile(key["turkic_token"]),
            key_rules=key_rules,
            feminine_endings=tuple((str(m), str(f)) for m, f in data["feminine_endings"]),
            scripts=tuple((str(k), str(v)) for k, v in data["scripts"].items()),
            fold_examples=tuple((str(a), str(b)) for a, b in data["fold"]["examples"]),
        )
    except (KeyError, TypeError, IndexError, re.error) as exc:
        raise ConfigError(f"rule file {RULES_PATH} is malformed ({exc!r}); compare it with the documented layout") from exc


# ---------------------------------------------------------------- fold


def _fold_once(text: str, apostrophes: dict[int, str], hyphens: dict[int, str]) -> str:
    text = unicodedata.normalize("NFKD", text.translate(apostrophes).translate(hyphens))
    if text.isascii():
        # No ASCII character is a mark, an invisible format character or a non-ASCII Latin letter: the
        # loop below would keep every one.
        return _SPACE_RE.sub(" ", text.casefold()).strip()
    out = []
    for ch in text:
        # Marks (accents, and the grapheme joiner that has no combining class) and invisible
        # format characters (soft hyphen, zero-width joiners) carry no letter.
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        # Latin letters with no decomposable accent (ı, ə, ł, ø) still fold to ASCII, as scoring does.
        if ord(ch) > 127 and unicodedata.name(ch, "").startswith("LATIN"):
            ch = anyascii(ch)
        out.append(ch)
    return _SPACE_RE.sub(" ", "".join(out).casefold()).strip()


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The ontology's string comparison: case-folded, accents stripped, apostrophes and dashes unified.

    ``fold("Qubad  İbadoğlu") == "qubad ibadoglu"``; ``fold("Chin’ono") == "chin'ono"``.
    """
    tables = _fold_tables()
    # Case-folding or decomposition can expose characters that a second pass folds further
    # ("ŉ" decomposes to "ʼn"); repeating until nothing changes makes fold idempotent.
    out = _fold_once(name, *tables)
    for _ in range(4):
        again = _fold_once(out, *tables)
        if again == out:
            break
        out = again
    return out


# ---------------------------------------------------------------- keys


def _ascii_words(name: str) -> list[tuple[str, bool]]:
    """Folded, transliterated parts of a name, each with whether a hyphen joins it to the next."""
    folded = fold(name)
    text = (folded if folded.isascii() else "".join(ch if ord(ch) < 128 else anyascii(ch) for ch in folded)).lower()
    text = _NOT_KEY_RE.sub(" ", text.replace("'", ""))
    parts: list[tuple[str, bool]] = []
    for word in text.split():
        pieces = [p for p in word.split("-") if p]
        parts += [(p, i < len(pieces) - 1) for i, p in enumerate(pieces)]
    return parts


def _drop_particles(parts: list[tuple[str, bool]], r: NameRules) -> list[str]:
    while len(parts) > 1 and parts[0][0] in r.titles:
        parts = parts[1:]
    kept = []
    last = len(parts) - 1
    for i, (part, hyphen) in enumerate(parts):
        if i < last and (
            part in r.articles
            or part in r.connectors
            or (part in r.assimilated and hyphen)
            or (part in r.inner_connectors and i > 0)
        ):
            continue
        kept.append(part)
    return kept


def _is_turkic(words: list[str], r: NameRules) -> bool:
    return any(r.turkic_token.search(w) for w in words)


def _key_words(words: list[str], turkic: bool, r: NameRules, skip: str | None = None) -> list[str]:
    out = []
    for word in words:
        for rule in r.key_rules:
            if rule.id == skip or (rule.turkic_only and not turkic):
                continue
            word = rule.pattern.sub(rule.replace, word)
        if word:
            out.append(word)
    return out


def _name_key(name: str, skip: str | None = None, turkic: bool | None = None) -> str:
    r = rules()
    words = _drop_particles(_ascii_words(name), r)
    if turkic is None:
        turkic = _is_turkic(words, r)
    return " ".join(_key_words(words, turkic, r, skip))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A key equal for spelling and transliteration variants of one name.

    ``name_key("Toqaev") == name_key("Tokayev")``, ``name_key("al-Najjar") == name_key("Najjar")``,
    ``name_key("Мамай") == name_key("Mamai")``. It depends only on ``fold(name)``.
    """
    return _name_key(name)


def key_without_rule(name: str, rule_id: str) -> str:
    """``name_key`` with one rule switched off: shows what that rule contributes (used by the rule tests)."""
    if rule_id not in {rule.id for rule in rules().key_rules}:
        raise ConfigError(f"no key rule {rule_id!r} in {RULES_PATH}; use one of its `id` values")
    return _name_key(name, skip=rule_id)


# ---------------------------------------------------------------- parts of a name


def _plain(word: str) -> str:
    return fold(word).strip(".")


def _is_particle(word: str, position: int, r: NameRules) -> bool:
    plain = _plain(word)
    if plain in r.articles or plain in r.connectors or plain in r.kunya:
        return True
    if plain in r.inner_connectors:
        return position > 0
    # European particles only in lower case: "Nguyen Van An" keeps Van as a middle name.
    return plain in r.nobiliary and word.islower()


@lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[str, ...]:
    r = rules()
    words = [w.strip(_EDGE_PUNCT) for w in _SPACE_RE.split(name.strip())]
    words = [w for w in words if w and w.strip(".")]
    while len(words) > 1 and _plain(words[0]) in r.titles:
        words = words[1:]
    units: list[str] = []
    pending: list[str] = []
    for i, word in enumerate(words):
        if i < len(words) - 1 and _is_particle(word, i, r):
            pending.append(word)
            continue
        units.append(" ".join([*pending, word]))
        pending = []
    return tuple(units)


def tokens(name: str) -> list[str]:
    """The words of a name as written, titles dropped, particles joined to the word they introduce.

    ``tokens("Dr. Gubad Ibadoglu") == ["Gubad", "Ibadoglu"]``;
    ``tokens("Zine El Abidine Ben Ali") == ["Zine", "El Abidine", "Ben Ali"]``.
    """
    return list(_tokens(name))


def _is_patronymic(unit: str, r: NameRules) -> bool:
    plain = _plain(unit)
    return any(plain.endswith(s) and len(plain) > len(s) + 1 for s in r.patronymic_suffixes)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split into given names, patronymics and surname, as written."""

    given: tuple[str, ...]
    patronymic: tuple[str, ...]
    surname: str


@lru_cache(maxsize=65536)
def parts(name: str) -> NameParts:
    """Given names, patronymics and surname of a name.

    ``parts("Ivanov Ivan Ivanovich").surname == "Ivanov"`` (official Russian order);
    ``parts("Mommeu Ould Bouzouma").given == ("Mommeu",)``.
    """
    r = rules()
    units = list(_tokens(name))
    if not units:
        return NameParts((), (), "")
    last = len(units) - 1
    patronymic: set[int] = set()
    for i, unit in enumerate(units):
        if i > 0 and _plain(unit) in r.patronymic_words:
            patronymic |= {i, i - 1}
        elif 0 < i < last and _is_patronymic(unit, r):
            patronymic.add(i)
    # A patronymic at the end means the surname comes first ("Ivanov Ivan Ivanovich"), unless a
    # middle word already is the patronymic ("Roman Arkadyevich Abramovich").
    surname_at = last
    if last >= 2 and (last in patronymic or (_is_patronymic(units[last], r) and not patronymic)):
        surname_at = 0
        patronymic.add(last)
    patronymic.discard(surname_at)
    given = tuple(u for i, u in enumerate(units) if i != surname_at and i not in patronymic)
    patrons = tuple(u for i, u in enumerate(units) if i in patronymic)
    return NameParts(given, patrons, units[surname_at])


def surname(name: str) -> str:
    """The family name as written, with its particles.

    ``surname("Tayseer al-Najjar") == "al-Najjar"``; ``surname("Mommeu Ould Bouzouma") == "Ould Bouzouma"``
    (its key equals ``name_key("Bouzouma")``: "son of" is not part of the key).
    """
    return parts(name).surname


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The keys of one name, as persons are matched by them."""

    text: str
    key: str  # name_key of the whole name
    words: tuple[str, ...]  # its key words, sorted: order-free comparison
    given: tuple[tuple[str, str, bool], ...]  # (key, folded first letter, is an initial) per given name
    surname: str  # key of the surname
    lone: bool  # no given name: a surname, a nickname or a bare given name


@lru_cache(maxsize=65536)
def parse(name: str) -> ParsedName:
    """Keys of a name for matching; ``parse("Z. Mamai").given[0][2]`` is True (an initial)."""
    r = rules()
    split = parts(name)
    turkic = _is_turkic(_drop_particles(_ascii_words(name), r), r)
    given = []
    for unit in split.given:
        plain = _plain(unit)
        letter = anyascii(plain[:1]).lower()[:1]
        given.append((_name_key(unit, turkic=turkic), letter, len(plain) == 1))
    key = _name_key(name, turkic=turkic)
    return ParsedName(
        text=name,
        key=key,
        words=tuple(sorted(key.split())),
        given=tuple(given),
        surname=_name_key(split.surname, turkic=turkic),
        lone=not split.given,
    )


def feminine_pair(a: str, b: str) -> bool:
    """Whether two surname keys are the masculine and feminine forms of one surname (Aliyev, Aliyeva)."""
    for first, second in ((a, b), (b, a)):
        for masc, fem in rules().feminine_endings:
            if first.endswith(masc) and second.endswith(fem):
                stem_m = first[: len(first) - len(masc)]
                stem_f = second[: len(second) - len(fem)]
                if stem_m == stem_f and len(stem_m) >= 3:
                    return True
    return False


# ---------------------------------------------------------------- scripts


def _script_of_char(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, code in rules().scripts:
        if name.startswith(prefix):
            return code
    return "Zzzz"


def script_of(name: str) -> str:
    """The ISO 15924 script most of a name's letters are in.

    ``script_of("Мамай") == "Cyrl"``, ``script_of("Mamai") == "Latn"``; no letters: ``"Zyyy"``;
    letters of a script outside ``rules/names.yaml``: ``"Zzzz"``.
    """
    counts = Counter(code for code in map(_script_of_char, name) if code)
    if not counts:
        return "Zyyy"
    # most_common keeps first-seen order among ties, so a tie goes to the script that comes first.
    return counts.most_common(1)[0][0]
