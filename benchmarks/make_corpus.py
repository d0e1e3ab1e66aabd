"""Write a realistic, seeded source folder of N stories for benchmarks.

    python benchmarks/make_corpus.py 10000 benchmarks/corpus-10k [--seed 1] [--words 400 900]

Each story has full front matter (storyteller, 2–5 partners, outcomes,
consent) and a body of the given number of words in paragraphs and
sub-headings; about one in ten is held back (draft, scheduled or withdrawn),
as in a real site. The same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

PARTNER_TYPES = ["business", "cbo", "government", "foundation", "labor", "semi-public"]
GOALS = [
    ("first-job", "Get a first job", "job-seeker"),
    ("new-career", "Start a new career", "job-seeker"),
    ("earn-a-credential", "Earn a credential", "job-seeker"),
    ("return-to-work", "Get back to work", "job-seeker"),
    ("earn-more", "Earn more and move up", "job-seeker"),
    ("start-a-business", "Start a business", "job-seeker"),
    ("fill-openings", "Fill our openings", "employer"),
    ("train-staff", "Train our staff", "employer"),
    ("grow-apprentices", "Grow our own through apprenticeship", "employer"),
]
NAMES = ["Maria", "Dev", "Aaliyah", "Tomás", "Grace", "Samir", "Lena", "Ray", "Hana", "James",
         "Priya", "Ana", "Lin", "Marcus", "Keisha", "Olu", "Rosa", "Andre", "Dana", "Sam"]
WORDS = ("she he they learned worked studied started finished class course shift job clinic "
         "shop bakery welding nursing forklift licence certificate evening morning weekend "
         "family children mother father grandmother neighbour bus paycheck interview résumé "
         "practice exam test passed failed again team crew manager mentor goal plan week month "
         "year first second new old hard easy proud tired ready early late home work school "
         "college training apprentice employer partner program skills trade steel bread care "
         "patients customers orders pallets numbers books kitchen van route truck").split()
OCCUPATIONS = ["Nursing assistant", "Welder", "Baker", "Bookkeeper", "IT support specialist",
               "Forklift operator", "Medical assistant", "Truck driver", "Machinist", "Cook"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, words: int) -> str:
    parts, count = [], 0
    while count < words:
        if parts and rng.random() < 0.15:
            parts.append("## " + " ".join(rng.choices(WORDS, k=3)).capitalize())
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def story(rng: random.Random, index: int, partners: list[str], words: tuple[int, int]) -> str:
    goal = rng.choice(GOALS)[0]
    name = rng.choice(NAMES)
    date = dt.date(2024, 7, 1) + dt.timedelta(days=rng.randint(0, 870))
    consent = date - dt.timedelta(days=rng.randint(10, 60))
    roll = rng.random()
    status = "draft" if roll < 0.04 else "published"
    if 0.04 <= roll < 0.07:
        date = dt.date(2027, 6, 1)
    credits = "\n".join(f"  - partner: {p}\n    contribution: {sentence(rng)[:100]}"
                        for p in rng.sample(partners, rng.randint(2, 5)))
    outcomes = (f"  - type: employed\n    occupation: {rng.choice(OCCUPATIONS)}\n"
                f"  - type: hourly-wage\n    value: {rng.randint(1700, 4200) / 100:.2f}\n"
                f"  - type: credential\n    name: Certificate {index}\n"
                f"    credential_type: occupational-certificate\n")
    withdrawn = f"  withdrawn: {date.isoformat()}\n" if 0.07 <= roll < 0.09 else ""
    return (
        "---\n"
        f"title: {name} reached a goal, story {index}\n"
        f"summary: {sentence(rng)}\n"
        f"date: {date.isoformat()}\n"
        f"goal: {goal}\n"
        f"status: {status}\n"
        f"storyteller:\n  name: {name}\n  naming: first\n"
        f"partners:\n{credits}\n"
        f'quote: "{sentence(rng)}"\n'
        f"outcomes:\n{outcomes}"
        f"consent:\n  ref: WS-{index:06d}\n  date: {consent.isoformat()}\n"
        f"  reviewed: {(consent + dt.timedelta(days=7)).isoformat()}\n{withdrawn}"
        "---\n" + body(rng, rng.randint(*words))
    )


def make_corpus(count: int, out: Path, seed: int = 1, words: tuple[int, int] = (400, 900),
                partners: int = 60) -> Path:
    """Write a source folder with ``count`` stories into ``out`` (replacing it)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "partners").mkdir(parents=True)
    (out / "goals").mkdir()
    (out / "site.toml").write_text('title = "Benchmark"\nbase_url = "https://bench.example.org/"\n'
                                   "min_count = 5\n", encoding="utf-8")
    partner_ids = []
    for i in range(partners):
        ident = f"partner-{i:03d}"
        partner_ids.append(ident)
        (out / "partners" / f"{ident}.md").write_text(
            f"---\nname: Partner {i:03d}\ntype: {PARTNER_TYPES[i % 6]}\n---\n{sentence(rng)}\n",
            encoding="utf-8")
    for order, (ident, title, audience) in enumerate(GOALS, start=1):
        (out / "goals" / f"{ident}.md").write_text(
            f"---\ntitle: {title}\naudience: {audience}\norder: {order}\n---\n{sentence(rng)}\n",
            encoding="utf-8")
    for i in range(count):
        folder = out / str(2024 + i % 3)
        folder.mkdir(exist_ok=True)
        (folder / f"story-{i:06d}.md").write_text(story(rng, i, partner_ids, words), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, nargs=2, default=(400, 900))
    args = parser.parse_args()
    make_corpus(args.count, args.out, args.seed, tuple(args.words))
    print(f"wrote {args.count} stories to {args.out}")


if __name__ == "__main__":
    main()
