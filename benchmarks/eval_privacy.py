"""Precision and recall of the private-detail and sensitive-topic rules on the labelled corpus.

    python benchmarks/eval_privacy.py [--show] [--heldout]

Private details are measured on tests/data/storytelling/privacy.tsv and
privacy.es.tsv (and, in the second table, on every TSV of the corpus, whose
other files add real sentences with numbers in them); sensitive topics on
every TSV. A row is predicted ``private`` when any ``pii-…`` rule other
than ``pii-contact`` (an office's phone or e-mail, which is not a private
detail) finds something in it, warnings included; ``blocking`` counts only
the findings that would be errors.

The rules are hand-written: nothing is learned from the corpus, so a
leave-source-out evaluation gives exactly the figures of the whole corpus
(each source's rows are judged by rules that never saw them). The rows of
privacy.heldout.tsv were written after the last change to the rules and are
reported apart (--heldout).

The rule a private row is about (phone, e-mail…) is read from the words of
its note ("phone", "correo", "case number"…); a row's storyteller and naming
come from a ``[teller=Maria naming=first]`` tag at the start of the note.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Iterable, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wsstories.checks.privacy import PrivacyFinder  # noqa: E402
from wsstories.checks.sensitive import topics  # noqa: E402

DATA = ROOT / "tests" / "data" / "storytelling"
PRIVATE_FILES = ("privacy.tsv", "privacy.es.tsv")
PARTNERS = ("Harbor College", "Northside Community Services", "Riverbend Bakery")

_TELLER = re.compile(r"\[teller=(\S+)\s+naming=(\w+)\]")
#: note words → the rule a private row is about (rows may be about several).
_KINDS = {
    "pii-phone": r"phone|tel[ée]fono|celular|m[óo]vil|n[úu]mero local|seven-digit|ten digits|diez d[íi]gitos|"
                 r"1-800|extension|extensi[óo]n|international|internacional|cell|mobile|dotted|classic|"
                 r"cl[áa]sico|etiqueta|label and number|parenthes|par[ée]ntesis|con 1 inicial|leading 1",
    "pii-email": r"e-mail|correo",
    "pii-ssn": r"ssn|seguro social",
    "pii-birth-date": r"birth|nacimiento|cumplea|dob|born",
    "pii-address": r"address|domicilio|apartado|po box|apartment|home|unit|street",
    "pii-case-number": r"case|claim|expediente|reclamo|\bid\b|account|cliente|docket|inmate|member|"
                       r"participant|client",
    "pii-surname": r"surname|apellido|honorific|tratamiento",
}


def load_rows(paths: Iterable[Path]) -> list[dict]:
    """The rows of the given TSV files, each with its language (``.es.tsv`` is Spanish)."""
    rows = []
    for path in paths:
        lang = "es" if path.name.endswith(".es.tsv") else "en"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
            if line.strip():
                label, sentence, source, note = (line.split("\t") + ["", "", ""])[:4]
                rows.append({"label": label, "sentence": sentence, "source": source, "note": note,
                             "lang": lang, "file": path.name, "line": number})
    return rows


def _row(row) -> dict:
    if isinstance(row, Mapping):
        return {"lang": "en", "note": "", "source": "", **row}
    label, sentence, source, note, *rest = list(row) + [""] * (4 - len(row))
    return {"label": label, "sentence": sentence, "source": source, "note": note,
            "lang": rest[0] if rest else "en"}


def kinds(note: str) -> set[str]:
    """The pii rules a private row is about, read from its note."""
    text = _TELLER.sub("", note).lower()
    return {rule for rule, words in _KINDS.items() if re.search(words, text)}


def private_findings(row: Mapping, finder: PrivacyFinder) -> list:
    """The findings of the private-detail rules on one row (office contacts left out)."""
    teller = _TELLER.search(row.get("note", ""))
    name, naming = (teller.group(1), teller.group(2)) if teller else (None, "full")
    found = finder.find(row["sentence"], name=name, lang=row["lang"])
    if name and naming in ("first", "pseudonym", "anonymous"):
        found += finder.surnames(row["sentence"], name, row["lang"])
    return [f for f in found if f.rule != "pii-contact"]


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def evaluate(rows: Sequence, show: bool = False) -> list[tuple[str, str, float, float, int]]:
    """``(rule, language, precision, recall, support)`` for the private and sensitive rules.

    ``rows`` are mappings (or tuples) of label, sentence, source, note and
    language. ``private`` and ``sensitive`` are the corpus labels; the
    ``pii-…`` lines measure each rule on the rows whose note names its kind;
    ``private (blocking)`` counts only errors as predictions.
    """
    finder = PrivacyFinder(partner_names=PARTNERS)
    rows = [_row(r) for r in rows]
    counts: dict[tuple[str, str], list[int]] = {}

    def count(rule: str, lang: str, gold: bool, predicted: bool) -> None:
        for key in ((rule, lang), (rule, "all")):
            c = counts.setdefault(key, [0, 0, 0, 0])  # tp fp fn support
            c[0] += gold and predicted
            c[1] += predicted and not gold
            c[2] += gold and not predicted
            c[3] += gold

    for row in rows:
        labels = set(row["label"].split("+"))
        lang = row["lang"]
        found = private_findings(row, finder)
        gold = "private" in labels
        count("private", lang, gold, bool(found))
        count("private (blocking)", lang, gold, any(f.certain for f in found))
        if show and gold != bool(found):
            print(f"  {'MISSED' if gold else 'FALSE '} private  {row['sentence'][:110]}"
                  + (f"  <- {found[0].rule}" if found else ""))
        gold_kinds = kinds(row["note"]) if gold else set()
        fired = {f.rule for f in found}
        for rule in _KINDS:
            if rule in gold_kinds or rule in fired:
                count(rule, lang, rule in gold_kinds, rule in fired)
        gold_s = "sensitive" in labels
        predicted_s = bool(topics(row["sentence"]))
        count("sensitive-unlisted", lang, gold_s, predicted_s)
        if show == "sensitive" and gold_s != predicted_s:
            print(f"  {'MISSED' if gold_s else 'FALSE '} sensitive {row['sentence'][:110]}")
    result = []
    for (rule, lang), (tp, fp, fn, support) in sorted(counts.items()):
        precision, recall = _pr(tp, fp, fn)
        result.append((rule, lang, precision, recall, support))
    return result


def table(result: list[tuple[str, str, float, float, int]], title: str) -> str:
    lines = [title, f"  {'rule':<22} {'lang':<4} {'precision':>9} {'recall':>7} {'support':>8}"]
    for rule, lang, precision, recall, support in result:
        lines.append(f"  {rule:<22} {lang:<4} {precision:>9.3f} {recall:>7.3f} {support:>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", nargs="?", const=True, default=False,
                        help="list the rows the rules got wrong (--show sensitive for topics)")
    parser.add_argument("--heldout", action="store_true", help="also the held-out rows")
    args = parser.parse_args(argv)
    own = load_rows(DATA / name for name in PRIVATE_FILES)
    every = load_rows(sorted(p for p in DATA.glob("*.tsv") if "heldout" not in p.name))
    keep = {"private", "private (blocking)"} | set(_KINDS)
    print(table([r for r in evaluate(own, args.show) if r[0] in keep],
                "Private details, privacy.tsv + privacy.es.tsv "
                "(leave-source-out gives the same figures: nothing is learned)"))
    real = [r for r in own if r["source"] != "written"]
    print(table([r for r in evaluate(real) if r[0] == "private"],
                "Private details, real-page rows only (all are negatives: false alarms show as precision)"))
    print(table([r for r in evaluate(every) if r[0] in ("private", "private (blocking)")],
                "Private details, every TSV of the corpus"))
    print(table([r for r in evaluate(every, "sensitive" if args.show == "sensitive" else False)
                 if r[0] == "sensitive-unlisted"], "Sensitive topics, every TSV of the corpus"))
    heldout = DATA / "privacy.heldout.tsv"
    if args.heldout and heldout.exists():
        rows = load_rows([heldout]) + load_rows([DATA / "privacy.heldout.es.tsv"]) \
            if (DATA / "privacy.heldout.es.tsv").exists() else load_rows([heldout])
        print(table([r for r in evaluate(rows, args.show) if r[0] in keep | {"sensitive-unlisted"}],
                    "Held-out rows (written after the last rule change)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
