"""`wsstories docs`: the staff guides travel with the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wsstories import rules
from wsstories.commands.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_docs_lists_the_guides_and_how_to_look_up_a_rule(capsys):
    """With no topic, docs names each guide and says a rule id works too."""
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    for topic in ("writing", "previewing", "rules", "RULE-ID"):
        assert re.search(rf"^  {topic}\s", out, re.MULTILINE), topic


@pytest.mark.parametrize("topic,name", [("writing", "writing-a-story.md"),
                                        ("previewing", "previewing.md"), ("rules", "rules.md")])
def test_docs_prints_a_whole_guide(capsys, topic, name):
    """A guide's topic prints that guide, exactly as written."""
    assert main(["docs", topic]) == 0
    assert capsys.readouterr().out == (DOCS / name).read_text(encoding="utf-8")


def test_docs_prints_one_rule_entry(capsys):
    """A rule id prints that rule's entry alone, not the next one."""
    assert main(["docs", "ref-partner-unknown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### ref-partner-unknown")
    assert "### ref-partner-twice" not in out and out.count("### ") == 1


def test_every_tunable_rule_has_an_entry():
    """Each rule a site can tune in site.toml is explained by `wsstories docs RULE`."""
    from wsstories.commands.guides import rule_ids
    missing = set(rules.DEFAULTS) - set(rule_ids())
    assert not missing, missing


def test_an_unknown_topic_is_a_usage_error_with_a_suggestion(capsys):
    """A misspelt topic exits 2 and suggests the closest one."""
    assert main(["docs", "ownership-clam"]) == 2
    assert "did you mean 'ownership-claim'?" in capsys.readouterr().err


def test_check_points_to_the_entry_of_a_problem(site_dir, capsys):
    """When check finds a problem, it says which docs command explains it."""
    site_dir.story(goal="nowhere")
    main(["check", "--source", str(site_dir.root), "--today", "2026-11-28"])
    out = capsys.readouterr().out
    assert "wsstories docs ref-goal-unknown" in out
    assert out.splitlines()[-1].startswith("Checked ")


def test_the_story_template_points_to_what_an_installed_user_has():
    """The template of `new` names a command, not a file of this repository."""
    from wsstories.commands.scaffold import _scaffold
    template = (_scaffold() / "story.md.template").read_text(encoding="utf-8")
    assert "docs/" not in template and "wsstories docs writing" in template
