"""How far two careful readers of the storytelling guide agree, and where the checks stand.

    python benchmarks/agreement.py

tests/data/storytelling/second-reading/ holds a second, independent reading
of 450 real corpus rows (half of them labelled claim or saviour in the
corpus, half not, drawn at random): a reader who saw only the guide and the
sentences, never the corpus's labels nor the checks. For ownership claims and
saviour language this prints, per language and for all rows:

- how often the two readings agree, and Cohen's kappa;
- the second reading measured against the corpus, as a detector would be
  (precision and recall): the most that a detector can be expected to reach
  while the labels themselves differ this much;
- the shipped checks measured against each reading, on the same rows (the
  shipped models were trained on these corpus rows, so "checks / corpus" is
  optimistic; "checks / second reading" is not trained on).

Half the rows were drawn from the positives, so precision here is higher than
it would be at the corpus's own share of claims; compare the lines with each
other, not with storytelling_eval.py's figures.

Rows whose note starts with ``unclear:`` are the ones the second reader was
unsure of; the figures are printed for the sure ones too.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import storytelling_eval as ev  # noqa: E402

SECOND = ev.CORPUS / "second-reading"
LABELS = ("claim", "saviour")


def pairs() -> list[tuple[ev.Row, ev.Row]]:
    """(corpus row, second-reading row) for every row of the second reading."""
    corpus = {(r.sentence, r.source): r for r in ev.read_rows(sorted(ev.CORPUS.glob("*.tsv")))}
    found = []
    for second in ev.read_rows(sorted(SECOND.glob("*.tsv"))):
        first = corpus.get((second.sentence, second.source))
        if first is None:
            raise SystemExit(f"{second.file}: no corpus row has the sentence {second.sentence[:60]!r}")
        found.append((first, second))
    return found


def _figures(truth: list[bool], guess: list[bool]) -> str:
    n = len(truth)
    tp = sum(t and g for t, g in zip(truth, guess))
    agree = sum(t == g for t, g in zip(truth, guess)) / n
    pt, pg = sum(truth) / n, sum(guess) / n
    chance = pt * pg + (1 - pt) * (1 - pg)
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
    precision = tp / sum(guess) if any(guess) else float("nan")
    recall = tp / sum(truth) if any(truth) else float("nan")
    return (f"{n:5d} {sum(truth):5d} {sum(guess):5d} {agree:6.3f} {kappa:6.3f} "
            f"{precision:6.3f} {recall:6.3f}")


def main() -> int:
    found = pairs()
    harness = ev.Harness()
    try:
        checks = {id(second): harness.found(first) for first, second in found}
    finally:
        harness.close()
    print(f"{len(found)} rows read twice ({SECOND.relative_to(HERE.parent)})\n")
    print(f"{'label':<8} {'lang':<4} {'rows':<9} {'compared':<26} {'n':>5} {'pos':>5} {'found':>5} "
          f"{'agree':>6} {'kappa':>6} {'prec':>6} {'recall':>6}")
    for label in LABELS:
        for lang in ("en", "es", "all"):
            for subset in ("all", "sure"):
                rows = [(f, s) for f, s in found if lang in ("all", f.lang)
                        and (subset == "all" or "unclear:" not in s.note)]
                if not rows:
                    continue
                corpus = [label in f.labels for f, _ in rows]
                second = [label in s.labels for _, s in rows]
                checked = [label in checks[id(s)] for _, s in rows]
                for name, truth, guess in (("second reading / corpus", corpus, second),
                                           ("checks / corpus", corpus, checked),
                                           ("checks / second reading", second, checked)):
                    print(f"{label:<8} {lang:<4} {subset:<9} {name:<26} {_figures(truth, guess)}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
