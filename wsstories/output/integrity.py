"""Whether the output folder still holds exactly what the build made.

The build's manifest lists every file of the output with its size and
SHA-256. :func:`differences` compares a folder with that list: a file added,
removed or changed by hand, a link (to a file or a folder) and anything that
is not a regular file all count. ``build`` uses it to make again what was
changed (a quick check of sizes and file times first, reading only the files
whose times moved); ``publish`` uses it, reading every file, to refuse an
output that is not the build's, and copies only files whose bytes it checked.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .stage import MANIFEST

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, order=True)
class Difference:
    relative: str
    kind: str  # extra | missing | changed | link | special


#: A path inside a folder: parts separated by '/', none empty, '.' or '..'; no backslash or NUL.
_INSIDE = re.compile(r"(?!\.\.?(?:/|$))[^/\\\0]+(?:/(?!\.\.?(?:/|$))[^/\\\0]+)*")


def safe_relative(relative: object) -> bool:
    """Whether ``relative`` names a file inside a folder: no absolute path, no '..', no backslash."""
    return isinstance(relative, str) and relative != MANIFEST and _INSIDE.fullmatch(relative) is not None


def listed_files(manifest: dict) -> dict[str, tuple[int, str]] | None:
    """The manifest's files as ``{relative path: (size, sha256)}``; None if the list is damaged.

    A list that names any path outside the output folder is damaged as a whole.
    """
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        return None
    found = {}
    for relative, info in files.items():
        size = info.get("size") if isinstance(info, dict) else None
        sha = info.get("sha256") if isinstance(info, dict) else None
        if (not safe_relative(relative) or type(size) is not int or size < 0
                or not isinstance(sha, str) or not _SHA256.fullmatch(sha)):
            return None
        found[relative] = (size, sha)
    return found


def signature(info: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file's bytes change: size, modification and change times, inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def signatures(root: Path, relatives) -> dict[str, tuple[int, int, int, int]]:
    """The :func:`signature` of each of ``relatives`` under ``root`` (those that exist)."""
    found = {}
    for relative in relatives:
        try:
            found[relative] = signature(os.lstat(os.path.join(root, relative)))
        except OSError:
            pass
    return found


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of the regular file at ``path``, never through a link."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return hashlib.file_digest(handle, "sha256").hexdigest()


def differences(root: Path, expected: dict[str, tuple[int, str]], known: dict | None = None,
                contents: bool = True) -> list[Difference]:
    """How the files under ``root`` differ from ``expected``, sorted by path.

    ``known`` gives each file's :func:`signature` when the build left it: a
    file that still has it is not read again. With ``contents=False`` only
    names, kinds and sizes are compared (the caller reads the bytes itself).
    """
    found: list[Difference] = []
    seen: set[str] = set()
    known = known or {}
    folders = [(str(root), "")]
    while folders:  # os.scandir: the kind of each entry comes with its name, no call per entry
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                here = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, here + "/"))
                    continue
                wanted = expected.get(here)
                if wanted is not None:
                    seen.add(here)
                elif here == MANIFEST:
                    continue
                if entry.is_symlink():
                    found.append(Difference(here, "link"))  # never followed
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    seen.discard(here)
                    continue
                if not stat.S_ISREG(info.st_mode):
                    found.append(Difference(here, "special"))
                elif wanted is None:
                    found.append(Difference(here, "extra"))
                elif info.st_size != wanted[0]:
                    found.append(Difference(here, "changed"))
                elif contents:
                    before = known.get(here)
                    if before is None or tuple(before) != (info.st_size, info.st_mtime_ns,
                                                           info.st_ctime_ns, info.st_ino):
                        try:
                            if file_sha256(entry.path) != wanted[1]:
                                found.append(Difference(here, "changed"))
                        except OSError:
                            found.append(Difference(here, "changed"))
    if len(seen) != len(expected):
        found += [Difference(p, "missing") for p in expected if p not in seen]
    return sorted(found)


def differences_soon(root: Path, expected: dict[str, tuple[int, str]], known: dict | None = None):
    """:func:`differences`, worked out by a forked process while this one goes on: call the
    function returned for them (worked out here, then, where there is no fork or it fails)."""
    if not hasattr(os, "fork"):
        return lambda: differences(root, expected, known)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the walk, and the differences as JSON (a few, most of the time)
        code = 1
        try:
            os.close(read_end)
            data = json.dumps([[d.relative, d.kind] for d in differences(root, expected, known)])
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data.encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def collect() -> list[Difference]:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return differences(root, expected, known)
        return [Difference(relative, kind) for relative, kind in json.loads(data)]

    return collect
