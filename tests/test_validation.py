"""Validation of the content model: each rule, on a valid and an invalid file."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import STORY, front_matter


def test_the_valid_site_has_no_problem(site_dir):
    """The fixture site is valid: no error, no warning, no held-back story."""
    assert site_dir.problems() == []
    site, _ = site_dir.load()
    assert [s.id for s in site.published_stories] == ["maria"]


def _teller(**changes):
    return {**STORY["storyteller"], **changes}


def _consent(**changes):
    data = {**STORY["consent"], **changes}
    return {k: v for k, v in data.items() if v is not None}


def _credit(partner="harbor-college", contribution="Training", **extra):
    return {"partner": partner, "contribution": contribution, **extra}


# (case, story changes, rule that must appear)
STORY_RULES = [
    ("unknown field", {"sumary": "x"}, "schema-unknown-field"),
    ("missing title", {"title": None}, "schema-required"),
    ("missing summary", {"summary": None}, "schema-required"),
    ("missing date", {"date": None}, "schema-required"),
    ("missing goal", {"goal": None}, "schema-required"),
    ("missing partners", {"partners": None}, "schema-required"),
    ("missing storyteller name", {"storyteller": {"naming": "first"}}, "schema-required"),
    ("missing contribution", {"partners": [{"partner": "harbor-college"}]}, "schema-required"),
    ("photo without alt", {"photo": {"file": "media/m.jpg"}}, "schema-required"),
    ("consent without ref", {"consent": _consent(ref=None)}, "schema-required"),
    ("title is a number list", {"title": [1, 2]}, "schema-type"),
    ("minor is text", {"storyteller": _teller(minor="yes please")}, "schema-type"),
    ("outcomes not a list", {"outcomes": "many"}, "schema-type"),
    ("storyteller not a group", {"storyteller": "Maria"}, "schema-type"),
    ("empty summary", {"summary": "   "}, "schema-empty"),
    ("summary over 300", {"summary": "x" * 301}, "schema-too-long"),
    ("contribution over 120", {"partners": [_credit(contribution="y" * 121)]}, "schema-too-long"),
    ("goal not an id", {"goal": "Earn a credential"}, "schema-id"),
    ("bad lang", {"lang": "Spanish"}, "schema-lang"),
    ("bad status", {"status": "live"}, "schema-choice"),
    ("bad naming", {"storyteller": _teller(naming="nickname")}, "schema-choice"),
    ("bad scope", {"consent": _consent(scope=["web", "tv"])}, "schema-choice"),
    ("bad sensitive topic", {"sensitive": ["politics"]}, "schema-choice"),
    ("bad outcome type", {"outcomes": [{"type": "employment"}]}, "schema-choice"),
    ("bad credential type", {"outcomes": [{"type": "credential", "name": "X",
                                           "credential_type": "diploma"}]}, "schema-choice"),
    ("outcome without type", {"outcomes": [{"value": 3}]}, "schema-required"),
    ("employed without occupation", {"outcomes": [{"type": "employed"}]}, "schema-required"),
    ("field of another outcome type", {"outcomes": [{"type": "hires", "value": 2,
                                                     "occupation": "Baker"}]},
     "schema-unknown-field"),
    ("bad as_of", {"outcomes": [{"type": "retained-q2", "as_of": "2026-13"}]}, "schema-date"),
    ("bad date", {"date": "next week"}, "schema-date"),
    ("bad consent date", {"consent": _consent(date="2026-02-30")}, "schema-date"),
    ("zero wage", {"outcomes": [{"type": "hourly-wage", "value": 0}]}, "schema-range"),
    ("fractional hires", {"outcomes": [{"type": "hires", "value": 2.5}]}, "schema-type"),
    ("no hires", {"outcomes": [{"type": "hires", "value": 0}]}, "schema-range"),
    ("retention over 100", {"outcomes": [{"type": "retention", "value": 120}]}, "schema-range"),
    ("wage as text", {"outcomes": [{"type": "annual-wage", "value": "$50,000"}]}, "schema-type"),
    ("first name with surname", {"storyteller": _teller(name="Maria Lopez")}, "schema-naming"),
    ("owner field", {"owner": "harbor-college"}, "ownership-field"),
    ("sponsor field", {"sponsor": "harbor-college"}, "ownership-field"),
    ("submitted_by field", {"submitted_by": "Pat at Harbor College"}, "ownership-field"),
    ("presented-by field", {"Presented-By": "Harbor College"}, "ownership-field"),
    ("lead on a partner", {"partners": [_credit(lead=True)]}, "ownership-field"),
    ("unknown goal", {"goal": "earn-a-credental"}, "ref-goal-unknown"),
    ("unknown partner", {"partners": [_credit(partner="harbour-college")]}, "ref-partner-unknown"),
    ("partner twice", {"partners": [_credit(), _credit(contribution="More")]}, "ref-partner-twice"),
    ("unknown translation", {"translation_of": "marta"}, "ref-translation-unknown"),
    ("translation of itself", {"translation_of": "maria"}, "ref-translation-self"),
    ("missing photo file", {"photo": {"file": "media/none.jpg", "alt": "Maria"}},
     "ref-file-missing"),
    ("photo outside source", {"photo": {"file": "../../etc/passwd", "alt": "Maria"}},
     "ref-file-outside"),
    ("absolute photo path", {"photo": {"file": "/etc/passwd", "alt": "Maria"}},
     "ref-file-outside"),
    ("expires before consent", {"consent": _consent(expires=dt.date(2025, 1, 1))}, "consent-dates"),
    ("reviewed before consent", {"consent": _consent(reviewed=dt.date(2026, 1, 1))},
     "consent-dates"),
]


@pytest.mark.parametrize("changes,rule", [c[1:] for c in STORY_RULES],
                         ids=[c[0] for c in STORY_RULES])
def test_story_rule(site_dir, changes, rule):
    """An invalid story is reported under its rule id."""
    site_dir.story(**changes)
    assert rule in site_dir.rules()


@pytest.mark.parametrize("changes,rule", [c[1:] for c in STORY_RULES],
                         ids=[c[0] for c in STORY_RULES])
def test_story_with_an_error_is_left_out_of_the_site(site_dir, changes, rule):
    """A story with an error (not a mere warning) is not in the site model."""
    site_dir.story(**changes)
    site, diagnostics = site_dir.load()
    has_error = any(d.severity.value == "error" and d.path.name == "maria.md" for d in diagnostics)
    assert ("maria" in {s.id for s in site.stories}) is not has_error


def test_unknown_field_suggests_the_close_one(site_dir):
    """A misspelt field name comes with a 'did you mean'."""
    site_dir.story(storyteller={**STORY["storyteller"], "nameing": "first"})
    messages = site_dir.messages("schema-unknown-field")
    assert messages == ["'storyteller.nameing' is not a field of a story (did you mean 'naming'?)"]


def test_unknown_partner_suggests_the_close_one(site_dir):
    """A near-miss partner id comes with a 'did you mean' and its line."""
    site_dir.story(partners=[_credit(partner="harbour-college")])
    assert site_dir.messages("ref-partner-unknown") == [
        "unknown partner 'harbour-college' (did you mean 'harbor-college'?); "
        "a partner is the id of a file in partners/"]
    line = [p[1] for p in site_dir.problems() if p[3] == "ref-partner-unknown"][0]
    text = (site_dir.root / "maria.md").read_text().splitlines()
    assert "harbour-college" in text[line - 1]


def test_ownership_field_explains_why(site_dir):
    """An ownership field is refused with a sentence on why no partner owns a story."""
    site_dir.story(lead_partner="harbor-college")
    [message] = site_dir.messages("ownership-field")
    assert "no partner owns a story" in message and "equally" in message


def test_partner_order_in_the_file_is_kept_only_as_written(site_dir):
    """Credits keep every partner; nothing in the model ranks them."""
    site_dir.story(partners=[_credit("riverbend-bakery", "Job"), _credit("harbor-college", "Class")])
    site, _ = site_dir.load()
    assert {c.partner for c in site.stories[0].credits} == {"riverbend-bakery", "harbor-college"}


def test_a_scope_written_as_one_word_is_a_list(site_dir):
    """`scope: web` is read as a list of one."""
    site_dir.story(consent=_consent(scope="web"))
    site, _ = site_dir.load()
    assert site.stories[0].consent.scope == ("web",)


def test_valid_outcomes_of_every_type(site_dir):
    """Every outcome type of the vocabulary is accepted with its fields."""
    outcomes = [
        {"type": "employed", "occupation": "Nurse aide", "employer": "Clinic", "soc": "31-1131"},
        {"type": "hourly-wage", "value": 21.5},
        {"type": "annual-wage", "value": 52000},
        {"type": "credential", "name": "CNA", "credential_type": "occupational-licence"},
        {"type": "skill-gain", "kind": "skills-exam"},
        {"type": "retained-q2"}, {"type": "retained-q4", "as_of": "2026-09"},
        {"type": "education-enrolled", "name": "LPN program"}, {"type": "promotion"},
        {"type": "business-started", "name": "Catering"},
        {"type": "hires", "value": 6}, {"type": "apprentices", "value": 4},
        {"type": "staff-trained", "value": 12}, {"type": "retention", "value": 83.5},
    ]
    site_dir.story(outcomes=outcomes)
    assert site_dir.problems() == []
    site, _ = site_dir.load()
    assert len(site.stories[0].outcomes) == len(outcomes)


# Partners, goals, celebrations and settings.

def test_partner_rules(site_dir):
    """Partner files: required fields, type, url and no ranking fields."""
    site_dir.write("partners/a.md", front_matter({"type": "cbo"}, "We help."))
    site_dir.write("partners/b.md", front_matter({"name": "B", "type": "charity"}, "We help."))
    site_dir.write("partners/c.md", front_matter({"name": "C", "type": "cbo", "url": "c.org"}, "x"))
    site_dir.write("partners/d.md", front_matter({"name": "D", "type": "cbo", "tier": "gold"}, "x"))
    site_dir.write("partners/e.md", front_matter({"name": "E", "type": "cbo"}, ""))
    site_dir.write("partners/f.md", front_matter({"name": "F", "type": "cbo",
                                                  "logo": {"file": "media/f.svg"}}, "x"))
    problems = {(p[0], p[3]) for p in site_dir.problems()}
    assert {("a.md", "schema-required"), ("b.md", "schema-choice"), ("c.md", "schema-url"),
            ("d.md", "ownership-ranking"), ("e.md", "schema-empty-body"),
            ("f.md", "schema-required")} <= problems
    [message] = site_dir.messages("ownership-ranking")
    assert "same weight" in message


def test_partner_names_that_differ_only_in_case_or_spacing(site_dir):
    """Two partners called 'Harbor College' and 'harbor  college' are reported."""
    site_dir.write("partners/harbor-2.md", front_matter({"name": "harbor  COLLEGE", "type": "cbo"},
                                                        "We teach."))
    assert ("harbor-2.md", None, "error", "ref-name-clash") in site_dir.problems()


def test_goal_rules(site_dir):
    """Goal files: title and audience required, audience from its list, names unique."""
    site_dir.write("goals/a.md", front_matter({"audience": "job-seeker"}, "x"))
    site_dir.write("goals/b.md", front_matter({"title": "B", "audience": "employers"}, "x"))
    site_dir.write("goals/c.md", front_matter({"title": "earn a  Credential",
                                               "audience": "job-seeker"}, "x"))
    problems = {(p[0], p[3]) for p in site_dir.problems()}
    assert {("a.md", "schema-required"), ("b.md", "schema-choice"),
            ("c.md", "ref-name-clash")} <= problems
    assert any("did you mean 'employer'" in m for m in site_dir.messages("schema-choice"))


def test_celebration_rules(site_dir):
    """Celebration posts: fields validated, story and partner ids resolved."""
    site_dir.write("celebrations/spring.md", front_matter({
        "title": "Spring graduates", "date": dt.date(2026, 6, 12), "summary": "A ceremony.",
        "stories": ["maria", "mario"], "partners": [_credit("harbor-colege", "Hosted")],
        "status": "published"}, "Twelve people graduated.\n"))
    site_dir.write("celebrations/bad.md", front_matter({"title": "X", "sponsor": "Harbor"}, "x"))
    problems = {(p[0], p[3]) for p in site_dir.problems()}
    assert {("spring.md", "ref-story-unknown"), ("spring.md", "ref-partner-unknown"),
            ("bad.md", "ownership-field"), ("bad.md", "schema-required")} <= problems
    site, _ = site_dir.load()
    assert [c.id for c in site.celebrations] == []


def test_a_valid_celebration_is_in_the_site(site_dir):
    """A valid celebration post is read into the model."""
    site_dir.write("celebrations/spring.md", front_matter({
        "title": "Spring graduates", "date": dt.date(2026, 6, 12), "summary": "A ceremony.",
        "stories": ["maria"], "partners": [_credit("harbor-college", "Hosted")],
        "status": "published"}, "Twelve people graduated.\n"))
    site, diagnostics = site_dir.load()
    assert diagnostics == []
    assert site.celebrations[0].stories == ("maria",)


@pytest.mark.parametrize("settings,rule,line", [
    ('title = "X"\n', "settings-required", None),
    ('title = "X"\nbase_url = "stories.example.org"\n', "settings-url", 2),
    ('title = "X"\nbase_url = "https://x.org/"\nconsent_yaers = 2\n', "settings-unknown-field", 3),
    ('title = "X"\nbase_url = "https://x.org/"\nmin_count = 0\n', "settings-range", 3),
    ('title = "X"\nbase_url = "https://x.org/"\nconsent_years = "two"\n', "settings-type", 3),
    ('title = X\n', "settings-toml", 1),
    # a key of a table is named on its own line, not on the first line with the same key
    ('title = "X"\nbase_url = "https://x.org/"\n\n[publish]\ntarget = "folder"\n'
     'path = "/tmp/site"\nbase_url = "not a url"\n', "settings-url", 7),
])
def test_settings_rules(site_dir, settings, rule, line):
    """site.toml problems are reported with the settings- family and their line."""
    site_dir.write("site.toml", settings)
    assert ("site.toml", line, "error", rule) in site_dir.problems()


def test_missing_settings(site_dir):
    """A source folder without site.toml is reported, and the stories still checked."""
    (site_dir.root / "site.toml").unlink()
    site_dir.story(goal="nowhere")
    rules = site_dir.rules()
    assert {"settings-missing", "ref-goal-unknown"} <= rules


def test_settings_defaults(site_dir):
    """Unset settings take DESIGN.md's defaults; base_url gains a final slash."""
    site_dir.write("site.toml", 'title = "X"\nbase_url = "https://host.org/lakeside"\n')
    site, _ = site_dir.load()
    assert site.settings.base_url == "https://host.org/lakeside/"
    assert (site.settings.consent_years, site.settings.min_count, site.settings.language) == (2, 5, "en")


def test_story_language_defaults_to_the_site_language(site_dir):
    """A story without `lang` is in the site's language."""
    site_dir.write("site.toml", 'title = "X"\nbase_url = "https://x.org/"\nlanguage = "es"\n')
    site, _ = site_dir.load()
    assert site.stories[0].lang == "es"
