"""The `check` command: its output formats and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from wsstories.commands.cli import main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wsstories", *args], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.slow
def test_example_site_passes(example_site):
    """The example site in the repository checks with exit 0 and no error or warning."""
    result = run("check", "--strict", "--today", "2026-11-28", cwd=example_site.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error[" not in result.stdout and "warning[" not in result.stdout
    assert "0 errors, 0 warnings" in result.stdout.splitlines()[-1]


@pytest.mark.slow
def test_example_site_shows_every_rule_of_holding_back(example_site):
    """The example holds back a draft, a scheduled story and a withdrawn one."""
    result = run("check", "--format", "json", "--today", "2026-11-28", cwd=example_site.parent)
    rules = {d["rule"] for d in json.loads(result.stdout) if d["severity"] == "info"}
    assert {"publish-draft", "publish-scheduled", "consent-withdrawn"} <= rules


def test_example_site_has_the_content_it_promises(example_site):
    """At least 14 stories, 16 partners of all six types, 8 goals with 2 for employers."""
    from wsstories import load_site
    site, _ = load_site(example_site, today=dt.date(2026, 11, 28))
    assert len(site.stories) >= 14
    assert len(site.partners) >= 16
    assert {p.type for p in site.partners.values()} == {
        "business", "cbo", "government", "foundation", "labor", "semi-public"}
    assert len(site.goals) >= 8
    assert sum(g.audience == "employer" for g in site.goals.values()) >= 2
    assert {s.goal for s in site.stories} == set(site.goals)
    for story in site.stories:
        assert 300 <= len(story.body.split()) <= 700, story.id
        assert story.quote or story.storyteller.naming == "anonymous"


@pytest.mark.slow
def test_text_format(site_dir):
    """Each problem is one line: path:line: severity[rule]: message, path relative to cwd."""
    site_dir.story(partners=[{"partner": "harbour-college", "contribution": "Training"}])
    result = run("check", "--today", "2026-11-28", cwd=site_dir.root.parent)
    first = result.stdout.splitlines()[0]
    assert first == ("stories/maria.md:11: error[ref-partner-unknown]: unknown partner "
                     "'harbour-college' (did you mean 'harbor-college'?); a partner is the id "
                     "of a file in partners/")
    assert result.returncode == 1


@pytest.mark.slow
def test_json_format(site_dir):
    """--format json prints an array of {path, line, severity, rule, message} and nothing else."""
    site_dir.story(status="draft")
    site_dir.write("empty.md", "")
    result = run("check", "--format", "json", "--today", "2026-11-28", cwd=site_dir.root.parent)
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert set(item) == {"path", "line", "severity", "rule", "message"}
    by_rule = {d["rule"]: d for d in data}
    assert by_rule["file-empty"]["line"] is None
    assert by_rule["file-empty"]["path"] == "stories/empty.md"
    assert by_rule["publish-draft"] == {
        "path": "stories/maria.md", "line": 6, "severity": "info", "rule": "publish-draft",
        "message": by_rule["publish-draft"]["message"]}
    assert result.returncode == 1


@pytest.mark.parametrize("setup,args,code", [
    (lambda s: None, [], 0),
    (lambda s: s.story(status="draft"), [], 0),                       # info only
    (lambda s: s.story(storyteller={"name": "Maria Lopez", "naming": "first"}), [], 0),  # warning
    (lambda s: s.story(storyteller={"name": "Maria Lopez", "naming": "first"}), ["--strict"], 1),
    (lambda s: s.story(goal="nowhere"), [], 1),
    (lambda s: s.write("site.toml", "title = 3\n"), [], 2),
])
def test_exit_codes(site_dir, setup, args, code):
    """0 when clean or only warnings, 1 for errors (or warnings with --strict), 2 for settings."""
    setup(site_dir)
    assert main(["check", "--source", str(site_dir.root), "--today", "2026-11-28", *args]) == code


def test_missing_source_folder_is_a_usage_error(tmp_path, capsys):
    """A source folder that does not exist exits 2 with a message, not a traceback."""
    assert main(["check", "--source", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.slow
def test_bad_option_is_a_usage_error(site_dir):
    """An unknown option or a bad --today exits 2."""
    assert run("check", "--colour", cwd=site_dir.root.parent).returncode == 2
    result = run("check", "--today", "28/11/2026", cwd=site_dir.root.parent)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.slow
def test_summary_line(site_dir):
    """The text output ends with counts of stories, partners, goals and problems."""
    site_dir.story("draft", status="draft")
    result = run("check", "--today", "2026-11-28", cwd=site_dir.root.parent)
    assert result.stdout.splitlines()[-1] == (
        "Checked 2 stories, 3 partners, 2 goals: 1 published, 1 held back; 0 errors, 0 warnings.")


@pytest.mark.slow
def test_console_script_is_installed():
    """The `wsstories` command exists and prints its version."""
    import shutil
    exe = shutil.which("wsstories", path=str(Path(sys.executable).parent))
    assert exe, "the wsstories console script is not installed next to this Python"
    result = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("wsstories ")
