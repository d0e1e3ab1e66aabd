"""Ownership claims and saviour language read from the structure of a sentence, in both languages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wsstories.checks.claims import ClaimFinder
from wsstories.checks.voice import storyteller_masked
from wsstories.checks.wording import DignityFinder

PARTNERS = ["Harbor College", "Northside Community Services", "Riverbend Bakery"]
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _claims(text: str, name: str | None = "Maria", own_voice: bool = False):
    return ClaimFinder(PARTNERS).find(storyteller_masked(text, name), None, own_voice)


@pytest.mark.parametrize("sentence", [
    "Our client Dana finished the course.",
    "One of our graduates started work in May.",
    "She was placed at a distribution centre.",
    "Thanks to Goodwill, Maria found a job.",
    "Because of the program, she works full-time.",
    "Without WorkSource Spokane she would not have finished.",
    "The program helped her get hired.",
    "Job Corps changed her life.",
    "Gracias a la Fundación Incorpora, María consiguió un empleo.",
    "Nuestros participantes encontraron trabajo.",
    "Fue colocada en una panadería en mayo.",
])
def test_structural_claims_are_found(sentence):
    """Possession, passive placement, credit, help with the outcome, agent: in English and Spanish."""
    found = _claims(sentence + "\n")
    assert found, sentence


@pytest.mark.parametrize("sentence", [
    "Maria completed the course.",
    "Harbor College offered evening classes.",
    "A grant paid for his tools.",
    "Staff helped Olu practise for interviews.",
    "The college runs a pre-apprenticeship in welding.",
    "Maria was hired by a distribution centre in May.",
    "Harbor College ofreció clases por la tarde.",
])
def test_services_and_the_persons_own_acts_are_not_claims(sentence):
    assert _claims(sentence + "\n") == []


def test_a_staff_quote_is_a_claim_and_the_storytellers_quote_is_not():
    """Quotations attributed to staff are read; the storyteller's own are masked."""
    staff = "“We placed him in two weeks,” said the program manager.\n"
    assert _claims(staff)
    own = "“Thanks to Harbor College I found a job,” Maria says.\n"
    assert _claims(own) == []
    unattributed = "“The program changed my life.”\n"
    assert _claims(unattributed) == []


def test_an_employer_telling_its_own_story_is_not_a_partner():
    """'we hired', 'our apprentices' in an employer's own first-person story are its own."""
    text = "We hired three apprentices from our own crew, and our apprentices now lead shifts.\n"
    assert _claims(text, own_voice=True) == []


def test_a_clear_claim_is_certain_and_quotes_the_words():
    [claim] = _claims("Our client Dana finished the course.\n")
    assert claim.certain and claim.kind == "possession"


@pytest.mark.parametrize("sentence,words", [
    ("The class is for at-risk students.", "at-risk"),
    ("Many ex-offenders applied.", "ex-offenders"),
    ("He turned his life around.", "turned his life around"),
    ("Los ex reclusos tienen muchos problemas.", "ex reclusos"),
    ("El programa atiende a personas vulnerables.", "vulnerables"),
])
def test_deficit_labels_with_any_noun_and_inflection(sentence, words):
    found = DignityFinder().find(sentence)
    assert [rule for _, rule, _ in found] == ["dignity-language"]
    assert f"'{words}'" in found[0][2] and "e.g." in found[0][2]


def test_no_label_where_the_words_label_no_one():
    assert DignityFinder().find("She was at risk of losing her apartment.") == []


@pytest.mark.slow
def test_hostile_text_is_linear():
    """200 KB of repeated near-matches is checked in well under a second per detector."""
    import time
    finder, dignity = ClaimFinder(PARTNERS), DignityFinder()
    text = ("our placed thanks to the program at risk without we would " * 3500)[:200_000]
    start = time.perf_counter()
    finder.find(text)
    dignity.find(text)
    assert time.perf_counter() - start < 10


@pytest.mark.slow
def test_recall_and_precision_floors_on_the_corpus():
    """The shipped checks keep the figures they reach on the labelled corpus (own corpus)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import storytelling_eval as ev
    finally:
        sys.path.pop(0)
    rows = ev.read_rows(sorted(p for p in ev.CORPUS.glob("*.tsv") if not p.name.startswith("fresh-")))
    harness = ev.Harness()
    try:
        table = ev.evaluate(rows, harness)
    finally:
        harness.close()
    for label in ("claim", "saviour"):
        for lang in ("en", "es"):
            counts = table[(label, lang, "real")]
            assert counts.precision >= 0.85 and counts.recall >= 0.83, (label, lang)  # the varied-2026-11 rows: harder
    assert table[("claim-error", "en", "real")].precision >= 0.98


def test_in_the_storytellers_own_voice_a_claim_needs_a_shape():
    """An employer's "staff helped us write the standards" is help the storyteller received."""
    text = "Their business services staff helped us write the standards.\n"
    assert _claims(text, "Carla", own_voice=True) == []


def test_people_in_general_are_a_possible_claim_and_one_person_a_clear_one():
    """'Our graduates' (no one named) is a warning; 'our trainee', 'our client Dana' are errors."""
    assert [c.certain for c in _claims("Our graduates celebrated.\n")] == [False]
    assert [c.certain for c in _claims("Our trainee passed the exam.\n")] == [True]
    assert [c.certain for c in _claims("Our client Dana finished the course.\n")] == [True]


def test_a_programme_made_possible_and_a_shouted_you_are_not_clear_claims():
    assert not any(c.certain for c in _claims(
        "Thanks to our sponsors who make these impactful programs possible.\n"
        "As a supporter of United Way, YOU made this connection possible.\n"))


@pytest.mark.parametrize("text,name,masked", [
    ("Rosa says the program placed her in a job.\n", "Rosa", True),
    ("Rosa later explained that we placed her.\n", "Rosa", True),
    ("Then, ROSA told us the team got her a job.\n", "Rosa", True),
    ("According to Rosa, we placed her in a job.\n", "Rosa", True),
    ("Según Rosa, la entidad la colocó en un empleo.\n", "Rosa", True),
    ("Rosalind says we placed her in a job.\n", "Rosa", False),
    ("Dana says we placed her in a job.\n", "Rosa", False),
    ("Jo-Ann says we placed her in a job.\n", "Jo-Ann", True),
])
def test_the_storytellers_reported_words_are_masked_for_any_name(text, name, masked):
    """Each storyteller's name is read in 'Rosa says', 'according to Rosa' (and no other name)."""
    assert (storyteller_masked(text, name).strip() == "") is masked
    assert (ClaimFinder(PARTNERS).find(storyteller_masked(text, name)) == []) is masked


def test_a_replaced_framing_model_is_the_one_that_reads():
    """A finder whose model is replaced (as the leave-source-out evaluation does) reads with it."""
    from wsstories.checks.storymodel import Model
    sentence = "She was struggling to find hope.\n"
    finder = DignityFinder()
    finder.model = Model({"u:struggling": 5.0}, bias=-1.0, warn=0.0, error=9.0)
    assert [rule for _, rule, _ in finder.find(sentence)] == ["dignity-framing"]
    finder.model = Model(bias=-10.0)
    assert finder.find(sentence) == []


def test_tokens_read_by_pieces_are_the_tokens_of_the_sentence():
    """Names, organisations, Title Case headlines and partners' placeholders get their roles,
    whatever the spaces and punctuation around the words."""
    from wsstories.checks.structure import PLACEHOLDER, sentences, tokens
    roles = {t.low: t.role for t in tokens("Maria Lopez joined Harbor College's welding class.")}
    assert roles["maria"] == "NAME" and roles["lopez"] == "NAME"
    assert roles["harbor"] == "ORG" and roles["college"] == "ORG" and roles["'s"] == "POSS"
    headline = {t.low: t.role for t in tokens("How Maria Found Her Way To A Welding Job")}
    assert headline["maria"] != "NAME" and headline["job"] == "OUT"
    text = f"Staff at {PLACEHOLDER * 6} helped   her,\tand “WorkSource” did too."
    [(begin, end, toks)] = list(sentences(text))
    assert [t.role for t in toks] == [t.role for t in tokens(text)]
    assert [text[t.start:t.end] for t in toks][:4] == ["Staff", "at", PLACEHOLDER * 6, "helped"]
    assert {t.low: t.role for t in toks}["worksource"] == "ORG"
