"""``build()``: the whole pipeline, top to bottom.

load settings and files → validate and link (``load_site``) → stop on any
error → render pages, feeds and the sitemap → copy assets and media → swap the
new site in. Nothing is written to the output folder unless every step
succeeded.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from . import __version__, feeds, i18n, images, outcomes, sharing
from . import urls as u
from .diagnostics import Diagnostic, Severity
from .errors import ContentError, UsageError
from .load import Progress, load_site
from .model import Site, Story
from .output import Stage, check_output_folder, staged
from .pages import SiteView, site_pages
from .publish import record_build, source_digest
from .render import make_environment, theme_folders
from .schema import URL_RE

#: The order in which a held-back story's reasons are named: consent first.
_REASON_ORDER = ("consent-withdrawn", "consent-expired", "consent-missing", "consent-not-reviewed",
                 "consent-guardian-missing", "consent-sensitive-not-reviewed", "consent-scope",
                 "consent-future", "publish-scheduled", "publish-review", "publish-draft")
REASON_LABELS = {
    "consent-withdrawn": "consent withdrawn", "consent-expired": "consent expired",
    "consent-missing": "no consent", "consent-not-reviewed": "not reviewed by the storyteller",
    "consent-guardian-missing": "no guardian consent",
    "consent-sensitive-not-reviewed": "sensitive topic not reviewed",
    "consent-scope": "consent does not cover the web", "consent-future": "consent dated ahead",
    "publish-scheduled": "scheduled", "publish-review": "in review", "publish-draft": "draft",
}


class BuildStopped(ContentError):
    """The source has errors; they are in ``diagnostics`` and nothing was written."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        count = sum(d.severity is Severity.ERROR for d in diagnostics)
        super().__init__(f"build stopped: {count} error{'s' if count != 1 else ''} in the "
                         "source; nothing was written and the previous site is unchanged")


class ThemeError(UsageError):
    """A template of the theme failed to render."""


@dataclass(frozen=True)
class BuildResult:
    output: Path
    published: int
    drafts: int
    held_back: dict[str, int]  # reason label → number of stories
    pages: int
    files: int
    seconds: float
    diagnostics: list[Diagnostic]  # errors and warnings
    held: list[Diagnostic] = field(default_factory=list)  # why each story is held back

    def summary(self) -> str:
        """The one line that ends a build."""
        held = sum(self.held_back.values())
        reasons = ", ".join(f"{n} {label}" for label, n in self.held_back.items())
        shown = f", {self.drafts} draft{'s' if self.drafts != 1 else ''} shown" if self.drafts else ""
        return (f"Built {self.published} published stor{'y' if self.published == 1 else 'ies'}"
                f"{shown}; {held} held back{f' ({reasons})' if held else ''}; "
                f"{self.pages} pages written in {self.seconds:.2f} s.")


def build(source: Path | str, output: Path | str, *, drafts: bool = False,
          base_url: str | None = None, theme: Path | str | None = None,
          today: dt.date | None = None, progress: Progress | None = None) -> BuildResult:
    """Check ``source`` and build its site into ``output``, all or nothing.

    ``progress(what, done, total)`` is called as work advances, for a display.
    """
    started = time.perf_counter()
    try:
        return _build(source, Path(output), drafts, base_url, theme, today, progress, started)
    except (BuildStopped, ThemeError) as failed:
        record_build(Path(output), ok=False, message=str(failed))
        raise


def _build(source, output: Path, drafts, base_url, theme, today, progress, started) -> BuildResult:
    site, diagnostics = load_site(source, today=today, progress=progress)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise BuildStopped(diagnostics)
    site_base_url = site.settings.base_url
    site = _with_overrides(site, base_url, theme)
    out = check_output_folder(site.source, output)

    urls = u.Urls(site.settings.base_url)
    folders = theme_folders(site.settings.theme)
    cache = images.ImageCache(out.parent / ".wsstories-cache" / "images")
    views = []
    for lang in site.settings.languages:
        words = i18n.translations(lang, site.source / "locale")
        views.append((make_environment(folders, urls, words, lang, site.settings.language),
                      SiteView(site, urls, drafts, lang=lang, translations=words, image_cache=cache)))
    env, view = views[0]
    manifest = {"generator": f"wsstories {__version__}", "base_url": site.settings.base_url,
                "site_base_url": site_base_url, "drafts": drafts, "date": site.today.isoformat(),
                "source": source_digest(site.source), "stories": [s.id for s in view.stories]}
    with staged(out, manifest) as stage:
        pages = sum(write_pages(stage, env_, view_, progress) for env_, view_ in views)
        for _, view_ in views:
            write_feeds(stage, view_)
        write_sitemap(stage, [v for _, v in views])
        write_exports(stage, view)
        write_assets(stage, folders)
        write_media(stage, site.source, set().union(*(v.media for _, v in views)), cache)
        for path, data in sorted({k: d for _, v in views for k, d in v.files.items()}.items()):
            stage.write(path, data)
        for _, view_ in views:
            write_share_images(stage, view_)
        if any(sharing.can_search(s) for s in view.all_visible):
            if progress:
                progress("Indexing for search", 0, 1)
            sharing.index_search(stage.root)
        files = stage.files
    record_build(out, ok=True)
    return BuildResult(
        output=out, published=len(site.published_stories),
        drafts=sum(1 for s in view.all_visible if not s.published),
        held_back=held_back(site.stories), pages=pages, files=files,
        seconds=time.perf_counter() - started,
        diagnostics=[d for d in diagnostics if d.severity is not Severity.INFO],
        held=[d for d in diagnostics if d.severity is Severity.INFO])


def _with_overrides(site: Site, base_url: str | None, theme: Path | str | None) -> Site:
    settings = site.settings
    if base_url is not None:
        if not URL_RE.match(base_url):
            raise UsageError(f"--base-url must be a full address starting with https://, not '{base_url}'")
        settings = replace(settings, base_url=base_url if base_url.endswith("/") else base_url + "/")
    if theme is not None:
        settings = replace(settings, theme=Path(theme).absolute())
    if settings.theme is not None and not (settings.theme / "templates").is_dir() \
            and not (settings.theme / "static").is_dir():
        raise UsageError(f"the theme folder '{settings.theme}' has no templates/ or static/ folder")
    return replace(site, settings=settings)


def write_pages(stage: Stage, env: jinja2.Environment, view: SiteView,
                progress: Progress | None = None) -> int:
    """Render every page into the stage; returns how many were written."""
    count = 0
    total = 7 + len(view.stories) + sum(sharing.can_print(s) for s in view.stories) + len(view.site.goals) + len(view.partners) + len(view.celebrations)
    for page in site_pages(view):
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or page.template
            line = getattr(exc, "lineno", None)
            raise ThemeError(f"the template {where}{f':{line}' if line else ''} failed while "
                             f"writing {page.path or 'the home page'}: {exc}") from exc
        stage.write(u.page_file(page.path), html.encode("utf-8"))
        count += 1
        if progress and (count % 50 == 0 or count == total):
            progress("Writing pages", count, total)
    return count


def write_feeds(stage: Stage, view: SiteView) -> None:
    """One language's Atom and JSON feeds (stories and celebrations), and one of each per goal."""
    site, urls = view.site, view.urls
    stories = [s for s in feeds.feed_stories(site) if s in view.stories]
    html = {s.id: str(view.markdown(s.body)) for s in stories}
    entries = feeds.story_entries(site, stories, html, view.story_path)
    entries += [feeds.Entry(view.path(f"celebrations/{c.id}/"), c.title, c.summary,
                            str(view.markdown(c.body)), c.date, site.settings.language)
                for c in view.celebrations]
    entries.sort(key=lambda e: (e.date, e.path), reverse=True)
    title = site.settings.title
    stage.write(view.path("feed.xml"), feeds.atom(site, urls, entries, view.path("feed.xml"), title,
                                                  view.lang))
    stage.write(view.path("feed.json"), feeds.json_feed(site, urls, entries, view.path("feed.json"),
                                                        title, view.lang))
    for ident, goal in site.goals.items():
        chosen = feeds.story_entries(site, [s for s in stories if s.goal == ident], html,
                                     view.story_path)
        name = f"{goal.title} — {title}"
        base = view.path(u.goal(ident))
        stage.write(f"{base}feed.xml", feeds.atom(site, urls, chosen, f"{base}feed.xml", name, view.lang))
        stage.write(f"{base}feed.json",
                    feeds.json_feed(site, urls, chosen, f"{base}feed.json", name, view.lang))


def write_sitemap(stage: Stage, views: list[SiteView]) -> None:
    """sitemap.xml (published pages only, with each page's other languages) and robots.txt."""
    first = views[0]
    site = first.site
    entries: list[tuple[str, dt.date | None, dict[str, str]]] = []
    for view in views:
        published = [s for s in view.stories if s.published]
        newest = published[0].date if published else None
        listing = ["", "goals/", "partners/", "outcomes/", "celebrations/"]
        listing += [u.goal(g) for g in site.goals] + [u.partner(p.id) for p in view.partners]
        listing += [f"celebrations/{c.id}/" for c in view.celebrations]
        for page in listing:
            others = {v["lang"]: v["url"] for v in view.page_versions(page)}
            entries.append((view.path(page), newest if page in ("", "goals/", "outcomes/") else None,
                            others))
        for story in published:
            versions = {v["lang"]: v["url"] for v in view.versions(story)}
            entries.append((view.story_path(story), story.date, versions))
    stage.write("sitemap.xml", feeds.sitemap(first.urls, entries))
    stage.write("robots.txt", feeds.robots(first.urls, first.drafts))


def write_exports(stage: Stage, view: SiteView) -> None:
    """outcomes.csv and outcomes.json: the figures of the outcomes page, suppression included."""
    rows = outcomes.rows(view.site, view.figures)
    stage.write("outcomes.csv", outcomes.csv_text(rows).encode("utf-8"))
    stage.write("outcomes.json", outcomes.json_text(view.site, rows, view.figures).encode("utf-8"))


def write_share_images(stage: Stage, view: SiteView) -> None:
    """A share image for each story whose storyteller agreed to social sharing."""
    for story in view.stories:
        if sharing.can_share(story):
            stage.write(f"{view.story_path(story)}share.png",
                        sharing.share_image(story, view.site.settings.title))


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


def write_media(stage: Stage, source: Path, media: set[str], cache: images.ImageCache) -> None:
    """The media files that published pages use, and no others; images encoded again."""
    root = source.resolve()
    for relative in sorted(media):
        path = (root / relative).resolve()
        if root not in path.parents or not path.is_file():  # check reported it
            continue
        target = path.relative_to(root).as_posix()
        if images.is_image(target):
            stage.write(target, images.plain_copy(root, target, cache)[0])  # never the original
        else:
            stage.copy(path, target)


def held_back(stories: tuple[Story, ...]) -> dict[str, int]:
    """How many stories are held back, by their main reason, in a fixed order."""
    counts: Counter[str] = Counter()
    for story in stories:
        if not story.published:
            rules = {r.rule for r in story.decision.reasons}
            main = next((r for r in _REASON_ORDER if r in rules), None)
            counts[REASON_LABELS.get(main, "held back")] += 1
    return {label: counts[label] for label in REASON_LABELS.values() if counts[label]}
