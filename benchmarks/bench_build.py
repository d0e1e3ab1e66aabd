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
one and its workers); Pagefind, a separate program run once for each part of
the search index (while the build writes the rest of the site), is measured
on its own (by /usr/bin/time) and shown apart: the largest part's peak, the
seconds of all its runs and the span from the first one's start to the last
one's end.
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
from wsstories.commands.build import Builder
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
#: resident size of the build's own processes and, apart, of each Pagefind process (each part
#: of the search index, measured by /usr/bin/time), with the seconds from the first Pagefind's
#: start to the last one's end (they run while the build writes the rest of the site).
MEASURED = r"""
import json, os, resource, subprocess, sys, tempfile, time, types
from wsstories.commands import cli
from wsstories.output import searchindex
peaks = {"parts": []}
class Timed(subprocess.Popen):
    def __init__(self, args, **kwargs):
        if "before_search" not in peaks:
            peaks["before_search"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            peaks["search_start"] = time.perf_counter()
        fd, self.report = tempfile.mkstemp()
        os.close(fd)
        super().__init__(["/usr/bin/time", "-f", "%M %e", "-o", self.report, *args], **kwargs)
    def communicate(self, *args, **kwargs):
        out = super().communicate(*args, **kwargs)
        with open(self.report) as report:
            kib, seconds = report.read().split()[-2:]
        os.unlink(self.report)
        peaks["parts"].append((int(kib) // 1024, float(seconds)))
        peaks["search_end"] = time.perf_counter()
        return out
searchindex.subprocess = types.SimpleNamespace(Popen=Timed, PIPE=subprocess.PIPE)
code = cli.main(sys.argv[1:])
workers = peaks.get("before_search", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
own = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, workers)
parts = peaks["parts"]
print(json.dumps({"own": own // 1024, "pagefind": max((m for m, _ in parts), default=0),
                  "parts": len(parts), "pagefind_seconds": sum(s for _, s in parts),
                  "search_span": peaks.get("search_end", 0) - peaks.get("search_start", 0)}),
      file=sys.stderr)
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
        p = peaks[name]
        search = (f"; Pagefind: {p['parts']} part(s), {p['pagefind_seconds']:.1f} s of runs over "
                  f"{p['search_span']:.1f} s, at most {p['pagefind']} MiB each" if p["parts"] else "")
        print(f"  {name:14} {statistics.median(times):7.2f} s   ({peaks[name]['own']} MiB{search})")
    print(f"  {'edit (serve)':14} {statistics.median(serve['times']):7.2f} s   "
          f"({serve['made']} pages made, search after; {peak} MiB, first build included)")


if __name__ == "__main__":
    main()
