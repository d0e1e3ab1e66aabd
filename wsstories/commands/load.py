"""The front half of every command: settings → files → model, with diagnostics.

:func:`load_site` is the library entry point that ``check``, ``build`` and
the tests share. It never raises for a content problem: every problem is a
diagnostic, and the returned site holds only what validated.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import __version__, publication
from ..checks import drafts, hidden
from ..diagnostics import Diagnostic, Report, Severity, did_you_mean
from ..errors import UsageError
from ..model import Settings, Site, Story
from ..output import plain
from ..output.cache import CACHE_FOLDER, Cache, Fingerprints, digest, libraries
from ..publication import decide
from ..reading import content, sources
from ..reading.settings import load_settings
from .workers import die_with_parent

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400

if TYPE_CHECKING:
    from ..checks import storytelling


Progress = Callable[[str, int, int], None]  # (what, done, total)


class Memo:
    """Each file's result from earlier loads, by a key of its content and everything it was checked against.

    A file whose bytes, settings, day and registry are unchanged is not
    parsed or checked again: its model object and diagnostics are reused.
    """

    def __init__(self, results: dict | None = None):
        self.results: dict[str, tuple[FileResult, list[Diagnostic]]] = dict(results or {})
        self.used: dict[str, tuple[FileResult, list[Diagnostic]]] = {}
        self.fresh = 0  # files checked (not taken from the memo) by the last load


def cached_load(source: Path | str, today: dt.date | None = None,
                progress: Progress | None = None) -> tuple[Site, list[Diagnostic]]:
    """:func:`load_site` with the check cache beside the source (``.wsstories-cache/``).

    ``check`` uses it: files unchanged since the last check or build are not
    checked again. A cache that cannot be read is ignored (with a warning).
    """
    source = Path(source).absolute()
    warnings: list[Diagnostic] = []
    folder = source.parent / CACHE_FOLDER
    cache = Cache(folder, lambda message: warnings.append(Diagnostic(
        folder, None, Severity.WARNING, "build-cache", message)))
    name = memo_name(source)
    memo = Memo(cache.load_parts(name))
    site, diagnostics = load_site(source, today=today, progress=progress, memo=memo)
    if memo.fresh or len(memo.used) != len(memo.results):
        cache.save_parts(name, memo.used)
    return site, warnings + diagnostics


def memo_name(source: Path) -> str:
    """The name of the check cache of one source folder (shared by check and build)."""
    return f"check-{source.name}-{digest(source)[:10]}"


def load_site(source: Path | str, today: dt.date | None = None, workers: int | None = None,
              progress: Progress | None = None, memo: Memo | None = None,
              fingerprints: Fingerprints | None = None) -> tuple[Site, list[Diagnostic]]:
    """Read, validate and link the site in ``source``.

    Returns the site (only the files that validated) and every diagnostic,
    sorted by file and line. ``today`` decides what is published (default:
    the local date). Raises :class:`UsageError` when ``source`` is not a folder.
    """
    source = Path(source).absolute()
    if not source.is_dir():
        raise UsageError(f"the source folder '{source}' does not exist")
    today = today or dt.date.today()
    report = Report()

    settings = load_settings(source, report)
    skip = (settings.theme,) if settings.theme else ()
    found = sources.discover(source, report, skip)
    registry = [f for f in found if f[1] in ("partner", "goal")]
    told = [f for f in found if f[1] not in ("partner", "goal")]
    if memo is not None:
        memo.used, memo.fresh = {}, 0
    with gc_paused():
        results = validate_all(registry, settings, today, report, workers=1, memo=memo,
                               fingerprints=fingerprints)
        names = tuple(sorted(r.item.name for r in results if r.kind == "partner" and r.item))
        audiences = {r.id: r.item.audience for r in results if r.kind == "goal" and r.item}
        results += validate_all(told, settings, today, report, workers, (names, audiences),
                                progress, memo, fingerprints)

    by_kind: dict[str, list] = {"story": [], "partner": [], "goal": [], "celebration": []}
    for result in _unique(results, source, report):
        if result.item is not None:
            by_kind[result.kind].append(result.item)
    partners = {p.id: p for p in by_kind["partner"]}
    goals = {g.id: g for g in by_kind["goal"]}
    stories, celebrations = by_kind["story"], by_kind["celebration"]
    story_ids = {r.id for r in results if r.kind == "story"}
    content.link(source, stories, story_ids, partners, goals, celebrations, report)
    for benchmark in settings.benchmarks:
        if benchmark.goal is not None and benchmark.goal not in goals:
            report.error(source / "site.toml", benchmark.line, "settings-goal-unknown",
                         f"the benchmark '{benchmark.label}' names an unknown goal "
                         f"'{benchmark.goal}'{did_you_mean(benchmark.goal, goals)}")
    if settings.featured is not None and settings.featured not in story_ids:
        report.error(source / "site.toml", settings.featured_line, "settings-featured-unknown",
                     f"featured names an unknown story '{settings.featured}'"
                     f"{did_you_mean(settings.featured, story_ids)}; it is the id of a story, "
                     "its file name without .md")

    stories = publication.translations(stories, settings, today, report)
    unfinished = drafts.settle(report, stories, {path for path, kind in told if kind == "story"})
    broken = {d.path for d in report.errors} | unfinished.left_out
    stories = publication.without_originals(stories, {s.id for s in stories if s.path in broken}
                                 | (story_ids - {s.id for s in stories}))
    report.extend(publication.reasons([s for s in stories if s.path not in broken]))
    site = Site(
        source=source, settings=settings, today=today,
        stories=tuple(s for s in stories if s.path not in broken),
        partners={k: p for k, p in partners.items() if p.path not in broken},
        goals={k: g for k, g in goals.items() if g.path not in broken},
        celebrations=tuple(c for c in celebrations if c.path not in broken),
        notes=drafts.notes_for(report, stories, broken),
        left_out=tuple(sorted(unfinished.left_out)),
    )
    return site, report.sorted()


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file became: its kind and id, and the model object if it is valid."""

    path: Path
    kind: str
    id: str
    item: object | None


def validate_all(found: list[tuple[Path, str]], settings: Settings, today: dt.date,
                 report: Report, workers: int | None = None,
                 registry: tuple[tuple[str, ...], dict[str, str]] = ((), {}),
                 progress: Progress | None = None, memo: Memo | None = None,
                 fingerprints: Fingerprints | None = None) -> list[FileResult]:
    """Read and validate every file, on several processes when there are many.

    Each file is independent until linking, so workers get plain data and
    return plain data: model objects and diagnostics. ``registry`` (partner
    names and each goal's audience) lets stories be checked for ownership
    claims and headlines in the workers too. Files found in ``memo`` (same
    bytes, same settings, day and registry) are not checked again.
    """
    context = digest(__version__, libraries(), repr(settings), today, repr(registry))
    results: list[FileResult | None] = [None] * len(found)  # in the order found, cached or not
    todo: list[tuple[Path, str]] = []  # paths only: the workers read (the parent keeps no bytes)
    places: list[int] = []
    for place, (path, kind) in enumerate(found):
        key = known = None
        if memo is not None:
            try:  # with fingerprints, a file whose size and times are unchanged is not even read
                content = fingerprints.of(path) if fingerprints is not None else _content_digest(path)
                key = digest(context, path, kind, content)
                known = memo.results.get(key)
            except OSError:
                pass
        if known is not None:
            memo.used[key] = known
            results[place] = _decided(known[0], today)
            report.extend(known[1])
        else:
            todo.append((path, kind))
            places.append(place)
    if memo is not None:
        memo.fresh += len(todo)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(todo) >= PARALLEL_THRESHOLD else 1
    if workers <= 1 or len(todo) < 2:
        batches = [todo]
    else:
        chunk = max(1, len(todo) // (workers * 4))
        batches = [todo[i:i + chunk] for i in range(0, len(todo), chunk)]
    done = len(found) - len(todo)
    where = iter(places)
    for batch, (batch_results, diagnostics, keys) in zip(batches, _run_batches(
            batches, workers, settings, today, registry, context)):
        for result, found_here, key in zip(batch_results, diagnostics, keys):
            results[next(where)] = result
            report.extend(found_here)
            if memo is not None and key is not None:
                memo.used[key] = (result, found_here)
        done += len(batch)
        if progress:
            progress("Checking stories", done, len(found))
    return [r for r in results if r is not None]


def _decided(result: FileResult | None, today: dt.date) -> FileResult | None:
    """A remembered result with its publication decision made again from the story itself.

    The cache is never believed over the publication rules: whatever it says
    about a story being published, the rules are applied again on every load.
    """
    if result is not None and isinstance(result.item, Story):
        decision = decide(result.item, today)
        if decision != result.item.decision:  # the same decision: the same objects will do
            return replace(result, item=replace(result.item, decision=decision))
    return result


def _content_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _small_file(path: Path) -> bytes | None:
    """The bytes of a content file, or None if it is too large or unreadable (the check reports it)."""
    try:
        if path.stat().st_size > sources.MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _run_batches(batches, workers, settings, today, registry, context):
    if workers <= 1 or len(batches) < 2:
        for batch in batches:
            yield _validate_batch(batch, settings, today, registry, context)
        return
    _checker(settings, registry)  # made once here; forked workers start with it
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        count = len(batches)
        yield from pool.map(_validate_batch, batches, [settings] * count, [today] * count,
                            [registry] * count, [context] * count)


@contextmanager
def gc_paused():
    """Pause the cycle collector while many small acyclic objects are made.

    Reading creates about a hundred objects a story and no reference cycles;
    without the pause the collector runs thousands of times for nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate_batch(batch: list[tuple[Path, str]], settings: Settings, today: dt.date,
                    registry: tuple[tuple[str, ...], dict[str, str]], context: str = ""
                    ) -> tuple[list[FileResult | None], list[list[Diagnostic]], list[str | None]]:
    with gc_paused():
        return _validate_files(batch, settings, today, registry, context)


def _validate_files(batch: list[tuple[Path, str]], settings: Settings, today: dt.date,
                    registry: tuple[tuple[str, ...], dict[str, str]], context: str = ""
                    ) -> tuple[list[FileResult | None], list[list[Diagnostic]], list[str | None]]:
    """For each file of ``batch``, in order: its result (or None), its diagnostics, and the
    key of the bytes it was made from (None for a file that could not be read)."""
    results, diagnostics, keys = [], [], []
    checker = None
    for path, kind in batch:
        local = Report()
        data = _small_file(path)
        src = sources.read(path, kind, local) if data is None else sources.parse(path, kind, data, local)
        key = digest(context, path, kind, hashlib.sha256(data).digest()) if data is not None else None
        result = None
        if src is not None:
            hidden.check(path, src.meta, src.body, src.body_line, settings, src.excused, local)
            item = content.make(src, settings, today, local)
            if item is not None and kind in ("story", "celebration"):
                checker = checker or _checker(settings, registry)
                if kind == "story":
                    checker.check_story(item, src.excused, local)
                else:
                    checker.check_celebration(item, src.excused, local)
            if isinstance(item, Story):
                item = replace(item, digest=key or "")
            result = FileResult(path, kind, src.id, item)
        results.append(result)
        diagnostics.append(local.items)
        keys.append(key)
    return results, diagnostics, keys


_CHECKERS: dict[str, "storytelling.Checker"] = {}


def _checker(settings: Settings, registry) -> "storytelling.Checker":
    """The storytelling checker for these settings and partners, made once per process (imported
    only then: a build whose files are all unchanged never needs it)."""
    from ..checks import storytelling
    key = digest(repr(settings), repr(registry))
    if key not in _CHECKERS:
        _CHECKERS.clear()
        _CHECKERS[key] = storytelling.Checker(settings, *registry)
    return _CHECKERS[key]


def _unique(files: list[FileResult], source: Path, report: Report) -> list[FileResult]:
    """Files whose id is unique within their kind; each clash is reported once per file."""
    groups: dict[tuple[str, str], list[FileResult]] = {}
    for src in files:
        groups.setdefault((src.kind, src.id), []).append(src)
    unique = []
    for (kind, ident), group in groups.items():
        if len(group) == 1:
            unique.append(group[0])
            continue
        for src in group:
            others = ", ".join(o.path.relative_to(source.resolve()).as_posix()
                               for o in group if o is not src)
            report.error(src.path, None, "file-duplicate-id",
                         f"the id '{ident}' is used by another {kind} too ({others}); "
                         "ids come from file names and must be unique across all folders, "
                         "so rename one of the files")
    return unique


plain.register(FileResult)  # the check cache keeps each file's result
