"""A large cache kept in parts, so that saving rewrites only the parts that changed.

Each entry goes into the part that a hash of its key chooses; each part is a
cache file of its own (signed and checked whole, as every cache file), and an
index file, signed too, names each part by its HMAC. A part file is used only
if it is the very file that the index names: a build stopped between writing
a part and the index leaves a part that is not used, and its entries are
simply worked out again. A part that did not change is not written again.
"""

from __future__ import annotations

import hmac
import os
import re
import zlib
from pathlib import Path
from typing import Callable


class InParts:
    """:class:`~.cache.Cache`'s caches in parts (it gives ``path``, ``key``, ``_read``,
    ``_write``, ``_unreadable``, ``folder`` and ``_on_disk``)."""

    def load_parts(self, name: str, key: str = "", whole: bool = False) -> dict | None:
        """What :meth:`save_parts` kept under ``name`` with this ``key``, or None.

        Each part file is checked as a file of its own and must be the very
        file that the index names (by its HMAC). A part that cannot be used is
        left out (with one warning if it is damaged); ``whole``: then nothing is.
        """
        path = self.path(name)
        if path is None or not path.is_file():
            return None
        damaged: list[tuple[Path, Exception]] = []
        value: dict = {}
        try:
            found = self._read(path, name, key)
            count, macs = _index(found[0]) if found is not None else (0, None)
        except Exception as exc:  # noqa: BLE001 — whatever is wrong with it, it is not trusted
            damaged.append((path, exc))
            macs = None
        if macs is not None:
            kept: dict[int, tuple[str, dict]] = {}
            for part, mac in sorted(macs.items()):
                where, part_name = self._part_path(name, part), _part_name(name, part)
                try:
                    got = self._read(where, part_name, "") if where.is_file() else None
                except Exception as exc:  # noqa: BLE001
                    damaged.append((where, exc))
                    got = None
                if got is not None and hmac.compare_digest(got[1], mac):
                    kept[part] = (mac, got[0])  # the caller gets the entries, not this dict
                    value.update(got[0])
            self._on_disk[name] = (key, count, kept)
            if whole and len(kept) != len(macs):
                value = None
        if damaged:
            self._unreadable(damaged[0][0], damaged[0][1], len(damaged) - 1)
        return value if macs is not None else None

    def save_parts(self, name: str, value: dict, key: str = "",
                   group: Callable[[object], str] | None = None) -> None:
        """Keep ``value`` under ``name`` in parts, rewriting only the parts that changed.

        Each entry goes into the part chosen by a hash of its key (of
        ``group(key)``, to keep entries together); the parts are written
        first, then the index that names each by its HMAC, so that a build
        stopped between them leaves parts that the index does not name (not used).
        A part is the same when its entries compare equal to what is on disk (the
        values must be ones that compare equal only when they are kept alike).
        """
        path = self.path(name)
        if path is None or self.key() is None:
            return
        known_key, known_count, known = self._on_disk.get(name, (None, 0, {}))
        count = _part_count(len(value), known_count)
        if count != known_count:
            known = {}
        parts: dict[int, dict] = {}
        text = group or _text
        for entry_key, entry in value.items():
            part = zlib.crc32(text(entry_key).encode("utf-8", "surrogatepass")) % count
            parts.setdefault(part, {})[entry_key] = entry
        kept: dict[int, tuple[str, dict]] = {}
        for part, contents in sorted(parts.items()):
            before = known.get(part)
            if before is not None and before[1] == contents:
                kept[part] = before
                continue
            mac = self._write(self._part_path(name, part), _part_name(name, part), contents, "")
            if mac is None:
                self._on_disk.pop(name, None)
                return
            kept[part] = (mac, contents)
        if known_key == key and count == known_count and kept.keys() == known.keys() and all(
                kept[p][0] == known[p][0] for p in kept):
            return  # nothing changed: the index stays as it is
        macs = {part: mac for part, (mac, _) in kept.items()}
        if self._write(path, name, {"count": count, "macs": macs}, key) is None:
            self._on_disk.pop(name, None)
            return
        self._on_disk[name] = (key, count, kept)
        self._remove_parts(name, set(macs))

    def _part_path(self, name: str, part: int) -> Path:
        return self.folder / f"{_part_name(name, part)}.cache"

    def _remove_parts(self, name: str, listed: set[int]) -> None:
        """Remove the part files of ``name`` that its index no longer names."""
        pattern = re.compile(rf"{re.escape(name)}\.p([0-9a-f]{{2}})\.cache")
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for found in names:
            match = pattern.fullmatch(found)
            if match and int(match.group(1), 16) not in listed:
                try:
                    os.unlink(self.folder / found)
                except OSError:
                    pass


#: Entries a part of a cache in parts holds at most, about; and the most parts it has.
PART_ENTRIES = 400
MAX_PARTS = 256


def _part_name(name: str, part: int) -> str:
    return f"{name}.p{part:02x}"


def _part_count(entries: int, before: int) -> int:
    """How many parts ``entries`` go into: a power of two; ``before`` is kept while it is near."""
    count = 1
    while count < MAX_PARTS and count * PART_ENTRIES < entries:
        count *= 2
    return before if before and count // 2 <= before <= count * 2 else count


def _text(key: object) -> str:
    if type(key) is str:
        return key
    if type(key) is tuple:
        return "\0".join(map(str, key))
    return repr(key)


def _index(value: dict) -> tuple[int, dict[int, str]]:
    """The count and the HMAC of each part, from an index file (ValueError if it is not one)."""
    count, macs = value.get("count"), value.get("macs")
    if (type(count) is not int or not 1 <= count <= MAX_PARTS or type(macs) is not dict
            or any(type(p) is not int or not 0 <= p < count or type(m) is not str or len(m) != 64
                   for p, m in macs.items())):
        raise ValueError("unexpected contents")
    return count, macs
