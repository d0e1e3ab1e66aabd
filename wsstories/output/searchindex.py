"""The search index: Pagefind over the built story pages, in parts of a bounded size.

Pagefind keeps every page it reads in memory (about 0.2 MB a story page), so
a large site is indexed in parts: each language's searchable story pages, in
the order of their paths, in blocks of at most :data:`DEFAULT_PAGES` (or
``$WSSTORIES_SEARCH_PAGES``), each block by its own Pagefind process into
``pagefind/LANG-N/``. The search page of a language loads that language's
first part and merges the others into it (PagefindUI's ``mergeIndex``), so
one search covers them all. A site with no more searchable pages than one
part has a single index, ``pagefind/``, for every language.

Each part is indexed from a folder of hard links to its pages only (same
paths, so the same URLs), beside the pages and removed afterwards: Pagefind
never walks the folder that the build is still writing into. Parts run in a
background thread, one Pagefind at a time (two on four cores or more), while
the build writes the rest of the site.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import UsageError, WsStoriesError
from .cache import digest
from .stage import link_or_copy

#: The most story pages one Pagefind process indexes (about 0.4 GB of its memory).
DEFAULT_PAGES = 2000
#: Sets another number of pages a part (tests use a tiny one to have several parts).
PAGES_VARIABLE = "WSSTORIES_SEARCH_PAGES"
#: Where a part's pages are linked while it is indexed, inside the folder being indexed.
LINKS_FOLDER = ".pagefind-pages"
ROOT = "pagefind/"


@dataclass(frozen=True)
class Part:
    """One Pagefind index: where it goes, which search page loads it, which pages it holds."""

    folder: str  # under the site, ends with "/": "pagefind/" or "pagefind/en-2/"
    lang: str  # the language whose search page loads it; "" for the single index of all
    pages: tuple[str, ...]  # story pages, files relative to the site ("stories/x/index.html")


def part_size() -> int:
    """The most pages a part holds: ``$WSSTORIES_SEARCH_PAGES``, or :data:`DEFAULT_PAGES`."""
    text = os.environ.get(PAGES_VARIABLE, "").strip()
    if not text:
        return DEFAULT_PAGES
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"{PAGES_VARIABLE} must be a whole number of pages, 1 or more, "
                         f"not '{text}'; leave it unset for {DEFAULT_PAGES}")
    return int(text)


def plan(pages: dict[str, list[str]], size: int) -> list[Part]:
    """The parts for each language's searchable pages: one index if all fit in one part.

    Each language's pages are cut into parts in the order given: pages that
    change together (a story and its neighbours, which show its card) should
    be given together, so that an edit makes one part again, not several.
    """
    everything = sorted(p for group in pages.values() for p in group)
    if not everything:
        return []
    if len(everything) <= size:
        return [Part(ROOT, "", tuple(everything))]
    parts = []
    for lang, group in pages.items():
        for number, start in enumerate(range(0, len(group), size), 1):
            parts.append(Part(f"{ROOT}{lang}-{number}/", lang, tuple(group[start:start + size])))
    return parts


def bundles(parts: list[Part], lang: str) -> list[str]:
    """The index folders that the search page in ``lang`` loads, its first part first."""
    return [p.folder for p in parts if p.lang in ("", lang)]


def index_part(site: Path, part: Part, into: Path, started=None, where=None) -> None:
    """Index ``part``'s pages of ``site`` into ``into`` / its folder under pagefind/.

    ``where(page)`` is the file that holds a page, if not ``site``'s own (a page
    the build takes over, still only in the last output).
    """
    links = site / LINKS_FOLDER / (part.folder[len(ROOT):].strip("/") or "all")
    shutil.rmtree(links, ignore_errors=True)
    output = into / part.folder[len(ROOT):] if part.folder != ROOT else into
    try:
        for page in part.pages:
            _link(site, links, page, where)
        process = subprocess.Popen(
            [*pagefind_command(), "--site", str(links), "--silent", "--output-path", str(output)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if started is not None:
            started(process)
        out, err = process.communicate()
        if process.returncode != 0:
            said = (err or out).strip()[-500:] or f"it stopped with code {process.returncode}"
            raise WsStoriesError(f"the search index could not be built (Pagefind said: {said})")
    finally:
        shutil.rmtree(links, ignore_errors=True)
        try:
            (site / LINKS_FOLDER).rmdir()
        except OSError:
            pass  # another part's links are still there


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """How Pagefind is run: its program itself where the package says where it is (as
    ``python -m pagefind`` finds it, ``$PAGEFIND_BINARY_PATH`` first), so that no Python
    starts only to start it; else ``python -m pagefind``."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")
    if not found:
        try:
            from pagefind_bin import get_executable
            found = str(get_executable())
        except Exception:  # noqa: BLE001 — not installed as expected: let the package find it
            found = None
    if found and os.path.isfile(found) and os.access(found, os.X_OK):
        return (found,)
    return (sys.executable, "-m", "pagefind")


def _link(site: Path, links: Path, page: str, where=None) -> None:
    parts = PurePosixPath(page).parts
    source, target = site.joinpath(*parts), links.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        link_or_copy(where(page) if where is not None else source, target)
    except FileNotFoundError:
        if where is None:
            raise
        link_or_copy(source, target)  # taken over meanwhile: it is in the site now


class Indexer:
    """Indexes parts in a background thread; :meth:`wait` for them, :meth:`stop` on failure."""

    def __init__(self, site: Path, into: Path, jobs: int | None = None, where=None):
        self.site, self.into, self.where = site, into, where
        cores = os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=jobs or (2 if cores >= 4 else 1))
        self._futures: list[tuple[Part, Future]] = []
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def add(self, part: Part) -> None:
        self._futures.append((part, self._pool.submit(self._run, part)))

    def _run(self, part: Part) -> None:
        if self._stopped:
            return
        index_part(self.site, part, self.into, self._started, self.where)

    def _started(self, process: subprocess.Popen) -> None:
        with self._lock:
            self._running.add(process)
            if self._stopped:
                process.kill()

    def wait(self, progress=None) -> list[Part]:
        """Wait for every part added; the parts indexed, or the first part's error."""
        done = []
        for count, (part, future) in enumerate(self._futures, 1):
            future.result()
            done.append(part)
            if progress:
                progress("Indexing for search", count, len(self._futures))
        self._futures = []
        return done

    def stop(self) -> None:
        """End every Pagefind still running and wait for the thread (the build failed)."""
        self._stopped = True
        with self._lock:
            for process in self._running:
                if process.poll() is None:
                    process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)


class Search:
    """The search index of one build: each part taken over, indexed now, or left for later.

    A part whose pages are all unchanged (by their keys) is taken over from
    the last output. ``defer`` (``serve``) leaves the last index in place and
    returns the parts to make from :meth:`finish`, for :func:`finish_later`.
    """

    def __init__(self, stage, parts: list[Part], defer: bool = False):
        self.stage, self.parts, self.defer = stage, parts, defer
        self.indexer: Indexer | None = None
        self.indexed: list[tuple[Part, str]] = []  # indexed by this build, with their keys
        self.pending: list[tuple[Part, str]] = []
        self._begun: set[str] = set()

    def pages(self, lang: str) -> set[str]:
        """The pages of the parts that :meth:`start` begins for ``lang``: written first."""
        return {page for part in self.parts if part.lang == lang for page in part.pages}

    def key(self, part: Part) -> str:
        key_of = self.stage.key_of  # a page's key: written, or to be taken over
        return "search:" + digest(part.folder, *(f"{p}:{key_of(p)}" for p in part.pages))

    def start(self, lang: str | None) -> None:
        """Begin the parts of ``lang``, whose pages are written (None: every part left): those
        whose pages changed first, so that they are indexed while the others are taken over."""
        begun = [(part, self.key(part)) for part in self.parts
                 if part.folder not in self._begun and (lang is None or part.lang == lang)]
        self._begun.update(part.folder for part, _ in begun)
        begun.sort(key=lambda found: self.stage.made_with(found[0].folder, found[1]))
        for part, key in begun:
            if self.stage.keep_folder(part.folder, key):
                continue  # no page that it reads changed
            if self.defer:
                self.pending.append((part, key))
                continue
            if self.indexer is None:
                self.indexer = Indexer(self.stage.root, self.stage.root / ROOT, where=self.stage.file_of)
            self.indexer.add(part)
            self.indexed.append((part, key))

    def finish(self, progress=None) -> tuple[list[Part], list[tuple[Part, str]]] | None:
        """Wait for the parts and record their files; what is left for later, or None."""
        stage = self.stage
        if self.indexer is not None:
            if progress:
                progress("Indexing for search", 0, len(self.indexed))
            try:
                self.indexer.wait(progress)
            finally:
                self.indexer.stop()
            for part, key in self.indexed:
                stage.record_folder(part.folder, key)
        if not self.pending:
            return None
        for path, key in stage.previous.items():  # the old index stays until the new one is made
            if path.startswith(ROOT) and path in stage.previous_digests and path not in stage.records:
                stage.records[path] = key
                stage.digests[path] = stage.previous_digests[path]
        return self.parts, self.pending

    def stop(self) -> None:
        if self.indexer is not None:
            self.indexer.stop()


def finish_later(output: Path, pending, files: dict[str, str]) -> dict[str, str]:
    """Make the parts that :meth:`Search.finish` left, beside the index, and swap it in.

    ``files`` are the keys of the output's files; returns the keys of the new
    index's files. Parts that did not change are linked over from the old index.
    """
    parts, changed = pending
    fresh, current = output / ".pagefind.new", output / ROOT
    shutil.rmtree(fresh, ignore_errors=True)
    keys = dict((part.folder, key) for part, key in changed)
    indexer = Indexer(output, fresh)
    try:
        for part in parts:
            sub = part.folder[len(ROOT):]
            old = [k for p, k in files.items() if p.startswith(part.folder)]
            if part.folder not in keys and old and (current / sub).is_dir():
                shutil.copytree(current / sub, fresh / sub, copy_function=os.link)
                keys[part.folder] = old[0]
            else:
                keys.setdefault(part.folder, "search:unfinished")
                indexer.add(part)
        indexer.wait()
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        indexer.stop()
    shutil.rmtree(current, ignore_errors=True)
    os.rename(fresh, current)
    made = {}
    for path in current.rglob("*"):
        if path.is_file():
            relative = path.relative_to(output).as_posix()
            made[relative] = keys[max((f for f in keys if relative.startswith(f)), key=len)]
    return made
