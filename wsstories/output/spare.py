"""The folders of the last output, kept empty in the cache folder for the next build's stage.

A build writes a new folder of thousands of folders (one a story) and then
removes the old one; on many file systems making and removing a folder costs
far more than linking a file into it. So, once a new site is swapped in, the
old folder is emptied of every file and of every folder that the new site does
not have, and kept in the cache folder (``.wsstories-cache/NAME-folders``);
the next build writes into it instead of making every folder again.

What it keeps is only empty folders named as the current output's folders
are: no page, and no name the published site does not show. Like the rest
of the cache it is never trusted: a kept folder is used only if it is this
user's, writable by nobody else, and holds nothing but real folders (no
file, no link); anything else and it is removed and the build starts from a
new, empty folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def claim(spare: Path | None, output: Path) -> tuple[Path, set[str]] | None:
    """The kept folders as a new stage beside ``output`` (with every folder in it), or None.

    The folder is renamed first (to the name a stage has, so that a build
    killed meanwhile leaves it for ``recover`` to remove), then looked through.
    """
    if spare is None:
        return None
    try:
        info = os.lstat(spare)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not _ours(info) or info.st_mode & 0o022:
        _remove(spare)  # only this user could have put anything in a folder of theirs
        return None
    temp = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        os.rmdir(temp)
        os.rename(spare, temp)
        os.chmod(temp, 0o700)  # as mkdtemp makes a stage: private while it is written
    except OSError:
        _remove(temp)
        _remove(spare)
        return None
    folders = _folders_only(temp)
    if folders is None:
        _remove(temp)
        return None
    return temp, folders


def keep(old: Path, spare: Path | None, folders: set[str]) -> bool:
    """Empty ``old`` but for the ``folders`` (relative) that the new site has, and keep it as
    ``spare``; False (``old`` left as it was, or partly emptied) if that cannot be done."""
    if spare is None:
        return False
    try:
        if os.path.lexists(spare):
            _remove(spare)
        spare.parent.mkdir(parents=True, exist_ok=True)
        found: list[tuple[str, str]] = []  # (path, relative) of every folder under old
        pending = [(os.fspath(old), "")]
        while pending:
            folder, prefix = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        found.append((entry.path, prefix + entry.name))
                        pending.append((entry.path, prefix + entry.name + "/"))
                    else:
                        os.unlink(entry.path)  # a file, a link or anything else: none is kept
        for path, relative in sorted(found, key=lambda f: f[1].count("/"), reverse=True):
            if relative not in folders:
                os.rmdir(path)
        os.rename(old, spare)
    except OSError:
        return False
    return True


def folders_of(files) -> set[str]:
    """Every folder that holds one of ``files`` (relative paths), and the folders above them."""
    found: set[str] = set()
    for relative in files:
        folder = relative.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def remove_unused(folders: set[str]) -> None:
    """Remove those of the kept ``folders`` that a build left empty (a story no longer published)."""
    for folder in sorted(folders, key=lambda f: f.count(os.sep), reverse=True):
        try:
            os.rmdir(folder)
        except OSError:
            pass  # not empty: it holds folders with files, or files another program wrote


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _folders_only(root: Path) -> set[str] | None:
    """Every folder under ``root`` (``root`` too, as strings), or None if it holds anything else."""
    found = {os.fspath(root)}
    pending = [os.fspath(root)]
    try:
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if not entry.is_dir(follow_symlinks=False):  # a file, a link, anything else
                        return None
                    found.add(entry.path)
                    pending.append(entry.path)
    except OSError:
        return None
    return found


def _remove(path: Path) -> None:
    """Remove what is at ``path``, if anything; what cannot be removed is left (it is never used)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        pass
