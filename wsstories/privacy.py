"""Private details that must never reach the site.

E-mail addresses, US phone numbers, social security numbers, dates of birth,
street addresses and case or claim numbers (the patterns of a partnership's
own case numbers can be added in site.toml), and for a minor, the name of a
school. Found details are quoted back in the message, partly hidden, so the
message itself does not repeat them in full.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b"
_WORD_DATE = rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"
_STREET = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
           r"terrace|ter|circle|cir|highway|hwy|parkway|pkwy|loop|square|sq")

_PATTERNS = [
    ("pii-email", re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,63}\b", re.IGNORECASE),
     "an e-mail address"),
    ("pii-ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b(?:ssn|social\s+security(?:\s+number)?)"
                           r"\s{0,3}(?:(?:#|no\.?|number|is|:)\s{0,3})?\d[\d\s-]{7,10}\d\b", re.IGNORECASE),
     "a social security number"),
    ("pii-phone", re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
                             r"|(?<![\w$,.-])\d{3}-\d{4}\b(?![-\d])", re.IGNORECASE),
     "a phone number"),
    ("pii-birth-date", re.compile(rf"\b(?:born(?:\s+on)?|date\s+of\s+birth|d\.?o\.?b\.?|birthday)"
                                  rf"[\s:,-]{{0,5}}(?:is\s{{1,3}}|was\s{{1,3}})?(?:{_NUMERIC_DATE}|{_WORD_DATE})",
                                  re.IGNORECASE),
     "a date of birth"),
    ("pii-address", re.compile(rf"\b\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+|(?:north|south|east|west)\s+)?"
                               rf"(?-i:(?:[A-Z0-9][\w'-]{{0,40}}\s+){{1,3}})(?:{_STREET})\b\.?"
                               rf"(?:[,\s]+(?:apt|apartment|unit|suite|#)\.?\s*\w+)?"
                               rf"|\bp\.?\s?o\.?\s+box\s+\d+", re.IGNORECASE),
     "a street address"),
    ("pii-case-number", re.compile(r"\b(?:case|claim|client|participant|file|member|account|"
                                   r"customer|docket|inmate|booking|doc|ui)\s{0,3}(?:number|no\.?|#|id|"
                                   r"num\.?)\s{0,3}(?:[:#]\s{0,3})?[A-Z]{0,4}[-\s]?\d[\dA-Z-]{2,40}\b", re.IGNORECASE),
     "a case or claim number"),
]

_DIGIT = re.compile(r"\d")
_BUILT_IN = {pattern for _, pattern, _ in _PATTERNS}
#: Words (or characters) without which a built-in pattern cannot match: a cheap first test.
_NEEDS = {
    "pii-email": {"@"},
    "pii-birth-date": {"born", "birth", "dob", "d", "birthday"},
    "pii-address": set(_STREET.split("|")) | {"box"},
    "pii-case-number": {"case", "claim", "client", "participant", "file", "member", "account",
                        "customer", "docket", "inmate", "booking", "doc", "ui"},
}

_SCHOOL = re.compile(r"\b(?:(?:[A-Z][\w'.-]{0,40}|of|the)\s+){1,5}(?:High\s+School|Middle\s+School|"
                     r"Junior\s+High|Elementary(?:\s+School)?|Academy|Preparatory|Prep|"
                     r"School|Secondary\s+School|Charter\s+School)\b")
_GENERIC_SCHOOL_WORDS = {"her", "his", "their", "my", "the", "a", "high", "middle", "of",
                         "graduated", "finished", "left", "after", "before"}


def _hide(text: str) -> str:
    """Show a found detail with its digits and letters mostly hidden."""
    keep = max(2, len(text) // 4)
    return text[:keep] + re.sub(r"[A-Za-z0-9]", "•", text[keep:])


class PrivacyFinder:
    """Finds private details; a site may add its own case-number patterns."""

    def __init__(self, case_patterns: Iterable[str] = ()):
        self.patterns = list(_PATTERNS)
        for pattern in case_patterns:
            self.patterns.append(("pii-case-number", re.compile(pattern), "a case number"))

    def find(self, text: str, tokens: set[str] | None = None) -> list[tuple[int, str, str]]:
        """``(offset, rule, message)`` for each private detail in ``text``."""
        found, starts, ends = [], [], []  # the details found: sorted, never overlapping
        if "@" not in text and not _DIGIT.search(text) and len(self.patterns) == len(_PATTERNS):
            return found  # every built-in detail has a digit or an @
        lowered = text.lower()
        if tokens is None:
            tokens = set(re.findall(r"[a-z]+", lowered))
        for rule, pattern, what in self.patterns:
            needs = _NEEDS.get(rule) if pattern in _BUILT_IN else None
            if needs is not None and not (needs & tokens or any(n in lowered for n in needs
                                                                  if not n.isalpha())):
                continue
            for match in pattern.finditer(text):
                place = bisect.bisect_left(starts, match.end())  # a search, not a scan: linear overall
                if place and ends[place - 1] > match.start():
                    continue
                starts.insert(place, match.start())
                ends.insert(place, match.end())
                found.append((match.start(), rule,
                              f"'{_hide(match.group(0).strip())}' looks like {what}; private "
                              "details never go on the site. Remove it"))
        return sorted(found)

    def schools(self, text: str) -> list[tuple[int, str]]:
        """Named schools (``Lincoln High School``), not the word 'school' alone."""
        found = []
        for match in _SCHOOL.finditer(text):
            words = match.group(0).split()
            if any(w[0].isupper() and w.lower() not in _GENERIC_SCHOOL_WORDS for w in words[:-1]) \
                    or words[-1] in ("Academy",):
                found.append((match.start(), " ".join(words)))
        return found
