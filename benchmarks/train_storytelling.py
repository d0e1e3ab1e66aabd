"""Fit the ownership-claim and saviour-framing models and write wsstories/checks/storymodel.json.

    python benchmarks/train_storytelling.py [--check]

The training rows are the labelled corpus in tests/data/storytelling/*.tsv
(label, sentence, source, note; the storyteller's own words marked
``[voice=storyteller]``), except fresh-*.tsv (kept for held-out measurement),
plus the written ownership corpora tests/data/ownership_*.tsv. Each row is
read exactly as the check reads a story body: the storyteller's own words
masked (wsstories.checks.voice), partners' names known, then turned into features
(wsstories.checks.claims.features, wsstories.checks.wording.features). Two logistic
regressions (plain Python, L2-regularised, AdaGrad) are fitted on them; the
thresholds are fixed probabilities (THRESHOLDS), not tuned on the data.
``--check`` fits and prints the training figures without writing the file.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from wsstories.checks import claims, structure, voice, wording  # noqa: E402
from wsstories.checks.storymodel import Model  # noqa: E402

CORPUS = ROOT / "tests/data/storytelling"
OUT = ROOT / "wsstories/checks/storymodel.json"
PARTNERS = ("Harbor College", "Northside Community Services", "Riverbend Bakery")
STORYTELLER = "Maria"
#: (warning, error) probabilities: a possible finding from the first, a clear one from the second.
THRESHOLDS = {"claim": (0.6, 0.75), "saviour": (0.5, 0.95)}
L2 = {"claim": 0.02, "saviour": 0.03}
EPOCHS = 25
UNCLEAR = 0.5  # rows whose note says the label is unclear count half
STRUCTURE_L2 = 0.2  # the shapes of a claim are regularised less than single words
MIN_COUNT = 2


@dataclass(frozen=True)
class Example:
    group: str
    lang: str
    labels: frozenset[str]
    claim: frozenset[str]
    saviour: frozenset[str]
    real: bool
    unclear: bool = False


def training_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.tsv") if not p.name.startswith("fresh-"))


def group_of(source: str, file: str) -> str:
    """The page a row comes from: its address without query or fragment, or its file."""
    if source.startswith("http"):
        return source.split("#")[0].split("?")[0].rstrip("/").lower()
    return f"{source}:{file}"


def read_written_ownership() -> list[tuple[frozenset[str], str, str, str, str]]:
    """The written ownership corpora (label, storyteller, sentence) as rows."""
    rows = []
    for path in sorted((ROOT / "tests/data").glob("ownership_*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, teller, sentence = line.split("\t")
                rows.append((frozenset({"claim"}) if label == "claim" else frozenset(), sentence,
                             "written", None if teller == "-" else teller, path.name))
    return rows


_FINDER = claims.ClaimFinder(PARTNERS)


def example(labels, sentence: str, source: str, note: str, file: str, lang: str,
            name: str | None = STORYTELLER) -> Example:
    """A row read as the check reads a story body made of it (storyteller ``name``)."""
    quoted = note.startswith("[voice=storyteller]")
    body = f"“{sentence}”\n" if quoted else f"{sentence}\n"
    masked = voice.storyteller_masked(body, name)
    own = voice.first_person(masked)
    claim_feats: set[str] = set()
    saviour_feats: set[str] = set()
    for _, _, toks, feats in _FINDER.sentence_features(masked, None, own):
        claim_feats |= set(feats)
    begin = 0
    for end in structure.sentence_ends(masked) + [len(masked)]:
        toks = structure.tokens(masked, begin, end) if end > begin else []
        if toks:
            saviour_feats |= set(wording.features(toks, wording.labels(toks)))
        begin = end
    return Example(group_of(source, file), lang, frozenset(labels), frozenset(claim_feats),
                   frozenset(saviour_feats), source != "written", "unclear" in note)


def corpus_examples(files=None) -> list[Example]:
    import storytelling_eval as ev
    out = []
    for row in ev.read_rows(files or training_files()):
        out.append(example(row.labels, row.sentence, row.source, row.note, row.file, row.lang))
    if files is None:
        for labels, sentence, source, teller, file in read_written_ownership():
            out.append(example(labels, sentence, source, "", file, "en", teller))
    return out


def fit(examples: list[Example], label: str, seed: int = 7) -> Model:
    """A logistic regression for ``label`` on the examples' features."""
    field = "saviour" if label == "saviour" else "claim"
    data = [(getattr(e, field), 1.0 if label in e.labels else 0.0, UNCLEAR if e.unclear else 1.0)
            for e in examples]
    counts: dict[str, int] = {}
    for feats, _, _ in data:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    keep = {f for f, c in counts.items() if c >= MIN_COUNT}
    data = [([f for f in feats if f in keep], y, weight) for feats, y, weight in data]
    lexical = ("u:", "b:", "p:", "r:")
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias, bias_sq = 0.0, 1e-8
    rate, l2 = 0.3, L2[label]
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            feats, y, weight = data[index]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = (p - y) * weight
            bias_sq += g * g
            bias -= rate * g / math.sqrt(bias_sq)
            for f in feats:
                w = weights.get(f, 0.0)
                grad = g + (l2 if f.startswith(lexical) else l2 * STRUCTURE_L2) * w
                squares[f] = squares.get(f, 1e-8) + grad * grad
                weights[f] = w - rate * grad / math.sqrt(squares[f])
    warn, error = THRESHOLDS[label]
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    weights = {f: w for f, w in weights.items() if abs(w) >= 0.01}
    return Model(weights, bias, logit(warn), logit(error))


def figures(model: Model, examples: list[Example], label: str) -> tuple[float, float]:
    field = "saviour" if label == "saviour" else "claim"
    tp = fp = fn = 0
    for e in examples:
        hit = model.score(getattr(e, field)) >= model.warn
        truth = label in e.labels
        tp += hit and truth
        fp += hit and not truth
        fn += truth and not hit
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def fold_of(group: str, k: int) -> int:
    """The fold of a page: a stable hash of its address, so one page is never split."""
    import zlib
    return zlib.crc32(group.encode()) % k


def cross_validate(examples: list[Example], label: str, k: int = 5, real_only: bool = True):
    """Leave-source-out figures: (language, P, R, P of clear findings, support) per language."""
    field = "saviour" if label == "saviour" else "claim"
    out = {}
    for fold in range(k):
        train = [e for e in examples if fold_of(e.group, k) != fold]
        model = fit(train, label)
        for e in examples:
            if fold_of(e.group, k) != fold or (real_only and not e.real):
                continue
            score = model.score(getattr(e, field))
            truth = label in e.labels
            c = out.setdefault(e.lang, [0, 0, 0, 0, 0])
            hit = score >= model.warn
            c[0] += hit and truth
            c[1] += hit and not truth
            c[2] += truth and not hit
            strong = score >= model.error
            c[3] += strong and truth
            c[4] += strong and not truth
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fit and report; write nothing")
    parser.add_argument("--lso", action="store_true", help="leave-source-out figures; write nothing")
    args = parser.parse_args(argv)
    examples = corpus_examples()
    if args.lso:
        for label in ("claim", "saviour"):
            for lang, (tp, fp, fn, stp, sfp) in sorted(cross_validate(examples, label).items()):
                p = tp / (tp + fp) if tp + fp else 0
                r = tp / (tp + fn) if tp + fn else 0
                sp = stp / (stp + sfp) if stp + sfp else 0
                print(f"{label:8} {lang} P {p:.3f} R {r:.3f} (support {tp + fn}; "
                      f"clear: P {sp:.3f} R {stp / (tp + fn) if tp + fn else 0:.3f})")
        return
    models = {label: fit(examples, label) for label in ("claim", "saviour")}
    for label, model in models.items():
        p, r = figures(model, examples, label)
        print(f"{label}: {len(model.weights)} weights; on its own training rows P {p:.3f} R {r:.3f}")
    if args.check:
        return
    data = {label: model.as_json() for label, model in models.items()}
    data["trained_on"] = {"rows": len(examples), "files": [p.name for p in training_files()]
                          + ["ownership_*.tsv (written)"]}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
