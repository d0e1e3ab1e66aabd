"""The publication rules: which stories are public, and why the others are not."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import STORY

from wsstories.publication import add_years

D = dt.date


def _consent(**changes):
    data = {**STORY["consent"], **changes}
    return {k: v for k, v in data.items() if v is not None}


# (case, story changes, today, the held-back rules expected, whether --drafts may show it)
HELD_BACK = [
    ("draft", {"status": "draft"}, D(2026, 11, 28), {"publish-draft"}, True),
    ("no status means draft", {"status": None}, D(2026, 11, 28), {"publish-draft"}, True),
    ("in review", {"status": "review"}, D(2026, 11, 28), {"publish-review"}, True),
    ("scheduled", {"date": D(2026, 12, 1)}, D(2026, 11, 28), {"publish-scheduled"}, True),
    ("no consent", {"consent": None}, D(2026, 11, 28), {"consent-missing"}, False),
    ("not reviewed", {"consent": _consent(reviewed=None)}, D(2026, 11, 28),
     {"consent-not-reviewed"}, False),
    ("withdrawn", {"consent": _consent(withdrawn=D(2026, 11, 1))}, D(2026, 11, 28),
     {"consent-withdrawn"}, False),
    ("expired by default years", {}, D(2028, 10, 1), {"consent-expired"}, False),
    ("expired on a given date", {"consent": _consent(expires=D(2026, 11, 27))}, D(2026, 11, 28),
     {"consent-expired"}, False),
    ("consent dated in the future", {"consent": _consent(date=D(2026, 12, 30),
                                                         reviewed=D(2026, 12, 31))},
     D(2026, 11, 28), {"consent-future", "consent-reviewed-future"}, False),
    ("scope without web", {"consent": _consent(scope=["feed", "search"])}, D(2026, 11, 28),
     {"consent-scope"}, False),
    ("minor without guardian", {"storyteller": {"name": "Ana", "naming": "first", "minor": True}},
     D(2026, 11, 28), {"consent-guardian-missing"}, False),
    ("sensitive not reviewed", {"sensitive": ["health"]}, D(2026, 11, 28),
     {"consent-sensitive-not-reviewed"}, False),
    ("draft and withdrawn", {"status": "draft", "consent": _consent(withdrawn=D(2026, 11, 1))},
     D(2026, 11, 28), {"publish-draft", "consent-withdrawn"}, False),
]


@pytest.mark.parametrize("changes,today,rules,draft_ok", [c[1:] for c in HELD_BACK],
                         ids=[c[0] for c in HELD_BACK])
def test_held_back_story(site_dir, changes, today, rules, draft_ok):
    """A story that breaks a publication rule is held back, with an info line per reason."""
    site_dir.story(**changes)
    site, diagnostics = site_dir.load(today)
    assert {d.rule for d in diagnostics if d.severity.value == "info"} == rules
    assert site.published_stories == ()
    assert bool(site.visible_stories(drafts=True)) is draft_ok


def test_info_line_points_at_the_cause(site_dir):
    """The withdrawn info line is on the line of `withdrawn:`."""
    path = site_dir.story(consent=_consent(withdrawn=D(2026, 11, 1)))
    [problem] = [p for p in site_dir.problems() if p[3] == "consent-withdrawn"]
    assert path.read_text().splitlines()[problem[1] - 1].strip().startswith("withdrawn:")


@pytest.mark.parametrize("today,published", [
    (D(2026, 10, 13), False),  # the day before the publication date
    (D(2026, 10, 14), True),   # the publication date itself
    (D(2028, 9, 30), True),    # the last day of consent (date + 2 years)
    (D(2028, 10, 1), False),   # the day after: expired
])
def test_date_boundaries(site_dir, today, published):
    """A story is public from its date, and through the last day of its consent."""
    site, _ = site_dir.load(today)
    assert bool(site.published_stories) is published


def test_consent_years_come_from_the_settings(site_dir):
    """consent_years in site.toml sets the default expiry."""
    site_dir.write("site.toml", 'title = "X"\nbase_url = "https://x.org/"\nconsent_years = 1\n')
    site, _ = site_dir.load(D(2027, 10, 1))
    assert site.stories[0].consent.expires == D(2027, 9, 30)
    assert site.published_stories == ()


def test_leap_day_consent_expires_on_28_february():
    """Consent given on 29 February lasts until 28 February."""
    assert add_years(D(2028, 2, 29), 2) == D(2030, 2, 28)
    assert add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)


def test_guardian_and_sensitive_review_publish(site_dir):
    """A minor with guardian consent, and a reviewed sensitive topic, are published."""
    site_dir.story(storyteller={"name": "Maria", "naming": "first", "minor": True},
                   sensitive=["health"],
                   consent=_consent(guardian=D(2026, 9, 30), sensitive_reviewed=D(2026, 10, 5)))
    site, diagnostics = site_dir.load()
    assert [s.id for s in site.published_stories] == ["maria"]
    assert diagnostics == []


def test_visible_stories_are_newest_first(site_dir):
    """Published stories come newest first, the one ordering every output uses."""
    site_dir.story("older", date=D(2025, 1, 2))
    site_dir.story("newer", date=D(2026, 11, 1))
    site, _ = site_dir.load()
    assert [s.id for s in site.published_stories] == ["newer", "maria", "older"]


def test_drafts_never_add_a_story_without_consent(site_dir):
    """--drafts adds drafts and scheduled stories, never one with a consent problem.

    The storyteller reviews a draft by reading its preview, so a draft (or a
    story in review) whose text they have not approved yet is shown; a
    published story without that review, or a draft without consent, is not.
    """
    site_dir.story("draft", status="draft")
    site_dir.story("unreviewed", status="draft", consent=_consent(reviewed=None))
    site_dir.story("in-review", status="review", consent=_consent(reviewed=None))
    site_dir.story("later", status="draft", consent=_consent(reviewed=D(2026, 12, 5)))
    site_dir.story("no-consent", status="draft", consent=None)
    site_dir.story("withdrawn", status="draft", consent=_consent(reviewed=None,
                                                                 withdrawn=D(2026, 11, 1)))
    site_dir.story("published-unreviewed", consent=_consent(reviewed=None))
    site, _ = site_dir.load()
    assert {s.id for s in site.visible_stories(drafts=True)} == {
        "maria", "draft", "unreviewed", "in-review", "later"}
    assert {s.id for s in site.published_stories} == {"maria"}


def test_uses_beyond_the_page_need_the_story_published(site_dir):
    """allows(): feed, search, print and social need a published story and consent to each;
    the photo needs consent only, so a preview shows the photo the storyteller agreed to."""
    from wsstories.publication import allows

    site_dir.story(consent=_consent(scope=["web", "photo", "search"]))
    site_dir.story("ana", status="draft")
    site, _ = site_dir.load()
    by_id = {s.id: s for s in site.stories}
    public, draft = by_id["maria"], by_id["ana"]
    assert [allows(public, s) for s in ("search", "photo", "feed", "print", "social")] == \
        [True, True, False, False, False]
    assert allows(draft, "photo") is ("photo" in draft.consent.scope)
    assert not any(allows(draft, s) for s in ("search", "feed", "print", "social"))


def test_a_build_counts_held_back_stories_by_their_main_reason(site_dir):
    """The summary names each story once, by its first reason in the fixed order: consent first."""
    from wsstories.publication import held_back_counts

    site_dir.story("ana", status="draft", consent=_consent(withdrawn=D(2026, 11, 1)))
    site_dir.story("luis", status="review")
    site_dir.story("rosa", consent=None)
    site, _ = site_dir.load()
    assert held_back_counts(site.stories) == {"consent withdrawn": 1, "no consent": 1, "in review": 1}
