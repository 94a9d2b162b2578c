"""Gold scoring: precision, recall and F1 per slot, as ontology.md "Gold files" defines them.

Example::

    gold = load_gold("tests/golden/gold.jsonl")
    report = score(gold, {doc["id"]: extraction.to_dict() for doc, extraction in runs})
    print(format_report(report, explain=True))

Choices the contract leaves open, fixed here so every run scores alike:

* Cases are paired by a maximum matching over the name/alias graph. Among the
  pairings of maximum size, the one with the most exact-name pairs wins, then
  the one whose pairs agree on the most facts (in total, then slot by slot in
  the order of ``ontology.SLOTS``), then on the most statuses. Any pairings
  still tied score identically.
* Events, advocacy and the key-equality slots are each paired by a maximum
  bipartite matching, so a dated gold event is never starved by an undated one.
* A gold event date is compared at its own precision: the predicted date cut to
  that precision must equal it; a predicted date coarser than the gold one, or
  none, does not match. A gold event without a date matches any date.
* Sentences match on kind, months and days (``None`` equals only ``None``);
  restrictions on activity and months; money on kind, amount and currency
  (currency case-insensitive). Predictions for ids absent from the gold are
  ignored; a gold id without a prediction scores as an empty prediction.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anyascii import anyascii

from casewatch.core.errors import InputError
from casewatch.core.ontology import SLOTS

FACT_SLOTS: tuple[str, ...] = ("charges", "events", "sentences", "restrictions", "money")

_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018`\u02bc\u02bb\u2032\u00b4\u201b"), "'")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SPACE_RE = re.compile(r"\s+")
_PAREN_RE = re.compile(r"^(?P<base>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
# Function words skipped when an acronym is formed from initials ("Committee to Protect Journalists" -> CPJ).
_ACRONYM_SKIP = frozenset("a an and at by de des du for in la le of on the to".split())
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n+")
# A period after these does not end a sentence ("U.S. Embassy", "Dr. Aliyev").
_ABBREVIATION_RE = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Jr|Sr|No|vs|etc)\.$")


# ---------------------------------------------------------------- names


def normalize_name(name: str) -> str:
    """The key names are compared by: ``normalize_name("Qasım  O’Neil–Diaz") == "qasim o'neil-diaz"``."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_DASHES))
    out = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        # Latin letters that carry no decomposable accent (ı, ł, ø, đ) still fold to ASCII.
        if ord(ch) > 127 and unicodedata.name(ch, "").startswith("LATIN"):
            ch = anyascii(ch)
        out.append(ch)
    return _SPACE_RE.sub(" ", "".join(out).casefold()).strip()


def _case_names(case: Mapping[str, Any]) -> set[str]:
    names = [case.get("name") or ""] + list(case.get("aliases") or [])
    return {key for key in (normalize_name(str(n)) for n in names) if key}


def _acronym(words: str) -> str:
    initials = [w[0] for w in words.split() if w not in _ACRONYM_SKIP and w[0].isalnum()]
    return "".join(initials) if len(initials) >= 2 else ""


def _actor_keys(actor: str) -> tuple[set[str], set[str]]:
    """(names, acronyms) of an advocacy actor: "Committee to Protect Journalists (CPJ)" gives
    names {"committee to protect journalists (cpj)", "committee to protect journalists"} and
    acronyms {"cpj"}."""
    full = normalize_name(actor)
    names = {full}
    acronyms: set[str] = set()
    base = full
    found = _PAREN_RE.match(full)
    if found:
        base = found["base"]
        names.add(base)
        inner = found["inner"].strip()
        if inner and " " not in inner:
            acronyms.add(inner)
    for candidate in list(names):
        if candidate.startswith("the "):
            names.add(candidate[4:])
    names.discard("")
    # A hyphenated word gives one initial ("Co-operation" -> C); a possessive 's none.
    acronym = _acronym(re.sub(r"(\w)-(\w)", r"\1\2", base).replace("'s ", " "))
    if acronym:
        acronyms.add(acronym)
    return names, acronyms


def actors_match(a: str, b: str) -> bool:
    """Whether two advocacy actors are the same: equal names, or one is an acronym of the other.

    ``actors_match("HRW", "Human Rights Watch")`` is true; two different names that share an
    acronym are not the same actor.
    """
    names_a, acr_a = _actor_keys(a)
    names_b, acr_b = _actor_keys(b)
    return bool(names_a & names_b or names_a & acr_b or acr_a & names_b)


# ---------------------------------------------------------------- fact comparisons


def date_matches(gold: str | None, predicted: str | None) -> bool:
    """A predicted date matches a gold one at the gold date's precision; no gold date matches any."""
    if not gold:
        return True
    if not predicted or len(predicted) < len(gold):
        return False
    return predicted[: len(gold)] == gold


def _event_ok(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    return gold.get("type") == pred.get("type") and date_matches(gold.get("date"), pred.get("date"))


def _currency(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _keyed(*fields: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], bool]:
    def same(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
        return all(_field(gold, f) == _field(pred, f) for f in fields)

    return same


def _field(item: Mapping[str, Any], name: str) -> Any:
    value = item.get(name)
    return _currency(value) if name == "currency" else value


_SAME: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], bool]] = {
    "charges": _keyed("category"),
    "events": _event_ok,
    "sentences": _keyed("kind", "months", "days"),
    "restrictions": _keyed("activity", "months"),
    "money": _keyed("kind", "amount", "currency"),
    "advocacy": lambda g, p: g.get("action") == p.get("action")
    and actors_match(str(g.get("actor") or ""), str(p.get("actor") or "")),
}


def _bipartite(gold: Sequence[Any], pred: Sequence[Any], ok: Callable[[Any, Any], bool]) -> dict[int, int]:
    """A maximum matching gold index -> predicted index (Kuhn's augmenting paths)."""
    edges = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _max_weight_assignment(weights: list[list[int]]) -> list[int]:
    """Column for each row (or -1) maximizing the total integer weight (Hungarian method).

    Weights are non-negative; a zero-weight assignment counts as none.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return [-1] * rows
    n = max(rows, cols)
    top = max(max(r) for r in weights)
    # Square cost matrix; missing cells cost as much as a zero-weight pair.
    cost = [[top - (weights[i][j] if i < rows and j < cols else 0) for j in range(n)] for i in range(n)]
    u = [0] * (n + 1)
    v = [0] * (n + 1)
    match_col = [0] * (n + 1)  # column j (1-based) -> row (1-based), 0 = free
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        match_col[0] = i
        j0 = 0
        minv: list[int | None] = [None] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = match_col[j0]
            delta: int | None = None
            j1 = 0
            for j in range(1, n + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                mj = minv[j]
                if mj is None or cur < mj:
                    minv[j] = mj = cur
                    way[j] = j0
                if delta is None or mj < delta:
                    delta = mj
                    j1 = j
            assert delta is not None
            for j in range(n + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    mj = minv[j]
                    if mj is not None:
                        minv[j] = mj - delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
    out = [-1] * rows
    for j in range(1, n + 1):
        i = match_col[j] - 1
        if i < rows and j - 1 < cols and weights[i][j - 1] > 0:
            out[i] = j - 1
    return out


# ---------------------------------------------------------------- report types


@dataclass
class SlotScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if self.tp else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class ErrorItem:
    """One missed gold item or one wrong predicted item, with the sentence that bears on it."""

    doc_id: str
    slot: str
    kind: str  # "missed" or "wrong"
    case: str | None
    item: dict[str, Any]
    sentence: str | None = None


@dataclass
class Report:
    documents: int = 0
    slots: dict[str, SlotScore] = field(default_factory=lambda: {s: SlotScore() for s in SLOTS})
    status_correct: int = 0
    status_total: int = 0
    errors: list[ErrorItem] = field(default_factory=list)

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.status_total if self.status_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents,
                "slots": {name: s.to_dict() for name, s in self.slots.items()},
                "status_accuracy": self.status_accuracy}


# ---------------------------------------------------------------- loading


def load_gold(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a gold file: JSON Lines, one document a line (a ``.json`` file may hold one object or a list)."""
    source = Path(path)
    try:
        raw = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(source), f"cannot read the gold file ({exc}); pass a UTF-8 JSON Lines file") from exc
    docs: list[tuple[int, Any]] = []
    if source.suffix == ".json" and raw.lstrip()[:1] in "[{":
        try:
            whole = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{exc.lineno}", f"invalid JSON ({exc.msg})") from exc
        docs = [(1, d) for d in (whole if isinstance(whole, list) else [whole])]
    else:
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                docs.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}:{number}", f"invalid JSON ({exc.msg}); each line must be one "
                                 "JSON object") from exc
    seen: set[str] = set()
    out = []
    for number, doc in docs:
        where = f"{source}:{number}"
        _check_gold(doc, where)
        if doc["id"] in seen:
            raise InputError(where, f"duplicate document id {doc['id']!r}; give each document its own id")
        seen.add(doc["id"])
        out.append(doc)
    return out


def _check_gold(doc: Any, where: str) -> None:
    if not isinstance(doc, dict):
        raise InputError(where, "a gold line must be a JSON object with 'id' and 'gold'")
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        raise InputError(where, "missing or empty 'id'; give each gold document a string id")
    gold = doc.get("gold")
    if not isinstance(gold, dict):
        raise InputError(where, f"document {doc['id']!r} has no 'gold' object; add {{\"cases\": [], "
                         "\"advocacy\": []}")
    for key in ("cases", "advocacy"):
        if not isinstance(gold.get(key, []), list):
            raise InputError(where, f"'gold.{key}' of {doc['id']!r} must be a list")
    for n, case in enumerate(gold.get("cases", [])):
        if not isinstance(case, dict) or not isinstance(case.get("name"), str) or not case["name"].strip():
            raise InputError(where, f"case {n} of {doc['id']!r} needs a non-empty string 'name'")
        for slot in FACT_SLOTS:
            if not isinstance(case.get(slot, []), list):
                raise InputError(where, f"'{slot}' of case {case['name']!r} must be a list")


# ---------------------------------------------------------------- scoring


def score(gold_docs: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]) -> Report:
    """Score predictions (doc id -> ``{"cases": [...], "advocacy": [...]}``) against gold documents."""
    report = Report(documents=len(gold_docs))
    for doc in gold_docs:
        pred = predictions.get(doc["id"]) or {}
        if "cases" not in pred and isinstance(pred.get("gold"), Mapping):
            pred = pred["gold"]  # a whole gold-format document was passed as the prediction
        _score_document(doc, pred, report)
    return report


def _pair_stats(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, dict[int, int]]:
    return {slot: _bipartite(_items(gold, slot), _items(pred, slot), _SAME[slot]) for slot in FACT_SLOTS}


def _items(container: Mapping[str, Any], slot: str) -> list[Mapping[str, Any]]:
    return [x for x in container.get(slot) or [] if isinstance(x, Mapping)]


def _pair_cases(gold_cases: list[Mapping[str, Any]], pred_cases: list[Mapping[str, Any]]) -> list[tuple[int, int]]:
    gold_names = [_case_names(c) for c in gold_cases]
    pred_names = [_case_names(c) for c in pred_cases]
    budget = sum(len(_items(c, s)) for c in gold_cases for s in FACT_SLOTS)
    radix = budget + len(gold_cases) + 2  # every component of a summed weight stays below this
    weights = []
    for g, gcase in enumerate(gold_cases):
        row = []
        for p, pcase in enumerate(pred_cases):
            if not gold_names[g] & pred_names[p]:
                row.append(0)
                continue
            exact = normalize_name(gcase["name"]) == normalize_name(str(pcase.get("name") or ""))
            stats = _pair_stats(gcase, pcase)
            per_slot = [len(stats[s]) for s in FACT_SLOTS]
            parts = [1, int(exact), sum(per_slot), *per_slot, int(gcase.get("status") == pcase.get("status"))]
            weight = 0
            for part in parts:  # lexicographic order as one integer, in base `radix`
                weight = weight * radix + part
            row.append(weight)
        weights.append(row)
    assignment = _max_weight_assignment(weights)
    return [(g, p) for g, p in enumerate(assignment) if p >= 0]


def _score_document(doc: Mapping[str, Any], pred: Mapping[str, Any], report: Report) -> None:
    doc_id = str(doc["id"])
    text = str(doc.get("text") or "")
    gold_cases = _items(doc["gold"], "cases")
    pred_cases = _items(pred, "cases")
    pairs = _pair_cases(gold_cases, pred_cases)
    slots = report.slots

    def err(slot: str, kind: str, case: str | None, item: Mapping[str, Any]) -> None:
        report.errors.append(ErrorItem(doc_id, slot, kind, case, dict(item), _support(text, slot, item, case)))

    slots["cases"].tp += len(pairs)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for g, p in pairs:
        gcase, pcase = gold_cases[g], pred_cases[p]
        report.status_total += 1
        report.status_correct += int(gcase.get("status") == pcase.get("status"))
        if gcase.get("status") != pcase.get("status"):
            report.errors.append(ErrorItem(doc_id, "status", "wrong", str(gcase["name"]),
                                           {"predicted": pcase.get("status"), "gold": gcase.get("status")}))
        stats = _pair_stats(gcase, pcase)
        for slot in FACT_SLOTS:
            gold_items, pred_items = _items(gcase, slot), _items(pcase, slot)
            match = stats[slot]
            slots[slot].tp += len(match)
            slots[slot].fn += len(gold_items) - len(match)
            slots[slot].fp += len(pred_items) - len(match)
            taken = set(match.values())
            for i, item in enumerate(gold_items):
                if i not in match:
                    err(slot, "missed", gcase["name"], item)
            for j, item in enumerate(pred_items):
                if j not in taken:
                    err(slot, "wrong", str(pcase.get("name")), item)
    for g, gcase in enumerate(gold_cases):
        if g not in matched_gold:
            _unpaired(gcase, "missed", slots, err)
    for p, pcase in enumerate(pred_cases):
        if p not in matched_pred:
            _unpaired(pcase, "wrong", slots, err)

    gold_adv, pred_adv = _items(doc["gold"], "advocacy"), _items(pred, "advocacy")
    match = _bipartite(gold_adv, pred_adv, _SAME["advocacy"])
    slots["advocacy"].tp += len(match)
    slots["advocacy"].fn += len(gold_adv) - len(match)
    slots["advocacy"].fp += len(pred_adv) - len(match)
    taken = set(match.values())
    for i, item in enumerate(gold_adv):
        if i not in match:
            err("advocacy", "missed", None, item)
    for j, item in enumerate(pred_adv):
        if j not in taken:
            err("advocacy", "wrong", None, item)


def _unpaired(case: Mapping[str, Any], kind: str, slots: dict[str, SlotScore],
              err: Callable[[str, str, str | None, Mapping[str, Any]], None]) -> None:
    name = str(case.get("name") or "")
    counter = "fn" if kind == "missed" else "fp"
    setattr(slots["cases"], counter, getattr(slots["cases"], counter) + 1)
    err("cases", kind, name, {"name": name, "aliases": list(case.get("aliases") or [])})
    for slot in FACT_SLOTS:
        items = _items(case, slot)
        setattr(slots[slot], counter, getattr(slots[slot], counter) + len(items))
        for item in items:
            err(slot, kind, name, item)


# ---------------------------------------------------------------- support sentences


def _fold(text: str) -> str:
    """A same-length folding of a text for searching: case, accents, apostrophes, dashes."""
    out = []
    for ch in text.translate(_APOSTROPHES).translate(_DASHES):
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def _sentence_bounds(text: str) -> list[int]:
    bounds = [0]
    for m in _SENTENCE_END_RE.finditer(text):
        if m.group().startswith("."):
            following = text[m.end():m.end() + 1]
            if following.islower() or _ABBREVIATION_RE.search(text[max(0, m.start() - 12):m.start() + 1]):
                continue
        bounds.append(m.end())
    return bounds + [len(text)]


def _sentence_at(text: str, start: int, end: int) -> str:
    bounds = _sentence_bounds(text)
    left = max(b for b in bounds if b <= start)
    right = min((b for b in bounds if b >= end and b > left), default=len(text))
    return text[left:right].strip()


def _find(text: str, needle: str) -> tuple[int, int] | None:
    needle = needle.strip()
    if not needle or not text:
        return None
    at = text.find(needle)
    if at < 0:
        at = _fold(text).find(_fold(needle))
    return (at, at + len(needle)) if at >= 0 else None


def _support(text: str, slot: str, item: Mapping[str, Any], case: str | None) -> str | None:
    """The sentence of the text that best supports an item, or None when it cannot be located."""
    if not text:
        return None
    span = item.get("span")
    if isinstance(span, Mapping):
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
            if span.get("quote") in (None, text[start:end]):
                return _sentence_at(text, start, end)
        if isinstance(span.get("quote"), str):
            item = {**item, "quote": span["quote"]}
    needles: list[str] = []
    if isinstance(item.get("quote"), str):
        needles.append(item["quote"])
    if slot == "cases":
        needles += [str(item.get("name") or "")] + [str(a) for a in item.get("aliases") or []]
    elif slot == "charges" and isinstance(item.get("text"), str):
        needles.append(item["text"])
    elif slot == "advocacy":
        needles += [str(item.get(k) or "") for k in ("speaker", "actor")]
    for needle in needles:
        found = _find(text, needle)
        if found:
            return _sentence_at(text, *found)
    return None


# ---------------------------------------------------------------- formatting


def format_report(report: Report, *, explain: bool = False) -> str:
    """A plain-text table of the scores; with ``explain``, every error grouped by document."""
    lines = [f"{report.documents} documents",
             f"{'slot':<13}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in report.slots.items():
        lines.append(f"{name:<13}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    lines.append(f"status accuracy {report.status_accuracy:.3f} ({report.status_correct}/{report.status_total}"
                 " matched cases)")
    if explain:
        by_doc: dict[str, list[ErrorItem]] = defaultdict(list)
        for e in report.errors:
            by_doc[e.doc_id].append(e)
        for doc_id, items in by_doc.items():
            counts = Counter(e.kind for e in items)
            lines += ["", f"== {doc_id}: {counts['missed']} missed, {counts['wrong']} wrong"]
            for e in items:
                who = f" [{e.case}]" if e.case else ""
                lines.append(f"  {e.kind:<6} {e.slot:<12}{who} {_summary(e.item)}")
                if e.sentence:
                    lines.append(f"         > {e.sentence}")
    return "\n".join(lines)


def _summary(item: Mapping[str, Any]) -> str:
    shown = {k: v for k, v in item.items() if k not in ("span", "cases") and v not in (None, [], "")}
    return json.dumps(shown, ensure_ascii=False)
