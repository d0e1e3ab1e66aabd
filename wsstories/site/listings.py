"""The "All stories" pages: every story, newest first, a page at a time, and filtered.

Filters need no JavaScript: each is a page of its own, built ahead.

    stories/                              all stories, page 1
    stories/page/2/                       page 2 of them
    stories/goal/<goal>/ (page/N/)        the stories of one goal
    stories/partner-type/<type>/ (…)      the stories in which a partner of that type took part

A filter page exists only when it lists at least one story (``stories/``
always exists), so every filter link leads somewhere. A story whose id is
``page``, ``goal`` or ``partner-type`` keeps its own address: no listing
writes ``stories/<that id>/index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.schemas import PARTNER_TYPES

PER_PAGE = 24
ROOT = "stories/"


@dataclass(frozen=True)
class Listing:
    """One filter (or none) and the stories it keeps, newest first."""

    kind: str  # "all", "goal" or "partner-type"
    value: str | None
    stories: tuple

    @property
    def base(self) -> str:
        return ROOT if self.kind == "all" else f"{ROOT}{self.kind}/{self.value}/"

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.stories) // PER_PAGE))

    def path(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def listings(stories, site) -> list[Listing]:
    """Every listing of ``stories``: all of them, then each goal's, then each partner type's."""
    stories = tuple(stories)
    found = [Listing("all", None, stories)]
    by_goal: dict[str, list] = {}
    by_type: dict[str, list] = {}
    for story in stories:  # one pass, each list in the order of ``stories``
        by_goal.setdefault(story.goal, []).append(story)
        for kind in {site.partners[c.partner].type for c in story.credits}:
            by_type.setdefault(kind, []).append(story)
    found += [Listing("goal", goal, tuple(by_goal[goal])) for goal in site.goals if goal in by_goal]
    found += [Listing("partner-type", kind, tuple(by_type[kind])) for kind in PARTNER_TYPES
              if kind in by_type]
    return found


def paths(stories, site) -> list[str]:
    """Every listing page's site path (without a language prefix)."""
    return [item.path(n) for item in listings(stories, site) for n in range(1, item.pages + 1)]


def pagination(listing: Listing, number: int, link) -> dict:
    """Previous, next and numbered links for page ``number`` of ``listing``."""
    total = listing.pages
    shown = sorted({1, total, number - 1, number, number + 1} & set(range(1, total + 1)))
    items, last = [], 0
    for n in shown:
        if n - last > 1:
            items.append({"gap": True})
        items.append({"gap": False, "number": n, "url": link(listing.path(n)), "current": n == number})
        last = n
    return {
        "number": number, "total": total, "links": items if total > 1 else [],
        "previous": link(listing.path(number - 1)) if number > 1 else None,
        "next": link(listing.path(number + 1)) if number < total else None,
        "first": (number - 1) * PER_PAGE + 1, "last": min(number * PER_PAGE, len(listing.stories)),
        "count": len(listing.stories),
    }


def page_jobs(view, page, add) -> None:
    """Add a job for every listing page of ``view``'s language (``page`` makes a :class:`Page`)."""
    site = view.site
    mine = listings(view.stories, site)
    elsewhere = {lang: set(paths(view.stories_in(lang), site)) for lang in site.settings.languages}
    goals = {g["id"]: g for group in view.goal_groups() for g in group["goals"]}
    filters = {
        "goals": [{"id": item.value, "title": goals[item.value]["title"], "count": len(item.stories),
                   "url": view.path(item.base)} for item in mine if item.kind == "goal"],
        "types": [{"id": item.value, "count": len(item.stories), "url": view.path(item.base)}
                  for item in mine if item.kind == "partner-type"],
        "all": {"count": len(view.stories), "url": view.path(ROOT)},
    }
    for item in mine:
        for number in range(1, item.pages + 1):
            bare = item.path(number)
            alternates = [{**a, "equivalent": bare in elsewhere[a["lang"]]} if bare in elsewhere[a["lang"]]
                          else {**a, "url": view.lang_prefix(a["lang"]) + ROOT, "equivalent": False}
                          for a in view.page_versions(bare)]
            chosen = item.stories[(number - 1) * PER_PAGE:number * PER_PAGE]

            def make(item=item, number=number, bare=bare, alternates=alternates, chosen=chosen):
                return page(view.path(bare), "stories.html", "stories", alternates=alternates,
                            listing={"kind": item.kind, "value": item.value,
                                     "title": goals[item.value]["title"] if item.kind == "goal" else None},
                            filters=filters, stories=[view.card(s) for s in chosen],
                            pagination=pagination(item, number, lambda p: view.path(p)))

            # Given: what this page was set up with, worked out once for all listings.
            add(view.path(bare), make, "|".join(("listing", bare, repr(alternates), repr(filters),
                                                 str(item.pages), *(s.id for s in chosen))))
