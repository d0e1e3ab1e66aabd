"""``build()``: the whole pipeline, top to bottom.

    what changed? → read and check (``load_site``) → plan the site → write it
    into a stage and swap it in → remember what was made

Nothing is written to the output folder unless every step succeeded. Each
stage below is a method of :class:`Builder` that takes and returns plain
data (:class:`Request`, :class:`Plan`, :class:`Written`); what a builder
keeps between builds is its :class:`~wsstories.commands.memory.Memory`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from .. import __version__, publication
from ..checks import example
from ..diagnostics import Diagnostic, Report, Severity
from ..errors import ContentError, UsageError
from ..model import Site
from ..output import integrity, plain, searchindex
from ..output.cache import digest, libraries
from ..output.stage import MANIFEST, check_output_folder, locked, read_manifest, recover, staged
from ..publication import allows
from ..reading.schema import URL_RE
from ..reading.settings import load_settings
from ..site import i18n
from ..site import urls as u
from ..site.render import make_environment, theme_folders
from ..site.views import SiteView
from . import consents, write
from .consents import REMINDER_DAYS
from .load import Progress, gc_paused, load_site
from .memory import Memory, Previous, folders_digest
from .publish import record_build
from .write import ThemeError

__all__ = ["BuildResult", "BuildStopped", "Builder", "PREVIEW_OUTPUT", "ThemeError", "build"]


class BuildStopped(ContentError):
    """The source has errors; they are in ``diagnostics`` and nothing was written."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        count = sum(d.severity is Severity.ERROR for d in diagnostics)
        super().__init__(f"build stopped: {count} error{'s' if count != 1 else ''} in the "
                         "source; nothing was written and the previous site is unchanged")


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


plain.register(BuildResult)  # the last build's result is kept with its output's record


@dataclass(frozen=True)
class Request:
    """What one build is asked to do."""

    source: Path
    drafts: bool
    base_url: str | None
    theme: Path | None
    today: dt.date
    progress: Progress | None
    started: float  # perf_counter() when it was asked

    @property
    def options(self) -> tuple:
        return (self.drafts, self.base_url, str(self.theme) if self.theme else None,
                self.today.isoformat())


@dataclass
class Plan:
    """The site as it will be written: checked, with one view and template set per language."""

    site: Site
    diagnostics: list[Diagnostic]
    output: Path
    folders: list[Path]  # theme folders, the site's own first
    views: list[tuple[jinja2.Environment, SiteView]]
    manifest: dict
    search_parts: dict


@dataclass(frozen=True)
class Written:
    """What the stage holds once the new site is swapped in."""

    pages: int
    made: int
    files: int
    build_id: str
    records: dict[str, str]
    reads: dict[str, tuple]
    manifest_sha256: str
    digests: dict
    result: BuildResult  # worked out while the search index was made: ``files`` and ``seconds`` to add


def build(source: Path | str, output: Path | str, *, drafts: bool = False,
          base_url: str | None = None, theme: Path | str | None = None,
          today: dt.date | None = None, progress: Progress | None = None) -> BuildResult:
    """Check ``source`` and build its site into ``output``, all or nothing.

    ``progress(what, done, total)`` is called as work advances, for a display.
    Work done by earlier builds into the same output is reused from the build
    cache (``.wsstories-cache/`` beside the output); the output is the same
    either way. ``serve`` keeps a :class:`Builder` between builds instead.
    """
    return Builder(Path(output)).build(source, drafts=drafts, base_url=base_url, theme=theme,
                                       today=today, progress=progress)


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
        self.memory = Memory(self.output, persistent)
        self.in_place = in_place
        self.defer_search = defer_search  # leave search indexing to :meth:`finish_search`
        self.pending_search: tuple | None = None  # the search parts left for later
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._environments: dict[str, tuple[str, jinja2.Environment]] = {}
        self.unchanged = False  # the last build found nothing changed since the one before
        self.last_fresh = 0  # for tests and benchmarks: files checked / pages made by the last build
        self.last_made = 0

    @property
    def previous(self) -> Previous | None:
        return self.memory.previous

    def build(self, source: Path | str, *, drafts: bool = False, base_url: str | None = None,
              theme: Path | str | None = None, today: dt.date | None = None,
              progress: Progress | None = None) -> BuildResult:
        request = Request(Path(source).absolute(), drafts, base_url,
                          Path(theme).absolute() if theme else None, today or dt.date.today(),
                          progress, time.perf_counter())
        self.memory.warnings = []
        try:
            # A build makes millions of small objects and almost no cycles: with the collector
            # running, a large site spends a good part of a rebuild walking its own heap.
            with gc_paused(), locked(self.output) if not self.in_place else nullcontext():
                if not self.in_place:
                    recover(self.output, MANIFEST)  # a build or publish killed mid-swap
                return self._build(request)
        except BaseException as failed:
            if self.in_place:
                self.memory.forget_inputs()
            if isinstance(failed, (BuildStopped, ThemeError)):
                record_build(self.output, ok=False, message=str(failed))
            raise

    def _build(self, request: Request) -> BuildResult:
        """The pipeline: what changed → read and check → plan → write → remember."""
        self.memory.load()
        self.memory.start()
        inputs = self._inputs(request)
        same = self.previous is not None and inputs is not None and self.previous.inputs == inputs
        trusted = self.memory.trusted_output(self.in_place, soon=not same)  # looked at meanwhile
        if same and trusted()[1] and (read_manifest(self.output) or {}).get("build") == self.previous.build:
            return self._same_as_before(request)  # nothing changed, and the output is the last build's
        self.unchanged = False
        try:
            site, diagnostics = self._check(request)
            plan = self._plan(site, diagnostics, request)
        finally:
            files = trusted()[0]  # waited for whatever happens: no process is left behind
        written = self._write(plan, files, request.progress)
        result = replace(written.result, files=written.files, seconds=time.perf_counter() - request.started)
        self._remember(written, inputs, result)
        return replace(result, diagnostics=result.diagnostics + self.memory.warnings)

    # The stages ---------------------------------------------------------------------------

    def _same_as_before(self, request: Request) -> BuildResult:
        previous = self.previous
        record_build(self.output, ok=True, manifest=previous.manifest)
        self.last_fresh = self.last_made = 0
        self.unchanged = True
        return replace(previous.result, seconds=time.perf_counter() - request.started,
                       diagnostics=previous.result.diagnostics + self.memory.warnings)

    def _check(self, request: Request) -> tuple[Site, list[Diagnostic]]:
        """Read and check the source; any error stops the build here (:class:`BuildStopped`)."""
        memo = self.memory.checks_of(request.source)  # the check cache, shared with `check`
        site, diagnostics = load_site(request.source, today=request.today, progress=request.progress,
                                      memo=memo, fingerprints=self.memory.fingerprints)
        self.last_fresh = memo.fresh
        if any(d.severity is Severity.ERROR for d in diagnostics):
            raise BuildStopped(diagnostics)
        return site, diagnostics

    def _plan(self, site: Site, diagnostics: list[Diagnostic], request: Request) -> Plan:
        """Where the site goes, its views and templates per language, and its search parts."""
        site_base_url = site.settings.base_url
        site = _with_overrides(site, request.base_url, request.theme)
        out = check_output_folder(site.source, self.output)
        if request.drafts and not self.in_place:
            _never_over_a_publishable_build(out)
        folders = theme_folders(site.settings.theme)
        views = self._views(site, folders, request.drafts)
        first = views[0][1]
        manifest = {"generator": f"wsstories {__version__}", "base_url": site.settings.base_url,
                    "site_base_url": site_base_url, "drafts": request.drafts,
                    "date": site.today.isoformat(), "source": self.memory.source_digest(site.source),
                    "stories": [s.id for s in first.stories], "build": None}
        parts = searchindex.plan({v.lang: [u.page_file(v.story_path(s)) for s in v.by_goal_in_order()
                                           if allows(s, "search")] for _, v in views},
                                 searchindex.part_size())
        for _, view in views:
            view.search_bundles = searchindex.bundles(parts, view.lang)
        return Plan(site, diagnostics, out, folders, views, manifest, parts)

    def _views(self, site: Site, folders: list[Path], drafts: bool) -> list[tuple[jinja2.Environment, SiteView]]:
        """One view of the site per language, with its templates (compiled once while they hold)."""
        urls = u.Urls(site.settings.base_url)
        common = digest(__version__, libraries(), repr(site.settings), drafts,
                        folders_digest(folders + [site.source / "locale"], self.memory.fingerprints),
                        repr(sorted(site.partners.items())), repr(sorted(site.goals.items())))
        figures, milestones = self.memory.figures(site)
        views = []
        for lang in site.settings.languages:
            words = i18n.translations(lang, site.source / "locale")
            view = SiteView(site, urls, drafts, lang=lang, translations=words,
                            image_cache=self.memory.images, figures=figures, milestones=milestones)
            view.key = digest(common, lang)
            view.figures_key = self.memory.figures_key
            view.memory = self.memory.markdown
            view.media_of = self.memory.media_of
            if self._environments.get(lang, (None,))[0] != view.key:
                self._environments[lang] = (view.key, make_environment(
                    folders, urls, words, lang, site.settings.language))
            views.append((self._environments[lang][1], view))
        return views

    def _write(self, plan: Plan, trusted: dict | None, progress: Progress | None) -> Written:
        """Every file into a stage beside the output, then swapped in (or nothing changes)."""
        previous = self.previous
        old = (self.output, previous.files) if trusted is not None else None
        earlier_reads = self.memory.earlier_reads() if trusted is not None else {}
        with staged(plan.output, plan.manifest, old, in_place=self.in_place, digests=trusted,
                    spare=self.memory.spare_folders()) as stage:
            search = searchindex.Search(stage, plan.search_parts, self.defer_search)
            try:
                pages, made, reads = write.site_files(stage, plan.site, plan.views, plan.folders,
                                                      self.memory.images, earlier_reads, progress,
                                                      self.workers, search.start, search.pages)
                self.memory.save_learnt(self.last_fresh,  # while the search index is made
                                        [getattr(v, "feed_texts", set()) for _, v in plan.views])
                result = self._result(plan, pages, made)
                self.pending_search = search.finish(progress)
            except BaseException:
                search.stop()
                raise
            # Names this output: the same files with the same keys, the same id.
            # (Pagefind names its files differently each run: its folder counts by its key only.)
            build_id = plan.manifest["build"] = digest(*sorted(
                (p, k) for p, k in stage.records.items() if not p.startswith("pagefind/")),
                *sorted({k for p, k in stage.records.items() if p.startswith("pagefind/")}))
        record_build(plan.output, ok=True, manifest=stage.manifest_sha256)
        return Written(pages, made, stage.files, build_id, stage.records, reads,
                       stage.manifest_sha256, stage.digests, result)

    def _result(self, plan: Plan, pages: int, made: int) -> BuildResult:
        site, first = plan.site, plan.views[0][1]
        held = publication.reasons(site.stories)
        reasons = set(held)  # a set: a large site holds back thousands of stories
        ending = consents.expiring_soon(site)  # published stories' consents that end soon
        self.last_made = made
        return BuildResult(
            output=plan.output, published=len(site.published_stories),
            drafts=sum(1 for s in first.all_visible if not s.published),
            held_back=publication.held_back_counts(site.stories), pages=pages, files=0, seconds=0.0,
            diagnostics=[d for d in plan.diagnostics if d.severity is not Severity.INFO],
            held=held, hints=[d for d in plan.diagnostics + example.found(site)
                              if d.severity is Severity.INFO and d not in reasons],
            expiring=len(ending), first_expiry=ending[0] if ending else None)

    def _remember(self, written: Written, inputs: str | None, result: BuildResult) -> None:
        self.memory.previous = Previous(
            build=written.build_id, inputs=inputs, files=written.records,
            manifest=written.manifest_sha256,
            stats=integrity.signatures(self.output, written.digests),  # after the swap
            result=replace(result, diagnostics=[d for d in result.diagnostics if d.rule != "build-cache"]),
            reads=written.reads)
        self.memory.save()

    def finish_search(self) -> None:
        """Make the search index that the last build left for later (``defer_search``)."""
        previous = self.previous
        if self.pending_search is None or previous is None:
            return
        pending, self.pending_search = self.pending_search, None
        made = searchindex.finish_later(self.output, pending, previous.files)
        files = {p: k for p, k in previous.files.items() if not p.startswith("pagefind/")}
        manifest = read_manifest(self.output) or {}
        listed = {p: v for p, v in manifest.get("files", {}).items() if not p.startswith("pagefind/")}
        for relative, key in made.items():
            files[relative] = key
            data = (self.output / relative).read_bytes()
            listed[relative] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        previous.files = files
        data = (json.dumps({**manifest, "files": dict(sorted(listed.items()))}, indent=2,
                           sort_keys=True) + "\n").encode("utf-8")
        (self.output / MANIFEST).write_bytes(data)
        previous.manifest = hashlib.sha256(data).hexdigest()

    def _inputs(self, request: Request) -> str | None:
        """A key of everything a build is made from, or None if it cannot be had."""
        try:
            report = Report()
            settings = load_settings(request.source, report)
            if report.errors:
                return None
            site_theme = request.theme or settings.theme
            return digest(__version__, libraries(), repr(request.options), repr(settings),
                          self.memory.source_digest(request.source),
                          folders_digest(theme_folders(site_theme), self.memory.fingerprints))
        except (OSError, UnicodeDecodeError, UsageError):
            return None

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
