"""What a build writes besides pages: feeds, the sitemap, exports, share images, assets and media.

Each is made in memory from the site's views and handed to the
:class:`~wsstories.output.stage.Stage`, keyed so that an unchanged file is
taken over from the last output instead of written again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

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
