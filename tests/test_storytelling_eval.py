"""The evaluation harness of benchmarks/storytelling_eval.py, on rows whose answers are known."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import storytelling_eval as ev  # noqa: E402

TSV = """label\tsentence\tsource\tnote
claim\tThanks to our program, Maria found a job at the bakery.\thttps://a.example.org/1\tcredit
ok\tMaria started work at the bakery in May.\thttps://a.example.org/1\tperson acts
claim\tThanks to our program I found a job at the bakery.\thttps://a.example.org/2\t[voice=storyteller] her words
private\tWrite to her at maria.lopez@example.com about the job.\twritten\temail
ok\tMaría empezó a trabajar en la panadería en mayo.\thttps://b.example.org/1\tperson acts
"""


@pytest.fixture(scope="module")
def harness():
    """The evaluation site, loaded once for the module."""
    h = ev.Harness()
    yield h
    h.close()


@pytest.fixture
def rows(tmp_path):
    """Five hand-picked rows: four English, one Spanish."""
    en = tmp_path / "picked.en.tsv"
    en.write_text("\n".join(TSV.splitlines()[:5]) + "\n", encoding="utf-8")
    es = tmp_path / "picked.es.tsv"
    es.write_text(TSV.splitlines()[0] + "\n" + TSV.splitlines()[5] + "\n", encoding="utf-8")
    return ev.read_rows([en, es])


def test_rows_are_read_with_language_and_voice(rows):
    """Labels, language, real/written and the storyteller's voice come from the file and note."""
    assert [r.lang for r in rows] == ["en"] * 4 + ["es"]
    assert [sorted(r.labels) for r in rows] == [["claim"], [], ["claim"], ["private"], []]
    assert [r.storyteller_voice for r in rows] == [False, False, True, False, False]
    assert [r.real for r in rows] == [True, True, True, False, True]


def test_counts_of_a_clear_claim_a_plain_sentence_and_quoted_words(rows, harness):
    """A clear claim is found, a plain sentence is not, and the storyteller's quoted claim is a miss."""
    table = ev.evaluate(rows, harness)
    claim = table[("claim", "en", "real")]
    assert (claim.tp, claim.fp, claim.fn, claim.tn) == (1, 0, 1, 1)
    assert claim.precision == 1.0 and claim.recall == 0.5
    assert [r.sentence for r in claim.misses] == [rows[2].sentence]
    private = table[("private", "en", "written")]
    assert (private.tp, private.fp, private.fn, private.tn) == (1, 0, 0, 0)
    assert table[("claim", "es", "real")].tn == 1
    assert table[("sensitive", "en", "real")].support == 0


def test_direct_check_matches_load_site_on_real_files(rows, harness):
    """Checking a story in memory finds what load_site finds in the same story written to disk."""
    assert harness.verify(rows) == []
