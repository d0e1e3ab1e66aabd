"""What a page reads of the site, recorded while it is made.

A page's key is made of the versions of what its making read, as Lektor
records a page's dependencies while it builds it: nobody writes a page's
dependencies by hand, and a page that starts to show something new is keyed
by it from then on. The view says what each read is now (``_version``).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class Recorded(dict):
    """An index of the view whose every lookup is recorded as a read: ``(kind, key)``.

    Looking through all of it (iterating, ``items()``…) is a read of the whole
    index, ``(kind, "*")``.
    """

    def __init__(self, view: "Reads", kind: str):
        super().__init__()
        self._view, self._kind = view, kind

    def get(self, key, default=None):
        self._view.read(self._kind, key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._view.read(self._kind, key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self._view.read(self._kind, key)
        return super().__contains__(key)

    def _all(self) -> None:
        self._view.read(self._kind, "*")

    def __iter__(self):
        self._all()
        return super().__iter__()

    def keys(self):
        self._all()
        return super().keys()

    def values(self):
        self._all()
        return super().values()

    def items(self):
        self._all()
        return super().items()


class Reads:
    """Recording of reads, for a view: :meth:`read` notes one, :meth:`key_of` keys a set of them."""

    _reads: set | None = None  # what the block being recorded has read so far
    _known_versions: dict | None = None  # each read's version, worked out once (a view lives one build)
    _token_texts: dict | None = None  # each read as a key shows it, with its version

    @contextmanager
    def recording(self) -> Iterator[set]:
        """Record what of the site the block reads: a set of tokens that :meth:`version` knows.

        A page's key is made of the versions of what its making read (as
        Lektor records a page's dependencies while it builds it), so a page
        that starts to show something new is keyed by it from then on.
        """
        outer, self._reads = self._reads, set()
        try:
            yield self._reads
        finally:
            if outer is not None:
                outer |= self._reads
            self._reads = outer

    def read(self, kind: str, key: str = "") -> None:
        if self._reads is not None:
            self._reads.add((kind, key))

    def version(self, token: tuple[str, str]) -> str:
        """What ``token`` (read by a page) is in this build: a page's key is made of these."""
        if self._known_versions is None:
            self._known_versions = {}
        known = self._known_versions.get(token)
        if known is None:
            known = self._known_versions[token] = self._version(*token)
        return known

    def key_of(self, reads) -> str:
        """A key of what a page read, in this build."""
        texts = self._token_texts
        if texts is None:
            texts = self._token_texts = {}
        parts = []
        for token in sorted(reads):
            text = texts.get(token)
            if text is None:  # "kind:key=version", made once a build (thousands of pages share it)
                text = texts[token] = f"{token[0]}:{token[1]}={self.version(token)}"
            parts.append(text)
        return "|".join(parts)

    def _version(self, kind: str, key: str) -> str:
        raise NotImplementedError
