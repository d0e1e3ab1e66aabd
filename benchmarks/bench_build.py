"""Time cold, warm and one-edit builds, and their peak memory, on a seeded corpus.

    python benchmarks/bench_build.py [--stories 10000] [--runs 3]

Measures, each in a fresh process (the corpus is written once by
make_corpus.py into benchmarks/corpus-N/, which git ignores):

- cold:  `wsstories build` with no output and no build cache;
- warm:  the same command again, nothing changed;
- edit (build): one story's summary changed, `wsstories build` again;
- edit (serve): as `serve` does it, a Builder kept in memory that updates its
  folder in place and leaves search indexing until after the reload; the time
  is from the edit to the changed pages written.

Peak memory is the largest resident size of the build and its workers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-28"

SERVE_LIKE = r"""
import datetime as dt, json, sys, time
from pathlib import Path
from wsstories.build import Builder
source, output, story = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
today = dt.date.fromisoformat(sys.argv[4])
builder = Builder(output, persistent=False, in_place=True, defer_search=True)
builder.build(source, today=today)
builder.finish_search()
times = []
original = story.read_text(encoding="utf-8")
for n in range(3):
    story.write_text(original.replace("\nsummary: ", f"\nsummary: Edit {n}. ", 1), encoding="utf-8")
    start = time.perf_counter()
    builder.build(source, today=today)
    times.append(time.perf_counter() - start)
    made = builder.last_made
    builder.finish_search()
story.write_text(original, encoding="utf-8")
print(json.dumps({"times": times, "made": made}))
"""


#: Runs a command and prints the peak RSS (KiB) of it and its workers, on its own.
MEASURED = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(code)")


def run(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) of the command and its workers, and its output."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, *command], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    peak = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak // 1024, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = HERE / f"corpus-{args.stories}"
    if not (source / "site.toml").is_file():
        make_corpus(args.stories, source)
    work = HERE / "build-work"
    output = work / "output"
    build = [sys.executable, "-m", "wsstories", "build", "--source", str(source),
             "--output", str(output), "--today", TODAY, "--quiet"]
    story = sorted(source.glob("20*/*.md"))[len(list(source.glob("20*/*.md"))) // 2]
    original = story.read_text(encoding="utf-8")
    results: dict[str, list[float]] = {"cold": [], "warm": [], "edit (build)": []}
    peaks: dict[str, int] = {}
    try:
        for n in range(args.runs):
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            for name, change in (("cold", None), ("warm", None), ("edit (build)", n)):
                if change is not None:
                    story.write_text(original.replace("\nsummary: ", f"\nsummary: Run {n}. ", 1),
                                     encoding="utf-8")
                elapsed, peak, _ = run(build)
                results[name].append(elapsed)
                peaks[name] = max(peaks.get(name, 0), peak)
            story.write_text(original, encoding="utf-8")
        serve_out = work / "serve" / "site"
        elapsed, peak, out = run([sys.executable, "-c", SERVE_LIKE, str(source), str(serve_out),
                                  str(story), TODAY])
        serve = json.loads(out)
    finally:
        story.write_text(original, encoding="utf-8")
    print(f"{args.stories} stories, {args.runs} runs, median wall time (peak memory)")
    for name, times in results.items():
        print(f"  {name:14} {statistics.median(times):7.2f} s   ({peaks[name]} MiB)")
    print(f"  {'edit (serve)':14} {statistics.median(serve['times']):7.2f} s   "
          f"({serve['made']} pages made; {peak} MiB peak, first build included)")


if __name__ == "__main__":
    main()
