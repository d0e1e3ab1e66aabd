"""Editors' help: the JSON Schema of the front matter, init's and new's modelines, pre-commit."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import front_matter, story_data

from wsstories.commands.cli import main
from wsstories.diagnostics import Report
from wsstories.reading.editor_schema import KINDS, json_schema, site_ids
from wsstories.reading.sources import discover

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

TODAY = "2026-11-28"
ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def _iso(value):
    """Dates as ISO text, as an editor's YAML 1.2 parser reads them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    return value


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return _iso(yaml.safe_load(text[4:text.index("\n---", 3)]))


def _validator(source: Path, kind: str = "story") -> jsonschema.Draft7Validator:
    schema = json_schema(kind, site_ids(source))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _errors(source: Path, data: dict, kind: str = "story") -> list[str]:
    return [error.message for error in _validator(source, kind).iter_errors(_iso(data))]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wsstories", *args], cwd=cwd,
                          capture_output=True, text=True)


# the schema against the example site ---------------------------------------------------

def test_every_example_file_is_valid_by_its_schema(example_site):
    """Every story, partner, goal and celebration of the example site validates against its kind's schema."""
    files = discover(example_site, Report())
    assert {kind for _, kind in files} == set(KINDS)
    assert sum(kind == "story" for _, kind in files) >= 20
    validators = {kind: _validator(example_site, kind) for kind in KINDS}
    for path, kind in files:
        problems = [f"{list(e.absolute_path)}: {e.message}"
                    for e in validators[kind].iter_errors(_front(path))]
        assert problems == [], path.name


def test_site_ids_become_enums(example_site):
    """The goal, each credit's partner, translation_of and a celebration's stories list the site's ids."""
    ids = site_ids(example_site)
    story = json_schema("story", ids)["properties"]
    assert story["goal"]["enum"] == sorted(p.stem for p in (example_site / "goals").glob("*.md"))
    partner = story["partners"]["items"]["properties"]["partner"]
    assert partner["enum"] == sorted(p.stem for p in (example_site / "partners").glob("*.md"))
    assert "maria-cna" in story["translation_of"]["enum"]
    celebration = json_schema("celebration", ids)["properties"]
    assert celebration["partners"]["items"]["properties"]["partner"]["enum"] == partner["enum"]
    assert "maria-cna" in celebration["stories"]["anyOf"][0]["items"]["enum"]
    assert story["title"]["maxLength"] == 150 and story["title"]["description"]
    assert story["date"]["format"] == "date"


BROKEN = {
    "unknown field": ({"favourite_colour": "blue"}, "schema-unknown-field"),
    "unknown partner": ({"partners": [{"partner": "harbour-college", "contribution": "Training"}]},
                        "ref-partner-unknown"),
    "unknown goal": ({"goal": "get-rich"}, "ref-goal-unknown"),
    "impossible date": ({"date": "2026-13-40"}, "schema-date"),
    "date in words": ({"date": "14 October 2026"}, "schema-date"),
    "missing title": ({"title": None}, "schema-required"),
    "title too long": ({"title": "A" * 151}, "schema-too-long"),
    "bad outcome type": ({"outcomes": [{"type": "hired", "occupation": "Baker"}]}, "schema-choice"),
    "outcome field of another type": ({"outcomes": [{"type": "hourly-wage", "value": 20,
                                                     "occupation": "Baker"}]},
                                      "schema-unknown-field"),
    "outcome without its required field": ({"outcomes": [{"type": "employed"}]}, "schema-required"),
    "ownership field": ({"lead_partner": "harbor-college"}, "ownership-field"),
    "bad naming": ({"storyteller": {"name": "Maria", "naming": "nickname"}}, "schema-choice"),
    "bad month": ({"outcomes": [{"type": "retained-q2", "as_of": "2026-13"}]}, "schema-date"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_stories_are_rejected_by_the_schema_and_by_check(site_dir, case):
    """A broken story fails the schema, and check rejects the same file (the schema adds no rule of its own)."""
    changes, rule = BROKEN[case]
    site_dir.story(**changes)
    data = story_data(**changes)
    assert _errors(site_dir.root, data), case
    assert rule in site_dir.rules(), site_dir.problems()


def test_the_valid_test_story_passes_the_schema_and_check(site_dir):
    """The fixtures' valid story, with its dates as text, passes both the schema and check."""
    site_dir.story()
    assert _errors(site_dir.root, story_data()) == []
    assert site_dir.problems(severity="error") == []


def test_numbers_where_text_is_expected_pass_as_check_reads_them_as_text(site_dir):
    """A consent reference written as a number is text to check, so the schema does not underline it."""
    consent = {"ref": 20260142, "date": dt.date(2026, 9, 30), "reviewed": dt.date(2026, 10, 5)}
    site_dir.story(consent=consent)
    assert _errors(site_dir.root, story_data(consent=consent)) == []
    assert site_dir.problems(severity="error") == []


def test_check_accepts_the_modeline(site_dir):
    """The yaml-language-server line is a YAML comment: check reads the story as before."""
    path = site_dir.story()
    text = path.read_text(encoding="utf-8")
    path.write_text("---\n# yaml-language-server: $schema=_schema/story.schema.json\n" + text[4:],
                    encoding="utf-8")
    assert site_dir.problems(severity="error") == []
    site, _ = site_dir.load()
    assert "maria" in {story.id for story in site.stories}


# the command ---------------------------------------------------------------------------

def test_schema_prints_sorted_json_for_each_kind(example_site, capsys):
    """`wsstories schema --kind K` prints the schema of K as JSON with sorted keys, indented by 2."""
    for kind in KINDS:
        assert main(["schema", "--source", str(example_site), "--kind", kind]) == 0
        out = capsys.readouterr().out
        assert json.loads(out) == json_schema(kind, site_ids(example_site))
        assert out == json.dumps(json.loads(out), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert main(["schema", "--source", str(example_site)]) == 0
    assert "storyteller" in json.loads(capsys.readouterr().out)["properties"]


def test_schema_write_writes_every_kind_into_the_source(example_site, capsys):
    """--write saves SOURCE/_schema/KIND.schema.json for every kind, prints the paths, and check ignores them."""
    assert main(["schema", "--source", str(example_site), "--write"]) == 0
    printed = capsys.readouterr().out.split()
    folder = example_site / "_schema"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    assert sorted(Path(p).resolve() for p in printed) == sorted(folder.iterdir())
    for kind in KINDS:
        written = json.loads((folder / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind, site_ids(example_site))
    check = _run("check", "--source", str(example_site), "--strict", "--today", TODAY, cwd=example_site)
    assert check.returncode == 0, check.stdout


def test_schema_usage_errors_are_one_line(tmp_path):
    """A wrong --kind or a missing source folder exits 2 with one line on stderr."""
    wrong = _run("schema", "--kind", "stroy", cwd=tmp_path)
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.count("\n") == 1 and "did you mean 'story'" in wrong.stderr
    missing = _run("schema", "--source", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "does not exist" in missing.stderr


# init and new --------------------------------------------------------------------------

@pytest.fixture
def new_site(tmp_path):
    site = tmp_path / "site"
    assert main(["init", str(site), "--today", TODAY]) == 0
    return site


def test_init_writes_the_schemas_and_the_example_points_at_them(new_site):
    """init writes stories/_schema/, and the example story's modeline resolves to the story schema."""
    stories = new_site / "stories"
    assert sorted(p.name for p in (stories / "_schema").iterdir()) == sorted(
        f"{k}.schema.json" for k in KINDS)
    first = stories / "first-story.md"
    text = first.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("# yaml-language-server: $schema=")
    target = (first.parent / MODELINE.search(text).group(1)).resolve()
    assert target == (stories / "_schema/story.schema.json").resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["properties"]["goal"]["enum"] == ["earn-a-credential", "fill-openings"]
    errors = jsonschema.Draft7Validator(schema).iter_errors(_front(first))
    assert [e.message for e in errors] == []


def test_new_writes_a_modeline_that_resolves_and_refreshes_the_enums(new_site):
    """new's draft points from stories/YEAR/ at _schema/story.schema.json, which lists a partner added since init."""
    stories = new_site / "stories"
    (stories / "partners/riverbend-bakery.md").write_text(
        front_matter({"name": "Riverbend Bakery", "type": "business"}, ""), encoding="utf-8")
    result = _run("new", "A new start", "--partner", "riverbend-bakery", "--today", TODAY, cwd=new_site)
    assert result.returncode == 0, result.stderr
    draft = new_site / result.stdout.strip()
    assert draft.parent == stories / TODAY[:4]
    text = draft.read_text(encoding="utf-8")
    assert text.splitlines()[1] == "# yaml-language-server: $schema=../_schema/story.schema.json"
    target = (draft.parent / MODELINE.search(text).group(1)).resolve()
    assert target == (stories / "_schema/story.schema.json").resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert "riverbend-bakery" in schema["properties"]["partners"]["items"]["properties"]["partner"]["enum"]
    assert "a-new-start" in schema["properties"]["translation_of"]["enum"]


# pre-commit ----------------------------------------------------------------------------

def test_pre_commit_hook_runs_wsstories_check():
    """.pre-commit-hooks.yaml parses and offers a hook that runs `wsstories check` once, on .md and .toml changes."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "wsstories-check")
    assert hook["entry"] == "wsstories check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "stories/2026/maria.md")
    assert re.search(hook["files"], "stories/site.toml")
    assert not re.search(hook["files"], "stories/media/maria.jpg")
