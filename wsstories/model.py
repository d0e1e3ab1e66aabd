"""The site model: plain, frozen data with no I/O.

Every later stage (pages, feeds, search, figures) reads these objects. They
are made by ``content.py`` from validated front matter, so every value here
already has the right type.
"""

from __future__ import annotations

import copyreg
import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Mapping

from .rules import DEFAULTS


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A target the partnership holds its figures against (site.toml ``[[benchmarks]]``)."""

    measure: str
    program_year: str
    target: float
    label: str
    goal: str | None = None
    line: int | None = None
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang → {label}


@dataclass(frozen=True, slots=True)
class MilestoneStep:
    """Celebrate each time a figure passes a multiple of ``every`` (``[[milestones]]``)."""

    measure: str
    every: int
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """``site.toml``: see ``schemas.SETTINGS`` for what each setting means."""

    title: str
    base_url: str
    language: str = "en"  # the first of ``languages``
    languages: tuple[str, ...] = ("en",)
    description: str = ""
    consent_years: int = 2
    min_count: int = 5
    theme: Path | None = None
    rules: Mapping[str, str] = field(default_factory=dict)  # rule id → off|info|warning|error
    case_patterns: tuple[str, ...] = ()  # regular expressions of the partnership's case numbers
    benchmarks: tuple[Benchmark, ...] = ()
    milestones: tuple[MilestoneStep, ...] = ()
    publish: Mapping[str, str] = field(default_factory=dict)  # site.toml [publish]
    partnership: str = ""  # the partnership's name (the title when not given)
    logo: str | None = None  # a media/ path; None: the theme's own mark
    favicon: str | None = None  # a media/ path (PNG); None: the theme's own icon
    featured: str | None = None  # a story id; None: the newest story
    featured_line: int | None = None
    contact: Mapping[str, str] = field(default_factory=dict)  # site.toml [contact]: name, email, phone, url
    #: [translations.<lang>]: the title and description in the site's other languages
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def severity(self, rule: str) -> str:
        """The severity set for a storytelling rule, or its default."""
        return self.rules.get(rule, DEFAULTS[rule])


@dataclass(frozen=True, slots=True)
class Partner:
    id: str
    path: Path
    name: str
    type: str
    description: str  # Markdown, in the partner's own words
    body_line: int = 1
    url: str | None = None
    logo_file: str | None = None
    logo_alt: str | None = None
    #: lang → {name, description, logo_alt}, from ``translations:`` in the front matter
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    translation_lines: Mapping[str, int] = field(default_factory=dict)  # "es.description" → line


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    path: Path
    title: str
    audience: str  # job-seeker | employer
    description: str  # Markdown
    body_line: int = 1
    order: int | None = None
    #: lang → {title, description}, from ``translations:`` in the front matter
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    translation_lines: Mapping[str, int] = field(default_factory=dict)  # "es.description" → line


@dataclass(frozen=True, slots=True)
class Credit:
    """A partner that took part, and what it contributed. Never ranked."""

    partner: str  # partner id
    contribution: str
    line: int | None = None  # of the partner id
    contribution_line: int | None = None


@dataclass(frozen=True, slots=True)
class Storyteller:
    name: str
    naming: str  # full | first | pseudonym | anonymous
    minor: bool = False


@dataclass(frozen=True, slots=True)
class Photo:
    file: str
    alt: str  # empty only when decorative
    decorative: bool = False
    identifiable: bool | None = None  # None: not said
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    type: str
    values: Mapping[str, object]  # the type's own fields (occupation, value, …)
    as_of: str | None = None  # YYYY-MM
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    ref: str
    date: dt.date
    expires: dt.date  # given, or date + consent_years
    reviewed: dt.date | None = None
    scope: tuple[str, ...] = ("web", "feed", "search")
    withdrawn: dt.date | None = None
    guardian: dt.date | None = None
    sensitive_reviewed: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a story is published and, if not, every reason it is held back.

    ``draft_ok`` is true when the only reasons are editorial (draft, review,
    scheduled, and a draft's text not yet reviewed by the storyteller), so
    that ``--drafts`` may show it; never when consent is missing, expired or
    withdrawn.
    """

    published: bool
    reasons: tuple["HoldBack", ...] = ()

    @property
    def draft_ok(self) -> bool:
        return not self.published and all(r.editorial for r in self.reasons)


@dataclass(frozen=True, slots=True)
class HoldBack:
    rule: str
    message: str
    line: int | None
    editorial: bool = False


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    path: Path
    title: str
    summary: str
    date: dt.date
    goal: str
    status: str
    storyteller: Storyteller
    credits: tuple[Credit, ...]
    body: str  # Markdown
    body_line: int
    lang: str
    decision: Decision = field(default_factory=lambda: Decision(False), compare=False)
    consent: Consent | None = None
    quote: str | None = None
    quote_lang: str | None = None
    photo: Photo | None = None
    outcomes: tuple[Outcome, ...] = ()
    sensitive: tuple[str, ...] = ()
    translation_of: str | None = None
    own_review: dt.date | None = None  # a translation's own consent.reviewed, sharing the original's consent
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: A key of the file and everything it was checked against: same digest, same story.
    digest: str = field(default="", compare=False, repr=False)
    #: A translation's own consent fields (expires, scope, withdrawn, guardian,
    #: sensitive_reviewed) that apply to the original's consent it shares.
    own_consent: tuple[tuple[str, object], ...] = ()

    @property
    def published(self) -> bool:
        return self.decision.published


@dataclass(frozen=True, slots=True)
class Celebration:
    id: str
    path: Path
    title: str
    date: dt.date
    summary: str
    status: str
    body: str
    body_line: int
    stories: tuple[str, ...] = ()
    credits: tuple[Credit, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: lang → {title, summary, body}, from ``translations:`` in the front matter
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    translation_lines: Mapping[str, int] = field(default_factory=dict)  # "es.body" → line


@dataclass(frozen=True)
class Site:
    """Everything that was read and validated, linked by id."""

    source: Path
    settings: Settings
    today: dt.date
    stories: tuple[Story, ...]
    partners: Mapping[str, Partner]
    goals: Mapping[str, Goal]
    celebrations: tuple[Celebration, ...] = ()
    #: The problems of each unfinished story still in the site, for its banner in a preview.
    notes: Mapping[Path, tuple[str, ...]] = field(default_factory=dict)
    #: Unfinished stories left out of every output until their errors are fixed.
    left_out: tuple[Path, ...] = ()

    def visible_stories(self, drafts: bool = False) -> tuple[Story, ...]:
        """The stories that may appear in an output, newest first.

        The one place that applies the publication rules to outputs: with
        ``drafts``, stories held back only for editorial reasons are added.
        """
        known = self.__dict__.setdefault("_visible", {})  # the site never changes: sort once
        if drafts not in known:
            chosen = [s for s in self.stories
                      if s.decision.published or (drafts and s.decision.draft_ok)]
            known[drafts] = tuple(sorted(chosen, key=lambda s: (s.date, s.id), reverse=True))
        return known[drafts]

    @property
    def published_stories(self) -> tuple[Story, ...]:
        return self.visible_stories(drafts=False)


# Pickling (results coming back from worker processes; the cache is JSON, see plain.py) --
#
# Pickle writes a str as UTF-8, and CPython keeps that UTF-8 copy inside any string
# that is not plain ASCII for as long as the string lives: pickling a site's
# stories would double the memory their texts take. The body travels as bytes.

_STORY_FIELDS = tuple(f.name for f in fields(Story))
_BODY = _STORY_FIELDS.index("body")


def _reduce_story(story: Story):
    values = [getattr(story, name) for name in _STORY_FIELDS]
    values[_BODY] = values[_BODY].encode("utf-8")
    return _rebuild_story, (tuple(values),)


def _rebuild_story(values: tuple) -> Story:
    values = list(values)
    values[_BODY] = values[_BODY].decode("utf-8")
    return Story(*values)


copyreg.pickle(Story, _reduce_story)
