"""What a build writes into its stage: the pages, then (:mod:`.files`) feeds, the sitemap,
exports, assets and media.

The site's views and templates make each page in memory; this module hands
them to the :class:`~wsstories.output.stage.Stage`, which writes them, and
shares the many pages among forked worker processes. A page whose key is the
last build's is taken over instead of made again: a few pages are keyed by
the values their template is given, the many (stories, cards, goals,
partners) by what of the site their making read (:meth:`SiteView.recording`).
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from pathlib import Path
from typing import Callable

import jinja2

from ..errors import UsageError
from ..output.cache import digest
from ..output.imagecache import ImageCache
from ..output.stage import Stage
from ..site import urls as u
from ..site.pages import Job, Page, page_jobs
from ..site.views import SiteView
from .files import (_feed_choice, write_assets, write_exports, write_feeds, write_media,
                    write_share_images, write_sitemap)
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


def _media_rendered(view: SiteView) -> dict[str, tuple[str, ...]]:
    """The media of each Markdown text that ``view`` rendered, by the text's digest."""
    return {digest(text): tuple(sorted(media)) for text, (_, media, _) in view._rendered.items()}


def site_files(stage: Stage, site, views: list, folders: list[Path], cache: ImageCache,
               reads: dict[str, tuple], progress: Progress | None, workers: int,
               languages_done: Callable[[str | None], None], searched=lambda lang: set()
               ) -> tuple[int, int, dict[str, tuple]]:
    """Every file of the site into ``stage``: pages of each language, then feeds, the sitemap,
    exports, assets, media and share images. ``reads`` is what the last build's recorded pages
    read; ``languages_done(lang)`` is told when a language's pages that search indexes
    (``searched(lang)``) are written, to index them while the rest is written (None: all are).
    Returns (pages, pages made, what this build's recorded pages read)."""
    pages = made = 0
    now: dict[str, tuple] = {}
    for env, view in views:
        view.feed_wanted = {s.body for s in _feed_choice(view)[2]}
        written, made_here, read = write_pages(stage, env, view, reads, progress, workers,
                                               searched(view.lang), lambda: languages_done(view.lang))
        pages, made = pages + written, made + made_here
        now.update(read)
    languages_done(None)
    for _, view in views:
        write_feeds(stage, view)
    write_sitemap(stage, [v for _, v in views])
    write_exports(stage, views[0][1])
    write_assets(stage, folders)
    write_media(stage, site.source, set().union(*(v.media for _, v in views)), cache)
    for path, data in sorted({k: d for _, v in views for k, d in v.files.items()}.items()):
        stage.write(path, data)
    for _, view in views:
        write_share_images(stage, view)
    return pages, made, now


#: Below this many pages to make, starting worker processes costs more than it saves.
PARALLEL_PAGES = 200
_WORK: tuple | None = None  # what forked workers render: (env, view, stage, pages)


def write_pages(stage: Stage, env: jinja2.Environment, view: SiteView, reads: dict[str, tuple],
                progress: Progress | None = None, workers: int = 1, first: set[str] = frozenset(),
                first_done: Callable[[], None] | None = None) -> tuple[int, int, dict]:
    """Every page into the stage: unchanged ones taken over, the others made.

    Every key covers the version, the libraries, the theme, the settings, goals and
    partners (``view.key``). A recorded page's key adds what it was given and the
    versions of what it read last time (``reads``); the few others add their
    template's values. A page whose key matches the last build's is not made again;
    many to make are shared among forked workers. The pages in ``first`` (files) are
    written first, then ``first_done()`` is told (their search part is indexed from
    then on, those taken over read from the last output until they are linked).
    Returns (pages, made, what each recorded page read).
    """
    jobs = page_jobs(view)
    searched = [u.page_file(j.path) in first for j in jobs] if first else []
    groups = [[j for j, s in zip(jobs, searched) if s], [j for j, s in zip(jobs, searched) if not s]
              ] if first else [jobs]
    done, made = {}, set()
    for number, group in enumerate(groups):
        promised: dict[str, tuple] | None = {} if len(groups) > 1 and not number else None
        todo = _to_make(stage, view, group, reads, done, promised)  # first: taken over once indexed
        made.update(item.path for item, _ in todo)
        if progress and todo:
            progress("Writing pages", 0, len(todo))
        try:
            done.update(_render_all(stage, env, view, todo, progress, workers))
            if number == 0 and first_done is not None:
                first_done()
            todo = [promised[path] for path in stage.keep_pending()]  # gone meanwhile: made
            made.update(item.path for item, _ in todo)
            done.update(_render_all(stage, env, view, todo, progress, workers))
        except BaseException:
            for item, _ in todo:  # any of these may have been written: none can be trusted later
                stage.records[u.page_file(item.path)] = "unfinished"
            raise
    known_files(view, made)  # photos and media of pages taken over
    view.media_of.update(_media_rendered(view))  # remembered: not rendered again only for them
    return len(jobs), len(made), done


def _to_make(stage: Stage, view: SiteView, jobs: list[Job], reads: dict[str, tuple],
             kept: dict[str, tuple], later: dict | None = None) -> list[tuple[Job | Page, str | None]]:
    """Take over the ``jobs`` whose key is unchanged (their reads into ``kept``), or with ``later``
    promise to (:meth:`Stage.keep_later`); the others, with their key if known before they are made."""
    keep = stage.keep if later is None else stage.keep_later
    todo: list[tuple[Job | Page, str | None]] = []
    for job in jobs:
        path = u.page_file(job.path)
        if job.given is not None:
            before = reads.get(path)
            if before is not None and keep(path, recorded_key(view, job, before)):
                kept[path] = before
                if later is not None:
                    later[path] = (job, None)
            else:
                todo.append((job, None))  # its key once it is made: what it reads now
            continue
        item = job.make()
        key = digest(view.key, item.template, repr({k: v for k, v in item.context.items() if k != "site"}))
        if not keep(path, key):
            todo.append((item, key))
        elif later is not None:
            later[path] = (item, key)
    return todo


def recorded_key(view: SiteView, job: Job, reads: tuple) -> str:
    """The key of a recorded page: what it was given and what it read, as they are now."""
    return digest(view.key, job.given, view.key_of(reads))


def _render_all(stage, env, view, todo, progress, workers) -> dict[str, tuple]:
    total = len(todo)
    if total >= PARALLEL_PAGES and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _render_forked(stage, env, view, todo, progress, workers)
    reads: dict[str, tuple] = {}
    for count, (item, key) in enumerate(todo, 1):
        _render(stage, env, view, item, key, reads)
        if progress and (count % 50 == 0 or count == total):
            progress("Writing pages", count, total)
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
