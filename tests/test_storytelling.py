"""The storytelling checks: ownership claims, dignity, privacy, minors, headlines, plain language."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from conftest import STORY, front_matter

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
DATA = Path(__file__).resolve().parent / "data"


def _body_problems(site_dir, body: str, rule_prefix: str, **changes):
    site_dir.story(body=body, **changes)
    return [p for p in site_dir.problems() if p[3].startswith(rule_prefix)]


def _line_of(site_dir, words: str, name: str = "maria") -> int:
    """The line of the story file that holds ``words``."""
    lines = (site_dir.root / f"{name}.md").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if words in line)


# Ownership claims -------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Our client Dana finished the course.",
    "One of our participants started work in May.",
    "Our graduates, like Sam, go far.",
    "Our trainee passed the exam.",
    "Maria is our latest success.",
    "We placed Marcus at a distribution centre.",
    "Harbor College got Andre a job.",
    "The agency secured employment for twelve veterans.",
    "The program transformed her life.",
    "Riverbend Bakery made it all possible.",
    "Northside Community Services is responsible for Maria's new job.",
    "Credit goes to Harbor College.",
    "The program put her back to work.",
    "Thanks to Harbor College, she earned her certificate.",
    "Because of our program, she works full-time.",
    "Without Northside Community Services, she would never have finished.",
    "It is another success story for Harbor College.",
    "This is Harbor College's success story.",
    "It was a win for our team.",
])
def test_ownership_claims_are_errors(site_dir, sentence):
    """Each kind of claim in the issue is an error on its line, quoting the words."""
    problems = _body_problems(site_dir, f"Maria studied hard.\n\n{sentence}\n", "ownership-")
    assert [(p[1], p[2]) for p in problems] == [(_line_of(site_dir, sentence[:12]), "error")]
    [message] = site_dir.messages("ownership-claim")
    assert message.startswith("'") and "e.g." in message


@pytest.mark.parametrize("sentence", [
    "Keisha completed the course.",
    "Harbor College offered evening classes.",
    "Staff helped Olu practise for interviews.",
    "A grant paid for his tools.",
    "Rosa says the mock interviews helped her feel ready.",
    "\"Without Harbor College I would never have made it,\" Maria says.",
    "“The program changed my life.”",
    "> Thanks to Harbor College, I am a nurse.",
])
def test_service_and_the_storytellers_own_words_are_not_claims(site_dir, sentence):
    """A partner giving a service, and anything the storyteller says, are not claims."""
    storyteller = {"name": "Rosa", "naming": "first"}
    assert _body_problems(site_dir, f"{sentence}\n", "ownership-", storyteller=storyteller,
                          title="Rosa's new start", summary="Rosa found work.") == []


def test_the_quote_field_is_the_storytellers_own(site_dir):
    """The quote is the storyteller's words: never checked for ownership claims."""
    site_dir.story(quote="Harbor College changed my life, and I owe my career to them.")
    assert "ownership-claim" not in site_dir.rules()


def test_claims_in_title_summary_and_contributions(site_dir):
    """Titles, summaries and contributions are checked as well as the body."""
    site_dir.story(title="Our client Maria becomes a nurse",
                   summary="Thanks to Harbor College, Maria earned a certificate.",
                   partners=[{"partner": "harbor-college", "contribution": "We placed her in a job"}])
    lines = sorted(p[1] for p in site_dir.problems() if p[3] == "ownership-claim")
    assert lines == [2, 3, 12]


def test_every_partner_in_the_registry_is_known_by_name(site_dir):
    """A partner added to partners/ is recognised in claims, by its name and short form."""
    site_dir.write("partners/zeta.md", front_matter(
        {"name": "Zeta Valley Workforce Council", "type": "government"}, "We convene employers."))
    problems = _body_problems(site_dir, "Thanks to the Workforce Council, Maria found work.\n",
                              "ownership-")
    assert len(problems) == 1


def test_the_corpus_has_200_sentences_with_near_misses():
    """The labelled corpus holds at least 200 sentences, claims and acceptable ones."""
    lines = [l for l in (DATA / "ownership_corpus.tsv").read_text().splitlines()
             if l and not l.startswith("#")]
    labels = [l.split("\t")[0] for l in lines]
    assert len(lines) >= 200 and labels.count("claim") >= 80 and labels.count("ok") >= 80


# Dignity ---------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,alternative", [
    ("She suffers from asthma.", "lives with"),
    ("He is wheelchair-bound.", "uses a wheelchair"),
    ("He was confined to a wheelchair.", "uses a wheelchair"),
    ("The disabled deserve work.", "people with disabilities"),
    ("She was a victim of fraud.", "survivor"),
    ("He is an ex-con.", "conviction"),
    ("Illegal aliens were hired.", "undocumented"),
    ("She was rescued by the shelter.", "what the person did"),
    ("The class is for at-risk youth.", "facing barriers"),
])
def test_saviour_and_deficit_language_gets_a_respectful_alternative(site_dir, phrase, alternative):
    """Each phrase is a warning that suggests a respectful alternative."""
    problems = _body_problems(site_dir, f"{phrase}\n", "dignity-")
    assert [p[2] for p in problems] == ["warning"]
    assert alternative in site_dir.messages("dignity-language")[0]


# Private details -------------------------------------------------------------------

@pytest.mark.parametrize("text,rule", [
    ("Write to maria.lopez@example.com for details.", "pii-email"),
    ("Call her at (253) 555-0142.", "pii-phone"),
    ("Call 253-555-0142 any time.", "pii-phone"),
    ("Call +1 253.555.0142 today.", "pii-phone"),
    ("Her number is 555-0142.", "pii-phone"),
    ("Her SSN is 123-45-6789.", "pii-ssn"),
    ("She was born 03/14/1986 in Tacoma.", "pii-birth-date"),
    ("He was born on March 14, 1986.", "pii-birth-date"),
    ("She lives at 1402 Harbor Avenue, Apt 3.", "pii-address"),
    ("Mail goes to PO Box 112.", "pii-case-number" if False else "pii-address"),
    ("Her case number is 2026-44817.", "pii-case-number"),
    ("His UI claim #A1234567 was approved.", "pii-case-number"),
])
def test_private_details_are_errors(site_dir, text, rule):
    """E-mails, phones, SSNs, birth dates, addresses and case numbers are errors."""
    problems = _body_problems(site_dir, f"Maria started work.\n\n{text}\n", "pii-")
    assert [(p[3], p[2]) for p in problems] == [(rule, "error")]
    message = site_dir.messages(rule)[0]
    assert "•" in message, "the detail is not repeated in full"


@pytest.mark.parametrize("text", [
    "She earned $21.50 an hour from 2024 to 2026.",
    "The course ran 12-16 weeks, in rooms 101-104.",
    "She works on Harbor Avenue now.",
    "Her school counsellor mentioned the program.",
    "The AWS D1.1 test has 4 parts.",
])
def test_ordinary_numbers_are_not_private(site_dir, text):
    """Wages, years, ranges and street names without a number are not private details."""
    assert _body_problems(site_dir, f"{text}\n", "pii-") == []


def test_a_sites_own_case_number_pattern(site_dir):
    """site.toml may add the partnership's case-number patterns."""
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\n'
                                '[privacy]\ncase_patterns = ["HC-\\\\d{6}"]\n')
    assert [p[3] for p in _body_problems(site_dir, "File HC-123456 was closed.\n", "pii-")] == [
        "pii-case-number"]


def test_private_details_in_every_public_field(site_dir, tmp_path):
    """Title, summary, quote, contribution and photo description are checked too."""
    from test_pages import _image
    site_dir.write("media/m.jpg", _image())
    site_dir.story(title="Maria, reach her at 253-555-0142",
                   summary="Maria (maria@example.com) got the job.",
                   quote="Call me at 253-555-0199!",
                   partners=[{"partner": "harbor-college", "contribution": "Case # 44817-22"}],
                   photo={"file": "media/m.jpg", "alt": "Maria outside 1402 Harbor Avenue"})
    fields = sorted(p[3] for p in site_dir.problems() if p[3].startswith("pii-"))
    assert fields == ["pii-address", "pii-case-number", "pii-email", "pii-phone", "pii-phone"]


# Minors ----------------------------------------------------------------------------

def test_a_minor_is_never_named_in_full(site_dir):
    """naming: full for a minor is an error on the naming line."""
    path = site_dir.story(storyteller={"name": "Aaliyah Jones", "naming": "full", "minor": True},
                          consent={**STORY["consent"], "guardian": dt.date(2026, 9, 30)})
    [line] = [p[1] for p in site_dir.problems() if p[3] == "minor-full-name"]
    assert path.read_text().splitlines()[line - 1].strip() == "naming: full"


def test_a_minors_story_names_no_school(site_dir):
    """A named school in a minor's story is an error; 'her school' is fine."""
    minor = {"name": "Aaliyah", "naming": "first", "minor": True}
    consent = {**STORY["consent"], "guardian": dt.date(2026, 9, 30)}
    problems = _body_problems(site_dir, "Aaliyah attends Lincoln High School. Her school "
                              "counsellor helped.\n", "minor-", storyteller=minor, consent=consent,
                              title="Aaliyah's first job", summary="Aaliyah found work.")
    assert [p[3] for p in problems] == ["minor-school"]


# Headline and plain language ---------------------------------------------------------

def test_headline_names_the_storyteller(site_dir):
    """A headline that does not name the storyteller is a warning; anonymous is exempt."""
    site_dir.story(title="A nursing career", summary="A certificate earned at night.")
    assert "headline-person" in site_dir.rules()
    site_dir.story(title="A nursing career", summary="A certificate earned at night.",
                   storyteller={"name": "A Harbor County resident", "naming": "anonymous"})
    assert "headline-person" not in site_dir.rules()


def test_employer_stories_are_not_held_to_a_persons_headline(site_dir):
    """An employer's story (a goal for employers) may name the business instead."""
    site_dir.story(goal="fill-openings", title="A bakery filled six openings",
                   summary="The bakery hired six people.")
    assert "headline-person" not in site_dir.rules()


def test_long_sentences_and_acronyms_are_info(site_dir):
    """Sentences over 30 words and unexplained acronyms are info lines."""
    long = " ".join(["word"] * 31) + "."
    site_dir.story(body=f"{long}\n\nShe finished her CNA course. The Workforce Innovation and "
                        "Opportunity Act (WIOA) paid. WIOA helps.\n")
    problems = {(p[3], p[2]) for p in site_dir.problems()}
    assert ("plain-long-sentence", "info") in problems
    assert ("plain-acronym", "info") in problems
    assert [m for m in site_dir.messages("plain-acronym")] == [
        "'CNA' is not spelled out; the first time, write it in full with the short form after "
        "it, like 'Workforce Innovation and Opportunity Act (WIOA)'"]


@pytest.mark.parametrize("body", [
    "She took MATH 0950 and then ACCT 1010 at night.",
    "## MATH 0950\n\nShe passed WELD 101A in June.",
    "Tomó el curso MATH 0950 en la escuela de adultos.",
])
def test_a_course_code_is_not_an_acronym(site_dir, body):
    """A subject code with its course number ('MATH 0950') names a course; it is not spelled out."""
    site_dir.story(body=body + "\n")
    assert "plain-acronym" not in site_dir.rules()


def test_an_acronym_before_a_year_or_a_longer_number_is_still_one(site_dir):
    """'FTC 2024' or 'SSN 219-09' is not a course: the acronym is still reported."""
    site_dir.story(body="The FTC 2024 report came out. She works at KPRX 12345.\n")
    assert [m.split("'")[1] for m in site_dir.messages("plain-acronym")] == ["FTC", "KPRX"]


# Severities and excuses ----------------------------------------------------------------

def test_rules_can_be_set_in_site_toml(site_dir):
    """[rules] turns a rule off or changes its severity."""
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\n[rules]\n'
                                'ownership-claim = "warning"\ndignity-language = "off"\n')
    site_dir.story(body="Our client Maria suffers from asthma.\n")
    problems = {(p[3], p[2]) for p in site_dir.problems()}
    assert ("ownership-claim", "warning") in problems
    assert "dignity-language" not in {p[0] for p in problems}


@pytest.mark.parametrize("table,rule", [
    ('[rules]\nownership-clam = "off"\n', "settings-unknown-field"),
    ('[rules]\nownership-claim = "loud"\n', "settings-choice"),
    ('[privacy]\ncase_patterns = ["(unclosed"]\n', "settings-pattern"),
])
def test_bad_rule_settings_are_reported(site_dir, table, rule):
    """Unknown rule ids, unknown levels and bad patterns are settings errors."""
    site_dir.write("site.toml", f'title = "T"\nbase_url = "https://x.org/"\n{table}')
    assert rule in site_dir.rules()
    if "clam" in table:
        assert "did you mean 'ownership-claim'" in site_dir.messages(rule)[0]


def test_a_line_can_excuse_a_rule(site_dir, tmp_path):
    """A wsstories-allow comment excuses that rule on that line only; it never reaches the site."""
    body = ("Our client Maria finished. <!-- wsstories-allow: ownership-claim -->\n\n"
            "We placed her at the clinic.\n")
    site_dir.story(body=body)
    problems = [p for p in site_dir.problems() if p[3] == "ownership-claim"]
    assert len(problems) == 1 and problems[0][1] == _line_of(site_dir, "We placed her")
    from wsstories.commands.build import build
    site_dir.story(body=body.split("\n\n")[0] + "\n")
    build(site_dir.root, tmp_path / "out", today=dt.date(2026, 11, 28))
    assert "wsstories-allow" not in (tmp_path / "out/stories/maria/index.html").read_text()


def test_front_matter_lines_can_be_excused(site_dir):
    """A YAML comment excuses a rule on a front-matter line."""
    path = site_dir.story(title="Maria, reach her at 253-555-0142")
    text = path.read_text().replace("253-555-0142\n", "253-555-0142  # wsstories-allow: pii-phone\n")
    path.write_text(text)
    assert "pii-phone" not in site_dir.rules()


def test_celebrations_are_checked_like_stories(site_dir):
    """A celebration post's text is held to the same rules."""
    site_dir.write("celebrations/spring.md", front_matter({
        "title": "Spring graduates", "date": dt.date(2026, 6, 12),
        "summary": "Our graduates celebrated.", "status": "published"},
        "Thanks to Harbor College, twelve people graduated. Call 253-555-0142.\n"))
    rules = [p[3] for p in site_dir.problems() if p[0] == "spring.md"]
    # 'Thanks to Harbor College' is a clear claim; 'Our graduates' (people in general, no one
    # named) a possible one.
    assert rules.count("ownership-claim") == 1 and "ownership-possible" in rules
    assert "pii-phone" in rules


def test_the_example_site_is_clean(example_site):
    """The example stories pass every storytelling rule."""
    from wsstories import load_site
    _, diagnostics = load_site(example_site, today=dt.date(2026, 11, 28))
    prefixes = ("ownership", "dignity", "pii", "minor", "headline", "plain")
    assert [d.format() for d in diagnostics if d.rule.startswith(prefixes)] == []
