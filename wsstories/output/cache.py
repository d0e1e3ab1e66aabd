"""The build cache: what earlier builds worked out, kept so that later ones can skip it.

The cache lives in ``.wsstories-cache/`` beside the output (never inside the
source or the output). Anyone who can commit to a site's repository could put
files there, so the cache is built to be safe to read whatever it holds:

* it is JSON of plain values (:mod:`.plain`), never pickles: reading it can
  only ever make model objects, never run code;
* each file carries an HMAC-SHA256 made with a random key of this user on
  this machine (:func:`secret`, kept outside every site), checked before
  anything in the file is read: a file made anywhere else is not used;
* what it says is never trusted over the rules: the publication decision is
  made again from each story on every load (see ``load.validate_all``).

Each file starts with a line of JSON naming the format, the wsstories version,
the file's name and a key, and ends with a line holding the HMAC of all before
it; a file whose first line is not ours, whose HMAC is wrong or that cannot be
read is ignored with a warning, and the build simply does the work again (a
file of another format or version is ignored quietly). A cache
can only ever save time: everything in it is keyed by the content it was made
from, and a build with or without it writes the same bytes.

A large cache is kept in parts (:meth:`Cache.save_parts`): each entry in the
part that a hash of its key chooses, each part a file as above, and an index
file, also signed, that names each part by its HMAC. Saving writes only the
parts whose entries changed, so that one edited story rewrites one part of
the check results, not all of them.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import itertools
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .. import __version__
from . import plain
from .parts import InParts

#: 8: large caches in parts; 7: the package in rooms (model classes found at new homes); 6: translations of
#: celebrations; 5: of goals and partners; 4: JSON and an HMAC (older: dropped quietly)
FORMAT = 8
#: The cache's folder, beside the output (and beside the source, for ``check``).
CACHE_FOLDER = ".wsstories-cache"
_CHUNK = 200  # entries a line
_MAGIC = "wsstories-cache"
#: Overrides where the key is kept (tests use a temporary folder).
STATE_VARIABLE = "WSSTORIES_STATE_DIR"
#: The libraries whose versions change what a build writes: a fix in one makes it all again.
LIBRARIES = ("nh3", "Markdown", "Jinja2", "Pillow", "PyYAML", "Babel")


def digest(*parts: object) -> str:
    """A short, stable hash of some strings (or bytes)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def libraries() -> str:
    """The versions of :data:`LIBRARIES`, for keys (a sanitiser fix must make every page again)."""
    from importlib import metadata

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


class KeyProblem(Exception):
    """The cache key cannot be made or is not safe to use; the message says why."""


def key_file() -> Path:
    """Where this user's cache key is kept: never inside a site."""
    folder = os.environ.get(STATE_VARIABLE)
    if not folder:
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        folder = os.path.join(base, "wsstories")
    return Path(folder) / "cache-key"


def secret() -> bytes:
    """This user's random key for signing cache files, made once (mode 0600) on first use."""
    path = key_file()
    known = _SECRETS.get(path)
    if known is not None:
        try:
            if _signature(os.stat(path)) == known[0]:
                return known[1]  # checked already in this process, and unchanged since
        except OSError:
            pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="ascii") as handle:
            info = os.fstat(handle.fileno())
            text = handle.read().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"the cache key '{path}' cannot be made or read "
                         f"({getattr(exc, 'strerror', None) or exc})") from None
    if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or (
            hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise KeyProblem(f"the cache key '{path}' can be read or changed by other users; "
                         "delete it (a new one is made) or make it private with 'chmod 600'")
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) < 32:
        raise KeyProblem(f"the cache key '{path}' is damaged; delete it and a new one is made")
    _SECRETS[path] = (_signature(info), value)
    return value


_SECRETS: dict[Path, tuple[tuple, bytes]] = {}


def _signature(info: os.stat_result) -> tuple:
    return (info.st_ino, info.st_mode, info.st_uid, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


_TRAILER = b"hmac-sha256:"
_TRAILER_SIZE = len(_TRAILER) + 64 + 1  # the last line: the HMAC of everything before it


class Cache(InParts):
    """A folder of named cache files; ``folder=None`` is a cache that keeps nothing."""

    def __init__(self, folder: Path | None, warn: Callable[[str], None] | None = None):
        self.folder = folder
        self.warn = warn or (lambda message: None)
        self._key_warned = False
        # What this process knows to be on disk of each cache in parts: (key, count, {part: (HMAC,
        # contents)}), so that a save writes only the parts that changed.
        self._on_disk: dict[str, tuple[str, int, dict[int, tuple[str, dict]]]] = {}

    def path(self, name: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{name}.cache"

    def key(self) -> bytes | None:
        """The signing key, or None (with one warning) when it cannot be used: then nothing is kept."""
        try:
            return secret()
        except KeyProblem as exc:
            if not self._key_warned:
                self._key_warned = True
                self.warn(f"{exc}; until then the build cache is not used")
            return None

    def load(self, name: str, key: str = "") -> dict | None:
        """What was saved under ``name`` with this ``key``, or None (missing, stale or unreadable)."""
        path = self.path(name)
        if path is None or not path.is_file():
            return None
        try:
            found = self._read(path, name, key)
        except Exception as exc:  # noqa: BLE001 — whatever is wrong with it, it is not trusted
            self._unreadable(path, exc)
            return None
        return None if found is None else found[0]

    def _read(self, path: Path, name: str, key: str) -> tuple[dict, str] | None:
        """The value in the file at ``path`` and the file's HMAC; None if it is of another version
        or made for another name or key. Raises if it is damaged or not signed with our key."""
        secret_key = self.key()
        if secret_key is None:
            return None
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            mac = hmac.new(secret_key, digestmod=hashlib.sha256)
            left = size - _TRAILER_SIZE
            while left > 0 and (block := handle.read(min(left, 1 << 20))):
                mac.update(block)  # checked whole before any of it is read
                left -= len(block)
            trailer = handle.read()
            signed = trailer.startswith(_TRAILER) and hmac.compare_digest(
                trailer[len(_TRAILER):].strip(), mac.hexdigest().encode("ascii"))
            handle.seek(0)
            header = json.loads(handle.readline().decode("utf-8"))  # JSON: safe to look at
            if not isinstance(header, dict) or header.get("magic") != _MAGIC:
                raise ValueError("it is not a wsstories cache file")
            if header.get("format") != FORMAT or header.get("version") != __version__:
                return None  # another version wrote it: start again, quietly
            if not signed:
                raise ValueError("it was not made by wsstories for this user on this machine")
            if header.get("name") != name or header.get("key") != key:
                return None  # made for other settings, another site or another output
            value: dict = {}
            while handle.tell() < size - _TRAILER_SIZE:  # a line at a time: a small peak of memory
                chunk = plain.loads(handle.readline())
                if type(chunk) is not list:
                    raise ValueError("unexpected contents")
                value.update(chunk)
        return value, mac.hexdigest()

    def _unreadable(self, path: Path, exc: Exception, others: int = 0) -> None:
        more = f" (and {others} other part{'s' if others != 1 else ''} of it)" if others else ""
        self.warn(f"the build cache file '{path}'{more} could not be read ({_reason(exc)}); "
                  "it was ignored and the work is done again")

    def save(self, name: str, value: dict, key: str = "") -> None:
        """Keep ``value`` under ``name``; written whole or not at all. Never fails a build."""
        path = self.path(name)
        if path is not None:
            self._write(path, name, value, key)

    def _write(self, path: Path, name: str, value: dict, key: str) -> str | None:
        """Write ``value`` into ``path`` (a new file renamed over it); its HMAC, or None if not written."""
        secret_key = self.key()
        if secret_key is None:
            return None
        header = {"magic": _MAGIC, "format": FORMAT, "version": __version__, "name": name, "key": key}
        mac = hmac.new(secret_key, digestmod=hashlib.sha256)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                items = list(value.items())
                lines = (plain.dumps(items[start:start + _CHUNK]) for start in range(0, len(items), _CHUNK))
                for line in itertools.chain([json.dumps(header).encode("utf-8")], lines):  # small lines: a small peak
                    mac.update(line + b"\n")
                    handle.write(line + b"\n")
                handle.write(_TRAILER + mac.hexdigest().encode("ascii") + b"\n")
            os.replace(temp, path)
        except OSError as exc:
            self.warn(f"the build cache could not be saved in '{path.parent}' ({exc.strerror or exc}); "
                      "the next build will do all the work again")
            try:
                os.unlink(temp)
            except (OSError, UnboundLocalError):
                pass
            return None
        return mac.hexdigest()


def _reason(exc: Exception) -> str:
    if isinstance(exc, (UnicodeDecodeError, json.JSONDecodeError)):
        return "it is damaged or not a wsstories cache file"
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
