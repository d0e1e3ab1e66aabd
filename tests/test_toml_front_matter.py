"""TOML front matter (between '+++' lines, as Hugo sites write it) reads like YAML front matter.

Both go through python-frontmatter's handlers (wsstories/reading/matter.py): the
same fields, the same schema, and every message names the line of the file.
"""

from __future__ import annotations

import datetime as dt

from conftest import BODY, TODAY, front_matter, story_data

TOML_STORY = '''+++
title = "From night shifts to a nursing career"
summary = "Maria earned her nursing-assistant certificate while raising two kids."
date = 2026-10-14
goal = "earn-a-credential"
status = "published"
quote = "I did this for my kids, and for me."

[storyteller]
name = "Maria"
naming = "first"

[[partners]]
partner = "harbor-college"
contribution = "Nursing-assistant training"

[[partners]]
partner = "northside-services"
contribution = "Childcare while she studied"

[[outcomes]]
type = "credential"
name = "Certified Nursing Assistant"
credential_type = "occupational-certification"

[[outcomes]]
type = "hourly-wage"
value = 21.5

[consent]
ref = "WS-2026-0142"
date = 2026-09-30
reviewed = 2026-10-05
+++
''' + BODY


def _line(text: str, starts: str) -> int:
    return next(number for number, row in enumerate(text.split("\n"), 1) if row.startswith(starts))


def test_a_toml_story_is_the_same_story_as_its_yaml_twin(site_dir, tmp_path):
    """The same fields in TOML and in YAML make the same published story."""
    site_dir.write("maria.md", TOML_STORY)
    site, diagnostics = site_dir.load()
    assert [d for d in diagnostics if d.severity.value == "error"] == []
    [toml_story] = site.stories
    site_dir.story("maria")  # the YAML twin, over the same file
    [yaml_story] = site_dir.load()[0].stories
    assert toml_story.title == yaml_story.title and toml_story.date == dt.date(2026, 10, 14)
    assert [(c.partner, c.contribution) for c in toml_story.credits] == \
        [(c.partner, c.contribution) for c in yaml_story.credits]
    assert toml_story.consent == yaml_story.consent
    assert [(o.type, o.values) for o in toml_story.outcomes] == \
        [(o.type, o.values) for o in yaml_story.outcomes]
    assert [o.line for o in toml_story.outcomes] == [_line(TOML_STORY, "[[outcomes]]"),
                                                    _line(TOML_STORY, "[[outcomes]]") + 5]
    assert toml_story.body == yaml_story.body and toml_story in site.published_stories


def test_schema_errors_in_toml_name_the_line_of_the_field(site_dir):
    """A wrong value in TOML front matter is reported on its own line, as in YAML."""
    cases = [('goal = "earn-a-credential"', 'goal = "earn-a-credentail"', "goal ="),
             ('partner = "northside-services"', 'partner = "nowhere-services"', 'partner = "nowhere'),
             ("date = 2026-09-30", 'date = "last week"', 'date = "last week"'),
             ('naming = "first"', 'naming = "nickname"', "naming =")]
    for old, new, where in cases:
        text = TOML_STORY.replace(old, new)
        site_dir.write("maria.md", text)
        errors = [(rule, line) for _, line, severity, rule in site_dir.problems()
                  if severity == "error"]
        assert _line(text, where) in {line for _, line in errors}, (new, errors)


def test_unknown_field_in_toml_is_named_on_its_line(site_dir):
    text = TOML_STORY.replace('status = "published"\n', 'status = "published"\nsumary = "x"\n')
    site_dir.write("maria.md", text)
    found = [(rule, line) for _, line, _, rule in site_dir.problems()]
    assert ("schema-unknown-field", _line(text, "sumary")) in found


def test_broken_toml_gets_one_located_error_in_plain_words(site_dir):
    """A TOML syntax error names the line and says how a field is written."""
    text = TOML_STORY.replace('goal = "earn-a-credential"', 'goal = earn-a-credential')
    site_dir.write("maria.md", text)
    _, diagnostics = site_dir.load()
    [error] = [d for d in diagnostics if d.path.name == "maria.md"]
    assert (error.rule, error.line) == ("file-toml", _line(text, "goal ="))
    assert 'name = "value"' in error.message and "TOML" in error.message


def test_unclosed_and_empty_toml_front_matter(site_dir):
    site_dir.write("open.md", TOML_STORY.replace("+++\nMaria", "Maria"))
    site_dir.write("empty.md", "+++\n+++\nText\n")
    found = {d.path.name: d for d in site_dir.load()[1] if d.severity.value == "error"}
    assert found["open.md"].rule == "file-unclosed-front-matter" and "'+++'" in found["open.md"].message
    assert found["empty.md"].rule == "file-front-matter-empty" and "'+++'" in found["empty.md"].message


def test_a_yaml_story_still_reads_with_its_lines(site_dir):
    """The YAML handler keeps the line of every field (the body starts after the fence)."""
    text = front_matter(story_data(goal="earn-a-credentail"))
    site_dir.write("maria.md", text)
    errors = [(rule, line) for _, line, severity, rule in site_dir.problems() if severity == "error"]
    assert any(line == _line(text, "goal:") for _, line in errors)
    assert TODAY  # the calendar is pinned by the fixture's load()


def test_an_unreadable_toml_draft_is_still_known_as_a_draft(site_dir, capsys):
    """A draft whose TOML cannot be read is left out with a warning; the build goes on."""
    site_dir.story("maria")
    broken = TOML_STORY.replace('status = "published"', 'status = "draft"')
    site_dir.write("rosa.md", broken.replace('goal = "earn-a-credential"', "goal = earn"))
    site, diagnostics = site_dir.load()
    assert [s.id for s in site.published_stories] == ["maria"]
    assert not [d for d in diagnostics if d.severity.value == "error"]
    assert any(d.rule == "draft-incomplete" and d.path.name == "rosa.md" for d in diagnostics)
