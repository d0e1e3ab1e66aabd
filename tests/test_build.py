"""`wsstories build`: all or nothing, never losing a user's files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import STORY, TODAY

from wsstories.commands.build import BuildStopped, ThemeError, build
from wsstories.commands.cli import main
from wsstories.errors import UsageError
from wsstories.output.stage import MANIFEST

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_the_site_and_a_summary(site_dir, tmp_path, capsys):
    """build writes every page type and ends with a one-line summary."""
    site_dir.story("draft", status="draft")
    out = tmp_path / "output"
    code = main(["build", "--source", str(site_dir.root), "--output", str(out),
                 "--today", "2026-11-28"])
    assert code == 0
    for name in ("index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "feed.json",
                 "stories/maria/index.html", "goals/index.html", "goals/fill-openings/index.html",
                 "goals/fill-openings/feed.xml", "goals/fill-openings/feed.json",
                 "partners/index.html", "partners/harbor-college/index.html", "assets/style.css",
                 MANIFEST):
        assert (out / name).is_file(), name
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("Built 1 published story; 1 held back (1 draft); ")
    assert last.endswith(" s.")


def test_a_content_error_writes_nothing(site_dir, tmp_path, capsys):
    """With an error in the source, build prints it, exits 1 and leaves the old site."""
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    before = snapshot(out)
    site_dir.story(goal="nowhere")
    code = main(["build", "--source", str(site_dir.root), "--output", str(out)])
    printed = capsys.readouterr()
    assert code == 1
    assert "error[ref-goal-unknown]" in printed.out
    assert "nothing was written" in printed.err
    assert snapshot(out) == before


def test_a_build_that_fails_half_way_leaves_the_old_site_byte_identical(site_dir, tmp_path):
    """A template that fails after many pages were rendered changes nothing in the output."""
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    before = snapshot(out)
    theme = tmp_path / "broken-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "partner.html").write_text("{{ no_such_value.name }}")
    site_dir.story("another", title="Another story")
    with pytest.raises(ThemeError, match="partner.html"):
        build(site_dir.root, out, today=TODAY, theme=theme)
    assert snapshot(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


@pytest.mark.slow
def test_nothing_dropped_survives_a_rebuild(site_dir, tmp_path):
    """A story withdrawn after a build is gone from every file of the next build."""
    out = tmp_path / "output"
    site_dir.story("dana", title="Dana found her feet", body="Dana's own words here.\n")
    build(site_dir.root, out, today=TODAY)
    assert (out / "stories/dana/index.html").exists()
    site_dir.story("dana", title="Dana found her feet", body="Dana's own words here.\n",
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 20)})
    build(site_dir.root, out, today=TODAY)
    assert not (out / "stories/dana").exists()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"Dana" not in path.read_bytes(), path


@pytest.mark.parametrize("where", ["source", "parent", "inside"])
def test_output_may_not_overlap_the_source(site_dir, where):
    """The output folder may not be the source folder, contain it or be inside it."""
    target = {"source": site_dir.root, "parent": site_dir.root.parent,
              "inside": site_dir.root / "output"}[where]
    before = snapshot(site_dir.root)
    with pytest.raises(UsageError, match="source folder"):
        build(site_dir.root, target, today=TODAY)
    assert snapshot(site_dir.root) == before


def test_a_folder_wsstories_did_not_make_is_never_replaced(site_dir, tmp_path):
    """A non-empty output folder without a wsstories manifest is refused and untouched."""
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    assert main(["build", "--source", str(site_dir.root), "--output", str(out)]) == 2
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_an_empty_folder_may_be_used(site_dir, tmp_path):
    """An empty output folder is fine, and so is one from an earlier build."""
    out = tmp_path / "output"
    out.mkdir()
    build(site_dir.root, out, today=TODAY)
    build(site_dir.root, out, today=TODAY)
    assert (out / "index.html").is_file()


def test_bad_base_url_and_theme_are_usage_errors(site_dir, tmp_path):
    """--base-url must be absolute; --theme must be a theme folder."""
    assert main(["build", "--source", str(site_dir.root), "--output", str(tmp_path / "o"),
                 "--base-url", "stories.example.org"]) == 2
    assert main(["build", "--source", str(site_dir.root), "--output", str(tmp_path / "o"),
                 "--theme", str(tmp_path / "none")]) == 2
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_build_is_deterministic(site_dir, tmp_path):
    """Two builds of the same source on the same day are byte-identical (but Pagefind's index)."""
    build(site_dir.root, tmp_path / "a", today=TODAY)
    build(site_dir.root, tmp_path / "b", today=TODAY)
    ours = lambda folder: {k: v for k, v in snapshot(folder).items()
                           if not k.startswith("pagefind/") and k != MANIFEST}
    assert ours(tmp_path / "a") == ours(tmp_path / "b")
    listed = lambda folder: {k: v for k, v in json.loads((folder / MANIFEST).read_text())["files"].items()
                             if not k.startswith("pagefind/")}  # Pagefind names its files anew
    assert listed(tmp_path / "a") == listed(tmp_path / "b")


def test_build_stopped_carries_the_diagnostics(site_dir, tmp_path):
    """The library raises BuildStopped with every diagnostic, for callers other than the CLI."""
    site_dir.story(goal="nowhere", partners=[{"partner": "nobody", "contribution": "x"}])
    with pytest.raises(BuildStopped) as stopped:
        build(site_dir.root, tmp_path / "o", today=TODAY)
    assert {d.rule for d in stopped.value.diagnostics} >= {"ref-goal-unknown", "ref-partner-unknown"}


@pytest.mark.slow
def test_example_site_builds_from_its_folder(tmp_path):
    """`wsstories build` run in the repository builds stories/ into output/ by default."""
    result = subprocess.run([sys.executable, "-m", "wsstories", "build", "--today", "2026-11-28",
                             "--output", str(tmp_path / "output")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("Built 17 published stories; 3 held back")


@pytest.mark.slow
def test_the_wheel_ships_the_theme(tmp_path):
    """A wheel of wsstories contains the default theme's templates and assets."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("wsstories-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"wsstories/theme/templates/story.html", "wsstories/theme/templates/base.html",
            "wsstories/theme/static/style.css", "wsstories/site/locale/es/LC_MESSAGES/messages.po",
            "wsstories/commands/scaffold/stories/site.toml", "wsstories/docs/writing-a-story.md",
            "wsstories/docs/rules.md", "wsstories/checks/storymodel.json",
            "wsstories/site/fonts/DejaVuSans.ttf"} <= names
    # The installed package, not this checkout, builds a new site.
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    work = tmp_path / "elsewhere"
    env = {**os.environ, "PYTHONPATH": str(installed)}
    for command in (["init", "harbor", "--today", "2026-11-28"],
                    ["build", "--source", "harbor/stories", "--output", "out", "--today", "2026-11-28"]):
        work.mkdir(exist_ok=True)
        result = subprocess.run([sys.executable, "-m", "wsstories", *command], cwd=work, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    probe = subprocess.run([sys.executable, "-c", "import wsstories, sys; print(wsstories.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert probe.stdout.startswith(str(installed))
    assert (work / "out/stories/first-story/index.html").is_file()
    guide = subprocess.run([sys.executable, "-m", "wsstories", "docs", "writing"], cwd=work,
                           env=env, capture_output=True, text=True)
    assert guide.returncode == 0 and guide.stdout.startswith("# Writing a story")


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_no_path_escapes_the_output_folder(tmp_path, bad):
    """The writer refuses any path that would leave the folder it writes into."""
    from wsstories.output.stage import Stage
    stage = Stage(tmp_path / "stage")
    with pytest.raises(ValueError):
        stage.write(bad, b"x")
    assert not (tmp_path / "escape.html").exists()
