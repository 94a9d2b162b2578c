"""Crash safety: an ingest killed (SIGKILL) at random points, then resumed, equals one clean run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from casewatch.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = int(os.environ.get("CASEWATCH_CRASH_SEED", "20261126"))
DOCUMENTS = 320
KILLS = 12

pytestmark = pytest.mark.slow

# -- a generator of varied fictional reports ----------------------------------------------------

FIRST = {"m": ["Arman", "Bakhtiyar", "Daniyar", "Ilyas", "Kanat", "Murat", "Nurlan", "Rustam", "Serik", "Timur",
               "Yerzhan", "Zafar", "Aziz", "Farrukh", "Javlon", "Aleksei", "Dmitri", "Pavel"],
         "f": ["Aigerim", "Dinara", "Gulnara", "Kamila", "Madina", "Nargiza", "Saule", "Zarina", "Yulia",
               "Olga", "Feruza", "Aliya"]}
SURNAMES = ["Abenov", "Baimukhanov", "Dzhumabayev", "Ergeshov", "Iskakov", "Karimov", "Mamyrov", "Nurpeisov",
            "Ospanov", "Rakhimov", "Sadykov", "Tursunov", "Umarov", "Yusupov", "Zhakupov", "Kuznetsov",
            "Lebedev", "Orlov", "Sokolov", "Volkov", "Khasanov", "Mirzoyev", "Sharipov", "Turgunov"]
PLACES = [("Kazakh", "Almaty", "tenge"), ("Kazakh", "Astana", "tenge"), ("Uzbek", "Tashkent", "soums"),
          ("Kyrgyz", "Bishkek", "soms"), ("Tajik", "Dushanbe", "somoni"), ("Belarusian", "Minsk", "rubles"),
          ("Azerbaijani", "Baku", "manats"), ("Russian", "Kazan", "rubles")]
OCCUPATIONS = ["journalist", "blogger", "activist", "poet", "trade union leader", "opposition politician",
               "human rights defender", "lawyer"]
CHARGES = ["organizing mass unrest", "spreading false information", "insulting the president",
           "inciting social discord", "participating in an extremist organization", "hooliganism",
           "calling for the seizure of power", "large-scale fraud", "violating the rules on rallies"]
GROUPS = ["the Open Steppe Monitor", "Justice Without Borders Initiative", "the Caspian Press Freedom Network",
          "the Independent Lawyers Circle", "the Civic Solidarity Council"]
ACTIONS = ["condemned the {what} and called for {pos} immediate release",
           "urged the authorities to drop all charges against {obj}",
           "expressed concern about the {what}",
           "said the case against {obj} was politically motivated and demanded a fair trial"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "ten"]
FILLER = [
    "Officials did not respond to requests for comment.",
    "The case has drawn criticism from diplomats in the capital.",
    "Supporters gathered outside the courthouse despite heavy rain.",
    "Local media covered the hearing only briefly.",
    "The prosecution said the evidence was overwhelming.",
    "Relatives said they had not been allowed to visit for weeks.",
]
EMPTY = [
    "The city council approved a new budget for public transport on {weekday}, adding {n} bus routes.",
    "Farmers in the region reported a record wheat harvest this autumn, the agriculture ministry said.",
    "A new bridge across the river opened to traffic after {n} years of construction.",
    "The national football team won its qualifying match {n} goals to one on {weekday} evening.",
]


class _Person:
    def __init__(self, rng: random.Random) -> None:
        self.sex = rng.choice("mf")
        self.first = rng.choice(FIRST[self.sex])
        base = rng.choice(SURNAMES)
        self.last = base + "a" if self.sex == "f" else base
        self.place = rng.choice(PLACES)
        self.occupation = rng.choice(OCCUPATIONS)
        self.charge = rng.choice(CHARGES)
        self.age = rng.randint(24, 68)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pronouns(self) -> tuple[str, str]:
        return ("he", "his") if self.sex == "m" else ("she", "her")


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)


def _story(rng: random.Random, person: _Person, kind: str) -> tuple[str, list[str], tuple[int, int, int]]:
    adjective, city, currency = person.place
    he, his = person.pronouns
    obj = "him" if he == "he" else "her"
    year, month, day = _date(rng)
    when = f"{MONTHS[month - 1]} {day}, {year}"
    n = rng.choice(NUMBERS)
    if kind == "arrest":
        title = f"{adjective} {person.occupation} {person.name} detained in {city}"
        body = [f"Police in {city} detained the {person.occupation} {person.name}, {person.age}, on {when}, "
                f"accusing {obj} of {person.charge}.",
                f"{person.last} faces up to {n} years in prison if convicted, {his} lawyer said."]
        what = "arrest"
    elif kind == "verdict":
        title = f"Court jails {adjective} {person.occupation} {person.name}"
        body = [f"A court in {city} on {rng.choice(WEEKDAYS)} sentenced {person.occupation} {person.name} to {n} "
                f"years in prison on charges of {person.charge}.",
                f"{person.last} was arrested in {MONTHS[month - 1]} {year - 1} and has denied the charges."]
        what = "verdict"
    elif kind == "fine":
        amount = f"{rng.randint(2, 90) * 10_000:,}"
        title = f"{person.name} fined over social media posts"
        body = [f"A court in {city} fined the {person.occupation} {person.name} {amount} {currency} on {when} for "
                f"{person.charge}.", f"{person.last} said {he} would appeal the ruling."]
        what = "fine"
    else:
        title = f"{adjective} {person.occupation} {person.name} released"
        body = [f"The {person.occupation} {person.name} was released from prison in {city} on {when} after "
                f"serving {his} sentence for {person.charge}.",
                f"{person.last} told reporters {he} would continue {his} work."]
        what = "case"
    if rng.random() < 0.6:
        action = rng.choice(ACTIONS).format(what=what, pos=his, obj=obj)
        group = rng.choice(GROUPS)
        body.append(f"{group[0].upper()}{group[1:]} {action}.")
    body += rng.sample(FILLER, rng.randint(0, 2))
    return title, body, (year, month, day)


def generate(count: int, seed: int) -> list[dict[str, str | None]]:
    """``count`` JSON records: reports on new and returning people, case-less news, syndicated copies."""
    rng = random.Random(seed)
    people: list[_Person] = []
    out: list[dict[str, str | None]] = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.05 and out:
            copy = dict(rng.choice(out))  # a syndicated copy under another id: stored once
            copy["id"] = f"copy-{len(out):04d}"
            out.append(copy)
            continue
        if roll < 0.12:
            year, month, day = _date(rng)
            text = rng.choice(EMPTY).format(weekday=rng.choice(WEEKDAYS), n=rng.choice(NUMBERS))
            title = "Regional news roundup"
        else:
            if people and roll < 0.35:
                person = rng.choice(people)  # a follow-up on someone reported before
            else:
                person = _Person(rng)
                people.append(person)
            title, body, (year, month, day) = _story(rng, person, rng.choice(["arrest", "verdict", "fine", "release"]))
            text = "\n\n".join([title, " ".join(body)])
        # Published on the day of the events or a few days later; some reports carry no date.
        day = min(28, day + rng.randint(0, 3))
        published = f"{year:04d}-{month:02d}-{day:02d}" if rng.random() < 0.85 else None
        out.append({"id": f"report-{len(out):04d}", "title": title, "published": published, "text": text})
    return out


# -- running and killing the ingest ----------------------------------------------------------------


def _command(db: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "casewatch.process", "--db", f"sqlite:///{db}", str(source)]


def _ingest_to_completion(db: Path, source: Path) -> str:
    done = subprocess.run(_command(db, source), capture_output=True, text=True, cwd=ROOT, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _ingest_and_kill(db: Path, source: Path, rng: random.Random) -> tuple[int, int]:
    """Start an ingest, SIGKILL it at a random moment; returns (exit code, progress lines seen)."""
    proc = subprocess.Popen(_command(db, source), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=ROOT)
    assert proc.stdout is not None
    if rng.random() < 0.25:
        # Sometimes by the clock alone: while the model loads or anywhere in between.
        timer = threading.Timer(rng.uniform(0.2, 4.0), proc.send_signal, [signal.SIGKILL])
        timer.start()
        lines = sum(1 for _ in proc.stdout)
        timer.cancel()
    else:
        # Otherwise after some documents, plus a random delay so the kill lands mid-document.
        target, lines = rng.randint(1, 40), 0
        for _ in proc.stdout:
            lines += 1
            if lines >= target:
                time.sleep(rng.uniform(0.0, 0.08))
                proc.send_signal(signal.SIGKILL)
                break
        proc.stdout.read()
    proc.wait(timeout=60)
    return proc.returncode, lines


def _snapshot(store: Store) -> Counter[tuple[object, ...]]:
    """Every case as its person's names and its facts, independent of row ids."""
    out: Counter[tuple[object, ...]] = Counter()
    for row in store.list_cases():
        case = store.get_case(row.id)
        facts = tuple(sorted((f.document_key, f.kind, f.span.start, f.span.end, json.dumps(f.payload, sort_keys=True))
                             for f in case.facts))
        out[(tuple(sorted(case.names)), row.status, row.country, facts)] += 1
    return out


def test_killed_ingest_resumes_to_the_same_database(tmp_path: Path) -> None:
    records = generate(DOCUMENTS, SEED)
    source = tmp_path / "reports.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert len({r["text"] for r in records}) < len(records)  # syndicated copies are in the set

    clean_db = tmp_path / "clean.db"
    output = _ingest_to_completion(clean_db, source)
    assert "0 failed" in output.splitlines()[-1], output[-2000:]

    crashed_db = tmp_path / "crashed.db"
    rng = random.Random(SEED)
    kills, previous = 0, dict[str, int]()
    for _ in range(KILLS * 4):
        if kills >= KILLS:
            break
        code, _lines = _ingest_and_kill(crashed_db, source, rng)
        if code == -signal.SIGKILL:
            kills += 1
        if crashed_db.exists():
            with open_store(str(crashed_db)) as store:
                # After every kill: nothing half-stored, nothing lost that was committed.
                assert store.verify() == [], f"seed {SEED}, after kill {kills}"
                counts = store.counts()
                assert all(counts[t] >= n for t, n in previous.items()), f"seed {SEED}: rows vanished"
                previous = counts
    assert kills >= 10, f"only {kills} runs were killed before finishing (seed {SEED})"

    _ingest_to_completion(crashed_db, source)
    with open_store(str(clean_db)) as clean, open_store(str(crashed_db)) as crashed:
        keys = [d.key for d in crashed.documents()]
        assert len(keys) == len(set(keys)) == len({r["text"] for r in records})
        assert sorted(keys) == sorted(d.key for d in clean.documents())
        assert crashed.counts() == clean.counts()
        assert crashed.verify() == [] and clean.verify() == []
        assert _snapshot(crashed) == _snapshot(clean)
