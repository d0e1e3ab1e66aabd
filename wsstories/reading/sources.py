"""Reading: find the content files of a source folder and split each one.

This stage knows files, bytes and YAML, not stories. It turns every ``.md``
file into a :class:`SourceFile` (front matter with line numbers, and the
body), or into one clear diagnostic when the file cannot be read. It never
raises for a bad file and never follows a link out of the source folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..diagnostics import Report
from ..rules import excused_lines
from . import matter, metadata, yamlines
from .schema import ID_RE

#: No story comes near this (a long one is 20 KiB); it bounds the work every rule does on a file.
MAX_FILE_BYTES = 256 * 1024
#: Folders inside the source are read this many levels deep, no deeper.
MAX_DEPTH = 16

#: Top-level folders of the source whose ``.md`` files are not stories.
KINDS = {"partners": "partner", "goals": "goal", "celebrations": "celebration"}
#: Top-level folders whose files are copied, never read as content.
ASSET_FOLDERS = {"media"}
_NEAR_MARKDOWN = {".markdown", ".mdown", ".mkd", ".mkdn"}


@dataclass(frozen=True)
class SourceFile:
    """One content file, split: front matter (with line numbers) and body."""

    path: Path  # absolute
    kind: str  # story | partner | goal | celebration
    id: str
    meta: yamlines.LineMap
    body: str
    body_line: int  # line of the file where the body starts
    excused: Mapping[int, frozenset[str]] = field(default_factory=dict)  # line → rules allowed there


def slugify(text: str) -> str:
    """A valid id made from any text: lowercase ASCII letters, digits, hyphens."""
    import unicodedata

    text = re.sub(r"['’]", "", text)  # "José's" → "joses", not "jose-s"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def discover(source: Path, report: Report, skip: tuple[Path, ...] = ()) -> list[tuple[Path, str]]:
    """Every content file under ``source`` as ``(path, kind)``, in a stable order.

    Names starting with ``_`` or ``.``, files named ``README.md``, the asset
    folders and the folders in ``skip`` are not content. A link that leads
    out of the source folder is reported and not followed.
    """
    root = source.resolve()
    skipped = {p.resolve() for p in skip}
    found: list[tuple[Path, str]] = []

    def walk(here: Path, kind: str | None, depth: int) -> None:
        folders = []
        for entry in _entries(here, report):
            name = entry.name
            if name.startswith(("_", ".")):
                continue
            path = here / name
            mode = _mode(path, report)
            if mode is None:
                continue
            if stat.S_ISDIR(mode):  # follows a link to a folder: checked in _folder_kind
                sub_kind = _folder_kind(entry, path, kind, depth, root, skipped, report)
                if sub_kind is not None:
                    folders.append((path, sub_kind))
            elif _is_content(entry, path, mode, root, report):
                found.append((path, kind or "story"))
        for sub, sub_kind in folders:
            walk(sub, sub_kind, depth + 1)

    walk(root, None, 0)
    return found


def _entries(here: Path, report: Report) -> list[os.DirEntry]:
    """The entries of a folder, sorted by name; none, reported, if it cannot be opened."""
    try:
        with os.scandir(here) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        report.error(here, None, "file-unreadable",
                     f"the folder cannot be opened ({exc.strerror or exc})")
        return []


def _mode(path: Path, report: Report) -> int | None:
    """The mode of what ``path`` leads to, or None (reported when it matters)."""
    try:  # stat, never open: a named pipe would block the build for good
        return os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            report.error(path, None, "file-link-loop",
                         "this link leads in a circle (or to itself), so it is not read; "
                         "remove it or point it at a real file or folder")
        elif path.name.endswith(".md"):
            report.error(path, None, "file-unreadable",
                         f"the file cannot be opened ({exc.strerror or exc})")
        return None


def _folder_kind(entry: os.DirEntry, path: Path, kind: str | None, depth: int, root: Path,
                 skipped: set[Path], report: Report) -> str | None:
    """The kind of content a folder holds, or None when it is not read."""
    name = entry.name
    if path in skipped or (kind is None and name in ASSET_FOLDERS):
        return None
    if entry.is_symlink():
        if not _inside(path.resolve(), root):
            report.error(path, None, "file-link-outside",
                         "this folder is a link to a place outside the source folder, "
                         "so it is not read; move its files into the source folder")
        return None  # links inside the source would read files twice
    if depth >= MAX_DEPTH:
        report.error(path, None, "file-too-deep",
                     f"this folder is more than {MAX_DEPTH} folders deep inside the "
                     "source folder, so it is not read; move its files higher up")
        return None
    return KINDS.get(name, "story") if kind is None else kind


def _is_content(entry: os.DirEntry, path: Path, mode: int, root: Path, report: Report) -> bool:
    """Whether a file (not a folder) is a content file to read."""
    name = entry.name
    if name == "README.md":
        return False
    suffix = os.path.splitext(name)[1]
    if suffix != ".md":
        if suffix.lower() in _NEAR_MARKDOWN or suffix.lower() == ".md":
            report.warning(path, None, "file-not-read",
                           f"this file is not read because its name ends in '{suffix}'; "
                           "rename it to end in '.md' (lowercase) if it is content")
        return False
    if not stat.S_ISREG(mode):
        report.error(path, None, "file-not-regular",
                     "this is not an ordinary file (it is a named pipe, a socket or a "
                     "device), so it is not read; remove it from the source folder")
        return False
    if entry.is_symlink() and not _inside(path.resolve(), root):
        report.error(path, None, "file-link-outside",
                     "this file is a link to a file outside the source folder, so it is "
                     "not read; copy the file into the source folder instead")
        return False
    return True


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read(path: Path, kind: str, report: Report) -> SourceFile | None:
    """Read and split one file; on any problem, report it and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(path, None, "file-too-large",
                         f"the file is {size / 1024:,.0f} KiB; a content file may be at most "
                         f"{MAX_FILE_BYTES // 1024} KiB (put images and documents in media/)")
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.error(path, None, "file-unreadable",
                     f"the file cannot be opened ({exc.strerror or exc})")
        return None
    return parse(path, kind, data, report)


def parse(path: Path, kind: str, data: bytes, report: Report) -> SourceFile | None:
    """Split the bytes of one content file into front matter and body."""
    stem = path.stem
    if not ID_RE.match(stem):
        suggestion = slugify(stem) or "my-story"
        report.error(path, None, "file-name",
                     f"the file name '{path.name}' cannot be used as an id: use only lowercase "
                     f"letters, digits and single hyphens, like '{suggestion}.md'")
        return None
    text = _decode(path, data, report)
    if text is None:
        return None
    parts = _split(path, text, report)
    if parts is None:
        return None
    handler, yaml_text, body, body_line = parts
    meta = metadata.read(path, handler, yaml_text, report)
    if meta is None or not _body_fits(path, body, body_line, report):
        return None
    return SourceFile(path=path, kind=kind, id=stem, meta=meta, body=body, body_line=body_line,
                      excused=excused_lines(text))


def _decode(path: Path, data: bytes, report: Report) -> str | None:
    """The file's text, UTF-8 with Unix line ends, or None (reported) if it is not."""
    if data.startswith(b"\xef\xbb\xbf"):
        report.error(path, 1, "file-bom",
                     "the file starts with an invisible byte-order mark; save it as "
                     "'UTF-8' (not 'UTF-8 with BOM')")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(path, line, "file-encoding",
                     f"the file is not saved as UTF-8 (byte 0x{data[exc.start]:02x} cannot be "
                     "read); save it again choosing the 'UTF-8' encoding")
        return None
    if not text.strip():
        report.error(path, None, "file-empty",
                     "the file is empty; a content file starts with front matter between "
                     "'---' lines")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(path: Path, text: str, report: Report) -> tuple | None:
    """(handler, front matter text, body, body line), or None (reported) without front matter."""
    handler = matter.handler_for(text)
    if handler is None:
        lines = text.split("\n")
        where = next(i for i, line in enumerate(lines) if line.strip()) + 1
        if matter.handler_for(lines[where - 1]) is not None:
            message = "the front matter must start on the very first line; remove the lines above '---'"
        else:
            message = ("the file has no front matter: it must start with a line '---', then "
                       "the fields (title, date, …), then another line '---'")
        report.error(path, where, "file-no-front-matter", message)
        return None
    parts = matter.split(handler, text)
    if parts is None:
        report.error(path, 1, "file-unclosed-front-matter",
                     f"the front matter that starts here is never closed: add a line "
                     f"'{matter.fence_of(handler)}' after the last field")
        return None
    return (handler, *parts)


def _body_fits(path: Path, body: str, body_line: int, report: Report) -> bool:
    """Whether the body is within the nesting and paragraph limits (reported if not)."""
    deep = _too_deep(body)
    if deep is not None:
        report.error(path, body_line + deep, "file-body-too-deep",
                     f"this line is nested more than {MAX_NESTING} levels deep (lists inside "
                     "lists, or quotes inside quotes); a story needs two or three")
        return False
    long = _long_paragraph(body)
    if long is not None:
        report.error(path, body_line + long[0], "file-paragraph-too-long",
                     f"this paragraph is {long[1]:,} characters long; a paragraph (or list "
                     f"item) may be at most {MAX_PARAGRAPH:,}: put blank lines between paragraphs")
        return False
    return True


#: Lists in lists and quotes in quotes: Markdown reads each level by recursion.
MAX_NESTING = 16
_MARGIN = re.compile(r"^[ \t>]+", re.MULTILINE)


def _too_deep(body: str) -> int | None:
    """The first line (counted from 0) of ``body`` nested more than :data:`MAX_NESTING` levels."""
    for match in _MARGIN.finditer(body):
        margin = match.group(0)
        quotes = margin.count(">")
        indent = len(margin.replace(">", "").expandtabs(4)) // 4
        if quotes + indent > MAX_NESTING:
            return body.count("\n", 0, match.start())
    return None


#: Markdown copies a paragraph's text once for each link, emphasis or entity in it:
#: bounding the paragraph bounds that cost. Real paragraphs stay under 3,000 characters.
MAX_PARAGRAPH = 8000
_BREAK = re.compile(r"\n[ \t>]*\n|\n(?=[ \t>]*(?:[-*+]|\d+[.)])[ \t])")


def _long_paragraph(body: str) -> tuple[int, int] | None:
    """(line counted from 0, length) of the first paragraph or list item over :data:`MAX_PARAGRAPH`."""
    if len(body) <= MAX_PARAGRAPH:
        return None
    start = 0
    for match in [*_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        if end - start > MAX_PARAGRAPH:
            return body.count("\n", 0, start) + (body[start] == "\n"), end - start
        start = match.end() if match else end
    return None
