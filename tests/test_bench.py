"""bench/extract.py runs end to end on a few documents, so the benchmark the README quotes keeps working."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_extraction_benchmark_reports_medians_of_interleaved_rounds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extract.py"), "--docs", "6", "--variants", "a,b", "--repeat", "2"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"^a casewatch, 1 process +6 ", out, re.M)
    assert re.search(r"^b casewatch, 2 processes +6 ", out, re.M)
    assert "median of 2 rounds" in out
    rounds = re.findall(r"^  ([ab]): ([\d. ]+)$", out, re.M)
    assert [v for v, _ in rounds] == ["a", "b"] and all(len(w.split()) == 2 for _, w in rounds)
    assert re.search(r"^speedup b over a: [\d.]+x wall", out, re.M)
    assert "failed to extract" not in out
    # Workers share the fork server's model: memory is the proportional size, which counts shared pages once.
    assert "peak MB: psutil tree, proportional set size" in out
