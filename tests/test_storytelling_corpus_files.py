"""The labelled storytelling corpus is well formed, and the second reading reads corpus rows."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests/data/storytelling"
sys.path.insert(0, str(ROOT / "benchmarks"))

import agreement  # noqa: E402

LABELS = {"ok", "claim", "saviour", "private", "sensitive"}
FILES = sorted(CORPUS.rglob("*.tsv"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_file_has_four_columns_known_labels_and_a_source(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["label", "sentence", "source", "note"]
    for number, row in enumerate(rows[1:], 2):
        if not row or row[0].startswith("#"):
            continue
        assert len(row) == 4, f"{path.name}:{number} has {len(row)} columns"
        label, sentence, source, _ = row
        assert set(label.split("+")) <= LABELS, f"{path.name}:{number}: label {label!r}"
        assert sentence.strip() and source.strip(), f"{path.name}:{number}: empty sentence or source"


def test_the_second_reading_reads_rows_of_the_corpus_and_both_labels_are_there():
    found = agreement.pairs()
    assert len(found) >= 400
    assert all(first.lang == second.lang for first, second in found)
    for label in agreement.LABELS:
        assert any(label in second.labels for _, second in found)
        assert any(label in first.labels for first, _ in found)
