"""What a build remembers of the builds before it, in memory and in the cache folder.

All of it is a shortcut: with an empty cache a build makes the same site, only
slower. Each piece is declared here — the last output's :class:`Previous`
record, each file's check result (:class:`~wsstories.commands.load.Memo`),
the files' fingerprints, Markdown already rendered — and is loaded once and
saved after each build that succeeds.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..model import Site
from ..output import integrity, plain
from ..output.cache import CACHE_FOLDER, Cache, Fingerprints, digest, libraries
from ..output.imagecache import ImageCache
from ..output.stage import MANIFEST, read_manifest
from ..site import celebrate, outcomes
from .load import Memo, memo_name
from .publish import source_digest

#: What a build says of a file of the last output that is not as the build left it.
_CHANGED = {
    "changed": "this file was changed by hand since the last build; it was made again",
    "missing": "this file was removed by hand since the last build; it was made again",
    "extra": "this file was not made by wsstories; it was left out of the new build",
    "link": "this is a link, which wsstories never makes; it was left out of the new build",
    "special": "this is not a regular file; it was left out of the new build",
}


@dataclass
class Previous:
    """The last output's record: what the next build may take over from it."""

    build: str  # the output's id (in its manifest)
    inputs: str | None  # a key of everything it was made from; None: never "nothing changed"
    files: dict[str, str]  # each file → its key
    manifest: str  # the sha256 of its manifest
    stats: dict  # each file's size, time and inode after the swap
    result: object  # its BuildResult, given again when nothing changed
    reads: dict[str, tuple] | None = field(default_factory=dict)  # what each recorded page read
    # (None: kept in the cache, not loaded yet; see Memory.earlier_reads)

    def fields(self) -> dict:
        """As the cache keeps it: a dict of its fields."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def of(cls, kept: dict | None) -> "Previous | None":
        """The record kept by :meth:`fields`, or None if there is none of this shape."""
        try:
            return cls(**kept) if kept is not None else None
        except TypeError:
            return None


@dataclass
class Memory:
    """A builder's memory of one output folder, kept between builds."""

    output: Path
    persistent: bool = True
    warnings: list[Diagnostic] = field(default_factory=list)
    previous: Previous | None = None
    memo: Memo = field(default_factory=Memo)  # each file's check result, by content
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    markdown: dict = field(default_factory=dict)  # (base URL, text) → rendered, for the feeds
    media_of: dict = field(default_factory=dict)  # digest of a Markdown text → the media it uses
    feed_texts: list = field(default_factory=list)  # per language, the texts that feeds show
    memo_source: Path | None = None  # the source whose check results ``memo`` holds
    signatures: dict[str, str] = field(default_factory=dict)  # what figures read of each story
    figures_memo: tuple = (None, None, None)  # (key, figures, milestones)
    source_hash: tuple[Path, str] | None = None  # the source's publish hash, worked out once a build
    loaded: bool = False

    def __post_init__(self) -> None:
        folder = self.output.parent / CACHE_FOLDER
        me = weakref.ref(self)  # no cycle: a memory that nobody holds is freed at once, not by the collector

        def warn(message: str) -> None:
            memory = me()
            if memory is not None:
                memory.warn(message)

        self.cache = Cache(folder if self.persistent else None, warn)
        self.images = ImageCache(folder / "images", warn)
        self.name = f"{self.output.name}-{digest(self.output)[:10]}"

    def warn(self, message: str) -> None:
        self.warnings.append(Diagnostic(self.output.parent / CACHE_FOLDER, None, Severity.WARNING,
                                        "build-cache", message))

    def changed(self, path: Path, message: str) -> None:
        self.warnings.append(Diagnostic(path, None, Severity.WARNING, "build-output-changed", message))

    def load(self) -> None:
        """Read what earlier builds left in the cache folder, once."""
        if self.loaded:
            return
        self.loaded = True
        prints = self.cache.load_parts(f"{self.name}-files")
        if prints is not None:
            self.fingerprints = Fingerprints(prints)
        remembered = self.cache.load_parts(f"{self.name}-markdown", key=libraries())
        if remembered is not None:
            self.markdown.update(remembered)
        media = self.cache.load_parts(f"{self.name}-media", key=libraries())
        if media is not None:
            self.media_of.update(media)
        manifest = read_manifest(self.output) or {}
        if manifest.get("build"):
            self.previous = self._load_previous(str(manifest["build"]))

    def start(self) -> None:
        """A new build: files may have changed since the last one."""
        self.source_hash = None
        self.fingerprints.start()

    @property
    def figures_key(self) -> str | None:
        return self.figures_memo[0]

    def figures(self, site: Site) -> tuple[list, list]:
        """The site's figures and milestones, worked out again only when a story or setting changed."""
        signatures, parts = {}, []
        for story in site.stories:  # what figures read of a story: not its words
            known = self.signatures.get(story.digest) if story.digest else None
            if known is None:
                known = repr((story.id, story.goal, story.date, story.outcomes, story.translation_of))
            if story.digest:
                signatures[story.digest] = known
            parts.append(f"{known}{story.decision.published}")
        self.signatures = signatures
        key = digest(repr(site.settings), repr(sorted(site.goals.items())), site.today, *parts)
        if self.figures_memo[0] != key:
            kept = self.cache.load(f"{self.name}-figures", key=key) or {}
            figures, milestones = kept.get("figures"), kept.get("milestones")
            if not (_all(figures, outcomes.Figure) and _all(milestones, celebrate.Milestone)):
                figures, milestones = outcomes.figures(site), celebrate.milestones(site)
                kept = {"figures": figures, "milestones": milestones}
                self.cache.save(f"{self.name}-figures", kept, key=key)
            self.figures_memo = (key, figures, milestones)
        return self.figures_memo[1], self.figures_memo[2]

    def spare_folders(self) -> Path | None:
        """Where the last output's folders are kept, empty, for the next build (:mod:`..output.spare`)."""
        return None if self.cache.folder is None else self.cache.folder / f"{self.name}-folders"

    def source_digest(self, source: Path) -> str:
        """The publish check's hash of the source (files read only if they changed), once a build."""
        if self.source_hash is None or self.source_hash[0] != source:
            self.source_hash = (source, source_digest(source, self.fingerprints.of))
        return self.source_hash[1]

    #: The fields of :class:`Previous` that grow with the site, each kept apart, so that the
    #: cache writes and reads them a few entries a line (a small peak of memory); those that
    #: an edit changes in a few places only are kept in parts (by folder: a story's files
    #: together, each search part's together), so that an edit rewrites only those parts.
    #: The pages' reads are loaded only when a build makes pages (not when nothing changed).
    LARGE = ("files", "reads", "stats")
    IN_PARTS = ("files", "reads")

    def _load_previous(self, build: str) -> Previous | None:
        kept = self.cache.load(f"{self.name}-output", key=build)
        if kept is None:
            return None
        kept["files"] = self.cache.load_parts(f"{self.name}-output-files", key=build, whole=True)
        kept["stats"] = self.cache.load(f"{self.name}-output-stats", key=build)
        if kept["files"] is None or kept["stats"] is None:
            return None  # all of the record or none of it
        return Previous.of({**kept, "reads": None})

    def earlier_reads(self) -> dict[str, tuple]:
        """What each recorded page of the last output read ({} if that is not known)."""
        previous = self.previous
        if previous is None:
            return {}
        if previous.reads is None:  # not loaded yet
            previous.reads = self.cache.load_parts(f"{self.name}-output-reads", key=previous.build) or {}
        return previous.reads

    def _save_previous(self) -> None:
        fields, build = self.previous.fields(), self.previous.build
        for name in self.LARGE:
            if name in self.IN_PARTS:
                self.cache.save_parts(f"{self.name}-output-{name}", fields.pop(name), key=build,
                                      group=folder_of)
            else:
                self.cache.save(f"{self.name}-output-{name}", fields.pop(name), key=build)
        self.cache.save(f"{self.name}-output", fields, key=build)

    def checks_of(self, source: Path) -> Memo:
        """The check results of ``source``'s files (shared with ``check``)."""
        if self.memo_source != source:
            self.memo_source = source
            self.memo = Memo(self.cache.load_parts(memo_name(source)))
        return self.memo

    def trusted_output(self, in_place: bool, soon: bool = False):
        """The last output's files that are as the last build left them, and whether all are:
        a function that gives them (``soon``: the output is looked through meanwhile, by a
        forked process, while this one checks the source; a build that will make pages anyway
        need not wait for it).

        Gives ``({relative path: (size, sha256)}, intact)``, or ``(None, False)``
        when nothing of it can be taken over (no previous build, or its manifest
        changed). Each file changed, removed or added by hand is named in a
        warning; it is made again (or left out) by this build.
        """
        previous = self.previous
        if previous is None or not previous.manifest or not self.output.is_dir():
            return lambda: (None, False)
        try:
            data = (self.output / MANIFEST).read_bytes()
            listed = integrity.listed_files(json.loads(data))
        except (OSError, ValueError):
            data, listed = b"", None
        if listed is None or hashlib.sha256(data).hexdigest() != previous.manifest:
            self.changed(self.output / MANIFEST, "the build's list of its files was changed or "
                         "removed by hand, so the whole site is made again")
            return lambda: (None, False)
        if in_place:  # serve's private folder: only this process writes there
            return lambda: (listed, True)
        pending = (integrity.differences_soon if soon else _now)(self.output, listed, previous.stats)
        done: list = []

        def trusted() -> tuple[dict[str, tuple[int, str]], bool]:
            if not done:
                found = pending()
                for difference in found:
                    self.changed(self.output / difference.relative, _CHANGED[difference.kind])
                    listed.pop(difference.relative, None)
                done.append(not found)
            return listed, done[0]

        return trusted

    def forget_inputs(self) -> None:
        """After a failed build files may have changed: the next one never finds "nothing changed"."""
        if self.previous is not None:
            self.previous.inputs = None

    def save_learnt(self, fresh: int, feed_texts: list) -> None:
        """Keep what this build learnt of its files (``fresh``: files checked again; ``feed_texts``:
        per language, the texts that feeds show, whose HTML is kept).

        All of it is keyed by what it was made from, so it is kept as soon as the
        pages are written (while the search index is made), whatever happens next.
        """
        used, self.feed_texts = self.memo.used, feed_texts
        if self.cache.folder is not None:
            if fresh or len(used) != len(self.memo.results):
                self.cache.save_parts(memo_name(self.memo_source), used)
            self.cache.save_parts(f"{self.name}-files", self.fingerprints.seen)
            texts = set().union(*self.feed_texts) if self.feed_texts else set()
            self.cache.save_parts(f"{self.name}-markdown",
                                  {k: v for k, v in self.markdown.items() if k[1] in texts}, key=libraries())
            self.cache.save_parts(f"{self.name}-media", self.media_of, key=libraries())
        self.memo = Memo(used)  # forget files that are gone

    def save(self) -> None:
        """Keep this build's record: what the next build may take over from its output."""
        if self.cache.folder is not None:
            self._save_previous()


plain.register(outcomes.Figure, celebrate.Milestone)  # the figures are kept, by what they read


def _now(root: Path, expected: dict, known: dict):
    found = integrity.differences(root, expected, known)
    return lambda: found


def _all(found: object, kind: type) -> bool:
    return type(found) is list and all(type(item) is kind for item in found)


def folder_of(relative: str) -> str:
    """The first two folders of a path in the output (``stories/maria``): what an edit changes together."""
    first = relative.find("/")
    second = relative.find("/", first + 1) if first >= 0 else -1
    return relative if second < 0 else relative[:second]


def folders_digest(folders: list[Path], fingerprints: Fingerprints | None = None) -> str:
    """A key of every file in some folders (a theme, a locale folder)."""
    parts = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                data = fingerprints.of(path) if fingerprints else path.read_bytes()
                parts.append(f"{path.relative_to(folder).as_posix()}:{digest(data)}")
    return digest(*parts)
