"""Precision and recall of the ownership-claim rule on a labelled corpus.

    python benchmarks/ownership_precision.py [tests/data/ownership_corpus.tsv ...] [--show]

Each line of a corpus is ``label<TAB>storyteller<TAB>sentence`` with label
``claim`` or ``ok``. The sentence is checked exactly as a story's body is
(the storyteller's own words masked first), with the example site's partners
as the registry. --show lists every sentence the rule got wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wsstories import load_site
from wsstories.checks.claims import ClaimFinder
from wsstories.checks.storytelling import storyteller_masked

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests/data/ownership_corpus.tsv", ROOT / "tests/data/ownership_heldout.tsv"]


def read_corpus(path: Path) -> list[tuple[bool, str | None, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, teller, sentence = line.split("\t")
            rows.append((label == "claim", None if teller == "-" else teller, sentence))
    return rows


def finder() -> ClaimFinder:
    site, _ = load_site(ROOT / "stories")
    return ClaimFinder(p.name for p in site.partners.values())


def evaluate(rows, claims: ClaimFinder):
    """(true positives, false positives, false negatives, mistakes)."""
    tp = fp = fn = 0
    wrong = []
    for is_claim, teller, sentence in rows:
        flagged = bool(claims.find(storyteller_masked(sentence, teller)))
        tp += flagged and is_claim
        fp += flagged and not is_claim
        fn += is_claim and not flagged
        if flagged != is_claim:
            wrong.append(("missed" if is_claim else "false alarm", sentence))
    return tp, fp, fn, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    claims = finder()
    print(f"{'corpus':<28} {'sentences':>9} {'claims':>6} {'precision':>9} {'recall':>6}")
    for path in args.corpora:
        rows = read_corpus(path)
        tp, fp, fn, wrong = evaluate(rows, claims)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{path.name:<28} {len(rows):>9} {sum(r[0] for r in rows):>6} "
              f"{precision:>9.3f} {recall:>6.3f}")
        if args.show:
            for kind, sentence in wrong:
                print(f"    {kind}: {sentence}")


if __name__ == "__main__":
    main()
