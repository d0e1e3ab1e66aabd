"""The storytelling checks find exactly what they found when the snapshot was written.

The snapshot (tests/data/storytelling/findings.json) holds, for every corpus
row checked as a story's body, for stories of ~700 words joined from the
corpus, for short hostile texts and for the example site, the findings of
the private-detail, sensitive-topic, placeholder, hidden-character and
plain-language rules: line, severity, rule and a digest of the message (for a case with many
findings, their count per rule and one digest). A
change that makes the checks faster must leave it as it is. A change to what
a rule finds rewrites it, on purpose:

    python tests/test_storytelling_findings.py --write

(``--full FILE`` writes every finding with its whole message, ownership and
dignity too, to compare two versions of the code in detail.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))
import storytelling_eval as ev  # noqa: E402
from bench_storytelling import HOSTILE, hostile_body  # noqa: E402

from wsstories import load_site  # noqa: E402
from wsstories.diagnostics import Report  # noqa: E402
from wsstories.model import Storyteller  # noqa: E402

SNAPSHOT = HERE / "data" / "storytelling" / "findings.json"
EXAMPLE = HERE.parent / "stories"
#: Rules another module owns (claims.py, wording.py): left out of the snapshot.
LEFT_OUT = ("ownership-", "dignity-")


def _digest(message: str) -> str:
    return hashlib.sha256(message.encode("utf-8")).hexdigest()[:12]


def _findings(items, full: bool) -> list:
    return [[d.line, d.severity.value, d.rule, d.message if full else _digest(d.message)]
            for d in items if full or not d.rule.startswith(LEFT_OUT)]


def _kept(findings: list) -> list | dict:
    """A case's findings as the file keeps them: in full, or counted and digested if many."""
    if len(findings) <= 4:
        return findings
    rules: dict[str, int] = {}
    for finding in findings:
        rules[finding[2]] = rules.get(finding[2], 0) + 1
    return {"count": len(findings), "rules": dict(sorted(rules.items())),
            "digest": _digest(json.dumps(findings))}


def snapshot(full: bool = False) -> dict[str, list]:
    """Case → its findings (the file keeps only the cases with findings)."""
    rows = ev.read_rows(sorted(ev.CORPUS.glob("*.tsv")))
    harness = ev.Harness()
    out: dict[str, list] = {}
    try:
        def check(story) -> list:
            report = Report()
            harness.checker.check_story(story, {}, report)
            return _findings(report.items, full)

        counts: dict[str, int] = {}
        for row in rows:
            number = counts[row.file] = counts.get(row.file, 0) + 1
            story = harness.story(ev.body_of(row), row.lang)
            out[f"{row.file}:{number}"] = check(story)
            if row.file.startswith("privacy"):
                for teller in (Storyteller("Maria Lopez", "first", minor=True),
                               Storyteller("Maria Lopez", "anonymous")):
                    kind = "minor" if teller.minor else teller.naming
                    out[f"{row.file}:{number}:{kind}"] = check(replace(story, storyteller=teller))
        for index, (lang, body) in enumerate(ev.long_stories(rows)):
            out[f"long:{index}"] = check(harness.story(body, lang))
        for label, unit in HOSTILE.items():
            story = harness.story(hostile_body(unit, 4), "en")
            out[f"hostile:{label}"] = check(story)
            teller = Storyteller("Maria Lopez", "first", minor=True)
            out[f"hostile:{label}:minor"] = check(replace(story, storyteller=teller))
    finally:
        harness.close()
    _, diagnostics = load_site(EXAMPLE, today=ev.TODAY, workers=1)
    for d in diagnostics:
        key = f"example:{d.path.relative_to(EXAMPLE.resolve()).as_posix()}"
        out.setdefault(key, []).extend(_findings([d], full))
    return out


def test_the_checks_find_what_the_snapshot_holds():
    """Every case's findings are the snapshot's, case by case."""
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = {key: _kept(value) for key, value in snapshot().items()}
    different = [key for key in expected.keys() | found.keys()
                 if expected.get(key, []) != found.get(key, [])]
    assert not different, f"{len(different)} cases differ, e.g. {sorted(different)[:5]}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="write the findings snapshot")
    parser.add_argument("--write", action="store_true", help=f"rewrite {SNAPSHOT.name}")
    parser.add_argument("--full", type=Path, metavar="FILE", help="write every finding in full")
    args = parser.parse_args(argv)
    if args.full:
        args.full.write_text(json.dumps(snapshot(full=True), ensure_ascii=False, indent=0),
                             encoding="utf-8")
    if args.write:
        found = snapshot()
        lines = [f"{json.dumps(key)}: {json.dumps(_kept(found[key]), ensure_ascii=False)}"
                 for key in sorted(found) if found[key]]
        SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
