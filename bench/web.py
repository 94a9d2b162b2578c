"""Web latency: p50 and p99 of the case list, a case page and a search at a steady request rate.

    .venv/bin/python bench/web.py                         # 10,000 synthetic cases, 50 req/s for 30 s
    .venv/bin/python bench/web.py --cases 2000 --rate 50 --seconds 10 --json

It generates fictional cases (names from invented syllables, one report each, five facts per case)
into a SQLite file in a temporary folder, serves the app with uvicorn in a second process, and
sends an open-loop load from this one: requests leave on schedule whatever the answers' speed,
so a slow server shows as latency, not as a lower rate. Each request picks one of the three
routes in turn: GET /api/v1/cases?limit=50 (the list), GET /cases/<random id> (the HTML case
page), GET /api/v1/search?q=<a random surname>.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SYLLABLES = ["ka", "ra", "mu", "tel", "zhan", "bo", "dil", "sa", "nur", "ay", "ber", "gul", "ta", "mir", "os",
             "lan", "vek", "ri", "do", "sha"]
COUNTRIES = ["KZ", "BY", "RU", "AZ", "TJ", "UZ", "KG", "TM"]
STATUSES = ["in_custody", "house_arrest", "restricted", "free", "in_exile"]
CHARGES = ["mass_unrest", "false_information", "extremism", "insulting_official", "illegal_assembly"]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def generate(url: str, n_cases: int, seed: int = 7) -> list[str]:
    """Fill an empty store with ``n_cases`` synthetic cases; returns the surnames used (for searches)."""
    from sqlalchemy import insert

    from casewatch.core.types import DateValue, Span, StoredFact
    from casewatch.resolve.cases import derive_case
    from casewatch.resolve.names import name_key
    from casewatch.store import open_store
    from casewatch.store.tables import CaseModel, DocumentModel, FactModel, PersonModel, PersonNameModel

    rng = random.Random(seed)
    store = open_store(url)
    surnames: list[str] = []
    docs, persons, names, cases, facts = [], [], [], [], []
    fact_id = 0
    for i in range(1, n_cases + 1):
        first, last = _word(rng, 2), _word(rng, 3) + "ova"
        surnames.append(last)
        name = f"{first} {last}"
        country, status, charge = rng.choice(COUNTRIES), rng.choice(STATUSES), rng.choice(CHARGES)
        year, month, day = rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}"
        text = (f"Activist {name} was detained on {date} in the capital. Prosecutors charged {last} with "
                f"{charge.replace('_', ' ')}. A court later sentenced {last} to {rng.randint(1, 9)} years in prison. "
                f"Supporters say {last} is now {status.replace('_', ' ')}.")
        docs.append({"id": i, "key": f"bench-{i}", "content_hash": f"{i:064x}", "title": f"{name} detained",
                     "published": date, "language": "en", "meta": {}, "text": text})
        persons.append({"id": i, "canonical_name": name, "country": country, "attributes": {}})
        names.append({"person_id": i, "name": name, "key": name_key(name), "script": "Latn"})
        made: list[StoredFact] = []
        for kind, words, payload in (
            ("event", "detained", {"type": "detention", "date": date}),
            ("charge", charge.replace("_", " "), {"category": charge, "text": charge.replace("_", " ")}),
            ("sentence", "sentenced", {"kind": "prison", "months": 12 * rng.randint(1, 9), "suspended": False}),
            ("attribute", status.replace("_", " "), {"name": "status", "value": status, "as_of": date}),
            ("attribute", "capital", {"name": "country", "value": country}),
        ):
            fact_id += 1
            start = text.index(words)
            span = Span(start, start + len(words), words)
            facts.append({"id": fact_id, "case_id": i, "document_id": i, "kind": kind, "payload": payload,
                          "start": span.start, "end": span.end, "quote": words, "extractor": "bench",
                          "version": "1", "review_state": "unreviewed", "version_no": 1})
            made.append(StoredFact(id=fact_id, case_id=i, document_id=i, kind=kind, payload=payload, span=span,
                                   document_key=f"bench-{i}", document_date=DateValue(date)))
        view = derive_case(made, names=[name])
        cases.append({"id": i, "person_id": i, "country": view.country, "status": view.status,
                      "status_date": view.status_date, "summary": view.to_summary()})
    with store.write_session() as session:
        for model, rows in ((DocumentModel, docs), (PersonModel, persons), (PersonNameModel, names),
                            (CaseModel, cases), (FactModel, facts)):
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(model.__table__), rows[chunk:chunk + 2000])
    store.close()
    return surnames


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, port: int) -> None:
    """The server process: the app over ``url`` on a loopback port."""
    import uvicorn

    from casewatch.store import open_store
    from casewatch.web.app import create_app

    uvicorn.run(create_app(open_store(url), secret="bench"), host="127.0.0.1", port=port, log_level="warning")


def _get(url: str, token: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
        status = answer.status
    return status, (time.perf_counter() - started) * 1000


def load(base: str, token: str, n_cases: int, surnames: list[str], rate: float, seconds: float,
         seed: int = 11) -> dict[str, list[float]]:
    """Open-loop load: one request every 1/rate seconds, cycling over the three routes."""
    rng = random.Random(seed)
    routes = ("case list", "case page", "search")
    latencies: dict[str, list[float]] = {r: [] for r in routes}
    errors: list[str] = []
    lock = threading.Lock()

    def one(route: str, url: str) -> None:
        try:
            status, ms = _get(url, token)
            if status != 200:
                raise RuntimeError(f"{url} answered {status}")
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"{route}: {exc}")
            return
        with lock:
            latencies[route].append(ms)

    total = int(rate * seconds)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for n in range(total):
            route = routes[n % 3]
            if route == "case list":
                url = f"{base}/api/v1/cases?limit=50&offset={rng.randrange(0, 50) * 50}"
            elif route == "case page":
                url = f"{base}/cases/{rng.randint(1, n_cases)}"
            else:
                url = f"{base}/api/v1/search?q={rng.choice(surnames)}"
            due = started + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, route, url)
    if errors:
        print(f"{len(errors)} failed requests, e.g. {errors[0]}", file=sys.stderr)
    return latencies


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second (all routes together)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0

    from casewatch.store import open_store
    from casewatch.web import accounts

    with tempfile.TemporaryDirectory(prefix="casewatch-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        t0 = time.perf_counter()
        surnames = generate(url, args.cases)
        with open_store(url) as store:
            accounts.add_user(store, "bench", "viewer", "bench password 123", actor="bench")
            token = accounts.create_token(store, "bench", "bench", actor="bench")
        generated = time.perf_counter() - t0
        port = _free_port()
        server = subprocess.Popen([sys.executable, __file__, "--serve", url, str(port)], cwd=ROOT,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            for path in ("/api/v1/cases?limit=50", "/cases/1", f"/api/v1/search?q={surnames[0]}"):
                _get(base + path, token)  # warm caches and lazy imports
            latencies = load(base, token, args.cases, surnames, args.rate, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=20)
    figures: dict[str, Any] = {
        "cases": args.cases, "rate": args.rate, "seconds": args.seconds, "generate_s": round(generated, 1),
        "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "routes": {route: {"n": len(v), "p50_ms": round(_percentile(v, 0.5), 1),
                           "p99_ms": round(_percentile(v, 0.99), 1),
                           "mean_ms": round(statistics.fmean(v), 1) if v else None}
                   for route, v in latencies.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{args.cases} cases (generated in {figures['generate_s']} s), {args.rate:g} req/s for "
              f"{args.seconds:g} s, {figures['cpus']} CPUs, load average {figures['load_average']}")
        print(f"{'route':<10} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
        for route, row in figures["routes"].items():
            print(f"{route:<10} {row['n']:>5} {row['p50_ms']:>8} {row['p99_ms']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
