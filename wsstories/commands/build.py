"""``build()``: the whole pipeline, top to bottom.

load settings and files → validate and link (``load_site``) → stop on any
error → render pages, feeds and the sitemap → copy assets and media → swap the
new site in. Nothing is written to the output folder unless every step
succeeded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import time
import warnings
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from .. import __version__, publication
from ..checks import example
from ..site import celebrate, feeds, i18n, images, listings, outcomes, sharing
from . import consents
from ..output import integrity, plain, searchindex
from ..reading import mediafiles, photos
from .consents import REMINDER_DAYS
from ..site import urls as u
from ..diagnostics import Diagnostic, Severity
from ..errors import ContentError, UsageError
from ..output.cache import CACHE_FOLDER, Cache, Fingerprints, digest, libraries
from ..output.imagecache import ImageCache
from ..diagnostics import Report
from .load import Memo, Progress, gc_paused, load_site, memo_name
from ..publication import allows
from ..model import Site, Story
from ..output.stage import MANIFEST, Stage, check_output_folder, locked, read_manifest, recover, staged
from ..site.pages import Job, Page, SiteView, page_jobs
from .publish import record_build, source_digest
from ..reading.settings import load_settings
from ..site.render import make_environment, theme_folders
from .workers import die_with_parent
from ..reading.schema import URL_RE

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
    hints: list[Diagnostic] = field(default_factory=list)  # other things worth knowing (info)
    expiring: int = 0  # published stories whose consent ends within consents.REMINDER_DAYS
    first_expiry: dt.date | None = None  # the soonest of those ends

    def reminder(self) -> str | None:
        """The one line about consents that end soon, or None when none does."""
        if not self.expiring:
            return None
        whose = "story's consent expires" if self.expiring == 1 else "stories' consent expires"
        return (f"{self.expiring} {whose} within {REMINDER_DAYS} days (first: "
                f"{self.first_expiry.isoformat()}) — see `wsstories consent`")

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
    Work done by earlier builds into the same output is reused from the build
    cache (``.wsstories-cache/`` beside the output); the output is the same
    either way. ``serve`` keeps a :class:`Builder` between builds instead.
    """
    return Builder(Path(output)).build(source, drafts=drafts, base_url=base_url, theme=theme, today=today,
                         progress=progress)


class Builder:
    """Builds one site into one output folder, remembering what it can between builds.

    Kept between builds (in memory, and in the cache folder unless
    ``persistent`` is false): each file's check result by content, the
    fingerprints of files, and the key of every file of the last output, so
    that a page whose key is unchanged is taken over instead of made again.
    ``in_place`` updates the output file by file (``serve``'s private
    folder); otherwise a new folder is swapped in whole.
    """

    def __init__(self, output: Path, *, persistent: bool = True, in_place: bool = False,
                 workers: int | None = None, defer_search: bool = False):
        self.output = Path(output).absolute()
        self.warnings: list[Diagnostic] = []
        folder = self.output.parent / CACHE_FOLDER
        self.cache = Cache(folder if persistent else None, self._warn)
        self.images = ImageCache(folder / "images", self._warn)
        self.in_place = in_place
        self.defer_search = defer_search  # leave search indexing to :meth:`finish_search`
        self.pending_search: tuple | None = None  # the search parts left for later
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._name = f"{self.output.name}-{digest(self.output)[:10]}"
        self._loaded = False
        self._memo_source: Path | None = None
        self._digest: tuple[Path, str] | None = None
        self._figures_memo: tuple = (None, None, None)
        self._signatures: dict[str, str] = {}
        self._environments: dict[str, tuple[str, jinja2.Environment]] = {}
        self.memo = Memo()
        self.fingerprints = Fingerprints()
        self.previous: dict | None = None  # the last output's record: build id, inputs, file keys
        self.markdown: dict = {}  # (view key, text) → (html, media, story links), shared by builds
        self._feed_texts: list[set[str]] = []
        self.media_of: dict[str, tuple[str, ...]] = {}  # digest of a Markdown text → the media it uses
        self.unchanged = False  # the last build found nothing changed since the one before
        self.last_fresh = 0  # for tests and benchmarks: files checked / pages made by the last build
        self.last_made = 0

    def _warn(self, message: str) -> None:
        self.warnings.append(Diagnostic(self.output.parent / CACHE_FOLDER, None, Severity.WARNING,
                                        "build-cache", message))

    def _load_cache(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        prints = self.cache.load(f"{self._name}-files")
        if prints is not None:
            self.fingerprints = Fingerprints(prints)
        manifest = read_manifest(self.output) or {}
        remembered = self.cache.load(f"{self._name}-markdown", key=libraries())
        if remembered is not None:
            self.markdown.update(remembered)
        media = self.cache.load(f"{self._name}-media", key=libraries())
        if media is not None:
            self.media_of.update(media)
        if manifest.get("build"):
            self.previous = self.cache.load(f"{self._name}-output", key=str(manifest["build"]))

    def build(self, source: Path | str, *, drafts: bool = False, base_url: str | None = None,
              theme: Path | str | None = None, today: dt.date | None = None,
              progress: Progress | None = None) -> BuildResult:
        started = time.perf_counter()
        self.warnings = []
        try:
            # A build makes millions of small objects and almost no cycles: with the collector
            # running, a large site spends a good part of a rebuild walking its own heap.
            with gc_paused(), locked(self.output) if not self.in_place else nullcontext():
                if not self.in_place:
                    recover(self.output, MANIFEST)  # a build or publish killed mid-swap
                return self._build(Path(source), drafts, base_url, theme, today, progress, started)
        except BaseException as failed:
            if self.previous is not None and self.in_place:
                self.previous["inputs"] = None  # files may have changed: never "nothing changed"
            if isinstance(failed, (BuildStopped, ThemeError)):
                record_build(self.output, ok=False, message=str(failed))
            raise

    def _build(self, source: Path, drafts, base_url, theme, today, progress, started) -> BuildResult:
        self._load_cache()
        self._digest = None
        self.fingerprints.start()
        today = today or dt.date.today()
        source = source.absolute()
        options = (drafts, base_url, str(Path(theme).absolute()) if theme else None, today.isoformat())
        inputs = self._inputs(source, options)
        previous = self.previous
        trusted, intact = self._trusted_output()
        if (previous is not None and inputs is not None and previous.get("inputs") == inputs
                and intact and (read_manifest(self.output) or {}).get("build") == previous["build"]):
            # Nothing that the site is made from changed: the output is already this build's.
            record_build(self.output, ok=True, manifest=previous["manifest"])
            self.last_fresh = self.last_made = 0
            self.unchanged = True
            return replace(previous["result"], seconds=time.perf_counter() - started,
                           diagnostics=previous["result"].diagnostics + self.warnings)

        self.unchanged = False
        if self._memo_source != source:  # the check cache is the source's, shared with `check`
            self._memo_source = source
            memo = self.cache.load(memo_name(source))
            self.memo = Memo(memo)
        site, diagnostics = load_site(source, today=today, progress=progress, memo=self.memo,
                                      fingerprints=self.fingerprints)
        self.last_fresh = self.memo.fresh
        if any(d.severity is Severity.ERROR for d in diagnostics):
            raise BuildStopped(diagnostics)
        site_base_url = site.settings.base_url
        site = _with_overrides(site, base_url, theme)
        out = check_output_folder(site.source, self.output)
        if drafts and not self.in_place:
            _never_over_a_publishable_build(out)

        urls = u.Urls(site.settings.base_url)
        folders = theme_folders(site.settings.theme)
        common = digest(__version__, libraries(), repr(site.settings), drafts,
                        _folders_digest(folders + [site.source / "locale"], self.fingerprints),
                        repr(sorted(site.partners.items())), repr(sorted(site.goals.items())))
        figures, milestones = self._figures(site)
        views = []
        for lang in site.settings.languages:
            words = i18n.translations(lang, site.source / "locale")
            view = SiteView(site, urls, drafts, lang=lang, translations=words, image_cache=self.images,
                            figures=figures, milestones=milestones)
            view.key = digest(common, lang)
            view.memory = self.markdown
            if self._environments.get(lang, (None,))[0] != view.key:  # templates compiled once
                self._environments[lang] = (view.key, make_environment(
                    folders, urls, words, lang, site.settings.language))
            views.append((self._environments[lang][1], view))
        env, view = views[0]
        manifest = {"generator": f"wsstories {__version__}", "base_url": site.settings.base_url,
                    "site_base_url": site_base_url, "drafts": drafts, "date": site.today.isoformat(),
                    "source": self._source_digest(site.source), "stories": [s.id for s in view.stories],
                    "build": None}
        old = (self.output, previous["files"]) if trusted is not None else None
        parts = searchindex.plan({v.lang: [u.page_file(v.story_path(s)) for s in v.stories
                                           if allows(s, "search")] for _, v in views},
                                 searchindex.part_size())
        for _, view_ in views:
            view_.search_bundles = searchindex.bundles(parts, view_.lang)
        with staged(out, manifest, old, in_place=self.in_place, digests=trusted) as stage:
            search = searchindex.Search(stage, parts, self.defer_search)
            try:
                made = 0
                pages = 0
                for env_, view_ in views:
                    view_.media_of = self.media_of
                    view_.feed_wanted = {s.body for s in _feed_choice(view_)[2]}
                    written, made_here = write_pages(stage, env_, view_, progress, self.workers)
                    pages += written
                    made += made_here
                    search.start(view_.lang)  # this language's parts, while the rest is written
                search.start(None)
                for _, view_ in views:
                    write_feeds(stage, view_)
                write_sitemap(stage, [v for _, v in views])
                write_exports(stage, view)
                write_assets(stage, folders)
                write_media(stage, site.source, set().union(*(v.media for _, v in views)), self.images)
                for path, data in sorted({k: d for _, v in views for k, d in v.files.items()}.items()):
                    stage.write(path, data)
                for _, view_ in views:
                    write_share_images(stage, view_)
                self.pending_search = search.finish(progress)
            except BaseException:
                search.stop()
                raise
            files = stage.files
            # Names this output: the same files with the same keys, the same id.
            # (Pagefind names its files differently each run: its folder counts by its key only.)
            build_id = manifest["build"] = digest(*sorted(
                (p, k) for p, k in stage.records.items() if not p.startswith("pagefind/")),
                *sorted({k for p, k in stage.records.items() if p.startswith("pagefind/")}))
        self.last_made = made
        self._feed_texts = [getattr(v, "feed_texts", set()) for _, v in views]
        record_build(out, ok=True, manifest=stage.manifest_sha256)
        result = BuildResult(
            output=out, published=len(site.published_stories),
            drafts=sum(1 for s in view.all_visible if not s.published),
            held_back=publication.held_back_counts(site.stories), pages=pages, files=files,
            seconds=time.perf_counter() - started,
            diagnostics=[d for d in diagnostics if d.severity is not Severity.INFO],
            held=(held := publication.reasons(site.stories)),
            hints=[d for d in diagnostics + example.found(site)
                   if d.severity is Severity.INFO and d not in held],
            **_expiring(site))
        self.previous = {"build": build_id, "inputs": inputs, "files": stage.records,
                         "manifest": stage.manifest_sha256,  # and the time and inode of each file:
                         "stats": integrity.signatures(out, stage.digests),  # after the swap
                         "result": replace(result, diagnostics=[d for d in result.diagnostics
                                                                 if d.rule != "build-cache"])}
        self._save()
        return replace(result, diagnostics=result.diagnostics + self.warnings)

    def _trusted_output(self) -> tuple[dict[str, tuple[int, str]] | None, bool]:
        """The last output's files that are as the last build left them, and whether all are.

        Returns ``({relative path: (size, sha256)}, intact)``, or ``(None,
        False)`` when nothing of it can be taken over (no previous build, or its
        manifest changed). Each file changed, removed or added by hand is
        named in a warning; it is made again (or left out) by this build.
        """
        previous = self.previous
        if previous is None or not previous.get("manifest") or not self.output.is_dir():
            return None, False
        try:
            data = (self.output / MANIFEST).read_bytes()
            listed = integrity.listed_files(json.loads(data))
        except (OSError, ValueError):
            data, listed = b"", None
        if listed is None or hashlib.sha256(data).hexdigest() != previous.get("manifest"):
            self._changed(self.output / MANIFEST, "the build's list of its files was changed or "
                          "removed by hand, so the whole site is made again")
            return None, False
        if self.in_place:  # serve's private folder: only this process writes there
            return listed, True
        found = integrity.differences(self.output, listed, previous.get("stats"))
        for difference in found:
            self._changed(self.output / difference.relative, _CHANGED[difference.kind])
            listed.pop(difference.relative, None)
        return listed, not found

    def _changed(self, path: Path, message: str) -> None:
        self.warnings.append(Diagnostic(path, None, Severity.WARNING, "build-output-changed", message))

    def _figures(self, site: Site) -> tuple[list, list]:
        """The site's figures and milestones, worked out again only when a story or setting changed."""
        signatures, parts = {}, []
        for story in site.stories:  # what figures read of a story: not its words
            known = self._signatures.get(story.digest) if story.digest else None
            if known is None:
                known = repr((story.id, story.goal, story.date, story.outcomes, story.translation_of))
            if story.digest:
                signatures[story.digest] = known
            parts.append(f"{known}{story.decision.published}")
        self._signatures = signatures
        key = digest(repr(site.settings), repr(sorted(site.goals.items())), site.today, *parts)
        if self._figures_memo[0] != key:
            self._figures_memo = (key, outcomes.figures(site), celebrate.milestones(site))
        return self._figures_memo[1], self._figures_memo[2]

    def finish_search(self) -> None:
        """Make the search index that the last build left for later (``defer_search``)."""
        if self.pending_search is None or self.previous is None:
            return
        pending, self.pending_search = self.pending_search, None
        made = searchindex.finish_later(self.output, pending, self.previous["files"])
        files = {p: k for p, k in self.previous["files"].items() if not p.startswith("pagefind/")}
        manifest = read_manifest(self.output) or {}
        listed = {p: v for p, v in manifest.get("files", {}).items() if not p.startswith("pagefind/")}
        for relative, key in made.items():
            files[relative] = key
            data = (self.output / relative).read_bytes()
            listed[relative] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        self.previous["files"] = files
        data = (json.dumps({**manifest, "files": dict(sorted(listed.items()))}, indent=2,
                           sort_keys=True) + "\n").encode("utf-8")
        (self.output / MANIFEST).write_bytes(data)
        self.previous["manifest"] = hashlib.sha256(data).hexdigest()

    def _inputs(self, source: Path, options: tuple) -> str | None:
        """A key of everything a build is made from, or None if it cannot be had."""
        try:
            report = Report()
            settings = load_settings(source, report)
            if report.errors:
                return None
            site_theme = Path(options[2]) if options[2] else settings.theme
            return digest(__version__, libraries(), repr(options), repr(settings),
                          self._source_digest(source),
                          _folders_digest(theme_folders(site_theme), self.fingerprints))
        except (OSError, UnicodeDecodeError, UsageError):
            return None

    def _source_digest(self, source: Path) -> str:
        """The publish check's hash of the source (files read only if they changed), once a build."""
        if self._digest is None or self._digest[0] != source:
            self._digest = (source, source_digest(source, self.fingerprints.of))
        return self._digest[1]

    def _save(self) -> None:
        used = self.memo.used
        if self.cache.folder is None:
            self.memo = Memo(used)  # forget files that are gone
            return
        if self.last_fresh or len(used) != len(self.memo.results):
            self.cache.save(memo_name(self._memo_source), used)
        self.cache.save(f"{self._name}-files", self.fingerprints.seen)
        self.memo = Memo(used)  # forget files that are gone
        self.cache.save(f"{self._name}-output", self.previous, key=self.previous["build"])
        texts = set().union(*self._feed_texts) if self._feed_texts else set()
        self.cache.save(f"{self._name}-markdown",
                        {k: v for k, v in self.markdown.items() if k[1] in texts}, key=libraries())
        self.cache.save(f"{self._name}-media", self.media_of, key=libraries())


plain.register(BuildResult)  # the last build's result is kept with its output's record


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
    return {digest(text): tuple(sorted(media)) for text, (_, media) in view._rendered.items()}


#: The cache folder, beside the output.
#: What a build says of a file of the last output that is not as the build left it.
_CHANGED = {
    "changed": "this file was changed by hand since the last build; it was made again",
    "missing": "this file was removed by hand since the last build; it was made again",
    "extra": "this file was not made by wsstories; it was left out of the new build",
    "link": "this is a link, which wsstories never makes; it was left out of the new build",
    "special": "this is not a regular file; it was left out of the new build",
}


def _folders_digest(folders: list[Path], fingerprints: Fingerprints | None = None) -> str:
    """A key of every file in some folders (a theme, a locale folder)."""
    parts = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                data = fingerprints.of(path) if fingerprints else path.read_bytes()
                parts.append(f"{path.relative_to(folder).as_posix()}:{digest(data)}")
    return digest(*parts)


#: Where ``build --drafts`` writes when no output folder is given: never the publishable one.
PREVIEW_OUTPUT = "output-drafts"


def _never_over_a_publishable_build(out: Path) -> None:
    """A ``--drafts`` preview never takes the place of a build that may be published."""
    manifest = read_manifest(out)
    if manifest is not None and not manifest.get("drafts"):
        raise UsageError(f"the output folder '{out}' holds a build without drafts, the one "
                         "'wsstories publish' sends; a --drafts preview never replaces it. Build "
                         f"the preview into another folder (without --output it goes to "
                         f"'{PREVIEW_OUTPUT}'), or remove '{out}' first")


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


#: Below this many pages to make, starting worker processes costs more than it saves.
PARALLEL_PAGES = 200
_WORK: tuple | None = None  # what forked workers render: (env, view, stage, pages)


def write_pages(stage: Stage, env: jinja2.Environment, view: SiteView,
                progress: Progress | None = None, workers: int = 1) -> tuple[int, int]:
    """Every page into the stage: unchanged ones taken over, the others made.

    A page's key covers its template, the theme, the settings, the version
    and what it shows; a page whose key matches the last build's is not made
    again. Many pages to make are shared among worker processes, forked so
    that they start with the site already in memory. Returns (pages, made).
    """
    todo: list[tuple[Job | Page, str]] = []
    jobs = page_jobs(view)
    for job in jobs:
        if job.depends is not None:
            key = digest(view.key, job.depends)
            item: Job | Page = job
        else:
            item = job.make()
            context = {k: v for k, v in item.context.items() if k != "site"}
            key = digest(view.key, item.template, repr(context))
        if not stage.keep(u.page_file(job.path), key):
            todo.append((item, key))
    known_files(view, {item.path for item, _ in todo})  # photos and media of pages taken over
    total = len(todo)
    if progress and total:
        progress("Writing pages", 0, total)
    try:
        _render_all(stage, env, view, todo, progress, workers)
    except BaseException:
        for item, _ in todo:  # any of these may have been written: none can be trusted later
            stage.records[u.page_file(item.path)] = "unfinished"
        raise
    return len(jobs), total


def _render_all(stage, env, view, todo, progress, workers) -> None:
    total = len(todo)
    if total >= PARALLEL_PAGES and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _render_forked(stage, env, view, todo, progress, workers)
    else:
        for count, (item, key) in enumerate(todo, 1):
            _render(stage, env, item, key)
            if progress and (count % 50 == 0 or count == total):
                progress("Writing pages", count, total)
        view.media_of.update(_media_rendered(view))


def _render(stage: Stage, env: jinja2.Environment, item: "Job | Page", key: str) -> None:
    page = item.make() if isinstance(item, Job) else item
    try:
        html = env.get_template(page.template).render(page.context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or page.template
        line = getattr(exc, "lineno", None)
        raise ThemeError(f"the template {where}{f':{line}' if line else ''} failed while "
                         f"writing {page.path or 'the home page'}: {exc}") from exc
    stage.write(u.page_file(page.path), html.encode("utf-8"), key=key, known_new=True)


def _render_forked(stage, env, view, todo, progress, workers) -> None:
    """Render ``todo`` in forked workers; what they learn (photos, media, records) comes back."""
    global _WORK
    chunk = 64
    slices = [(start, min(start + chunk, len(todo))) for start in range(0, len(todo), chunk)]
    _WORK = (env, view, stage, todo)  # the build runs with the collector paused, so the
    try:                               # workers never touch (and so copy) the parent's objects
        context = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: workers only render
            with context.Pool(min(workers, len(slices)), initializer=die_with_parent,
                              initargs=(os.getpid(),)) as pool:
                done = 0
                for records, digests, files, media, count, texts in pool.imap_unordered(
                        _render_slice, slices):
                    stage.records.update(records)
                    stage.digests.update(digests)
                    stage.files += count
                    view.files.update(files)
                    view.media |= media
                    rendered, media_of = texts
                    view.memory.update(rendered)  # the feeds' entries: not rendered again here
                    view.media_of.update(media_of)
                    done += count
                    if progress:
                        progress("Writing pages", done, len(todo))
    finally:
        _WORK = None


def _render_slice(bounds: tuple[int, int]) -> tuple[dict, dict, dict, set, int, tuple]:
    """Render some pages; what the parent needs of them comes back as plain data: records,
    digests, files made (photos), media used, the count, and the Markdown that feeds show
    (with each text's media)."""
    env, view, stage, todo = _WORK
    before = dict(stage.records)
    view.files.clear()
    view.media.clear()
    files_before = stage.files
    for item, key in todo[bounds[0]:bounds[1]]:
        _render(stage, env, item, key)
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
    return records, digests, dict(view.files), set(view.media), stage.files - files_before, texts


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


def _expiring(site: Site) -> dict:
    """How many published stories' consent ends within the reminder's days, and the first day."""
    days = consents.expiring_soon(site)
    return {"expiring": len(days), "first_expiry": days[0] if days else None}
