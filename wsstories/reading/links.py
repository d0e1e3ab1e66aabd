"""Links between files in Markdown source: ``story:ID`` and ``media/…`` targets.

Validation checks that each target exists; the consent jobs follow a
story's media. The site's renderer rewrites the same links when it makes the
page, so what is checked is what is published.
"""

from __future__ import annotations

import functools
import re

_LINK = re.compile(r"\]\(\s*<?((?:story:|[/\\]*media/)[^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?((?:story:|[/\\]*media/)\S*?)>?(?:\s|$)", re.MULTILINE)


@functools.lru_cache(maxsize=65536)
def references(body: str) -> list[tuple[int, str]]:
    """``(line in body, target)`` for each ``story:`` or ``media/`` link in Markdown source."""
    if "story:" not in body and "media/" not in body:
        return []  # most texts link to nothing: not scanned by the patterns at all
    found = []
    for pattern in (_LINK, _REFERENCE):
        for match in pattern.finditer(body):
            found.append((body.count("\n", 0, match.start(1)), match.group(1)))
    return sorted(found)
