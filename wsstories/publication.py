"""The publication rules: the one place that decides whether a story is public.

Every output (pages, listings, feeds, search, sitemap, figures) takes its
stories from :meth:`wsstories.model.Site.visible_stories`, which reads the
:class:`~wsstories.model.Decision` made here, once, when the site is loaded.
"""

from __future__ import annotations

import datetime as dt

from .model import Decision, HoldBack, Story


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on; 29 February lands on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


#: The dates of consent that record a review: (field, rule, what it is, in words).
_REVIEWS = (
    ("reviewed", "consent-reviewed-future", "the storyteller's review of the text"),
    ("guardian", "consent-guardian-future", "the parent's or guardian's consent"),
    ("sensitive_reviewed", "consent-sensitive-future", "the review of the sensitive topics"),
)


def decide(story: Story, today: dt.date) -> Decision:
    """Whether ``story`` is published on ``today`` and, if not, every reason why.

    Published means: status ``published``; a date that is not in the future;
    consent with a date and a storyteller review, not expired (valid through
    its ``expires`` day) and not withdrawn; guardian consent for a minor; a
    review of every sensitive topic; and a consent scope that covers the web.
    Consent and reviews dated after ``today`` do not count yet.

    The storyteller reviews a draft or a story in review by reading its
    preview, so for those the missing (or future) review is editorial: a
    ``--drafts`` preview shows them; it never makes them published.
    """
    line = story.lines.get
    unfinished = story.status != "published"
    reasons: list[HoldBack] = []
    if story.status != "published":
        what = "a draft" if story.status == "draft" else "waiting for review"
        reasons.append(HoldBack(
            f"publish-{story.status}",
            f"held back: the story is {what} (status: {story.status}); "
            "set 'status: published' when it is ready",
            line("status"), editorial=True))
    if story.date > today:
        reasons.append(HoldBack(
            "publish-scheduled",
            f"held back until {story.date.isoformat()}: the story is scheduled for that date",
            line("date"), editorial=True))
    consent = story.consent
    if consent is None:
        reasons.append(HoldBack(
            "consent-missing",
            "held back: no consent is recorded; add 'consent:' with the form's 'ref' and "
            "'date' once the storyteller has signed",
            None))
        return Decision(False, tuple(reasons))
    if consent.withdrawn is not None:
        reasons.append(HoldBack(
            "consent-withdrawn",
            f"held back: the storyteller withdrew consent on {consent.withdrawn.isoformat()}; "
            "the story is left out of every page, feed and figure",
            line("consent.withdrawn")))
    if consent.date > today:
        reasons.append(HoldBack(
            "consent-future",
            f"held back: the consent date {consent.date.isoformat()} is in the future",
            line("consent.date")))
    if consent.reviewed is None:
        reasons.append(HoldBack(
            "consent-not-reviewed",
            "held back: the storyteller has not approved the final text; add "
            "'reviewed:' under consent with the date they approved it",
            line("consent"), editorial=unfinished))
    for key, rule, what in _REVIEWS:  # a review dated after today is not yet a review
        day = getattr(consent, key)
        if day is not None and day > today:
            reasons.append(HoldBack(
                rule, f"held back: {what} is dated {day.isoformat()}, which is in the future; "
                "a review counts from its day on (check the date against the form)",
                line(f"consent.{key}") or line("consent"), editorial=unfinished and key == "reviewed"))
    if consent.expires < today:
        reasons.append(HoldBack(
            "consent-expired",
            f"held back: consent expired on {consent.expires.isoformat()}; ask the storyteller "
            "to renew it and record the new date",
            line("consent.expires") or line("consent.date")))
    if "web" not in consent.scope:
        reasons.append(HoldBack(
            "consent-scope",
            "held back: the consent scope does not include 'web', so the story may not be "
            "published on the site",
            line("consent.scope")))
    if story.storyteller.minor and consent.guardian is None:
        reasons.append(HoldBack(
            "consent-guardian-missing",
            "held back: the storyteller is a minor and no parent or guardian consent is "
            "recorded; add 'guardian:' under consent with its date",
            line("storyteller.minor")))
    if story.sensitive and consent.sensitive_reviewed is None:
        reasons.append(HoldBack(
            "consent-sensitive-not-reviewed",
            f"held back: the story touches {', '.join(story.sensitive)}; add "
            "'sensitive_reviewed:' under consent once the storyteller has reviewed how "
            "it is told",
            line("sensitive")))
    return Decision(not reasons, tuple(reasons))
