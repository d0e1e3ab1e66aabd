"""Making a build's pages: which to make again, and making them, shared among forked workers.

A page whose key is the last build's is taken over instead of made again: a
few pages are keyed by the values their template is given, the many
(stories, cards, goals, partners) by what of the site their making read
(:meth:`SiteView.recording`). Many pages to make are shared among worker
processes, forked so that they start with the site already in memory.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import warnings

import jinja2

from ..errors import UsageError
from ..output.cache import digest
from ..output.stage import Stage
from ..site import urls as u
from ..site.pages import Job, Page, page_jobs
from ..site.views import SiteView
from .load import Progress
from .workers import die_with_parent


class ThemeError(UsageError):
    """A template of the theme failed to render."""


def known_files(view: SiteView, made: set[str] = frozenset()) -> None:
    """Add to ``view`` the photo sizes and media files that its pages use.

    Rendering finds them too, but a page taken over unchanged from the last
    build is not rendered, and its files must still be written. A story whose
    page is made (its path in ``made``) is left to the worker that renders
    it; the media of a text rendered by an earlier build are remembered in
    ``view.media_of``, so that its Markdown is not rendered again only for them.
    """
    remembered = view.media_of
    stories = [s for s in view.stories if view.story_path(s) not in made]
    for story in stories:
        view.photo(story)
    texts = [s.body for s in stories] + [c.body for c in view.celebrations]
    texts += [g.description for g in view.site.goals.values()]
    texts += [p.description for p in view.site.partners.values()]
    for text in texts:
        media = remembered.get(digest(text))
        if media is not None:
            view.media.update(media)
        else:
            view.markdown(text)  # the real links and images, not link-like text in code


def _media_rendered(view: SiteView, known: int = 0) -> dict[str, tuple[str, ...]]:
    """The media of each Markdown text that ``view`` rendered (after the first ``known``), by the
    text's digest."""
    return {digest(text): tuple(sorted(media))
            for text, (_, media, _) in itertools.islice(view._rendered.items(), known, None)}


#: Below this many pages to make, starting worker processes costs more than it saves.
PARALLEL_PAGES = 200
_WORK: tuple | None = None  # what forked workers render: (env, view, stage, pages)


def plan_pages(stage: Stage, view: SiteView, reads: dict[str, tuple]
               ) -> tuple[int, list[tuple["Job | Page", str | None]], dict[str, tuple]]:
    """Which pages of ``view`` to make: (how many pages it has, the pages to make with their
    keys, the pages taken over with what they read).

    Every key covers the version, the libraries, the theme, the settings,
    goals and partners (``view.key``). A recorded page's key adds what it was
    given and the versions of what it read last time (``reads``); the few
    others add their template's values. A page whose key matches the last
    build's is taken over instead of made again.
    """
    todo: list[tuple[Job | Page, str | None]] = []
    kept: dict[str, tuple] = {}
    jobs = page_jobs(view)
    for job in jobs:
        path = u.page_file(job.path)
        if job.given is not None:
            before = reads.get(path)
            if before is not None and stage.keep(path, recorded_key(view, job, before)):
                kept[path] = before
            else:
                todo.append((job, None))  # its key once it is made: what it reads now
            continue
        item = job.make()
        key = digest(view.key, item.template, repr({k: v for k, v in item.context.items() if k != "site"}))
        if not stage.keep(path, key):
            todo.append((item, key))
    known_files(view, {item.path for item, _ in todo})  # photos and media of pages taken over
    return len(jobs), todo, kept


def render_pages(stage: Stage, env: jinja2.Environment, view: SiteView, todo: list,
                 progress: Progress | None = None, workers: int = 1) -> dict[str, tuple]:
    """Make the pages ``todo`` (from :func:`plan_pages`) into the stage; what each recorded
    page read. Many pages are shared among worker processes, forked so that they start with
    the site already in memory."""
    if not todo:
        return {}
    if progress:
        progress("Writing pages", 0, len(todo))
    try:
        return _render_all(stage, env, view, todo, progress, workers)
    except BaseException:
        for item, _ in todo:  # any of these may have been written: none can be trusted later
            stage.records[u.page_file(item.path)] = "unfinished"
        raise


def recorded_key(view: SiteView, job: Job, reads: tuple) -> str:
    """The key of a recorded page: what it was given and what it read, as they are now."""
    return digest(view.key, job.given, view.key_of(reads))


def _render_all(stage, env, view, todo, progress, workers) -> dict[str, tuple]:
    total = len(todo)
    if total >= PARALLEL_PAGES and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _render_forked(stage, env, view, todo, progress, workers)
    reads: dict[str, tuple] = {}
    known = len(view._rendered)
    for count, (item, key) in enumerate(todo, 1):
        _render(stage, env, view, item, key, reads)
        if progress and (count % 50 == 0 or count == total):
            progress("Writing pages", count, total)
    view.media_of.update(_media_rendered(view, known))
    return reads


def _render(stage: Stage, env: jinja2.Environment, view: SiteView, item: "Job | Page",
            key: str | None, reads: dict[str, tuple]) -> None:
    """Make one page and write it; a recorded job's reads go into ``reads``, its key with them."""
    with view.recording() as read:
        page = item.make() if isinstance(item, Job) else item
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or page.template
            line = getattr(exc, "lineno", None)
            raise ThemeError(f"the template {where}{f':{line}' if line else ''} failed while "
                             f"writing {page.path or 'the home page'}: {exc}") from exc
    path = u.page_file(page.path)
    if key is None:
        reads[path] = tuple(sorted(read))
        key = recorded_key(view, item, reads[path])
    stage.write(path, html.encode("utf-8"), key=key, known_new=True)


def _render_forked(stage, env, view, todo, progress, workers) -> dict[str, tuple]:
    """Render ``todo`` in forked workers; what they learn (photos, media, records) comes back."""
    global _WORK
    chunk = 64
    slices = [(start, min(start + chunk, len(todo))) for start in range(0, len(todo), chunk)]
    _WORK = (env, view, stage, todo)  # the build runs with the collector paused, so the
    reads: dict[str, tuple] = {}       # workers never touch (and so copy) the parent's objects
    try:
        context = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: workers only render
            with context.Pool(min(workers, len(slices)), initializer=die_with_parent,
                              initargs=(os.getpid(),)) as pool:
                done = 0
                for records, digests, files, media, count, texts, read in pool.imap_unordered(
                        _render_slice, slices):
                    stage.records.update(records)
                    stage.digests.update(digests)
                    stage.files += count
                    view.files.update(files)
                    view.media |= media
                    reads.update(read)
                    rendered, media_of = texts
                    view.memory.update(rendered)  # the feeds' entries: not rendered again here
                    view.media_of.update(media_of)
                    done += count
                    if progress:
                        progress("Writing pages", done, len(todo))
    finally:
        _WORK = None
    return reads


def _render_slice(bounds: tuple[int, int]) -> tuple:
    """Render some pages; what the parent needs of them comes back as plain data: records,
    digests, files made (photos), media used, the count, the Markdown that feeds show (with
    each text's media), and what each recorded page read."""
    env, view, stage, todo = _WORK
    before = dict(stage.records)
    view.files.clear()
    view.media.clear()
    files_before = stage.files
    reads: dict[str, tuple] = {}
    for item, key in todo[bounds[0]:bounds[1]]:
        _render(stage, env, view, item, key, reads)
    records = {k: v for k, v in stage.records.items() if before.get(k) != v}
    digests = {k: stage.digests[k] for k in records}
    stage.records.clear()
    stage.records.update(before)
    wanted = view.feed_wanted
    base = view.urls.base_url
    rendered = {(base, text): view.memory[(base, text)] for text in view._rendered
                if text in wanted and (base, text) in view.memory}
    texts = (rendered, _media_rendered(view))
    view._rendered.clear()  # a worker keeps no page's HTML: its memory stays flat
    view.memory.clear()
    return records, digests, dict(view.files), set(view.media), stage.files - files_before, texts, reads
