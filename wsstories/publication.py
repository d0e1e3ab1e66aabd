"""The publication rules: the one place that decides whether a story is public.

Every output (pages, listings, feeds, search, sitemap, figures) takes its
stories from :meth:`wsstories.model.Site.visible_stories`, which reads the
:class:`~wsstories.model.Decision` made here, once, when the site is loaded;
:func:`allows` says which uses beyond the page (feed, search, print, social,
photo) the storyteller agreed to. A translation shares its original's
consent under the rules of :func:`share_consent`. The reasons a story is held
back, their order and their names in a build's summary live here too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from .diagnostics import Diagnostic, Report, Severity
from .model import Decision, HoldBack, Settings, Story


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


def allows(story: Story, scope: str) -> bool:
    """Whether the storyteller agreed to ``scope`` (``feed``, ``search``, ``print``, ``social``, ``photo``).

    Every use but ``photo`` takes the story beyond its own page, so it needs
    the story published too: a preview's draft is never in a feed, the search
    or a share card. The photo is part of the page, and shown wherever the
    page is, a preview included, once consent covers it.
    """
    if story.consent is None or scope not in story.consent.scope:
        return False
    return scope == "photo" or story.published


def decide(story: Story, today: dt.date, translation: bool = False) -> Decision:
    """Whether ``story`` is published on ``today`` and, if not, every reason why.

    Published means: status ``published``; a date that is not in the future;
    consent with a date and a storyteller review, not expired (valid through
    its ``expires`` day) and not withdrawn; guardian consent for a minor; a
    review of every sensitive topic; and a consent scope that covers the web.
    Consent and reviews dated after ``today`` do not count yet.

    The storyteller reviews a draft or a story in review by reading its
    preview, so for those the missing (or future) review is editorial: a
    ``--drafts`` preview shows them; it never makes them published. The
    storyteller reviews each language: a ``translation`` without its own
    review is told so.
    """
    reasons = _editorial(story, today)
    if story.consent is None:
        reasons.append(HoldBack(
            "consent-missing",
            "held back: no consent is recorded; add 'consent:' with the form's 'ref' and "
            "'date' once the storyteller has signed",
            None))
    else:
        reasons += _consent(story, today, translation)
    return Decision(not reasons, tuple(reasons))


def _editorial(story: Story, today: dt.date) -> list[HoldBack]:
    """The status and the date: what the partnership itself decides."""
    line = story.lines.get
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
    return reasons


def _consent(story: Story, today: dt.date, translation: bool) -> list[HoldBack]:
    """What the storyteller agreed to, and whether it still holds on ``today``."""
    line, consent = story.lines.get, story.consent
    unfinished = story.status != "published"
    reasons: list[HoldBack] = []
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
            "held back: the storyteller has not approved the final text; "
            + ("the storyteller reviews each language: " if translation else "")
            + "add 'reviewed:' under consent with the date they approved it",
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
    return reasons


# Translations ---------------------------------------------------------------

def without_originals(stories: list, missing: set[str]) -> list:
    """Hold back each translation whose original is left out of the site (a draft with errors)."""
    result = []
    for story in stories:
        if story.translation_of in missing and story.translation_of != story.id:
            held = HoldBack("publish-original-held",
                            f"held back: the original story '{story.translation_of}' is left out of "
                            "the site until its problems are fixed, so its translation is too",
                            story.lines.get("translation_of"), editorial=True)
            reasons = tuple(r for r in story.decision.reasons if r.rule != held.rule)
            story = replace(story, decision=Decision(False, reasons + (held,)))
        result.append(story)
    return result


def translations(stories: list, settings: Settings, today: dt.date, report: Report) -> list:
    """Languages and translations: checks, and the consent a translation shares.

    A translation without consent of its own shares its original's, but the
    storyteller reviews each language: without its own ``consent.reviewed``
    it is held back, and it is held back whenever its original is. Its own
    ``expires``, ``withdrawn`` and ``scope`` take effect on what it shares.
    """
    by_id = {s.id: s for s in stories}
    seen: dict[tuple[str, str], object] = {}
    result = []
    for story in stories:
        if story.lang not in settings.languages:
            report.error(story.path, story.lines.get("lang"), "ref-language-unknown",
                         f"the language '{story.lang}' is not one of the site's languages "
                         f"({', '.join(settings.languages)}); add it to 'languages' in site.toml")
        original = by_id.get(story.translation_of) if story.translation_of else None
        if original is not None:
            key = (original.id, story.lang)
            if key in seen or original.lang == story.lang:
                report.error(story.path, story.lines.get("lang") or story.lines.get("translation_of"),
                             "ref-translation-twice",
                             f"'{original.id}' already has a version in '{story.lang}'; a story has "
                             "one version per language")
            seen[key] = story
            if story.consent is None and original.consent is not None:
                shared = _limited(replace(original.consent, reviewed=story.own_review),
                                  dict(story.own_consent))
                story = replace(story, consent=shared)
            decision = decide(story, today, translation=story.own_review is None)
            if not original.decision.published:
                held = HoldBack("publish-original-held",
                                f"held back: the original story '{original.id}' is held back, so "
                                "its translation is too", story.lines.get("translation_of"),
                                editorial=original.decision.draft_ok)
                decision = Decision(False, decision.reasons + (held,))
            story = replace(story, decision=decision)
        result.append(story)
    return result


def _limited(consent, own: dict):
    """The original's ``consent`` as a translation shares it, with the translation's own fields.

    Each takes effect and can only hold the translation back more: the
    earlier expiry and withdrawal, the scope both allow; a translation's own
    guardian or sensitive-topic review date replaces the original's.
    """
    changes = {key: own[key] for key in ("guardian", "sensitive_reviewed") if key in own}
    if "expires" in own:
        changes["expires"] = min(consent.expires, own["expires"])
    if "withdrawn" in own:
        changes["withdrawn"] = min(d for d in (consent.withdrawn, own["withdrawn"]) if d is not None)
    if "scope" in own:
        changes["scope"] = tuple(s for s in consent.scope if s in own["scope"])
    return replace(consent, **changes)


# Why stories are held back ----------------------------------------------------

#: The order in which a held-back story's reasons are named: consent first.
REASON_ORDER = ("consent-withdrawn", "consent-expired", "consent-missing", "consent-not-reviewed",
                "consent-guardian-missing", "consent-sensitive-not-reviewed", "consent-scope",
                "consent-future", "publish-scheduled", "publish-review", "publish-draft",
                "publish-original-held")
#: Each main reason as a build's summary names it.
REASON_LABELS = {
    "consent-withdrawn": "consent withdrawn", "consent-expired": "consent expired",
    "consent-missing": "no consent", "consent-not-reviewed": "not reviewed by the storyteller",
    "consent-guardian-missing": "no guardian consent",
    "consent-sensitive-not-reviewed": "sensitive topic not reviewed",
    "consent-scope": "consent does not cover the web", "consent-future": "consent dated ahead",
    "publish-scheduled": "scheduled", "publish-review": "in review", "publish-draft": "draft",
    "publish-original-held": "original held back",
}


def reasons(stories) -> list[Diagnostic]:
    """Why each story that is not published is held back, as info on its file and line."""
    return [Diagnostic(story.path, reason.line, Severity.INFO, reason.rule, reason.message)
            for story in stories for reason in story.decision.reasons]


def held_back_counts(stories) -> dict[str, int]:
    """How many stories are held back, by their main reason, in a fixed order."""
    counts: Counter[str] = Counter()
    for story in stories:
        if not story.published:
            rules = {r.rule for r in story.decision.reasons}
            main = next((r for r in REASON_ORDER if r in rules), None)
            counts[REASON_LABELS.get(main, "held back")] += 1
    return {label: counts[label] for label in (*REASON_LABELS.values(), "held back") if counts[label]}
