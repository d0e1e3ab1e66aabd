"""Reading: the front matter of one content file, as fields with their lines.

:func:`read` turns the text between the fences (YAML or TOML, as
``matter.py``'s handler reads it) into a :class:`~wsstories.reading.yamlines.LineMap`,
or reports the one problem that stops it in plain words, on its line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from ..diagnostics import Report
from . import matter, yamlines


def read(path: Path, handler, text: str, report: Report) -> yamlines.LineMap | None:
    """The fields of front matter ``text`` with their lines, or None (reported) if they cannot be read."""
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), start=2):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                report.error(path, number, "file-tab",
                             "this line is indented with a tab; indent with spaces instead")
                return None
    meta = (_load_yaml(path, text, report) if isinstance(handler, matter.YAMLLines)
            else _load_toml(path, handler, text, report))
    if meta is _FAILED:
        return None
    if meta is None:
        report.error(path, 1, "file-front-matter-empty",
                     f"the front matter between the '{matter.fence_of(handler)}' lines is empty")
        return None
    if not isinstance(meta, yamlines.LineMap):
        report.error(path, 2, "file-front-matter-not-fields",
                     "the front matter must be a list of fields written 'name: value', one a line")
        return None
    return meta


_FAILED = object()

_YAML_HINTS = {
    "mapping values are not allowed": "a value contains ': '; put the whole value in quotes",
    "could not find expected ':'": "a line has no ':' between the field name and its value, "
                                   "or a quoted value is not closed",
    "found unexpected end of stream": "a quoted value is not closed",
    "found unknown escape character": "a value in double quotes contains a backslash; use "
                                      "single quotes or remove the backslash",
    "did not find expected key": "the indentation is uneven, or a value that starts with a "
                                 "quote has text after the closing quote",
    "expected <block end>": "the indentation is uneven",
    "found character that cannot start any token": "a value starts with a character such as "
                                                   "'@' or '`'; put the whole value in quotes",
    "found undefined alias": "a value starts with '*'; put the whole value in quotes",
    "could not determine a constructor": "a value starts with '!'; put the whole value in quotes",
    "is not allowed": "a value starts with '!'; put the whole value in quotes",
}


def _indented_under_value(lines: list[str], index: int) -> bool:
    """Whether line ``index`` is indented deeper than a ``key: value`` line above it."""
    if not 0 < index < len(lines):
        return False
    above = next((line for line in reversed(lines[:index]) if line.strip()), "")
    line = lines[index]
    depth = len(line) - len(line.lstrip())
    above_depth = len(above) - len(above.lstrip())
    key, sep, value = above.strip().partition(":")
    return depth > above_depth and bool(sep) and bool(value.strip()) and not key.startswith("-")


def _load_toml(path: Path, handler: matter.TOMLLines, text: str, report: Report):
    """TOML front matter with its lines, or :data:`_FAILED` with the problem reported."""
    try:
        return handler.load(text, line_offset=1) if text.strip() else None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) + 1 if found else None
        problem = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        report.error(path, line, "file-toml",
                     f"the TOML front matter cannot be read here: {problem[:1].lower()}{problem[1:]} "
                     "(a field is written name = \"value\", one a line; dates as 2026-11-28)")
    except RecursionError:
        report.error(path, None, "file-yaml-deep",
                     "the front matter is nested too deeply; fields are at most a few levels deep")
    return _FAILED


def _load_yaml(path: Path, text: str, report: Report):
    try:
        return matter.YAML.load(text, line_offset=1)
    except yamlines.DuplicateKeyError as exc:
        report.error(path, exc.line, "file-duplicate-key",
                     f"'{exc.key}' is given twice (first on line {exc.first_line}); keep one")
    except yamlines.AliasError as exc:
        report.error(path, exc.line, "file-yaml-alias",
                     f"'*{exc.name}' repeats another value by reference (a YAML alias); write "
                     "the value out in full, or put the whole value in quotes if it starts with '*'")
    except yamlines.TooDeepError as exc:
        report.error(path, exc.line, "file-yaml-deep",
                     f"the front matter is nested more than {yamlines.MAX_DEPTH} levels deep "
                     "here; fields are at most a few levels deep")
    except yamlines.BadKeyError as exc:
        report.error(path, exc.line, "file-yaml",
                     "a field name must be a plain word followed by ':'")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None
        problem = exc.problem or exc.context or "unreadable"
        if "maximum nesting depth" in problem:  # libyaml's own limit, far beyond ours
            report.error(path, line, "file-yaml-deep",
                         f"the front matter is nested more than {yamlines.MAX_DEPTH} levels deep "
                         "here; fields are at most a few levels deep")
            return _FAILED
        hint = next((h for key, h in _YAML_HINTS.items() if key in problem), None)
        if mark is not None and _indented_under_value(text.splitlines(), mark.line):
            hint = ("this line is indented more than the field above it; fields of the same "
                    "group must line up")
        detail = hint or problem
        report.error(path, line, "file-yaml",
                     f"the front matter cannot be read here: {detail}")
    except yaml.YAMLError as exc:
        report.error(path, None, "file-yaml", f"the front matter cannot be read: {exc}")
    return _FAILED
