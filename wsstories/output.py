"""Writing: a new site goes into a folder beside the output and is swapped in.

A build that fails leaves the previous site exactly as it was; one that
succeeds replaces it whole, so nothing left out of the new build (a withdrawn
story, say) survives from the old one. wsstories only ever replaces a folder
that it made itself, which it marks with a manifest file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from .errors import UsageError

MANIFEST = ".wsstories-build.json"


def check_output_folder(source: Path, output: Path) -> Path:
    """The output folder, resolved, or a :class:`UsageError` saying why it cannot be used."""
    source, output = source.resolve(), output.resolve()
    if output == source:
        raise UsageError(f"the output folder '{output}' is the source folder; "
                         "choose another, such as 'output'")
    if output in source.parents:
        raise UsageError(f"the output folder '{output}' contains the source folder, and a "
                         "build replaces the whole output folder; choose one beside it, such as 'output'")
    if source in output.parents:
        raise UsageError(f"the output folder '{output}' is inside the source folder; "
                         "choose one beside it, such as 'output'")
    if output.exists() and not output.is_dir():
        raise UsageError(f"the output '{output}' is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise UsageError(f"the output folder '{output}' has files that wsstories did not write; "
                         "it will not delete them. Choose an empty or new folder")
    return output


class Stage:
    """The folder a build writes into; refuses any path that would leave it."""

    def __init__(self, root: Path):
        self.root = root
        self.files = 0

    def path(self, relative: str) -> Path:
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise ValueError(f"refusing to write outside the output folder: {relative!r}")
        target = self.root.joinpath(*pure.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, relative: str, data: bytes) -> None:
        self.path(relative).write_bytes(data)
        self.files += 1

    def copy(self, source: Path, relative: str) -> None:
        shutil.copyfile(source, self.path(relative))
        self.files += 1


@contextmanager
def staged(output: Path, manifest: dict) -> Iterator[Stage]:
    """Write a site into a temporary folder beside ``output``; swap it in on success."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        stage = Stage(temp)
        yield stage
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                     encoding="utf-8")
        os.chmod(temp, 0o755)  # mkdtemp makes it private; a site is for reading
        _swap(temp, output)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(new: Path, output: Path) -> None:
    """Put ``new`` in place of ``output``; the old folder is removed only afterwards."""
    if not output.exists():
        os.rename(new, output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.rmdir(old)
    os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        os.rename(old, output)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def read_manifest(output: Path) -> dict | None:
    """The manifest of the site in ``output``, or None if there is none."""
    try:
        return json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
