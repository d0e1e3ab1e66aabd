"""Drafts never block the site; previews show them before approval; build's consent reminder."""

from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pytest
from conftest import STORY, TODAY, front_matter, story_data

from wsstories.commands.build import BuildStopped, build
from wsstories.commands.cli import main

BROKEN_DRAFT = """\
---
title: Half written
summary: Ana started a course.
date: 2026-11-01
status: draft
goal: earn-a-credentail
storyteller:
  name: Ana
  naming: first
partners:
  - partner: harbour-college
    contribution: Training
---
Ana started the course in May.
"""
#: A draft whose fields are not all there: it cannot even be made into a story.
UNFINISHED_DRAFT = """\
---
title: Half written
status: draft
goal: earn-a-credential
---
Ana started the course in May.
"""


def _check(site_dir, capsys, *args) -> tuple[int, str]:
    code = main(["check", "--source", str(site_dir.root), "--today", TODAY.isoformat(), *args])
    return code, capsys.readouterr().out


def _build(site_dir, out, capsys, *args) -> tuple[int, str]:
    code = main(["build", "--source", str(site_dir.root), "--output", str(out),
                 "--today", TODAY.isoformat(), *args])
    return code, capsys.readouterr().out


@pytest.mark.slow  # builds the site several times
def test_a_broken_draft_next_to_good_stories_does_not_block(site_dir, tmp_path, capsys):
    """check and build exit 0; the draft's problems are warnings with file and line, under one line."""
    path = site_dir.write("2026/half.md", BROKEN_DRAFT)
    code, out = _check(site_dir, capsys)
    assert code == 0, out
    lines = out.splitlines()
    mine = [line for line in lines if "half.md" in line]
    assert "warning[draft-incomplete]: this story is a draft (status: draft), so its 2 problems " \
           "below do not stop the build; it is left out of the site" in mine[0]
    text = path.read_text().splitlines()
    partner_line = text.index("  - partner: harbour-college") + 1
    goal_line = text.index("goal: earn-a-credentail") + 1
    assert any(line.endswith(f"half.md:{partner_line}: warning[ref-partner-unknown]: unknown "
                             "partner 'harbour-college' (did you mean 'harbor-college'?); a "
                             "partner is the id of a file in partners/") for line in mine), out
    assert any(line.endswith(f"half.md:{goal_line}: warning[ref-goal-unknown]: unknown goal "
                             "'earn-a-credentail' (did you mean 'earn-a-credential'?); a goal is "
                             "the id of a file in goals/") for line in mine), out
    assert "error[" not in out
    assert "1 draft left out until its problems are fixed; 0 errors" in out
    assert _check(site_dir, capsys, "--strict")[0] == 1  # --strict still fails on warnings

    code, json_out = _check(site_dir, capsys, "--format", "json")
    found = json.loads(json_out)
    assert code == 0 and {d["severity"] for d in found if d["path"].endswith("half.md")} == {"warning"}

    out_dir = tmp_path / "output"
    code, printed = _build(site_dir, out_dir, capsys)
    assert code == 0 and "warning[ref-partner-unknown]" in printed
    assert (out_dir / "stories/maria/index.html").is_file()
    assert not (out_dir / "stories/half").exists()
    code, printed = _build(site_dir, tmp_path / "preview", capsys, "--drafts")
    assert code == 0 and not (tmp_path / "preview/stories/half").exists()


def test_a_draft_missing_fields_is_left_out_with_each_field_named(site_dir, capsys):
    """A draft whose front matter lacks required fields: each is a warning with its file."""
    site_dir.write("unfinished.md", UNFINISHED_DRAFT)
    code, out = _check(site_dir, capsys)
    assert code == 0, out
    mine = [line for line in out.splitlines() if "unfinished.md" in line]
    assert "warning[draft-incomplete]" in mine[0] and "left out" in mine[0]
    assert {"summary", "date", "storyteller", "partners"} <= {
        word.strip("'") for line in mine if "schema-required" in line for word in line.split()}


@pytest.mark.slow  # builds the site several times
def test_a_published_story_with_an_error_still_stops_the_build(site_dir, tmp_path, capsys):
    """An error in a published story stops the build; the previous output is untouched."""
    site_dir.write("2026/half.md", BROKEN_DRAFT)
    out = tmp_path / "output"
    assert _build(site_dir, out, capsys)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    site_dir.story(goal="nowhere")
    code, printed = _build(site_dir, out, capsys)
    assert code == 1
    err = capsys.readouterr().err
    assert "maria.md:" in printed and "error[ref-goal-unknown]" in printed, printed + err
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    with pytest.raises(BuildStopped):
        build(site_dir.root, out, today=TODAY)


@pytest.mark.parametrize("status_line,is_draft", [
    ("status: draft", True),
    ("status: 'review'   # waiting for Ana", True),
    ("status: published", False),
    ("", False),  # nothing tells it is a draft
])
def test_a_draft_whose_front_matter_cannot_be_read(site_dir, capsys, status_line, is_draft):
    """A YAML error: the file counts as a draft only when its own status line says so."""
    text = ("---\ntitle: Broken: quotes \"here\n" + (status_line + "\n" if status_line else "")
            + "summary: [unclosed\n---\nText.\n")
    site_dir.write("broken.md", text)
    code, out = _check(site_dir, capsys)
    assert code == (0 if is_draft else 1), out
    if is_draft:
        assert "broken.md: warning[draft-incomplete]" in out
        assert "read from its status line" in out
        assert "broken.md:2: warning[file-yaml]" in out or "broken.md:" in out
    else:
        assert "error[file-yaml]" in out and "draft-incomplete" not in out


def test_a_draft_without_status_and_an_unknown_goal(site_dir, capsys):
    """No status means draft (the default): an unknown goal is a warning and the draft is left out."""
    data = story_data(status=None, goal="earn-a-credentail")
    site_dir.write("nostatus.md", front_matter(data))
    code, out = _check(site_dir, capsys)
    assert code == 0, out
    assert "warning[ref-goal-unknown]: unknown goal 'earn-a-credentail' (did you mean " \
           "'earn-a-credential'?)" in out
    site, _ = site_dir.load()
    assert "nostatus" not in {s.id for s in site.stories}


def test_a_translation_of_a_broken_draft_is_held_back(site_dir, capsys):
    """A published translation whose original is a draft left out is held back, not published."""
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://stories.lakeside.test/"\n'
                                'languages = ["en", "es"]\n')
    site_dir.story("original", status="draft", goal="nowhere")
    site_dir.story("traduccion", lang="es", translation_of="original", title="Del turno de noche",
                   consent={"reviewed": STORY["consent"]["reviewed"]})
    site, diagnostics = site_dir.load()
    assert "traduccion" not in {s.id for s in site.published_stories}
    [held] = [d for d in diagnostics if d.rule == "publish-original-held"]
    assert held.path.name == "traduccion.md" and "left out" in held.message
    assert not [d for d in diagnostics if d.severity.value == "error"]


@pytest.mark.slow  # builds the site several times
def test_preview_shows_an_unreviewed_draft_with_its_problems(site_dir, tmp_path, capsys):
    """--drafts shows a draft not yet approved by the storyteller, storytelling errors on its banner.

    The page is noindex, out of feeds, sitemap and search; the normal build
    leaves it out; the draft's ownership claim is a warning, not an error.
    """
    unreviewed = {k: v for k, v in STORY["consent"].items() if k != "reviewed"}
    site_dir.story("rosa", status="review", consent=unreviewed, title="Rosa opened her bakery",
                   body="Thanks to our program, Rosa opened a bakery.\n")
    code, out = _check(site_dir, capsys)
    assert code == 0 and "rosa.md: warning[draft-incomplete]" in out and "previews it" in out
    preview = tmp_path / "preview"
    assert _build(site_dir, preview, capsys, "--drafts")[0] == 0
    page = lxml.html.parse(str(preview / "stories/rosa/index.html")).getroot()
    banner = page.find_class("banner-draft")[0]
    assert "Draft — not published" in banner.text_content()
    problems = [li.text_content() for li in banner.xpath(".//ul[@class='draft-problems']/li")]
    assert any("has not approved the final text" in p for p in problems), problems
    assert any(p.startswith("line ") and "Thanks to our program" in p for p in problems), problems
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not page.xpath("//*[@data-pagefind-body]")
    for name in ("feed.xml", "feed.json", "sitemap.xml"):
        assert b"stories/rosa/" not in (preview / name).read_bytes()
    assert "Disallow: /" in (preview / "robots.txt").read_text()
    manifest = json.loads((preview / ".wsstories-build.json").read_text())
    assert manifest["drafts"] is True and "rosa" in manifest["stories"]
    normal = tmp_path / "output"
    assert _build(site_dir, normal, capsys)[0] == 0
    assert not (normal / "stories/rosa").exists()
    published = lxml.html.parse(str(normal / "stories/maria/index.html")).getroot()
    assert not published.find_class("banner-draft")


def test_a_draft_with_an_empty_body_still_previews(site_dir, tmp_path, capsys):
    """An unfinished text is a warning; the preview shows the draft and says what is missing."""
    site_dir.story("empty", status="draft", body="")
    preview = tmp_path / "preview"
    assert _build(site_dir, preview, capsys, "--drafts")[0] == 0
    page = lxml.html.parse(str(preview / "stories/empty/index.html")).getroot()
    problems = [li.text_content() for li in page.xpath("//ul[@class='draft-problems']/li")]
    assert any("there is no text after the front matter" in p for p in problems), problems


@pytest.mark.slow  # builds the site several times
def test_a_preview_never_replaces_a_publishable_build(site_dir, tmp_path, capsys, monkeypatch):
    """build --drafts refuses an output holding a normal build, and defaults to output-drafts/."""
    out = tmp_path / "output"
    assert _build(site_dir, out, capsys)[0] == 0
    before = (out / ".wsstories-build.json").read_bytes()
    assert main(["build", "--source", str(site_dir.root), "--output", str(out), "--drafts",
                 "--today", TODAY.isoformat()]) == 2
    err = capsys.readouterr().err
    assert "a --drafts preview never replaces it" in err and "output-drafts" in err
    assert (out / ".wsstories-build.json").read_bytes() == before
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--source", str(site_dir.root), "--drafts",
                 "--today", TODAY.isoformat()]) == 0
    assert json.loads((tmp_path / "output-drafts/.wsstories-build.json").read_text())["drafts"]
    assert (out / ".wsstories-build.json").read_bytes() == before


@pytest.mark.slow  # builds the site twice a case
@pytest.mark.parametrize("expires,line", [
    (TODAY + dt.timedelta(days=12), "2 stories' consent expires within 30 days (first: 2026-12-10)"
                                    " — see `wsstories consent`"),
    (TODAY + dt.timedelta(days=45), None),
])
def test_build_reminds_of_consents_that_expire_soon(site_dir, tmp_path, capsys, expires, line):
    """One line after the summary when published stories' consent ends within 30 days; none with --quiet."""
    site_dir.story(consent={**STORY["consent"], "expires": expires})
    site_dir.story("dana", consent={**STORY["consent"], "expires": expires + dt.timedelta(days=3)})
    site_dir.story("later", consent={**STORY["consent"], "expires": TODAY + dt.timedelta(days=90)})
    code, out = _build(site_dir, tmp_path / "output", capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Built ")
    assert (lines[1:] == [line]) if line else lines[1:] == [], out
    code, quiet = _build(site_dir, tmp_path / "quiet", capsys, "--quiet")
    assert code == 0 and quiet == ""
