"""The shipped storytelling checks measured on the real labelled corpus.

    python benchmarks/storytelling_eval.py [tests/data/storytelling/*.tsv ...] [--show] [--verify N]

Each row of a corpus (``label<TAB>sentence<TAB>source<TAB>note``) is checked
the way a user meets the checks: the sentence becomes the body of a valid
story of a small site written to a temporary folder (three partners, two
goals, storyteller "Maria"), in English or, for ``*.es.tsv``, with
``lang: es``. Rows whose note starts with ``[voice=storyteller]`` are the
storyteller's own words, so they go into the body inside quotation marks, as
a real story quotes them. The site is loaded once with ``load_site``; each
row then replaces the body of the loaded story and is passed to the same
``Checker.check_story`` that ``load_site`` calls (``--verify N`` writes N rows
as real story files and checks that ``load_site`` finds the same).

Findings map to labels: ``ownership-*`` is ``claim``, ``dignity-*`` is
``saviour``, ``pii-*`` is ``private`` (but ``pii-contact``, an office's phone
or e-mail, which is not a person's detail), ``sensitive-*`` is ``sensitive``.

Three kinds of figure, printed apart and named as such:

- **own corpus**: the shipped checks on the rows they were fitted on (the
  models of wsstories/checks/storymodel.json are trained on these files by
  benchmarks/train_storytelling.py, and the claim shapes and labels were
  written while reading them). These are optimistic.
- **leave-source-out** (``--folds K``, default 5): rows grouped by page (the
  source address without query or fragment) into K folds; each fold is
  checked by models fitted without it. The hand-written shapes and labels
  are the same in every fold, and they were written while reading these
  pages, so these figures are still on sentences that were looked at.
- **fresh** (``--fresh FILES``, and any ``fresh-*.tsv`` beside the corpus):
  rows from pages never used for training nor read while writing the rules,
  checked by the shipped models. These are the honest held-out figures.

Figures are printed per rule and per language, for real rows (the source is
a URL) and for ``written`` near-misses apart. ``--show`` lists up to 40
misses and 40 false alarms per rule, with their sources. The CPU cost of all
storytelling checks is timed on stories of about 700 words made by joining
corpus sentences (the target is 1 ms per story).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from wsstories import load_site
from wsstories.checks.storytelling import Checker
from wsstories.diagnostics import Report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
CORPUS = ROOT / "tests/data/storytelling"
LABELS = ("claim", "claim-error", "saviour", "private", "sensitive")
PREFIXES = {"ownership-": "claim", "dignity-": "saviour", "pii-": "private",
            "sensitive-": "sensitive"}
#: pii-contact is an office's phone or e-mail: a warning, but not a person's private detail.
NOT_LABELS = {"pii-contact"}
NO_RULE: set[str] = set()  # labels that no shipped rule looks for
TODAY = dt.date(2026, 11, 28)
OWN = ("own corpus: the shipped models were trained on these rows and the rules written while "
       "reading them; optimistic")
LSO = ("leave-source-out: each fold of pages checked by models fitted without it; the hand-written "
       "shapes and labels were written while reading these pages")
FRESH = "fresh: pages never trained on nor read while writing the rules, shipped models"

SETTINGS = """\
title = "Evaluation Stories"
base_url = "https://stories.example.org/"
language = "en"
languages = ["en", "es"]
"""
PARTNERS = {
    "harbor-college": {"name": "Harbor College", "type": "semi-public"},
    "northside-services": {"name": "Northside Community Services", "type": "cbo"},
    "riverbend-bakery": {"name": "Riverbend Bakery", "type": "business"},
}
GOALS = {
    "earn-a-credential": {"title": "Earn a credential", "audience": "job-seeker", "order": 1},
    "fill-openings": {"title": "Fill our openings", "audience": "employer", "order": 2},
}
STORY = {
    "title": "Maria finds a nursing career",
    "summary": "Maria earned her nursing-assistant certificate while raising two kids.",
    "date": dt.date(2026, 10, 14),
    "goal": "earn-a-credential",
    "status": "published",
    "storyteller": {"name": "Maria", "naming": "first"},
    "partners": [{"partner": "harbor-college", "contribution": "Nursing-assistant training"}],
    "consent": {"ref": "WS-2026-0142", "date": dt.date(2026, 9, 30),
                "reviewed": dt.date(2026, 10, 5)},
}


@dataclass(frozen=True)
class Row:
    labels: frozenset[str]
    sentence: str
    source: str
    note: str
    lang: str
    file: str = ""

    @property
    def storyteller_voice(self) -> bool:
        return self.note.startswith("[voice=storyteller]")

    @property
    def real(self) -> bool:
        return self.source != "written"


def read_rows(paths) -> list[Row]:
    """The rows of the corpus files ``paths`` (the header line skipped)."""
    rows = []
    for path in map(Path, paths):
        lang = "es" if path.name.endswith(".es.tsv") else "en"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if number == 0 or not line.strip() or line.startswith("#"):
                continue
            label, sentence, source, note = (line.split("\t") + ["", "", ""])[:4]
            labels = frozenset(label.split("+")) - {"ok"}
            rows.append(Row(labels, sentence, source, note, lang, path.name))
    return rows


def body_of(row: Row) -> str:
    """The story body a row becomes: the storyteller's own words are quoted."""
    return (f"“{row.sentence}”\n" if row.storyteller_voice else f"{row.sentence}\n")


def front_matter(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


def write_site(root: Path) -> None:
    """A valid site folder: settings, partners, goals, and one story per language."""
    (root / "partners").mkdir(parents=True)
    (root / "goals").mkdir()
    (root / "site.toml").write_text(SETTINGS, encoding="utf-8")
    for ident, data in PARTNERS.items():
        (root / f"partners/{ident}.md").write_text(front_matter(data, f"We are {data['name']}.\n"),
                                                    encoding="utf-8")
    for ident, data in GOALS.items():
        (root / f"goals/{ident}.md").write_text(front_matter(data, f"People who {ident}.\n"),
                                                 encoding="utf-8")
    for lang in ("en", "es"):
        write_story(root, f"story-{lang}", lang, "Maria worked nights for six years.\n")


def write_story(root: Path, ident: str, lang: str, body: str) -> Path:
    data = dict(STORY, lang=lang)
    path = root / f"{ident}.md"
    path.write_text(front_matter(data, body), encoding="utf-8")
    return path


def labels_of(rules) -> set[str]:
    """The corpus labels that these rule names stand for (``claim-error``: a clear, blocking claim)."""
    found = {label for rule in rules if rule not in NOT_LABELS
             for prefix, label in PREFIXES.items() if rule.startswith(prefix)}
    return found | ({"claim-error"} if "ownership-claim" in rules else set())


class Harness:
    """The example site loaded once; checks a row as the body of its story."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name) / "stories"
        write_site(self.root)
        site, diagnostics = load_site(self.root, today=TODAY, workers=1)
        errors = [d for d in diagnostics if d.severity.value == "error"]
        if errors:
            raise RuntimeError(f"the evaluation site is not valid: {errors}")
        self.stories = {s.lang: s for s in site.stories}
        self.checker = Checker(site.settings, sorted(p.name for p in site.partners.values()),
                               {g.id: g.audience for g in site.goals.values()})
        self.baseline = {lang: self.rules(story) for lang, story in self.stories.items()}
        if any(labels_of(rules) for rules in self.baseline.values()):
            raise RuntimeError(f"the evaluation story is not clean: {self.baseline}")

    def rules(self, story) -> set[str]:
        report = Report()
        self.checker.check_story(story, {}, report)
        return {d.rule for d in report.items}

    def story(self, body: str, lang: str):
        return replace(self.stories[lang], body=body)

    def found(self, row: Row) -> set[str]:
        """The labels the shipped checks give this row."""
        return labels_of(self.rules(self.story(body_of(row), row.lang)))

    def verify(self, rows: list[Row]) -> list[tuple[Row, set[str], set[str]]]:
        """Rows whose labels differ between this harness and ``load_site`` on real files."""
        folder = self.root / "verify"
        folder.mkdir(exist_ok=True)
        for index, row in enumerate(rows):
            write_story(folder, f"row-{index:05d}", row.lang, body_of(row))
        _, diagnostics = load_site(self.root, today=TODAY, workers=1)
        by_file: dict[str, set[str]] = {}
        for d in diagnostics:
            by_file.setdefault(d.path.name, set()).add(d.rule)
        different = []
        for index, row in enumerate(rows):
            loaded = labels_of(by_file.get(f"row-{index:05d}.md", ()))
            direct = self.found(row)
            if loaded != direct:
                different.append((row, direct, loaded))
        for path in folder.iterdir():
            path.unlink()
        return different

    def close(self) -> None:
        self._tmp.cleanup()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


def evaluate(rows: list[Row], harness: Harness) -> dict[tuple[str, str, str], Counts]:
    """Counts per ``(label, language, 'real' | 'written')`` for the shipped checks."""
    table: dict[tuple[str, str, str], Counts] = {}
    for row in rows:
        found = harness.found(row)
        kind = "real" if row.real else "written"
        for label in LABELS:
            counts = table.setdefault((label, row.lang, kind), Counts())
            truth = (label.split("-")[0] if label == "claim-error" else label) in row.labels
            flagged = label in found
            if truth and flagged:
                counts.tp += 1
            elif flagged:
                counts.fp += 1
                counts.false_alarms.append(row)
            elif truth:
                counts.fn += 1
                counts.misses.append(row)
            else:
                counts.tn += 1
    return table


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def leave_source_out(rows: list[Row], harness: Harness, k: int):
    """Counts per label, language and kind, each fold of pages checked by models fitted without it."""
    import train_storytelling as train
    examples = [train.example(r.labels, r.sentence, r.source, r.note, r.file, r.lang) for r in rows]
    extra = [train.example(labels, sentence, source, "", file, "en", teller)
             for labels, sentence, source, teller, file in train.read_written_ownership()]
    shipped = harness.checker.claims.model, harness.checker.dignity.model
    table: dict[tuple[str, str, str], Counts] = {}
    try:
        for fold in range(k):
            train_on = [e for e in examples if train.fold_of(e.group, k) != fold] + extra
            harness.checker.claims.model = train.fit(train_on, "claim")
            harness.checker.dignity.model = train.fit(train_on, "saviour")
            test = [r for r, e in zip(rows, examples) if train.fold_of(e.group, k) == fold]
            for key, counts in evaluate(test, harness).items():
                total = table.setdefault(key, Counts())
                total.tp += counts.tp
                total.fp += counts.fp
                total.fn += counts.fn
                total.tn += counts.tn
                total.misses += counts.misses
                total.false_alarms += counts.false_alarms
    finally:
        harness.checker.claims.model, harness.checker.dignity.model = shipped
    return table


def print_table(table: dict[tuple[str, str, str], Counts], out=sys.stdout, labels=LABELS) -> None:
    print(f"{'rows':<8} {'label':<10} {'lang':<4} {'support':>7} {'prec':>5} {'recall':>6} "
          f"{'F1':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>5}", file=out)
    for kind in ("real", "written"):
        for lang in ("en", "es"):
            for label in labels:
                c = table.get((label, lang, kind))
                if c is None:
                    continue
                note = "  (no shipped rule)" if label in NO_RULE else ""
                print(f"{kind:<8} {label:<10} {lang:<4} {c.support:>7} {_fmt(c.precision)} "
                      f"{_fmt(c.recall):>6} {_fmt(c.f1)} {c.tp:>4} {c.fp:>4} {c.fn:>4} "
                      f"{c.tn:>5}{note}", file=out)


def show_mistakes(table, limit: int = 40, out=sys.stdout) -> None:
    for (label, lang, kind), c in sorted(table.items()):
        if label in NO_RULE:
            continue
        for name, rows in (("missed", c.misses), ("false alarm", c.false_alarms)):
            for row in rows[:limit]:
                voice = " [quoted]" if row.storyteller_voice else ""
                print(f"  {label}/{lang}/{kind} {name}{voice}: {row.sentence}\n"
                      f"      source: {row.source}", file=out)
            if len(rows) > limit:
                print(f"  {label}/{lang}/{kind} {name}: … {len(rows) - limit} more", file=out)


def long_stories(rows: list[Row], words: int = 700) -> list[tuple[str, str]]:
    """Bodies of about ``words`` words made by joining corpus sentences, per language."""
    stories = []
    for lang in ("en", "es"):
        current, count = [], 0
        for row in (r for r in rows if r.lang == lang):
            current.append(body_of(row).strip())
            count += len(row.sentence.split())
            if count >= words:
                # paragraphs of four sentences, as a story is written
                paragraphs = [" ".join(current[i:i + 4]) for i in range(0, len(current), 4)]
                stories.append((lang, "\n\n".join(paragraphs) + "\n"))
                current, count = [], 0
    return stories


def time_checks(rows: list[Row], harness: Harness, repeat: int = 5) -> tuple[float, int]:
    """CPU milliseconds of all storytelling checks per ~700-word story, and the story count."""
    stories = [harness.story(body, lang) for lang, body in long_stories(rows)]
    for story in stories:  # warm the regex caches, as a second file of a run finds them
        harness.rules(story)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for story in stories:
            harness.checker.check_story(story, {}, Report())
        best = min(best, (time.process_time() - start) / len(stories))
    return best * 1000, len(stories)


def other_figures(rows: list[Row]) -> list[tuple[str, str, float, float, int]] | None:
    """The rows of benchmarks/eval_privacy.py's ``evaluate``, if that module exists."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        module = importlib.import_module("eval_privacy")
    except ModuleNotFoundError as error:
        if error.name == "eval_privacy":
            return None
        raise
    finally:
        sys.path.pop(0)
    return module.evaluate([{"label": "+".join(sorted(r.labels)) or "ok", "sentence": r.sentence,
                             "source": r.source, "note": r.note, "lang": r.lang} for r in rows])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path,
                        default=sorted(p for p in CORPUS.glob("*.tsv") if not p.name.startswith("fresh-")))
    parser.add_argument("--folds", type=int, default=5, metavar="K",
                        help="leave-source-out folds (0: skip)")
    parser.add_argument("--fresh", nargs="*", type=Path, default=sorted(CORPUS.glob("fresh-*.tsv")),
                        help="held-out corpus files never trained on")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--verify", type=int, default=0, metavar="N",
                        help="check the first N rows through load_site on real files too")
    args = parser.parse_args(argv)
    rows = read_rows(args.corpora)
    harness = Harness()
    try:
        if args.verify:
            different = harness.verify(rows[:args.verify])
            print(f"verify: {len(different)} of {min(args.verify, len(rows))} rows differ "
                  "between the direct check and load_site")
            for row, direct, loaded in different:
                print(f"    direct {sorted(direct)} load_site {sorted(loaded)}: {row.sentence}")
        table = evaluate(rows, harness)
        real = sum(r.real for r in rows)
        print(f"The shipped storytelling checks on {len(rows)} rows "
              f"({real} real, {len(rows) - real} written)")
        print(f"\n[{OWN}]")
        print_table(table)
        if args.folds:
            lso = leave_source_out(rows, harness, args.folds)
            print(f"\n[{LSO}; {args.folds} folds]")
            print_table(lso, labels=("claim", "claim-error", "saviour"))
            if args.show:
                show_mistakes(lso)
        elif args.show:
            show_mistakes(table)
        if args.fresh:
            fresh_rows = read_rows(args.fresh)
            fresh = evaluate(fresh_rows, harness)
            print(f"\n[{FRESH}: {len(fresh_rows)} rows of {', '.join(p.name for p in args.fresh)}]")
            print_table(fresh)
        extra = other_figures(rows)
        if extra is not None:
            print("\nbenchmarks/eval_privacy.py:")
            print(f"{'rule':<24} {'lang':<4} {'prec':>5} {'recall':>6} {'support':>7}")
            for rule, lang, precision, recall, support in extra:
                print(f"{rule:<24} {lang:<4} {precision:5.3f} {recall:6.3f} {support:>7}")
        ms, count = time_checks(rows, harness)
        print(f"\nCPU (time.process_time) of all storytelling checks per ~700-word story: "
              f"{ms:.2f} ms (best of 5 over {count} stories; target 1 ms)")
    finally:
        harness.close()


if __name__ == "__main__":
    main()
