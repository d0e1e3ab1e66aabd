"""Rendering: which pages the site has, and what each template is given.

Everything here reads the site model and returns plain values; only the
stories chosen by :meth:`Site.visible_stories` ever reach a page. Partners
are always listed by name, never by order written or by number of stories.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup

from . import celebrate, charts, i18n, images, listings, outcomes, sharing, translated
from ..reading import mediafiles
from . import urls as u
from .markup import Links, Renderer
from ..publication import allows
from ..model import Celebration, Partner, Site, Story
from ..reading.schemas import AUDIENCES, PARTNER_TYPES

LATEST_COUNT = 6
RELATED_COUNT = 3


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, its template and the template's values."""

    path: str  # site path: "" for home, "stories/maria/", "404.html"
    template: str
    context: dict


@dataclass
class SiteView:
    """The values that several pages share, computed once per build."""

    site: Site
    urls: u.Urls
    drafts: bool
    lang: str | None = None  # the interface language; the site's first by default
    translations: object = None  # gettext translations for ``lang``
    renderer: Renderer = field(default_factory=Renderer)
    media: set[str] = field(default_factory=set)
    image_cache: images.Cache = field(default_factory=images.NoCache)
    files: dict[str, bytes] = field(default_factory=dict)  # made while rendering, to write
    figures: list | None = None  # the site's figures, if already worked out (the same in every language)
    milestones: list | None = None
    key: str = ""  # a key of everything every page of this view depends on (set by the build)
    memory: dict = field(default_factory=dict)  # Markdown rendered by earlier builds
    media_of: dict = field(default_factory=dict)  # a Markdown text's digest → the media it uses
    feed_wanted: set = field(default_factory=set)  # texts whose HTML the feeds take from the workers

    def __post_init__(self) -> None:
        settings = self.site.settings
        self.lang = self.lang or settings.language
        self.prefix = "" if self.lang == settings.language else f"{self.lang}/"
        self.multilingual = len(settings.languages) > 1
        self.settings = translated.settings_in(settings, self.lang)  # title, description in lang
        self.all_visible = self.site.visible_stories(drafts=self.drafts)
        self.stories = tuple(s for s in self.all_visible
                             if not self.multilingual or s.lang == self.lang)
        self.visible = {s.id: s for s in self.all_visible}
        import gettext as _gettext
        t = self.translations or _gettext.NullTranslations()
        self._, self.ngettext = t.gettext, t.ngettext
        self.partners = sorted(self.site.partners.values(), key=lambda p: self.partner_key(p.id))
        # Figures and milestones count published stories only, even in a --drafts preview.
        if self.figures is None:
            self.figures = outcomes.figures(self.site)  # originals only: translations count once
        if self.milestones is None:
            self.milestones = celebrate.milestones(self.site)
        self.celebrations = published_celebrations(self.site)
        self._rendered: dict[str, tuple[Markup, set[str]]] = {}
        # Indexes, so that no page scans every story.
        self.by_goal: dict[str, list[Story]] = {}
        self.by_partner: dict[str, list[tuple[Story, str]]] = {}
        for story in self.stories:
            self.by_goal.setdefault(story.goal, []).append(story)
            for credit in story.credits:
                self.by_partner.setdefault(credit.partner, []).append((story, credit.contribution))
        self._place = {s.id: i for group in self.by_goal.values() for i, s in enumerate(group)}
        self._cards: dict[str, dict] = {}
        self._keys: dict[str, str] = {}
        self._versions: dict[str, list[Story]] = {}
        for story in self.all_visible:
            self._versions.setdefault(story.translation_of or story.id, []).append(story)
        self.identity = {
            "partnership": settings.partnership or settings.title,
            "logo": settings.logo, "favicon": settings.favicon,
            "contact": {k: v for k, v in settings.contact.items() if v},
        }
        self.media |= {m for m in (settings.logo, settings.favicon) if m}

    def stories_in(self, lang: str) -> tuple[Story, ...]:
        """The visible stories of the pages in ``lang``."""
        if not self.multilingual:
            return self.all_visible
        return tuple(s for s in self.all_visible if s.lang == lang)

    def featured(self) -> Story | None:
        """The story shown first on the home page: site.toml's ``featured`` (in this
        language if it is translated), or else the newest."""
        chosen = self.site.settings.featured
        if chosen in self.visible:
            original = self.visible[chosen].translation_of or chosen
            mine = {s.id for s in self.stories}
            for story in self._versions.get(original, ()):
                if story.id in mine:
                    return story
        return self.stories[0] if self.stories else None

    def story_key(self, story: Story) -> str:
        """A key of everything about one story that its pages and cards show."""
        known = self._keys.get(story.id)
        if known is None:
            known = self._keys[story.id] = self._story_key(story)
        return known

    def _story_key(self, story: Story) -> str:
        key = f"{story.digest or repr(story)}:{story.decision!r}:{self.site.notes.get(story.path)!r}"
        if story.translation_of:  # it shares its original's consent
            key += repr(story.consent)
        if story.photo is not None:
            try:
                info = os.stat(self.site.source / story.photo.file)
                key += f":{story.photo.file}:{info.st_size}:{info.st_mtime_ns}"
            except OSError:
                key += ":no-photo"
        return key

    # Links inside Markdown -------------------------------------------------

    def _story_link(self, ident: str) -> str | None:
        return self.urls.link(self.story_path(self.visible[ident])) if ident in self.visible else None

    # Paths: other languages than the first live under /<lang>/ ------------------

    def lang_prefix(self, lang: str) -> str:
        return "" if lang == self.site.settings.language else f"{lang}/"

    def story_path(self, story: Story) -> str:
        return f"{self.lang_prefix(story.lang)}stories/{story.id}/"

    def path(self, page: str) -> str:
        return self.prefix + page

    def versions(self, story: Story) -> list[dict]:
        """The story in every language it is published in (itself included), for a switcher."""
        group = self._versions.get(story.translation_of or story.id, ())
        if len(group) < 2:
            return []
        return [{"lang": s.lang, "name": i18n.language_name(s.lang), "url": self.story_path(s),
                 "current": s.id == story.id} for s in sorted(group, key=lambda s: s.lang)]

    def page_versions(self, bare: str) -> list[dict]:
        """A listing page in each of the site's languages, for the switcher (stories have their own)."""
        if not self.multilingual or bare.startswith("stories/") or bare == "404.html":
            return []
        return [{"lang": lang, "name": i18n.language_name(lang), "url": self.lang_prefix(lang) + bare,
                 "current": lang == self.lang} for lang in self.site.settings.languages]

    def display(self, figure) -> str:
        """A figure as the reader sees it, in this language, suppression included."""
        if figure.suppressed:
            return self.fewer()
        return self.value(figure.measure, figure.value)

    def fewer(self) -> str:
        n = self.site.settings.min_count
        return self.ngettext("fewer than %(num)d story", "fewer than %(num)d stories", n) % {"num": n}

    def count_text(self, count: int) -> str | None:
        """"3 stories", "no stories yet", or None (fewer than min_count: see ``count_note``)."""
        if count == 0:
            return self._("no stories yet")  # not a figure: says the page is empty
        if outcomes.suppressed(count, self.site.settings.min_count):
            return None
        return self.ngettext("%(num)d story", "%(num)d stories", count) % {"num": count}

    def count_note(self, groups: list[dict]) -> str | None:
        """Said once under a list of goals when some of them show no count."""
        if all(g["count_text"] is not None for group in groups for g in group["goals"]):
            return None
        n = self.site.settings.min_count
        return self.ngettext("A goal with fewer than %(num)d story shows no count yet.",
                             "A goal with fewer than %(num)d stories shows no count yet.", n) % {"num": n}

    def value(self, measure: str, value) -> str:
        return outcomes.format_value(measure, value, self.lang)

    def markdown(self, text: str) -> Markup:
        """The safe HTML of some Markdown; each text is rendered once (page and feeds share it).

        ``memory`` (kept by a :class:`~wsstories.build.Builder` between
        builds) holds earlier renderings with the story links they used; one
        is reused only while each of those links still resolves the same way.
        """
        cached = self._rendered.get(text)
        if cached is None:
            remembered = self.memory.get((self.urls.base_url, text))
            if remembered is not None and all(self._story_link(ident) == url
                                              for ident, url in remembered[2].items()):
                cached = (Markup(remembered[0]), remembered[1])
            else:
                used: dict[str, str | None] = {}

                def story_url(ident: str) -> str | None:
                    used[ident] = self._story_link(ident)
                    return used[ident]

                links = Links(story_url=story_url, media_url=self.urls.link)
                html = self.renderer.render(text, links)
                self.memory[(self.urls.base_url, text)] = (html, frozenset(links.media), used)
                cached = (Markup(html), links.media)
            self._rendered[text] = cached
        self.media |= cached[1]
        return cached[0]

    # Goals' and partners' words in this language ----------------------------

    def _pick(self, item, field: str, original: str, required: bool = True) -> translated.Text:
        return translated.pick(item.translations, field, original, self.lang,
                               self.site.settings.language, required)

    def goal_title(self, ident: str) -> translated.Text:
        goal = self.site.goals[ident]
        return self._pick(goal, "title", goal.title)

    def partner_name(self, ident: str) -> translated.Text:
        partner = self.site.partners[ident]
        return self._pick(partner, "name", partner.name, required=False)

    def partner_key(self, ident: str) -> tuple[str, str]:
        """Partners are listed alphabetically by the name shown in this language."""
        return (self.partner_name(ident).casefold(), ident)

    def _description(self, item) -> translated.Text:
        return self._pick(item, "description", item.description)

    def _excerpt(self, item) -> translated.Text:
        text = self._description(item)
        return translated.Text(excerpt(text), text.lang, text.fallback)

    def description_html(self, item) -> Markup:
        text = self._description(item)
        return translated.prose(self.markdown(text), text, self._, self.lang)

    # Views -----------------------------------------------------------------

    def card(self, story: Story) -> dict:
        card = self._cards.get(story.id)
        if card is None:
            goal = self.site.goals[story.goal]
            card = self._cards[story.id] = {
                "id": story.id, "url": self.story_path(story), "title": story.title,
                "summary": story.summary, "date": story.date, "goal_title": self.goal_title(goal.id),
                "draft": not story.published}
        return card

    def featured_card(self, story: Story) -> dict:
        """A story card with the storyteller's words and photo, for the top of the home page."""
        return {**self.card(story), "quote": story.quote, "quote_lang": story.quote_lang or story.lang,
                "lang": story.lang, "photo": self.photo(story),
                "name": None if story.storyteller.naming == "anonymous" else story.storyteller.name}

    def related(self, story: Story) -> list[Story]:
        """The stories that follow this one in its goal, newest first, wrapping round to the newest.

        Neighbours rather than the goal's newest few: every story page points
        somewhere different, and an edit touches only its neighbours' pages.
        """
        group = self.by_goal.get(story.goal, [])
        if story.id not in self._place:
            return []
        here, count = self._place[story.id], len(group)
        return [group[(here + step) % count] for step in range(1, min(RELATED_COUNT, count - 1) + 1)]

    def story(self, story: Story) -> dict:
        credits = sorted(story.credits, key=lambda c: self.partner_key(c.partner))
        page_url = self.urls.absolute(self.story_path(story))
        image = self.urls.absolute(f"{self.story_path(story)}share.png") if allows(story, "social") else None
        photo = self.photo(story)
        return {
            **self.card(story),
            "name": story.storyteller.name,
            "naming": story.storyteller.naming,
            "lang": story.lang,
            "quote": story.quote,
            "quote_lang": story.quote_lang or story.lang,
            "photo": photo,
            "body_html": self.markdown(story.body),
            "outcomes": [{"type": o.type, "values": dict(o.values)} for o in story.outcomes],
            "credits": [{"name": self.partner_name(c.partner),
                         "url": self.path(u.partner(c.partner)), "contribution": c.contribution}
                        for c in credits],
            "versions": self.versions(story),
            "searchable": allows(story, "search"),
            "card": allows(story, "print"),
            "share_image": image,
            "json_ld": Markup(sharing.article_json_ld(story, page_url, self.settings.title,
                                                      self.urls.absolute(""), image)),
            "partner_names": [self.partner_name(c.partner) for c in credits],
            "problems": self.problems(story),
        }

    def problems(self, story: Story) -> tuple[str, ...]:
        """What stands between a previewed story and publication, for its banner (none if published)."""
        if story.published:
            return ()
        return tuple(r.message.removeprefix("held back: ") for r in story.decision.reasons) + tuple(
            self.site.notes.get(story.path, ()))

    def photo(self, story: Story) -> dict | None:
        """The story's photo in every size and format, if consent covers photos."""
        if story.photo is None or not allows(story, "photo"):
            return None
        relative = mediafiles.media_path(story.photo.file)  # check refused any other
        mediafiles.media_file(self.site.source, relative)
        variants, files = images.photo_variants(self.site.source, relative, self.image_cache)
        self.files.update(files)
        jpegs = [v for v in variants if v.mime == "image/jpeg"]
        fallback = next((v for v in jpegs if v.width >= 960), jpegs[-1])
        return {
            "alt": "" if story.photo.decorative else story.photo.alt,
            "src": self.urls.link(fallback.path), "width": fallback.width, "height": fallback.height,
            "webp": ", ".join(f"{self.urls.link(v.path)} {v.width}w" for v in variants
                              if v.mime == "image/webp"),
            "jpeg": ", ".join(f"{self.urls.link(v.path)} {v.width}w" for v in jpegs),
            "sizes": "(min-width: 46rem) 44rem, 100vw",
        }

    def goal(self, ident: str) -> dict:
        goal = self.site.goals[ident]
        return {"id": ident, "url": self.path(u.goal(ident)), "title": self.goal_title(ident),
                "audience": goal.audience, "excerpt": self._excerpt(goal),
                "count": len(self.by_goal.get(ident, ())),
                "count_text": self.count_text(len(self.by_goal.get(ident, ())))}

    def goal_groups(self) -> list[dict]:
        ordered = sorted(self.site.goals.values(),
                         key=lambda g: (g.order is None, g.order or 0, g.title.casefold()))
        return [{"audience": audience,
                 "goals": [self.goal(g.id) for g in ordered if g.audience == audience]}
                for audience in AUDIENCES if any(g.audience == audience for g in ordered)]

    def partner(self, partner: Partner) -> dict:
        return {"id": partner.id, "url": self.path(u.partner(partner.id)),
                "name": self.partner_name(partner.id), "type": partner.type,
                "excerpt": self._excerpt(partner)}


    # Outcomes and celebrations ----------------------------------------------

    def headline(self) -> list[dict]:
        """The three figures on the home page: all goals, all years."""
        shown = []
        for measure in ("stories", "employed", "median-hourly-wage"):
            figure = outcomes.lookup(self.figures, measure)
            if figure is not None:
                shown.append({"label": self._(figure.label), "display": self.display(figure)})
        return shown

    def outcome_sections(self) -> list[dict]:
        """A section per goal (and one for all goals): a chart and a table of its figures.

        A figure suppressed in every column is not a row of "fewer than 5
        stories": the section names those figures once (``withheld``), and a
        goal with no figure to show says so in one sentence (``table`` empty).
        """
        years = sorted({f.program_year for f in self.figures if f.program_year})
        sections = []
        goal_ids = [None] + [g["id"] for group in self.goal_groups() for g in group["goals"]]
        for goal in goal_ids:
            mine = [f for f in self.figures if f.goal == goal]
            if not mine:
                continue
            title = self.goal_title(goal) if goal else self._("All goals")
            table, withheld = [], []
            for measure in dict.fromkeys(f.measure for f in mine):
                row = {f.program_year: f for f in mine if f.measure == measure}
                label = self.label(next(iter(row.values())))
                if all(f.suppressed or not f.value for f in row.values()):
                    if any(f.suppressed for f in row.values()):
                        withheld.append(label)
                    continue
                table.append({"label": label, "cells": [
                    self.display(row[y]) if y in row else "—" for y in [None, *years]]})
            counts = [f for f in mine if f.program_year is None and not f.suppressed
                      and outcomes.MEASURES.get(f.measure, ("", "count"))[1] in ("count", "sum")
                      and not f.measure.startswith(outcomes.CREDENTIAL_PREFIX)]
            chart = charts.bar_chart(
                f"chart-{goal or 'all'}",
                self._("%(goal)s: figures for all program years") % {"goal": title},
                [(self.label(f), float(f.value), self.display(f)) for f in counts]) if counts else None
            sections.append({"id": goal or "all", "title": title, "chart": chart,
                             "years": years, "table": table, "withheld": withheld})
        return sections

    def benchmark_views(self) -> list[dict]:
        views = []
        for item in outcomes.benchmarks(self.site, self.figures):
            goal = self.goal_title(item.goal) if item.goal in self.site.goals else self._("All goals")
            actual = self.display(item.figure) if item.figure else self._("no stories yet")
            bench = self.site.settings.benchmarks[len(views)]
            views.append({"label": translated.pick(bench.translations, "label", item.label,
                                                   self.lang, self.site.settings.language),
                          "goal": goal, "program_year": item.program_year,
                          "target": self.value(item.measure, item.target),
                          "actual": actual, "percent": item.percent,
                          "percent_text": None if item.percent is None
                          else i18n.percent(item.percent, self.lang)})
        return views

    def celebration(self, post: Celebration) -> dict:
        stories = [self.card(self.visible[i]) for i in post.stories
                   if i in self.visible and self.visible[i].published]
        credits = sorted(post.credits, key=lambda c: self.partner_key(c.partner))
        body = self._pick(post, "body", post.body)
        return {"id": post.id, "url": self.path(f"celebrations/{post.id}/"),
                "title": self._pick(post, "title", post.title), "date": post.date,
                "summary": self._pick(post, "summary", post.summary),
                "body_html": translated.prose(self.markdown(body), body, self._, self.lang),
                "stories": stories,
                "credits": [{"name": self.partner_name(c.partner),
                             "url": self.path(u.partner(c.partner)), "contribution": c.contribution}
                            for c in credits]}

    def milestone_views(self) -> list[dict]:
        return [{"text": self._(m.template) % {"count": i18n.number(m.count, self.lang)},
                 "date": m.date} for m in self.milestones]

    def label(self, figure) -> str:
        if figure.measure.startswith(outcomes.CREDENTIAL_PREFIX):
            kind = figure.measure[len(outcomes.CREDENTIAL_PREFIX):]
            return self._("Credentials: %(kind)s") % {"kind": self._(outcomes.CREDENTIAL_LABELS.get(kind, kind))}
        return self._(figure.label)


def published_celebrations(site: Site) -> list[Celebration]:
    """Celebration posts that are published and dated today or earlier, newest first."""
    return sorted((c for c in site.celebrations if c.status == "published" and c.date <= site.today),
                  key=lambda c: (c.date, c.id), reverse=True)


@dataclass(frozen=True)
class Job:
    """A page to make: ``make()`` gives its :class:`Page`.

    ``depends`` is a key of everything the page shows, when it can be had
    without making the page's values (story, card, goal and partner pages:
    the many); for the few other pages it is None and the values themselves
    are the key.
    """

    path: str
    make: Callable[[], Page]
    depends: str | None = None


def page_jobs(view: SiteView) -> list[Job]:
    """Every HTML page of the site, to be made (or found unchanged) one by one."""
    site, urls = view.site, view.urls
    jobs: list[Job] = []
    sections = ("", "goals/", "partners/", "outcomes/", "celebrations/", "search/", "stories/",
                "accessibility/")

    def page(path: str, template: str, section: str, lang: str | None = None, **values) -> Page:
        bare = path[len(view.prefix):]  # the page's path in any language
        alternates = values.pop("alternates", None)
        if alternates is None:
            alternates = view.page_versions(bare)
        context = {"site": view.settings, "lang": lang or view.lang, "ui_lang": view.lang,
                   "home": view.path(""), "alternates": alternates, "section": section,
                   "current": bare in sections, "identity": view.identity,
                   "canonical": urls.absolute(path) if path != "404.html" else None,
                   "noindex": values.pop("noindex", False) or view.drafts, **values}
        return Page(path, template, context)

    def add(path: str, make: Callable[[], Page], depends: str | None = None) -> None:
        jobs.append(Job(path, make, depends))

    def home() -> Page:
        featured = view.featured()
        others = [s for s in view.stories if s is not featured][:LATEST_COUNT]
        return page(
            view.path(""), "index.html", "home",
            featured=view.featured_card(featured) if featured else None,
            latest=[view.card(s) for s in others],
            story_count=len(view.stories),
            headline=view.headline(), note=view._(outcomes.NOTE),
            milestones=view.milestone_views()[:3],
            goal_groups=view.goal_groups(), count_note=view.count_note(view.goal_groups()),
            partners=[view.partner(p) for p in view.partners])

    add(view.path(""), home)
    listings.page_jobs(view, page, add)
    add(view.path("accessibility/"), lambda: page(view.path("accessibility/"), "accessibility.html",
                                                  "accessibility"))

    def story_page(story: Story) -> Page:
        shown = view.story(story)
        return page(view.story_path(story), "story.html", "stories", lang=story.lang,
                    story=shown, goal=view.goal(story.goal),
                    related=[view.card(s) for s in view.related(story)],
                    noindex=not story.published, alternates=shown["versions"])

    for story in view.stories:
        add(view.story_path(story), functools.partial(story_page, story), "|".join((
            "story", view.story_key(story), story.goal, str(len(view.by_goal.get(story.goal, ()))),
            repr(view.versions(story)), *(view.story_key(s) for s in view.related(story)))))
    add(view.path("goals/"), lambda: page(view.path("goals/"), "goals.html", "goals",
                                          goal_groups=view.goal_groups(),
                                          count_note=view.count_note(view.goal_groups())))

    def goal_page(ident: str) -> Page:
        goal = site.goals[ident]
        return page(view.path(u.goal(ident)), "goal.html", "goals",
                    goal={**view.goal(ident), "description_html": view.description_html(goal)},
                    stories=[view.card(s) for s in view.by_goal.get(ident, ())])

    for ident in site.goals:
        add(view.path(u.goal(ident)), functools.partial(goal_page, ident), "|".join((
            "goal", ident, *(view.story_key(s) for s in view.by_goal.get(ident, ())))))

    def partners_page() -> Page:
        groups = [{"type": kind, "partners": [view.partner(p) for p in view.partners if p.type == kind]}
                  for kind in PARTNER_TYPES]
        return page(view.path("partners/"), "partners.html", "partners", partner_groups=groups)

    add(view.path("partners/"), partners_page)

    def partner_page(partner: Partner) -> Page:
        contributed = [{"story": view.card(s), "contribution": contribution}
                       for s, contribution in view.by_partner.get(partner.id, ())]
        return page(view.path(u.partner(partner.id)), "partner.html", "partners",
                    partner={**view.partner(partner), "website": partner.url,
                             "description_html": view.description_html(partner)},
                    stories=contributed)

    for partner in view.partners:
        add(view.path(u.partner(partner.id)), functools.partial(partner_page, partner), "|".join((
            "partner", partner.id, *(view.story_key(s) for s, _ in view.by_partner.get(partner.id, ())))))
    add(view.path("outcomes/"), lambda: page(
        view.path("outcomes/"), "outcomes.html", "outcomes", note=view._(outcomes.NOTE),
        sections=[s for s in view.outcome_sections() if s["table"]],
        waiting=[s["title"] for s in view.outcome_sections() if not s["table"]],
        benchmarks=view.benchmark_views(),
        min_count=site.settings.min_count))
    add(view.path("celebrations/"), lambda: page(
        view.path("celebrations/"), "celebrations.html", "celebrations",
        milestones=view.milestone_views(), posts=[view.celebration(c) for c in view.celebrations]))
    for post in view.celebrations:
        add(view.path(f"celebrations/{post.id}/"), functools.partial(
            lambda post: page(view.path(f"celebrations/{post.id}/"), "celebration.html",
                              "celebrations", post=view.celebration(post)), post))
    searchable = any(allows(s, "search") for s in view.stories)
    bundles = getattr(view, "search_bundles", None) or ["pagefind/"]  # the first, then the merged
    add(view.path("search/"), lambda: page(view.path("search/"), "search.html", "search",
                                           ready=searchable, base_path=urls.base_path,
                                           bundle=bundles[0], merged=bundles[1:],
                                           goal_groups=view.goal_groups()))
    for story in view.stories:
        if allows(story, "print"):
            add(f"{view.story_path(story)}card/", functools.partial(
                lambda story: page(f"{view.story_path(story)}card/", "card.html", "home",
                                   lang=story.lang, story=view.story(story)), story),
                "|".join(("card", view.story_key(story), repr(view.versions(story)))))
    if not view.prefix:
        add("404.html", lambda: page("404.html", "404.html", "none"))
    return jobs


_MARKUP = re.compile(r"<[^>]+>|[*_`#>\[\]]|\((?:https?:|story:|media/)[^)]*\)")


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """The first paragraph of some Markdown as plain text, cut at a word."""
    paragraph = next((p for p in markdown_text.strip().split("\n\n") if p.strip()), "")
    text = " ".join(_MARKUP.sub("", paragraph).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
