"""Writing: a new site goes into a folder beside the output and is swapped in.

A build that fails leaves the previous site exactly as it was; one that
succeeds replaces it whole, so nothing left out of the new build (a withdrawn
story, say) survives from the old one. wsstories only ever replaces a folder
that it made itself, which it marks with a manifest file; the manifest lists
every file with its size and SHA-256.

The swap is two renames (the old folder aside, the new one in). A build or
publish killed between them leaves no folder at all: :func:`recover`, run
first by every build and publish (one at a time, see :func:`locked`), puts
the previous folder back and removes what cut-short swaps left beside it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..errors import UsageError, WsStoriesError
from . import spare as spares

MANIFEST = ".wsstories-build.json"


class OutputError(WsStoriesError):
    """A folder that a swap left behind cannot be removed. Exit code 1."""


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


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """``target`` as a hard link to ``source``, or a copy where the file system links none."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)


class Stage:
    """The folder a build writes into; refuses any path that would leave it.

    ``previous`` is the last output and the key of each of its files. A file
    whose key is unchanged is taken over (hard-linked into a new folder, or
    simply left alone when updating ``in_place``) instead of written again;
    every file is written to a new name and renamed, never written through,
    so that a file shared with the previous output is never changed.
    """

    def __init__(self, root: Path, previous: tuple[Path, dict[str, str]] | None = None,
                 in_place: bool = False, digests: dict[str, tuple[int, str]] | None = None,
                 folders: set[str] | None = None):
        self.root = root
        self._root = os.fspath(root)  # paths as strings: a build handles tens of thousands
        # Folders there already (a build writes thousands of files): ``folders`` when the stage
        # is the last output's folders, kept empty (:mod:`.spare`); those unused are removed.
        self._folders: set[str] = set(folders or ())
        self._kept_folders = frozenset(folders or ())
        self._used: set[str] = set()
        self.files = 0
        self.records: dict[str, str] = {}  # every file of this build → its key
        self.digests: dict[str, tuple[int, str]] = {}  # every file of this build → (size, sha256)
        self.previous_root, self.previous = previous if previous else (None, {})
        self._previous_root = os.fspath(self.previous_root) if self.previous_root is not None else None
        # The files of the previous output as the last build left them (checked by the
        # build): only these are taken over.
        self.previous_digests = digests or {}
        self.in_place = in_place
        self.manifest_sha256 = ""  # the digest of the manifest, once written
        self.pending: dict[str, str] = {}  # files to be taken over (:meth:`keep_later`) → key

    def path(self, relative: str) -> Path:
        return Path(self._file(relative))

    def _file(self, relative: str) -> str:
        """Where ``relative`` goes in the stage, its folder made; ValueError if it would leave it."""
        parts = [part for part in relative.split("/") if part and part != "."]
        if relative.startswith("/") or not parts or ".." in parts or "\0" in relative:
            raise ValueError(f"refusing to write outside the output folder: {relative!r}")
        target = os.path.join(self._root, *parts)
        folder = os.path.dirname(target)
        if self._kept_folders:
            self._used.add(folder)
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # most folders are made in a folder made already: one call
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def unchanged(self, relative: str, key: str) -> bool:
        """Whether the previous output has ``relative`` with this key."""
        return (self.previous.get(relative) == key and self.previous_root is not None
                and relative in self.previous_digests)

    def keep(self, relative: str, key: str) -> bool:
        """Take ``relative`` over from the previous output if its key is unchanged."""
        if not self.unchanged(relative, key):
            return False
        try:
            if not self.in_place:
                link_or_copy(os.path.join(self._previous_root, relative), self._file(relative))
            # In place, the file is where the last build put it: serve's folder is its own.
        except FileNotFoundError:
            return False  # someone removed it: make it again
        self.records[relative] = key
        self.digests[relative] = self.previous_digests[relative]
        self.files += 1
        return True

    def keep_later(self, relative: str, key: str) -> bool:
        """Whether ``relative`` will be taken over (by :meth:`keep_pending`): until then it is
        read from the previous output (:meth:`file_of`), so that search can index it at once."""
        kept = self.unchanged(relative, key)
        if kept:
            self.pending[relative] = key
        return kept

    def keep_pending(self) -> list[str]:
        """Take over the files :meth:`keep_later` promised; those that had gone (to be made)."""
        gone = [relative for relative, key in self.pending.items() if not self.keep(relative, key)]
        self.pending = {}
        return gone

    def key_of(self, relative: str) -> str | None:
        """The key of a file of this build: written, or to be taken over."""
        return self.records.get(relative) or self.pending.get(relative)

    def file_of(self, relative: str) -> str:
        """Where a file of this build is now: in the stage, or (to be taken over) the previous output."""
        root = self._previous_root if relative in self.pending and not self.in_place else self._root
        return os.path.join(root, relative)

    def write(self, relative: str, data: bytes, key: str | None = None,
              known_new: bool = False) -> None:
        """Write ``relative`` (unless the previous output has the same bytes, or the same key)."""
        key = key or "sha:" + hashlib.blake2b(data, digest_size=16).hexdigest()
        if not known_new and self.keep(relative, key):
            return
        target = self._file(relative)
        folder, name = os.path.split(target)
        temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
        self.records[relative] = key
        self.digests[relative] = (len(data), hashlib.sha256(data).hexdigest())
        self.files += 1

    def copy(self, source: Path, relative: str) -> None:
        self.write(relative, source.read_bytes())

    def made_with(self, prefix: str, key: str) -> bool:
        """Whether the previous output has files under ``prefix``, all made with this key."""
        mine = [k for p, k in self.previous.items() if p.startswith(prefix)]
        return bool(mine) and all(k == key for k in mine)

    def keep_folder(self, prefix: str, key: str) -> bool:
        """Take over every file under ``prefix`` if all were made with this key."""
        if not self.made_with(prefix, key):
            return False
        mine = [p for p in self.previous if p.startswith(prefix)]
        kept = [p for p in mine if self.keep(p, key)]
        if len(kept) == len(mine):
            return True
        for p in kept:  # one was missing: start the folder again
            self.records.pop(p)
            self.digests.pop(p)
            self.files -= 1
        if not self.in_place:
            shutil.rmtree(self.root / prefix, ignore_errors=True)
            self._folders.clear()
        return False

    def record_folder(self, prefix: str, key: str) -> None:
        """Record every file that another program wrote under ``prefix``."""
        pending = [(os.path.join(self._root, prefix), prefix.rstrip("/") + "/")]
        while pending:
            folder, inside = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{inside}{entry.name}/"))
                    elif entry.is_file(follow_symlinks=False):
                        data = Path(entry.path).read_bytes()
                        self.records[inside + entry.name] = key
                        self.digests[inside + entry.name] = (len(data), hashlib.sha256(data).hexdigest())
                        self.files += 1

    def remove_others(self) -> None:
        """In place: remove what the previous output had and this build did not write."""
        for relative in self.previous:
            if relative not in self.records:
                target = self.root.joinpath(*PurePosixPath(relative).parts)
                try:
                    target.unlink()
                except FileNotFoundError:
                    pass
                parent = target.parent
                while parent != self.root:
                    try:
                        parent.rmdir()
                    except OSError:
                        break
                    parent = parent.parent


@contextmanager
def staged(output: Path, manifest: dict, previous: tuple[Path, dict[str, str]] | None = None,
           in_place: bool = False, digests: dict[str, tuple[int, str]] | None = None,
           spare: Path | None = None) -> Iterator[Stage]:
    """Write a site into a temporary folder beside ``output``; swap it in on success.

    ``in_place`` (for ``serve``'s private folder only) updates ``output``
    file by file instead: each file is still replaced whole. ``digests`` are
    the previous output's files that may be taken over. The manifest gets
    the list of files; ``stage.manifest_sha256`` is the digest of its bytes.
    ``spare``: where the old output's folders are kept, emptied, for the next
    build to write into (:mod:`.spare`); None: the old output is removed whole.
    (In place, there is no old output: ``spare`` is not used.)
    """
    if in_place:
        output.mkdir(parents=True, exist_ok=True)
        stage = Stage(output, previous, in_place=True, digests=digests)
        if stage.previous_root is not None and stage.previous_root != output:
            raise ValueError("an in-place build takes over files from its own output only")
        if previous is None:
            for child in output.iterdir():  # a first build: nothing of an earlier one may stay
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        try:
            yield stage
        except BaseException:
            for relative, key in stage.records.items():  # what was written can no longer be trusted
                if stage.previous.get(relative) != key:
                    stage.previous[relative] = "unfinished"
            raise
        stage.remove_others()
        write_manifest(stage, manifest)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    temp, folders = spares.claim(spare, output) or (Path(tempfile.mkdtemp(
        prefix=f".{output.name}.new-", dir=output.parent)), None)
    try:
        stage = Stage(temp, previous, digests=digests, folders=folders)
        yield stage
        spares.remove_unused(stage._kept_folders - stage._used - {stage._root})
        write_manifest(stage, manifest)
        os.chmod(temp, 0o755)  # mkdtemp makes it private; a site is for reading
        old = swap(temp, output, remove=spare is None)
        if old is not None and not spares.keep(old, spare, spares.folders_of(stage.records)):
            remove_leftover(old)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def write_manifest(stage: Stage, manifest: dict) -> None:
    """The manifest, with every file of ``stage`` and its size and SHA-256, into the stage."""
    data = manifest_bytes(manifest, stage.digests)
    (stage.root / MANIFEST).write_bytes(data)
    stage.manifest_sha256 = hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict, files: dict[str, tuple[int, str]]) -> bytes:
    """``manifest`` with ``files`` (path → size, SHA-256) as ``json.dumps(indent=2, sort_keys=True)``
    writes it, the list of files written directly (tens of thousands of entries)."""
    text = json.dumps({**manifest, "files": {}}, indent=2, sort_keys=True)
    if files:
        listed = ",\n".join(f'    {json.dumps(path)}: {{\n      "sha256": {json.dumps(sha)},\n'
                            f'      "size": {int(size)}\n    }}'
                            for path, (size, sha) in sorted(files.items()))
        text = text.replace('\n  "files": {}', '\n  "files": {\n' + listed + '\n  }', 1)
    return (text + "\n").encode("utf-8")


def swap(new: Path, folder: Path, remove: bool = True) -> Path | None:
    """Put ``new`` in place of ``folder``; the old folder is removed only afterwards
    (``remove``), or given back, under a name that :func:`recover` removes.

    Anything that stops the second rename (an error, Ctrl-C) puts the old
    folder back; a kill leaves it beside ``folder``, for :func:`recover`.
    """
    if not os.path.lexists(folder):
        os.rename(new, folder)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    os.rmdir(old)
    os.rename(folder, old)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(old, folder)  # put the previous site back
        raise
    if not remove:
        return old
    remove_leftover(old)
    return None


def _leftover_name(name: str) -> re.Pattern:
    """The names :func:`swap` gives its temporary folders beside a folder called ``name``."""
    return re.compile(rf"\.{re.escape(name)}\.(?:new|old)-[a-z0-9_]{{8}}")


def recover(folder: Path, marker: str) -> None:
    """Put back ``folder`` if a swap was cut short between its renames; remove leftover folders.

    ``marker`` is the file that marks a folder as wsstories' own: only such an
    old folder is put back. Every other ``.NAME.new-*`` or ``.NAME.old-*``
    folder beside it is removed, since it may hold pages no longer published.
    Call it holding :func:`locked`, so that no other build's new folder is taken.
    """
    parent = folder.absolute().parent
    if not parent.is_dir():
        return
    pattern = _leftover_name(folder.name)
    found = [p for p in parent.iterdir()
             if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
    if not os.path.lexists(folder):
        olds = [p for p in found if ".old-" in p.name and (p / marker).is_file()]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
            os.rename(newest, folder)
            found.remove(newest)
    for leftover in found:
        remove_leftover(leftover)


def remove_leftover(folder: Path) -> None:
    """Remove a folder a swap set aside, or say plainly why it could not be removed."""
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"the old folder '{folder}' could not be removed "
                          f"({exc.strerror or exc}); it may hold pages that are no longer "
                          "published, such as a withdrawn story: remove it by hand") from None


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the lock of the folder that holds ``folder``: one swap there at a time.

    A build and a publish, or two builds, would otherwise take each other's
    new folder for a leftover. (Locks need POSIX; elsewhere this does nothing.)
    """
    parent = folder.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover — not POSIX
        yield
        return
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def read_manifest(output: Path) -> dict | None:
    """The manifest of the site in ``output``, or None if there is none."""
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None  # damaged: as if there were none
