"""Invisible characters that can disguise text: bidi controls and zero-width characters.

A right-to-left override makes 'gnp.exe' look like 'exe.png'; a zero-width
space makes two different names look the same. They are rarely typed on
purpose, so each one in a field or in the body is a warning that names the
character and where it is (a right-to-left name may need them: excuse the
line with ``wsstories-allow: plain-hidden-characters``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Mapping

from ..diagnostics import Report, Severity
from ..model import Settings
from ..reading.yamlines import LineList, LineMap

RULE = "plain-hidden-characters"
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def _describe(char: str) -> str:
    return f"{unicodedata.name(char, 'an invisible character')} (U+{ord(char):04X})"


def check(path: Path, meta: LineMap, body: str, body_line: int, settings: Settings,
          excused: Mapping[int, frozenset[str]], report: Report) -> None:
    """Warn about each hidden character in the front matter's values and in the body."""
    level = settings.severity(RULE)
    if level == "off":
        return

    def emit(line: int | None, message: str) -> None:
        if line is None or RULE not in excused.get(line, ()):
            report.add(path, line, Severity(level), RULE, message)

    todo: list[tuple[str, object, int | None]] = [("", meta, meta.line)]
    while todo:  # every text value, however deep, with its field name and line
        name, value, line = todo.pop()
        if isinstance(value, LineMap):
            todo += [(f"{name}.{key}" if name else key, child, value.value_line(key))
                     for key, child in value.items()]
        elif isinstance(value, LineList):
            todo += [(name, child, value.item_line(i)) for i, child in enumerate(value)]
        elif isinstance(value, str) and HIDDEN.search(value):
            found = HIDDEN.search(value)
            emit(line, f"the {name} has a hidden {_describe(found.group())} at character "
                       f"{found.start() + 1}; it can disguise the text, so remove it (retype the "
                       "words around it)")
    if HIDDEN.search(body):
        for number, text in enumerate(body.split("\n")):
            found = HIDDEN.search(text)
            if found:
                emit(body_line + number, f"the text has a hidden {_describe(found.group())} at "
                                         f"column {found.start() + 1}; it can disguise the text, "
                                         "so remove it (retype the words around it)")
