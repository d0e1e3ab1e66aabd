"""Drafts never block the site: their problems are reported, and they are left out.

A story whose status is ``draft`` or ``review`` may be unfinished. Its errors
(fields, references, storytelling rules) are reported as warnings under one
line that says it is a draft, and ``check`` and ``build`` go on without it. A
story marked ``published`` with an error still stops the build.

A draft whose front matter could be read and whose only errors are
storytelling rules (an ownership claim, a private detail, placeholder text)
still appears in a ``--drafts`` preview, its problems on its banner: that is
where the storyteller and the author read it. Any other error (an unknown
goal or partner, a missing field, a bad photo) leaves it out of every output.

A file whose front matter cannot be read at all is a draft only when its own
``status:`` line, read on its own, says ``draft`` or ``review``: without it
nobody can tell that the file is not meant to be published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Report, Severity
from ..reading import matter, sources
from ..rules import DEFAULTS

UNFINISHED = ("draft", "review")
#: The errors a draft may have and still be previewed: the storytelling rules.
PREVIEWABLE = frozenset(DEFAULTS) | {"ownership-field", "ownership-ranking"}
RULE = "draft-incomplete"
#: ``status: draft`` in YAML front matter, ``status = "draft"`` in TOML.
_STATUS_LINE = re.compile(r"""^status[ \t]*[:=][ \t]*["']?([A-Za-z]+)["']?[ \t]*(?:#.*)?$""")


@dataclass
class Drafts:
    """What :func:`settle` decided: the unfinished stories left out of every output."""

    left_out: set[Path] = field(default_factory=set)


def status_of(path: Path) -> tuple[str | None, bool]:
    """The status a story file gives, and whether it was read from a lone line.

    The front matter is read as every file is (:func:`sources.read`, with its
    limits); without ``status`` it means ``draft``, the default. When it
    cannot be read, only a top-level line ``status: WORD`` between the
    opening ``---`` (``+++``) and the next counts. ``(None, False)`` when neither tells.
    """
    src = sources.read(path, "story", Report())
    if src is not None:
        status = src.meta.get("status", "draft")
        return (status if isinstance(status, str) else None), False
    try:
        if path.stat().st_size > sources.MAX_FILE_BYTES:
            return None, False
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return None, False
    handler = matter.handler_for(lines[0].rstrip("\r"))
    if handler is None:
        return None, False
    for row in lines[1:200]:
        row = row.rstrip("\r")
        if handler.FM_BOUNDARY.match(row):
            break
        match = _STATUS_LINE.match(row)
        if match:
            return match.group(1), True
    return None, False


def settle(report: Report, stories: list, story_files: set[Path]) -> Drafts:
    """Turn the errors of every unfinished story into warnings under one line; say what is left out.

    ``stories`` are the stories that validated (with their status);
    ``story_files`` every story file read, valid or not. Changes ``report``.
    """
    errors: dict[Path, list[Diagnostic]] = {}
    for item in report.items:
        if item.severity is Severity.ERROR and item.path in story_files:
            errors.setdefault(item.path, []).append(item)
    found = Drafts()
    if not errors:
        return found
    by_path = {s.path: s for s in stories}
    softened: set[int] = set()
    for path, problems in errors.items():
        story = by_path.get(path)
        status, lone = (story.status, False) if story is not None else status_of(path)
        if status not in UNFINISHED:
            continue
        softened |= {id(p) for p in problems}
        previewed = story is not None and all(p.rule in PREVIEWABLE for p in problems)
        if not previewed:
            found.left_out.add(path)
        report.warning(path, None, RULE, _headline(status, lone, len(problems), previewed))
    report.items = [replace(d, severity=Severity.WARNING) if id(d) in softened else d
                    for d in report.items]
    return found


def notes_for(report: Report, stories: list, left_out: set[Path]) -> dict[Path, tuple[str, ...]]:
    """Each unfinished story's problems, ``line N: message``, for its banner in a preview."""
    shown = {s.path for s in stories if s.status in UNFINISHED and s.path not in left_out}
    found: dict[Path, list[Diagnostic]] = {}
    for item in report.items if shown else ():
        if item.path in shown and item.severity is not Severity.INFO and item.rule != RULE:
            found.setdefault(item.path, []).append(item)
    return {path: tuple(f"line {d.line}: {d.message}" if d.line is not None else d.message
                        for d in sorted(items, key=lambda d: (d.line or 0, d.rule)))
            for path, items in found.items()}


def _headline(status: str, lone: bool, count: int, previewed: bool) -> str:
    what = "a draft" if status == "draft" else "in review"
    read = (" (read from its status line: the front matter itself cannot be read)" if lone else "")
    problems = (f"its {count} problems below do not" if count != 1
                else "its problem below does not")
    them = "them" if count != 1 else "it"
    where = (f"--drafts previews it, with {'them' if count != 1 else 'the problem'} on its banner"
             if previewed else
             "it is left out of the site, and of --drafts previews, until "
             f"{'they are' if count != 1 else 'it is'} fixed")
    return (f"this story is {what} (status: {status}){read}, so {problems} stop the build; "
            f"{where}. When it is ready, fix {them} and set 'status: published'")
