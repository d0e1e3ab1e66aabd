"""The front half of every command: settings → files → model, with diagnostics.

:func:`load_site` is the library entry point that ``check``, ``build`` and
the tests share. It never raises for a content problem: every problem is a
diagnostic, and the returned site holds only what validated.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import content, sources
from .diagnostics import Diagnostic, Report
from .errors import UsageError
from .model import Site
from .sources import SourceFile

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


def load_site(source: Path | str, today: dt.date | None = None,
              workers: int | None = None) -> tuple[Site, list[Diagnostic]]:
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

    from .settings import load_settings  # settings import model and schema only

    settings = load_settings(source, report)
    skip = (settings.theme,) if settings.theme else ()
    files = read_all(sources.discover(source, report, skip), report, workers)

    by_kind: dict[str, list[SourceFile]] = {"story": [], "partner": [], "goal": [], "celebration": []}
    for src in _unique(files, source, report):
        by_kind[src.kind].append(src)
    partners = {p.id: p for p in (content.make_partner(s, report) for s in by_kind["partner"]) if p}
    goals = {g.id: g for g in (content.make_goal(s, report) for s in by_kind["goal"]) if g}
    stories = [s for s in (content.make_story(src, settings, today, report)
                           for src in by_kind["story"]) if s]
    celebrations = [c for c in (content.make_celebration(s, report)
                                for s in by_kind["celebration"]) if c]
    content.link(source, stories, partners, goals, celebrations, report)

    broken = {d.path for d in report.errors}
    for story in stories:
        for reason in story.decision.reasons:
            report.info(story.path, reason.line, reason.rule, reason.message)
    site = Site(
        source=source, settings=settings, today=today,
        stories=tuple(s for s in stories if s.path not in broken),
        partners={k: p for k, p in partners.items() if p.path not in broken},
        goals={k: g for k, g in goals.items() if g.path not in broken},
        celebrations=tuple(c for c in celebrations if c.path not in broken),
    )
    return site, report.sorted()


def read_all(found: list[tuple[Path, str]], report: Report,
             workers: int | None = None) -> list[SourceFile]:
    """Read and split every file, on several processes when there are many."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(found) >= PARALLEL_THRESHOLD else 1
    if workers <= 1:
        return [f for f in (sources.read(path, kind, report) for path, kind in found) if f]
    chunk = max(1, len(found) // (workers * 4))
    batches = [found[i:i + chunk] for i in range(0, len(found), chunk)]
    files: list[SourceFile] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch_files, batch_report in pool.map(_read_batch, batches):
            files.extend(batch_files)
            report.extend(batch_report)
    return files


def _read_batch(batch: list[tuple[Path, str]]) -> tuple[list[SourceFile], list[Diagnostic]]:
    report = Report()
    files = [f for f in (sources.read(path, kind, report) for path, kind in batch) if f]
    return files, report.items


def _unique(files: list[SourceFile], source: Path, report: Report) -> list[SourceFile]:
    """Files whose id is unique within their kind; each clash is reported once per file."""
    groups: dict[tuple[str, str], list[SourceFile]] = {}
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
