"""The shortcuts that keep the storytelling checks fast find what the plain search finds.

Each shortcut replaces a regular-expression search by something cheaper that
must give the same answer; here both run on thousands of random texts made
of the pieces that make them differ, if anything does.
"""

from __future__ import annotations

import random
import re

import pytest

from wsstories.checks import identity, privacy
from wsstories.checks.sensitive import words_of
from wsstories.checks.storytelling import _ACRONYM, _WORD, _expanded, _flat
from wsstories.checks.wording import ACRONYM, expanded_acronyms


def texts(pieces: list[str], count: int = 4000, longest: int = 30, seed: int = 1):
    rnd = random.Random(seed)
    for _ in range(count):
        yield rnd.choice([" ", "", "  ", "\n"]).join(
            rnd.choice(pieces) for _ in range(rnd.randint(0, longest)))


def test_words_of_is_the_runs_of_ascii_letters():
    """The byte translation gives the set that ``[a-z]+`` finds, whatever the characters."""
    for text in texts(["ab", "Cd", "é", "ſ", "K", "İ", "1", "_", "-", "中", "😀", "x" * 30, ""]):
        lower = text.lower()
        assert words_of(lower) == set(re.findall("[a-z]+", lower)), text


def test_the_sentence_around_a_detail_is_the_same_looked_for_from_nearer():
    """Looking back 120 characters first finds the sentence that 400 would."""
    def plain(text, start, end):
        left = max(0, start - 400)
        for match in identity._SENTENCE_END.finditer(text, max(0, start - 400), start):
            left = match.end()
        limit = min(len(text), end + 400)
        match = identity._SENTENCE_END.search(text, end, limit)
        return left, (match.end() if match else limit)

    rnd = random.Random(2)
    pieces = ["a", "\n", "\n\n", "\n \n", ". ", ".", "? ", "No. ", "Mr. ", "A", "”", "Ana ", "x" * 60]
    for text in texts(pieces, longest=120):
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert identity.sentence_at(text, start, end) == plain(text, start, end), (text, start, end)


def test_a_detail_is_cut_from_its_sentence_as_the_pattern_cuts_it():
    """The hand-made cut equals the substitution it replaces, leading words and comma too."""
    pieces = ["at", "is", "no.", "No", "number", "#", ":", ",", "her", "555-1234", "555-1234,",
              "(206)", "Ana", "ana@x.org", "ANA@X.ORG", "número", "on", "atlas", "12", "café", "ſ"]
    rnd = random.Random(3)
    for sentence in texts(pieces, longest=14):
        detail = rnd.choice(["555-1234", "(206) 555-1234", "ana@x.org", "12", "no 12", "Ana",
                             "café 12", "at", "1 2"])
        expected = re.sub(privacy._LEAD + re.escape(detail) + r",?", "", sentence, count=1,
                          flags=re.IGNORECASE)
        assert privacy._cut(sentence, detail) == expected, (sentence, detail)


def test_the_words_after_a_name_and_a_name_as_a_word_are_found_as_by_the_pattern():
    pieces = ["Maria", "María", "Mariana", "Lopez", "D.", "de", "O'Neil", ",", ")", "_Maria",
              "Maria_", "3Maria", "Maria's", "Garcia"]
    for text in texts(pieces, longest=12):
        for name in ("Maria", "O'Neil", "Ma"):
            pattern = (rf"\b{re.escape(name)}\s+((?:[A-ZÁÉÍÓÚÑ][\w'’-]*\.?(?:\s+|(?=[,;:)])))"
                       r"{0,3})")
            expected = [(m.start(), m.group(1), m.start(1)) for m in re.finditer(pattern, text)]
            assert list(identity._after_name(text, name)) == expected, (text, name)
            assert identity._has_word(text, name) == bool(
                re.search(rf"\b{re.escape(name)}\b", text)), (text, name)


@pytest.mark.parametrize("seed", [5, 6])
def test_street_addresses_are_those_the_search_after_each_number_finds(seed):
    pieces = ["12", "1200", "7", "Main", "St", "st.", "Way", "Ave", "N.", "apt", "4B", "#", "Oak",
              "Street", "rd", ",", "123456", "1234567", "12b", "a1", "Suite", "٣", "Wayne",
              "drives", "Ct", "_st", "3rd", "Stéphane", "Paſeo"]
    for text in texts(pieces, longest=40, seed=seed):
        runs = [(m.start(), m.end()) for m in privacy._RUN.finditer(text)]
        expected = [m.span() for rs, re_ in runs if re_ - rs <= 6
                    for m in identity._ADDRESS.finditer(text, rs, min(len(text), rs + 80))]
        found = [m.span() for m in identity._street_addresses(text, runs, words_of(text.lower()))]
        assert found == expected, text


def test_acronyms_searched_capital_first_are_the_same():
    for text in texts(["AB", "ABs", "A", "1", "&", "a", "_", "é", "É", "-", "WIOA", "x."]):
        assert [m.span() for m in _ACRONYM.finditer(text)] == \
            [m.span() for m in ACRONYM.finditer(text)], text


def test_acronyms_spelled_out_are_found_as_by_the_plain_patterns():
    """The capital-first patterns find the acronyms that expanded_acronyms finds."""
    for text in texts(["AB", "ABs", "A", "1", "&", "a", "_", "é", "É", "(", ")", "( ", "Full",
                       "WIOA", "x.", "\n"]):
        assert _expanded(text) == expanded_acronyms(text), text


def test_a_honorific_searched_capital_first_is_the_same():
    """The title pattern that starts with a capital finds what ``\\b(?:Mr|Mrs…)`` finds."""
    plain = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Sr|Sra|Srta)\.?\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+")
    pieces = ["Mr", "Mrs", "Ms", "Mx", "Miss", "Sr", "Sra", "Srta", "M", "S", ".", " ", "Ana",
              "ana", "é", "1", "_", "xMr", "Lindqvist", "\n"]
    for text in texts(pieces):
        assert [m.span() for m in identity._HONORIFIC.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_a_sentence_has_no_more_words_than_its_flat_pieces_and_marks():
    """The bound that lets a short sentence go uncounted is never below the real count."""
    rnd = random.Random(7)
    pieces = ["ab", "1", "_", "'", "-", "’", "é", "“", "—", ".", ",", "&", "?", "中", "😀", "\t"]
    for text in texts(pieces, longest=40):
        flat = _flat(text)
        assert len(flat) == len(text)
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        bound = len(flat[start:end].split()) + flat.count("?", start, end)
        assert bound >= len(_WORD.findall(text[start:end])), text
        assert flat.count(" ", start, end) + 1 >= len(flat[start:end].split()), text
