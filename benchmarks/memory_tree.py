"""The memory of a whole command: its process and every child at once, sampled while it runs.

    python benchmarks/memory_tree.py [--every 0.2] -- wsstories build --source S --output O

A build runs several processes at the same time (the main one, its forked
workers, Pagefind), so the largest of their peaks says too little and the sum
of their peaks too much. This samples, every ``--every`` seconds, the
proportional set size (PSS: each shared page counted once, split among the
processes that share it, from /proc/PID/smaps_rollup) of the command and all
its descendants, and prints the largest total seen, the largest resident sum
(RSS, shared pages counted in each process) and the wall time. Linux only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def sizes(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; (0, 0) once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            values[parts[0].rstrip(":")] = int(parts[1])
    return values.get("Pss", 0), values.get("Rss", 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to measure after --")
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_pss = peak_rss = most = 0
    while process.poll() is None:
        tree = descendants(process.pid)
        total = [sizes(pid) for pid in tree]
        pss, rss = sum(p for p, _ in total), sum(r for _, r in total)
        if pss > peak_pss:
            peak_pss, most = pss, len(tree)
        peak_rss = max(peak_rss, rss)
        time.sleep(args.every)
    print(json.dumps({"seconds": round(time.perf_counter() - start, 2), "code": process.returncode,
                      "peak_pss_mib": peak_pss // 1024, "peak_rss_sum_mib": peak_rss // 1024,
                      "processes_at_peak": most}))
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
