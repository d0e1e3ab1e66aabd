"""The pages: which pages the site has, and what each template is given.

Each page is a :class:`Job` that makes its :class:`Page` (template and
values) from the :class:`~wsstories.site.views.SiteView` of its language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from ..model import Partner, Story
from ..publication import allows
from ..reading.schemas import PARTNER_TYPES
from . import listings, outcomes
from . import urls as u
from .views import SiteView

LATEST_COUNT = 6
RELATED_COUNT = 3


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, its template and the template's values."""

    path: str  # site path: "" for home, "stories/maria/", "404.html"
    template: str
    context: dict


@dataclass(frozen=True)
class Job:
    """A page to make: ``make()`` gives its :class:`Page`.

    The many pages (stories, cards, goals, partners, listings) are keyed by
    ``given`` — the values the job was set up with, such as its story's id —
    and by what of the site their making read, recorded while it is made
    (:meth:`~wsstories.site.views.SiteView.recording`); the build keeps those
    reads, so it can tell that such a page is unchanged without making it.
    The few other pages (``given`` None) are keyed by the values their
    template is given.
    """

    path: str
    make: Callable[[], Page]
    given: str | None = None


#: The top-level pages: each is "current" in the navigation when it is shown.
SECTIONS = ("", "goals/", "partners/", "outcomes/", "celebrations/", "search/", "stories/",
            "accessibility/")


def page_jobs(view: SiteView) -> list[Job]:
    """Every HTML page of the site, to be made (or found unchanged) one by one."""
    jobs: list[Job] = []

    def add(path: str, make: Callable[[], Page], given: str | None = None) -> None:
        jobs.append(Job(path, make, given))

    page = functools.partial(make_page, view)
    add(view.path(""), functools.partial(_home, view, page))
    listings.page_jobs(view, page, add)
    add(view.path("accessibility/"), lambda: page(view.path("accessibility/"), "accessibility.html",
                                                  "accessibility"))
    _story_jobs(view, page, add)
    _goal_jobs(view, page, add)
    _partner_jobs(view, page, add)
    _figure_jobs(view, page, add)
    _search_job(view, page, add)
    if not view.prefix:
        add("404.html", lambda: page("404.html", "404.html", "none"))
    return jobs


def make_page(view: SiteView, path: str, template: str, section: str, lang: str | None = None,
              **values) -> Page:
    """A page of ``view``'s language: the values every template is given, and ``values``."""
    bare = path[len(view.prefix):]  # the page's path in any language
    alternates = values.pop("alternates", None)
    if alternates is None:
        alternates = view.page_versions(bare)
    context = {"site": view.settings, "lang": lang or view.lang, "ui_lang": view.lang,
               "home": view.path(""), "alternates": alternates, "section": section,
               "current": bare in SECTIONS, "identity": view.identity,
               "canonical": view.urls.absolute(path) if path != "404.html" else None,
               "noindex": values.pop("noindex", False) or view.drafts, **values}
    return Page(path, template, context)


def _home(view: SiteView, page) -> Page:
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


def _story_jobs(view: SiteView, page, add) -> None:
    """Each story's page, and its printable card where consent allows."""
    def story_page(story: Story) -> Page:
        shown = view.story(story)
        return page(view.story_path(story), "story.html", "stories", lang=story.lang,
                    story=shown, goal=view.goal(story.goal),
                    related=[view.card(s) for s in view.related(story)],
                    noindex=not story.published, alternates=shown["versions"])

    def card_page(story: Story) -> Page:
        return page(f"{view.story_path(story)}card/", "card.html", "home", lang=story.lang,
                    story=view.story(story))

    for story in view.stories:
        add(view.story_path(story), functools.partial(story_page, story), f"story:{story.id}")
    for story in view.stories:
        if allows(story, "print"):
            add(f"{view.story_path(story)}card/", functools.partial(card_page, story),
                f"card:{story.id}")


def _goal_jobs(view: SiteView, page, add) -> None:
    add(view.path("goals/"), lambda: page(view.path("goals/"), "goals.html", "goals",
                                          goal_groups=view.goal_groups(),
                                          count_note=view.count_note(view.goal_groups())))

    def goal_page(ident: str) -> Page:
        goal = view.site.goals[ident]
        return page(view.path(u.goal(ident)), "goal.html", "goals",
                    goal={**view.goal(ident), "description_html": view.description_html(goal)},
                    stories=[view.card(s) for s in view.by_goal.get(ident, ())])

    for ident in view.site.goals:
        add(view.path(u.goal(ident)), functools.partial(goal_page, ident), f"goal:{ident}")


def _partner_jobs(view: SiteView, page, add) -> None:
    def partners_page() -> Page:
        groups = [{"type": kind, "partners": [view.partner(p) for p in view.partners if p.type == kind]}
                  for kind in PARTNER_TYPES]
        return page(view.path("partners/"), "partners.html", "partners", partner_groups=groups)

    def partner_page(partner: Partner) -> Page:
        contributed = [{"story": view.card(s), "contribution": contribution}
                       for s, contribution in view.by_partner.get(partner.id, ())]
        return page(view.path(u.partner(partner.id)), "partner.html", "partners",
                    partner={**view.partner(partner), "website": partner.url,
                             "description_html": view.description_html(partner)},
                    stories=contributed)

    add(view.path("partners/"), partners_page)
    for partner in view.partners:
        add(view.path(u.partner(partner.id)), functools.partial(partner_page, partner),
            f"partner:{partner.id}")


def _figure_jobs(view: SiteView, page, add) -> None:
    """The outcomes page, and the celebrations with each post."""
    add(view.path("outcomes/"), lambda: page(
        view.path("outcomes/"), "outcomes.html", "outcomes", note=view._(outcomes.NOTE),
        sections=[s for s in view.outcome_sections() if s["table"]],
        waiting=[s["title"] for s in view.outcome_sections() if not s["table"]],
        benchmarks=view.benchmark_views(),
        min_count=view.site.settings.min_count))
    add(view.path("celebrations/"), lambda: page(
        view.path("celebrations/"), "celebrations.html", "celebrations",
        milestones=view.milestone_views(), posts=[view.celebration(c) for c in view.celebrations]))
    for post in view.celebrations:
        add(view.path(f"celebrations/{post.id}/"), functools.partial(
            lambda post: page(view.path(f"celebrations/{post.id}/"), "celebration.html",
                              "celebrations", post=view.celebration(post)), post))


def _search_job(view: SiteView, page, add) -> None:
    searchable = any(allows(s, "search") for s in view.stories)
    bundles = getattr(view, "search_bundles", None) or ["pagefind/"]  # the first, then the merged
    add(view.path("search/"), lambda: page(view.path("search/"), "search.html", "search",
                                           ready=searchable, base_path=view.urls.base_path,
                                           bundle=bundles[0], merged=bundles[1:],
                                           goal_groups=view.goal_groups()))
