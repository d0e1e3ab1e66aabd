"""Milestones: the partnership celebrates what people achieved, together.

A milestone is reached when a running total over published stories, in
date order, passes a multiple of a step declared in site.toml (every 25
stories, every 10 credentials…). It is dated by the story that passed it and
credited to the people who achieved it, never to a partner. A milestone that
fewer than ``min_count`` stories add up to (25 people hired by two employers)
is not shown, by the same rule as every figure (:func:`outcomes.suppressed`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Site, Story
from .i18n import N_
from .outcomes import suppressed

#: measure → (outcome type or None for stories, sum its value?, words for a count)
_COUNTED = {
    "stories": (None, False, N_("%(count)s people shared their success stories")),
    "employed": ("employed", False, N_("%(count)s people found work")),
    "credentials": ("credential", False, N_("%(count)s people earned a credential")),
    "skill-gains": ("skill-gain", False, N_("%(count)s people gained measurable skills")),
    "promotions": ("promotion", False, N_("%(count)s people were promoted")),
    "businesses-started": ("business-started", False, N_("%(count)s people started a business")),
    "hires": ("hires", True, N_("%(count)s people were hired by employers who told their stories")),
    "apprentices": ("apprentices", True, N_("%(count)s apprentices began earning while they learn")),
    "staff-trained": ("staff-trained", True, N_("%(count)s employees learned new skills at work")),
}


@dataclass(frozen=True)
class Milestone:
    measure: str
    count: int
    date: dt.date

    @property
    def template(self) -> str:
        """The words, with %(count)s for the number (translated where shown)."""
        return _COUNTED[self.measure][2]


def _amount(story: Story, measure: str) -> int:
    kind, summed, _ = _COUNTED[measure]
    if kind is None:
        return 1
    found = [o for o in story.outcomes if o.type == kind]
    if summed:
        return int(sum(o.values["value"] for o in found))
    return 1 if found else 0


def milestones(site: Site) -> list[Milestone]:
    """Every milestone reached so far, newest first."""
    ordered = sorted((s for s in site.published_stories if s.translation_of is None),
                     key=lambda s: (s.date, s.id))
    reached = []
    for step in site.settings.milestones:
        total = tellers = 0
        for story in ordered:
            amount = _amount(story, step.measure)
            before, total, tellers = total, total + amount, tellers + (amount > 0)
            if suppressed(tellers, site.settings.min_count):
                continue  # its marks are passed, but too few stories make them up
            for mark in range(before // step.every + 1, total // step.every + 1):
                reached.append(Milestone(step.measure, mark * step.every, story.date))
    return sorted(reached, key=lambda m: (m.date, m.count, m.measure), reverse=True)
