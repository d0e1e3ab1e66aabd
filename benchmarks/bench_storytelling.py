"""CPU cost of each family of storytelling checks, on real stories and on hostile text.

    python benchmarks/bench_storytelling.py [--repeat 5] [--sizes 50 200]

(a) Stories of about 700 words made by joining corpus sentences (as
benchmarks/storytelling_eval.py makes them): CPU milliseconds per story for
each family of checks and for all of them together, as ``check`` runs them.

(b) Hostile text: for each family, a body of repeated near-matches (runs of
digits, "our our our", long words, unclosed quotes, capitalised names, …)
of each size in ``--sizes`` KB. Every family of checks runs on every hostile
text; the figure is CPU milliseconds per KB, which stays flat from the small
size to the large one when the checks are linear.

The figure for a family is the best of ``--repeat`` rounds of process CPU
time. "all" is one run of everything ``check`` does with a story's words
(the storytelling checks and the hidden-character check), not the sum of
the families; "all, first" checks each story once, after other stories, as
``check`` does (a pattern made for one finding is not in a cache then), and
"all, names" does the same with a storyteller's name not seen before in each.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import storytelling_eval as ev  # noqa: E402

from wsstories.checks import hidden  # noqa: E402
from wsstories.checks.sensitive import placeholders, topics, words_of  # noqa: E402
from wsstories.checks.storytelling import _COMMENT, mask, story_texts, storyteller_masked  # noqa: E402
from wsstories.checks.wording import dignity_problems  # noqa: E402
from wsstories.diagnostics import Report  # noqa: E402
from wsstories.model import Storyteller  # noqa: E402
from wsstories.reading import sources  # noqa: E402

#: name → a unit of text that each hostile body repeats (near-matches for one family).
HOSTILE = {
    "digits": "555 1234 12-34-5678 5551234567 999-99-9999 (206) 555-0100 x12 2026 No. 4 ",
    "our-our": "our our our we we us thanks to our program our team our partners ",
    "long-words": "a" * 300 + " " + "well-known-" * 30 + " Supercalifragilisticexpialidocious" * 3 + " ",
    "quotes": "she said \"yes “no «maybe ' ” » \" “ said she, “ ",
    "names": "Maria Lopez Garcia Mr Smith Ms Ana Rivera Lincoln High School Harbor College Maria D. ",
    "sensitive": "record recovery shelter benefits home court the hospital unemployment came moved the ",
    "placeholders": "[name [insert <insert (add the {{ TODO TK lorem write escrib jane ",
    "hidden": "a\u200bb\u202ec\u2066 d\ufeff e ",
    "acronyms": "ABC DEF WIOA (TANF TK ABCs XYZ-1 GED and more words without full stops ",
    "sentence-ends": "No. Rm. St. Dr. Mr. a. b? c! d.\" E “F” (G) H. ",
    "e-mails": "ana at example dot org @ @@ x@y a@b.c (at) [dot] arroba punto ",
    "markup": "<!-- ` ]( > # `a` [b](c) <!-- d --> ",
}


def tokens_of(text: str) -> set[str]:
    """The text's lowercase ASCII words, as each check reads them."""
    return words_of(text.lower())


def families(checker, meta) -> dict[str, Callable]:
    """name → a function that runs that family of checks on one story."""

    def words(story):
        teller = story.storyteller
        return None if teller.naming == "anonymous" else teller.name.split()[0]

    def ownership(story):
        name = words(story)
        for text in story_texts(story):
            if not text.storyteller_words:
                tokens = tokens_of(text.text)
                checker.claims.find(storyteller_masked(text.text, name, tokens), tokens)

    def dignity(story):
        for text in story_texts(story):
            dignity_problems(text.text, tokens_of(text.text))

    def privacy(story):
        name = words(story)
        first = story.storyteller.name.split()[0]
        for text in story_texts(story):
            checker.privacy.find(text.text, tokens_of(text.text), name, story.lang)
            checker.privacy.surnames(text.text, first, story.lang)
            if story.storyteller.minor:
                checker.privacy.schools(text.text)

    def sensitive(story):
        for text in story_texts(story):
            topics(text.text, text.tokens)

    def placeholder(story):
        for text in story_texts(story):
            placeholders(mask(text.text, _COMMENT))

    def hidden_characters(story):
        hidden.check(story.path, meta, story.body, story.body_line, checker.settings, {}, Report())

    def plain(story):
        checker._plain(story.path, story_texts(story), {}, Report())
        checker._headline_applies(story)

    def everything(story):
        hidden_characters(story)
        checker.check_story(story, {}, Report())

    return {"ownership": ownership, "dignity": dignity, "privacy": privacy, "sensitive": sensitive,
            "placeholders": placeholder, "hidden": hidden_characters, "plain": plain,
            "all": everything}


def cpu_ms(run: Callable, stories: list, repeat: int) -> float:
    """The best of ``repeat`` rounds: CPU milliseconds per story."""
    for story in stories[:3]:
        run(story)  # warm the caches, as the second file of a run finds them
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for story in stories:
            run(story)
        best = min(best, (time.process_time() - start) / len(stories))
    return best * 1000


def first_check(run: Callable, rows: list, harness, names: bool = False) -> float:
    """CPU ms per story of checking each story once, after other stories warmed the caches
    (with ``names``, each story's storyteller has a name of its own, as on a real site)."""
    other = str.maketrans("0123456789", "3456789012")  # other numbers: other details found
    for lang, body in ev.long_stories(rows[::-1]):
        run(harness.story(body.translate(other), lang))
    stories = [harness.story(body, lang) for lang, body in ev.long_stories(rows)]
    if names:
        stories = [replace(story, storyteller=Storyteller(f"Rosa{chr(97 + i % 26)}{i}", "first"))
                   for i, story in enumerate(stories)]
    start = time.process_time()
    for story in stories:
        run(story)
    return (time.process_time() - start) / len(stories) * 1000


def hostile_body(unit: str, kb: int) -> str:
    """``unit`` repeated to ``kb`` KB, a blank line every 40 units."""
    count = kb * 1024 // len(unit.encode("utf-8")) + 1
    return "".join(unit + ("\n\n" if i % 40 == 39 else "") for i in range(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200], metavar="KB",
                        help="sizes of the hostile texts (none: leave them out)")
    args = parser.parse_args(argv)
    rows = ev.read_rows(sorted(ev.CORPUS.glob("*.tsv")))
    harness = ev.Harness()
    try:
        checker = harness.checker
        story = harness.stories["en"]
        meta = sources.read(story.path, "story", Report()).meta
        runs = families(checker, meta)
        stories = [harness.story(body, lang) for lang, body in ev.long_stories(rows)]
        print(f"(a) {len(stories)} stories of ~700 words from the corpus: CPU ms per story "
              f"(best of {args.repeat})")
        for name, run in runs.items():
            print(f"    {name:<13} {cpu_ms(run, stories, args.repeat):7.3f}")
        print(f"    {'all, first':<13} {first_check(runs['all'], rows, harness):7.3f}  (each story "
              "checked once, as check does: nothing it finds was seen before)")
        print(f"    {'all, names':<13} {first_check(runs['all'], rows, harness, True):7.3f}  (the same, "
              "each storyteller with a name not seen before)")
        if not args.sizes:
            return 0
        minor = replace(story, storyteller=Storyteller("Maria", "first", minor=True))
        print(f"\n(b) hostile text: CPU ms per KB for each family of checks (best of "
              f"{max(1, args.repeat // 2)})")
        print(f"    {'text':<14} {'KB':>4} " + " ".join(f"{n[:9]:>9}" for n in runs))
        for label, unit in HOSTILE.items():
            for kb in args.sizes:
                body = hostile_body(unit, kb)
                text = minor if label == "names" else story
                one = [replace(text, body=body)]
                figures = [cpu_ms(run, one, max(1, args.repeat // 2)) / kb for run in runs.values()]
                print(f"    {label:<14} {kb:>4} " + " ".join(f"{f:9.3f}" for f in figures))
    finally:
        harness.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
