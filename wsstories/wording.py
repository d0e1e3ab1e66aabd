"""Saviour and deficit language, and acronyms: words that diminish or exclude.

Each phrase comes with a respectful alternative. The list is short on
purpose: these are the phrases that most often slip into success stories.
"""

from __future__ import annotations

import re

# (pattern, what to write instead, words of which one must be in the text)
_DIGNITY = [
    (r"suffer(?:s|ed|ing)?\s+from", "has, lives with, or name the condition plainly",
     "suffer suffers suffered suffering"),
    (r"wheelchair[\s-]bound", "uses a wheelchair", "wheelchair"),
    (r"confined\s+to\s+a\s+wheelchair", "uses a wheelchair", "confined"),
    (r"bound\s+to\s+a\s+wheelchair", "uses a wheelchair", "bound"),
    (r"the\s+disabled\b", "disabled people, or people with disabilities", "disabled"),
    (r"(?:the\s+)?handicapped", "disabled, or has a disability", "handicapped"),
    (r"special[\s-]needs", "disabled, or has a disability", "needs"),
    (r"(?:a\s+)?victims?\s+of", "survivor of, or experienced", "victim victims"),
    (r"ex[\s-]?cons?\b|ex[\s-]?convicts?|ex[\s-]?offenders?", "a person with a conviction, or "
     "a person returning from prison", "ex excon excons exconvict exconvicts exoffender exoffenders"),
    (r"felons?\b", "a person with a felony conviction", "felon felons"),
    (r"illegal\s+(?:aliens?|immigrants?)|\billegals\b", "undocumented immigrant, or person "
     "without legal status", "illegal illegals"),
    (r"(?:was|were|been|being|got)\s+rescued\b|\brescued\s+(?:her|him|them|from)\b",
     "say what the person did, e.g. 'she left' or 'he found housing'", "rescued"),
    (r"at[\s-]risk\s+(?:youth|young\s+people|kids)", "young people facing barriers, or "
     "opportunity youth", "risk"),
    (r"the\s+homeless\b", "people experiencing homelessness", "homeless"),
    (r"homeless\s+(?:person|man|woman|people|men|women|youth)", "person experiencing homelessness",
     "homeless"),
    (r"(?:an?\s+)?(?:addicts?|junkies?|druggies?)\b", "a person with a substance use disorder, "
     "or a person in recovery", "addict addicts junkie junkies druggie druggies"),
    (r"(?:the\s+)?less\s+fortunate", "people with low incomes", "fortunate"),
    (r"underprivileged", "people with low incomes, or people who face barriers", "underprivileged"),
    (r"(?:stricken|afflicted)\s+with", "has", "stricken afflicted"),
    (r"the\s+mentally\s+ill", "people with mental illness", "mentally"),
    (r"hard[\s-]to[\s-](?:serve|employ|place)", "people the system has not served well", "hard"),
    (r"low[\s-]skilled\b|\bunskilled\b", "entry-level, or building skills", "skilled unskilled"),
    (r"the\s+needy\b|\bneedy\s+(?:families|people|individuals)", "people with low incomes", "needy"),
    (r"broken\s+homes?\b", "describe the family without judging it", "broken"),
    (r"welfare\s+(?:queens?|mothers?|dependen(?:t|ts|cy))", "people receiving public benefits",
     "welfare"),
    (r"(?:high[\s-]school\s+)?drop[\s-]?outs?\b", "left school", "drop dropout dropouts"),
    (r"despite\s+(?:her|his|their)\s+disabilit(?:y|ies)", "name what the person did; a "
     "disability is not an obstacle the story overcame", "despite"),
]
_DIGNITY_RE = [(re.compile(rf"\b{pattern}", re.IGNORECASE), alternative, frozenset(words.split()))
               for pattern, alternative, words in _DIGNITY]
_TOKENS = re.compile(r"[a-z]+")

ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,7}s?\b")
#: Short forms that every reader knows, and Roman numerals.
KNOWN_ACRONYMS = frozenset({
    "US", "USA", "U.S", "TV", "OK", "ID", "AM", "PM", "II", "III", "IV", "VI", "VII", "VIII",
    "IX", "XI", "XII", "PDF", "FAQ", "GED", "CEO", "DIY", "ASAP",
})


def dignity_problems(text: str, tokens: set[str] | None = None) -> list[tuple[int, str, str]]:
    """``(offset, rule, message)`` for each saviour or deficit phrase in ``text``.

    ``tokens`` (the text's lowercase words) may be given when already known.
    """
    if tokens is None:
        tokens = set(_TOKENS.findall(text.lower()))
    found = []
    for pattern, alternative, words in _DIGNITY_RE:
        if words.isdisjoint(tokens):  # none of the phrase's words is in the text
            continue
        for match in pattern.finditer(text):
            phrase = " ".join(match.group(0).split())
            found.append((match.start(), "dignity-language",
                          f"'{phrase}' can diminish the person; consider: {alternative}"))
    return sorted(found)


def expanded_acronyms(text: str) -> set[str]:
    """Acronyms written with their expansion: 'Full Name (FN)' or 'FN (Full Name)'."""
    explained = set(re.findall(r"\(\s*([A-Z][A-Z0-9&]{1,7})s?\s*\)", text))
    explained |= set(re.findall(r"\b([A-Z][A-Z0-9&]{1,7})s?\s*\(\s*[A-Za-z]", text))
    return explained
