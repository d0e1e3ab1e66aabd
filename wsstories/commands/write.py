"""What a build writes into its stage: pages, feeds, the sitemap, exports, assets and media.

The site's views and templates make each file in memory; this module hands
them to the :class:`~wsstories.output.stage.Stage`, which writes them. The
pages are made by :mod:`.makepages`, the search index's pages first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .. import __version__
from ..model import Story
from ..output.cache import digest
from ..output.imagecache import ImageCache
from ..output.stage import Stage
from ..publication import allows
from ..reading import mediafiles, photos
from ..site import feeds, images, listings, outcomes, sharing
from ..site import urls as u
from ..site.views import SiteView
from .load import Progress
from .makepages import plan_pages, render_pages


def site_files(stage: Stage, site, views: list, folders: list[Path], cache: ImageCache,
               reads: dict[str, tuple], progress: Progress | None, workers: int,
               part_written: Callable[[int | None], None],
               parts: list[frozenset[str]] = ()) -> tuple[int, int, dict[str, tuple]]:
    """Every file of the site into ``stage``: pages of each language, then feeds, the sitemap,
    exports, assets, media and share images. ``reads`` is what the last build's recorded pages
    read. The pages of each part of the search index (``parts``, the page files of each) are
    made first, a part at a time, and ``part_written(number)`` is told when one is written
    (None: all are), so that the index is made while the rest of the site is written.
    Returns (pages, pages made, what this build's recorded pages read)."""
    pages = 0
    now: dict[str, tuple] = {}
    planned = []
    for env, view in views:
        view.feed_wanted = {s.body for s in _feed_choice(view)[2]}
        count, todo, kept = plan_pages(stage, view, reads)
        pages += count
        now.update(kept)
        planned.append((env, view, todo))
    part_of = {page: number for number, files in enumerate(parts) for page in files}
    batches: list[list[list]] = [[[] for _ in planned] for _ in range(len(parts) + 1)]
    for index, (_, _, todo) in enumerate(planned):
        for entry in todo:  # by part, and the pages in no part last
            batches[part_of.get(u.page_file(entry[0].path), len(parts))][index].append(entry)
    made = sum(len(todo) for _, _, todo in planned)
    counted = _Counted(progress, made)
    for number, batch in enumerate(batches):
        for (env, view, _), todo in zip(planned, batch):
            now.update(render_pages(stage, env, view, todo, counted, workers))
            counted.done += len(todo)
        if number < len(parts):
            part_written(number)  # its search index, while the rest is written
        else:
            part_written(None)
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


class _Counted:
    """The progress of pages made in several rounds, shown as one count."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __bool__(self) -> bool:
        return self.progress is not None

    def __call__(self, label: str, count: int, total: int) -> None:
        if self.progress is not None:
            self.progress(label, self.done + count, self.total)


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
