"""CPU cost of the private-detail, surname, sensitive-topic and placeholder rules per 700-word story.

    python benchmarks/bench_privacy.py [--repeat 200]

A story of 700 words is made from the corpus's real sentences (with the
numbers, names and topic words they carry), and the rules are run on it as
`check` runs them; the figure is process CPU time per story, the median of
several rounds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wsstories.checks.privacy import PrivacyFinder  # noqa: E402
from wsstories.checks.sensitive import placeholders, topics  # noqa: E402

DATA = ROOT / "tests" / "data" / "storytelling"


def story(seed: int, words: int = 700, labels: tuple[str, ...] = ("ok",)) -> str:
    """About ``words`` words of real corpus sentences with the given labels, in paragraphs.

    With ``ok``, a story with nothing to report (most stories); with every label, a
    story dense in numbers, contacts and topic words, where most of the cost is in
    writing the findings' messages.
    """
    sentences = [row[1] for path in sorted(DATA.glob("*.tsv"))
                 for row in (line.split("\t") for line in
                             path.read_text(encoding="utf-8").splitlines()[1:] if "\t" in line)
                 if not labels or row[0] in labels]
    rng = random.Random(seed)
    out, count = [], 0
    while count < words:
        sentence = rng.choice(sentences)
        out.append(sentence)
        count += len(sentence.split())
    return "\n\n".join(" ".join(out[i:i + 4]) for i in range(0, len(out), 4))


def per_story(texts: list[str], finder: PrivacyFinder) -> float:
    begin = time.process_time()
    for text in texts:
        finder.find(text, name="Maria")
        finder.surnames(text, "Maria")
        topics(text)
        placeholders(text)
    return (time.process_time() - begin) / len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    finder = PrivacyFinder(partner_names=["Harbor College", "Northside Community Services"])
    for labels, what in ((("ok",), "a story of ok sentences"),
                         ((), "a story of every kind of sentence (dense in findings)")):
        texts = [story(seed, labels=labels) for seed in range(args.repeat)]
        rounds = [per_story(texts, finder) for _ in range(5)]
        print(f"private details + surname + sensitive topics + placeholders, {what}: "
              f"{statistics.median(rounds) * 1000:.3f} ms CPU per 700-word story "
              f"(median of 5 rounds of {args.repeat} stories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
