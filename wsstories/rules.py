"""The storytelling rules that a site may tune, and their default severities.

Each can be set to ``off``, ``info``, ``warning`` or ``error`` in site.toml's
``[rules]`` table, and a single line can be excused by naming the rule in a
comment on that line (``<!-- wsstories-allow: ownership-claim -->`` in the
text, ``# wsstories-allow: pii-phone`` in the front matter). Rules of the
content model (fields, references, consent) cannot be turned off.
"""

from __future__ import annotations

import re

LEVELS = ("off", "info", "warning", "error")

DEFAULTS: dict[str, str] = {
    "ownership-claim": "error",
    "ownership-possible": "warning",
    "dignity-language": "warning",
    "dignity-framing": "warning",
    "pii-email": "error",
    "pii-phone": "error",
    "pii-ssn": "error",
    "pii-birth-date": "error",
    "pii-address": "error",
    "pii-case-number": "error",
    "pii-surname": "error",
    "pii-contact": "warning",
    "sensitive-unlisted": "warning",
    "placeholder-text": "error",
    "minor-full-name": "error",
    "minor-school": "error",
    "headline-person": "warning",
    "plain-long-sentence": "info",
    "plain-acronym": "info",
    "plain-hidden-characters": "warning",
}

#: A rule that follows another: turned off, or excused on a line, with it.
FAMILY: dict[str, str] = {"ownership-possible": "ownership-claim",
                          "dignity-framing": "dignity-language"}

ALLOW = re.compile(r"wsstories-allow:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")


def excused_lines(text: str, first_line: int = 1) -> dict[int, frozenset[str]]:
    """The rules excused on each line of ``text`` by a ``wsstories-allow:`` comment."""
    excused: dict[int, frozenset[str]] = {}
    if "wsstories-allow" not in text:
        return excused
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = ALLOW.search(line)
        if match:
            excused[number] = frozenset(r.strip() for r in match.group(1).split(","))
    return excused
