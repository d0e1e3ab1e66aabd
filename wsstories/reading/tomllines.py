"""Line numbers for TOML: site.toml and ``+++`` front matter.

:mod:`tomllib` reads TOML but forgets where each value was written; messages
for staff must name the line. :func:`with_lines` wraps what it read as the
same ``LineMap``/``LineList`` that the YAML reader makes, each key knowing its
line, found by following ``[table]`` and ``[[array]]`` headers and dotted keys.
"""

from __future__ import annotations

import re

from .yamlines import LineList, LineMap


def with_lines(data, text: str, line_offset: int = 0):
    """TOML values wrapped as ``LineMap``/``LineList`` so messages can name a line.

    ``data`` is what :func:`tomllib.loads` made of ``text``; lines count
    ``line_offset`` lines before ``text`` (front matter starts below its fence).
    """
    lines = {path: number + line_offset for path, number in _toml_lines(text).items()}
    return _wrap(data, lines, (), None)


def _wrap(data, lines: dict[tuple, int], path: tuple, line: int | None):
    if isinstance(data, dict):
        out = LineMap(data)
        out.line = line
        for key, value in data.items():
            key_line = lines.get(path + (key,), line)
            if key_line is not None:
                out.key_lines[key] = key_line
            out[key] = _wrap(value, lines, path + (key,), key_line)
        return out
    if isinstance(data, list):
        items = [lines.get(path + (index,), line) for index in range(len(data))]
        out = LineList(_wrap(item, lines, path + (index,), items[index])
                       for index, item in enumerate(data))
        out.line = line
        out.item_lines = [item if item is not None else line for item in items]
        return out
    return data


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _keys(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _toml_lines(text: str) -> dict[tuple, int]:
    """The line of every key by its path, array items by index: ("benchmarks", 1, "label") → 19.

    Follows ``[table]`` and ``[[array]]`` headers (a sub-table such as
    ``[benchmarks.translations.es]`` belongs to the array's last item) and
    dotted keys; multi-line strings are skipped.
    """
    lines: dict[tuple, int] = {}
    arrays: dict[tuple, int] = {}
    table: tuple = ()
    in_string = None

    def resolve(keys: tuple[str, ...]) -> tuple:
        path: tuple = ()
        for key in keys:
            path += (key,)
            lines.setdefault(path, number)
            if path in arrays:
                path += (arrays[path],)
        return path

    for number, row in enumerate(text.splitlines(), 1):
        if in_string:
            if row.count(in_string) % 2:
                in_string = None
            continue
        header, key = _HEADER.match(row), _KEY.match(row)
        if header and not key:
            keys = _keys(header.group(2))
            if header.group(1) == "[[":
                parent = resolve(keys[:-1])
                here = parent + (keys[-1],)
                lines.setdefault(here, number)
                arrays[here] = arrays.get(here, -1) + 1
                table = here + (arrays[here],)
                lines[table] = number
            else:
                table = resolve(keys)
                lines[table] = number
        elif key:
            path = table
            for part in _keys(key.group(1)):
                path += (part,)
                lines.setdefault(path, number)
            rest = row[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2:
                    in_string = quote
    return lines
