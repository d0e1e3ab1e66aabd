"""What a build writes into its stage: pages, feeds, the sitemap, exports, assets and media.

The site's views and templates make each file in memory; this module hands
them to the :class:`~wsstories.output.stage.Stage`, which writes them, and
shares the many pages among forked worker processes. A page whose key is the
last build's is taken over instead of made again: a few pages are keyed by
the values their template is given, the many (stories, cards, goals,
partners) by what of the site their making read (:meth:`SiteView.recording`).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Callable

import jinja2

from .. import __version__
from ..errors import UsageError
from ..model import Story
from ..output.cache import digest
from ..output.imagecache import ImageCache
from ..output.stage import Stage
from ..publication import allows
from ..reading import mediafiles, photos
from ..site import feeds, images, listings, outcomes, sharing
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

    Every key covers the version, the libraries, the theme, the settings,
    goals and partners (``view.key``). A recorded page's key adds what it was
    given and the versions of what it read last time (``reads``); the few
    others add their template's values. A page whose key matches the last
    build's is not made again. Many pages to make are shared among forked worker
    processes. The pages in ``first`` (files) are written first, then ``first_done()``
    is told. Returns (pages, made, what each recorded page read).
    """
    jobs = page_jobs(view)
    groups = [[j for j in jobs if u.page_file(j.path) in first],
              [j for j in jobs if u.page_file(j.path) not in first]] if first else [jobs]
    done, made = {}, set()
    for number, group in enumerate(groups):
        todo = _to_make(stage, view, group, reads, done)
        made.update(item.path for item, _ in todo)
        if progress and todo:
            progress("Writing pages", 0, len(todo))
        try:
            done.update(_render_all(stage, env, view, todo, progress, workers))
        except BaseException:
            for item, _ in todo:  # any of these may have been written: none can be trusted later
                stage.records[u.page_file(item.path)] = "unfinished"
            raise
        if number == 0 and first_done is not None:
            first_done()
    known_files(view, made)  # photos and media of pages taken over
    view.media_of.update(_media_rendered(view))  # remembered: not rendered again only for them
    return len(jobs), len(made), done


def _to_make(stage: Stage, view: SiteView, jobs: list[Job], reads: dict[str, tuple],
             kept: dict[str, tuple]) -> list[tuple[Job | Page, str | None]]:
    """Take over the ``jobs`` whose key is unchanged (their reads into ``kept``); the others,
    with their key when it is known before they are made (a recorded page's is not)."""
    todo: list[tuple[Job | Page, str | None]] = []
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


def write_feeds(stage: Stage, view: SiteView) -> None:
    """One language's Atom and JSON feeds (stories and celebrations), and one of each per goal.

    Each feed holds the newest :data:`feeds.FEED_LIMIT` entries: feed readers
    poll often, and a feed of every story would grow without end.
    """
    site, urls = view.site, view.urls
    shown = {s.id for s in view.stories}
    stories = [s for s in feeds.feed_stories(site) if s.id in shown]
    newest = stories[:feeds.FEED_LIMIT]
    by_goal: dict[str, list[Story]] = {}
    for story in stories:
        if len(by_goal.setdefault(story.goal, [])) < feeds.FEED_LIMIT:
            by_goal[story.goal].append(story)
    title = view.settings.title
    site = replace(site, settings=view.settings)  # the site's title and description in its language
    view.feed_texts = {s.body for s in newest} | {s.body for g in by_goal.values() for s in g}
    html: dict[str, str] = {}

    def rendered(chosen: list[Story]) -> dict[str, str]:
        for story in chosen:
            if story.id not in html:
                html[story.id] = str(view.markdown(story.body))
        return html

    def write_pair(base: str, key: str, name: str, entries) -> None:
        paths = (f"{base}feed.xml", f"{base}feed.json")
        if all(stage.unchanged(p, key) for p in paths) and all(stage.keep(p, key) for p in paths):
            return  # nothing in this feed changed
        entries = entries()
        stage.write(paths[0], feeds.atom(site, urls, entries, paths[0], name, view.lang), key=key)
        stage.write(paths[1], feeds.json_feed(site, urls, entries, paths[1], name, view.lang), key=key)

    def main_entries():
        entries = feeds.story_entries(site, newest, rendered(newest), view.story_path,
                                      view.goal_title)
        entries += [feeds.Entry(view.path(f"celebrations/{c.id}/"), c.title, c.summary,
                                str(view.markdown(c.body)), c.date, site.settings.language)
                    for c in view.celebrations]
        entries.sort(key=lambda e: (e.date, e.path), reverse=True)
        return entries[:feeds.FEED_LIMIT]

    # A feed with no entries is dated today (its <updated>): then the day is part of its key.
    empty = "" if newest or view.celebrations else site.today.isoformat()
    write_pair(view.path(""), digest(view.key, "feed", repr(view.celebrations), empty,
                                     *(view.story_key(s) for s in newest)), title, main_entries)
    for ident, goal in site.goals.items():
        chosen = by_goal.get(ident, [])
        write_pair(view.path(u.goal(ident)),
                   digest(view.key, "feed", ident, "" if chosen else site.today.isoformat(),
                          *(view.story_key(s) for s in chosen)),
                   f"{view.goal_title(ident)} — {title}",
                   lambda chosen=chosen: feeds.story_entries(site, chosen, rendered(chosen),
                                                             view.story_path, view.goal_title))


def _feed_choice(view: SiteView) -> tuple[list[Story], dict[str, list[Story]], list[Story]]:
    """The stories of one language's feeds (chosen as :func:`write_feeds` chooses them): the
    newest, the newest of each goal, and all of them, so that workers send their HTML back."""
    shown = {s.id for s in view.stories}
    stories = [s for s in feeds.feed_stories(view.site) if s.id in shown]
    newest = stories[:feeds.FEED_LIMIT]
    by_goal: dict[str, list[Story]] = {}
    for story in stories:
        if len(by_goal.setdefault(story.goal, [])) < feeds.FEED_LIMIT:
            by_goal[story.goal].append(story)
    return newest, by_goal, newest + [s for group in by_goal.values() for s in group]


def write_sitemap(stage: Stage, views: list[SiteView]) -> None:
    """sitemap.xml (published pages only, with each page's other languages) and robots.txt."""
    first = views[0]
    site = first.site
    entries: list[tuple[str, dt.date | None, dict[str, str]]] = []
    for view in views:
        published = [s for s in view.stories if s.published]
        newest = published[0].date if published else None
        listing = ["", "goals/", "partners/", "outcomes/", "celebrations/", "accessibility/"]
        listing += [u.goal(g) for g in site.goals] + [u.partner(p.id) for p in view.partners]
        listing += [f"celebrations/{c.id}/" for c in view.celebrations]
        everywhere = {lang: set(listings.paths([s for s in view.stories_in(lang) if s.published], site))
                      for lang in site.settings.languages}
        listing += listings.paths(published, site)
        for page in listing:
            others = {v["lang"]: v["url"] for v in view.page_versions(page)
                      if not page.startswith(listings.ROOT) or page in everywhere[v["lang"]]}
            entries.append((view.path(page), newest if page in ("", "goals/", "outcomes/") else None,
                            others))
        for story in published:
            versions = {v["lang"]: v["url"] for v in view.versions(story)}
            entries.append((view.story_path(story), story.date, versions))
    key = digest("sitemap", first.urls.base_url, repr(entries))
    if not stage.keep("sitemap.xml", key):
        stage.write("sitemap.xml", feeds.sitemap(first.urls, entries), key=key)
    stage.write("robots.txt", feeds.robots(first.urls, first.drafts))


def write_exports(stage: Stage, view: SiteView) -> None:
    """outcomes.csv and outcomes.json: the figures of the outcomes page, suppression included."""
    rows = outcomes.rows(view.site, view.figures)
    stage.write("outcomes.csv", outcomes.csv_text(rows).encode("utf-8"))
    stage.write("outcomes.json", outcomes.json_text(view.site, rows, view.figures).encode("utf-8"))


def write_share_images(stage: Stage, view: SiteView) -> None:
    """A share image for each story whose storyteller agreed to social sharing."""
    for story in view.stories:
        if allows(story, "social"):
            path = f"{view.story_path(story)}share.png"
            key = digest(__version__, "share-dejavu", story.title, story.storyteller.name,
                         story.storyteller.naming, view.settings.title)
            if not stage.keep(path, key):
                stage.write(path, sharing.share_image(story, view.settings.title), key=key)


def write_assets(stage: Stage, folders: list[Path]) -> None:
    """The themes' static files under assets/, the site's own winning over the default."""
    written: set[str] = set()
    for folder in folders:
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            relative = path.relative_to(static).as_posix()
            if path.is_file() and not path.is_symlink() and relative not in written:
                stage.copy(path, "assets/" + relative)
                written.add(relative)


def write_media(stage: Stage, source: Path, media: set[str], cache: ImageCache) -> None:
    """The media files that published pages use, and no others; images encoded again."""
    root = source.resolve()
    for written in sorted(media):
        try:  # the renderer asked already; asked again, the file system may have changed
            relative = mediafiles.media_path(written)
            path = mediafiles.media_file(root, relative)
        except mediafiles.MediaProblem:  # check reported it
            continue
        if photos.is_image(relative):
            stage.write(relative, images.plain_copy(root, relative, cache)[0])  # never the original
        else:
            stage.copy(path, relative)
