"""Time `wsstories check` on seeded corpora of 1,000 and 10,000 stories.

    python benchmarks/bench_check.py [--sizes 1000 10000] [--runs 3]

Each size is written once by make_corpus.py (into benchmarks/corpus-N/, which
git ignores), then `wsstories check` runs as a fresh process --runs times
with no check cache (cold: every file parsed and checked) and --runs times
with the cache that a check leaves (warm: nothing changed); the median wall
time and the peak memory (max RSS of the child and its workers) are printed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent


#: Runs a command and prints, last on stderr, the peak RSS (KiB) of it and its workers alone.
MEASURED = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(code)")


def time_check(source: Path) -> tuple[float, int]:
    """Wall seconds and the peak RSS in MiB of one `wsstories check` (and its workers)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "wsstories",
                             "check", "--source", str(source), "--format", "json",
                             "--today", "2026-11-28"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"check failed on {source}:\n{result.stdout[-2000:]}{result.stderr}")
    return elapsed, int(result.stderr.strip().splitlines()[-1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'stories':>8} {'cache':>6} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    for size in args.sizes:
        corpus = HERE / f"corpus-{size}"
        if not (corpus / "site.toml").exists():
            make_corpus(size, corpus)
        cache = corpus.parent / ".wsstories-cache"
        for label in ("cold", "warm"):
            times, peak = [], 0
            for _ in range(args.runs):
                if label == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                elapsed, rss = time_check(corpus)
                times.append(elapsed)
                peak = max(peak, rss)
            print(f"{size:>8} {label:>6} {statistics.median(times):>9.2f} {min(times):>7.2f} {peak:>9}")


if __name__ == "__main__":
    main()
