"""The build cache: what earlier builds worked out, kept so that later ones can skip it.

The cache lives in ``.wsstories-cache/`` beside the output (never inside the
source or the output). Each file starts with a line of JSON naming the
format, the wsstories version and a key; a file whose first line is not ours,
that was written by another version or that cannot be read is ignored with a
warning, and the build simply does the work again. A cache can only ever save
time: everything in it is keyed by the content it was made from, and a build
with or without it writes the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable

from . import __version__

FORMAT = 3  # 3: renderings from before media paths and image addresses were checked
_CHUNK = 1000  # entries pickled at a time
_MAGIC = "wsstories-cache"


def digest(*parts: object) -> str:
    """A short, stable hash of some strings (or bytes)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class Cache:
    """A folder of named cache files; ``folder=None`` is a cache that keeps nothing."""

    def __init__(self, folder: Path | None, warn: Callable[[str], None] | None = None):
        self.folder = folder
        self.warn = warn or (lambda message: None)

    def path(self, name: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{name}.cache"

    def load(self, name: str, key: str = "") -> object | None:
        """What was saved under ``name`` with this ``key``, or None (missing, stale or unreadable)."""
        path = self.path(name)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                header = json.loads(handle.readline().decode("utf-8"))
                if not isinstance(header, dict) or header.get("magic") != _MAGIC:
                    raise ValueError("not a wsstories cache file")
                if header.get("format") != FORMAT or header.get("version") != __version__:
                    return None  # another version wrote it: start again, quietly
                if header.get("key") != key:
                    return None  # made for other settings, another site or another output
                value: dict = {}
                while (chunk := pickle.load(handle)) is not None:
                    if not isinstance(chunk, list):
                        raise ValueError("unexpected contents")
                    value.update(chunk)
            return value
        except Exception as exc:  # noqa: BLE001 — whatever is wrong with it, it is not trusted
            self.warn(f"the build cache file '{path}' could not be read ({_reason(exc)}); "
                      "it was ignored and the work is done again")
            return None

    def save(self, name: str, value: dict, key: str = "") -> None:
        """Keep ``value`` under ``name``; written whole or not at all. Never fails a build."""
        path = self.path(name)
        if path is None:
            return
        header = {"magic": _MAGIC, "format": FORMAT, "version": __version__, "key": key}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode("utf-8") + b"\n")
                items = list(value.items())
                for start in range(0, len(items), _CHUNK):  # small pickles: a small peak of memory
                    pickle.dump(items[start:start + _CHUNK], handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(None, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except OSError as exc:
            self.warn(f"the build cache could not be saved in '{path.parent}' ({exc.strerror or exc}); "
                      "the next build will do all the work again")
            try:
                os.unlink(temp)
            except (OSError, UnboundLocalError):
                pass


def _reason(exc: Exception) -> str:
    if isinstance(exc, (pickle.UnpicklingError, EOFError)):
        return "it is damaged or cut short"
    if isinstance(exc, (UnicodeDecodeError, json.JSONDecodeError)):
        return "it is not a wsstories cache file"
    return str(exc) or type(exc).__name__


class Fingerprints:
    """The SHA-256 of files, remembered by their size and times so that unchanged files are not read again."""

    def __init__(self, known: dict | None = None):
        self.known: dict[str, tuple[tuple, bytes]] = dict(known or {})
        self.seen: dict[str, tuple[tuple, bytes]] = {}  # looked at since :meth:`start`

    def start(self) -> None:
        """A new build: files are looked at again (once each)."""
        self.seen = {}

    def of(self, path: Path) -> bytes:
        """The SHA-256 of the file at ``path`` (OSError if it cannot be read)."""
        key = str(path)
        if key in self.seen:
            return self.seen[key][1]
        info = os.stat(path)
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        remembered = self.known.get(key)
        if remembered is not None and remembered[0] == signature:
            self.seen[key] = remembered
            return remembered[1]
        value = hashlib.sha256(Path(path).read_bytes()).digest()
        self.seen[key] = self.known[key] = (signature, value)
        return value
