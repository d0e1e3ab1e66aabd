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

Peak memory is the largest resident size of the build's processes (the main
one and its workers); Pagefind, a separate program run at the end, is
measured on its own and shown apart.
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
import resource
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # before Pagefind runs
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
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, workers) // 1024
print(json.dumps({"times": times, "made": made, "peak": peak}))
"""


#: `wsstories build` as the command line runs it, reporting (on stderr, as JSON) the peak
#: resident size of the build's own processes and, apart, of Pagefind's run.
MEASURED = r"""
import json, resource, sys, time
from wsstories import cli, sharing
peaks = {"pagefind": 0, "pagefind_seconds": 0.0}
index_search = sharing.index_search
def measured(*args, **kwargs):
    peaks["before_search"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    index_search(*args, **kwargs)
    peaks["pagefind_seconds"] = time.perf_counter() - start
    peaks["pagefind"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sharing.index_search = measured
code = cli.main(sys.argv[1:])
workers = peaks.get("before_search", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
own = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, workers)
print(json.dumps({"own": own // 1024, "pagefind": peaks["pagefind"] // 1024,
                  "pagefind_seconds": peaks["pagefind_seconds"]}), file=sys.stderr)
sys.exit(code)
"""


def run(command: list[str]) -> tuple[float, dict, str]:
    """Wall seconds, peak memory (MiB, see MEASURED) and output of ``wsstories COMMAND``."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, *command], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return elapsed, json.loads(result.stderr.strip().splitlines()[-1]), result.stdout


def peak_of(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident size (MiB) of a Python program and its children, its output."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return elapsed, json.loads(result.stdout)["peak"], result.stdout


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
    build = ["build", "--source", str(source), "--output", str(output), "--today", TODAY, "--quiet"]
    story = None
    results: dict[str, list[float]] = {"cold": [], "warm": [], "edit (build)": []}
    peaks: dict[str, dict] = {}
    try:
        for n in range(args.runs):
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            for name in results:
                if name == "edit (build)":
                    if story is None:  # a published story, from the middle of the site
                        shown = sorted(p.name for p in (output / "stories").iterdir())
                        story = next(source.glob(f"**/{shown[len(shown) // 2]}.md"))
                        original = story.read_text(encoding="utf-8")
                    story.write_text(original.replace("\nsummary: ", f"\nsummary: Run {n}. ", 1),
                                     encoding="utf-8")
                elapsed, peak, _ = run(build)
                results[name].append(elapsed)
                peaks[name] = {k: max(v, peaks.get(name, {}).get(k, 0)) for k, v in peak.items()}
            story.write_text(original, encoding="utf-8")
        serve_out = work / "serve" / "site"
        _, peak, out = peak_of([sys.executable, "-c", SERVE_LIKE, str(source), str(serve_out),
                                str(story), TODAY])
        serve = json.loads(out)
    finally:
        if story is not None:
            story.write_text(original, encoding="utf-8")
    print(f"{args.stories} stories, {args.runs} runs: median wall time; peak memory of the build "
          "(Pagefind's run apart)")
    for name, times in results.items():
        search = (f"; Pagefind {peaks[name]['pagefind_seconds']:.1f} s, {peaks[name]['pagefind']} MiB"
                  if peaks[name]["pagefind"] else "")
        print(f"  {name:14} {statistics.median(times):7.2f} s   ({peaks[name]['own']} MiB{search})")
    print(f"  {'edit (serve)':14} {statistics.median(serve['times']):7.2f} s   "
          f"({serve['made']} pages made, search after; {peak} MiB, first build included)")


if __name__ == "__main__":
    main()
