"""Processed images, kept between builds so that each photo is made once.

The files live in the build cache's folder; each is trusted again only while
its HMAC, made with the cache's private key, still matches.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from . import cache


class ImageCache:
    """Processed images, kept by the original's hash so each is made once.

    Each file is kept with an HMAC of its name and bytes (``NAME.mac``, made
    with the cache's key, see :func:`wsstories.cache.secret`) and is used
    again only if it still matches: a file cut short, damaged or put there by
    someone else is made again, with a warning, and never published.
    """

    def __init__(self, folder: Path | None, warn=None):
        self.folder = folder
        self.warn = warn or (lambda message: None)
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str, make) -> bytes:
        if self.folder is None:
            return make()
        try:
            secret = cache.secret()
        except cache.KeyProblem:
            return make()  # the build cache warns about the key
        cached, mac = self.folder / key, self.folder / f"{key}.mac"
        if cached.is_file() and mac.is_file():
            try:
                data, expected = cached.read_bytes(), mac.read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                data, expected = b"", ""
            if hmac.compare_digest(expected, _mac(secret, key, data)):
                return data
            self.warn(f"the cached image '{cached}' was damaged or changed since it was made; "
                      "it was made again from the original")
        data = make()
        for path, content in ((cached, data), (mac, _mac(secret, key, data).encode("ascii"))):
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_bytes(content)
            temp.replace(path)
        return data


def _mac(secret: bytes, key: str, data: bytes) -> str:
    mac = hmac.new(secret, key.encode("utf-8") + b"\0", hashlib.sha256)
    mac.update(data)
    return mac.hexdigest()
