"""Reading files: every kind of broken file gets one clear, located error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import BODY, front_matter, story_data

GOOD = front_matter(story_data())

# (case id, file content, expected rule, expected line or None, words the message must contain)
BROKEN = [
    ("latin-1", GOOD.replace("Maria earned", "Mar\xeda earned").encode("latin-1"),
     "file-encoding", 3, "UTF-8"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file-encoding", 1, "UTF-8"),
    ("bom", b"\xef\xbb\xbf" + GOOD.encode(), "file-bom", 1, "byte-order mark"),
    ("no front matter", "Maria worked nights.\n", "file-no-front-matter", 1, "'---'"),
    ("front matter not first", "\n\n" + GOOD, "file-no-front-matter", 3, "very first line"),
    ("unclosed", GOOD.replace("---\nMaria", "Maria"), "file-unclosed-front-matter", 1, "never closed"),
    ("colon in value", GOOD.replace("title: From night", "title: Maria: from night"),
     "file-yaml", 2, "quotes"),
    ("unclosed quote", GOOD.replace("title: From night shifts to a nursing career",
                                    'title: "From night shifts'), "file-yaml", None, "quote"),
    ("tab", GOOD.replace("  name: Maria", "\tname: Maria"), "file-tab", 8, "tab"),
    ("list front matter", "---\n- title\n- date\n---\nText\n", "file-front-matter-not-fields", 2,
     "name: value"),
    ("text front matter", "---\njust some words\n---\nText\n", "file-front-matter-not-fields", 2,
     "name: value"),
    ("empty front matter", "---\n---\nText\n", "file-front-matter-empty", 1, "empty"),
    ("duplicate key", GOOD.replace("goal: earn-a-credential\n",
                                   "goal: earn-a-credential\ngoal: fill-openings\n"),
     "file-duplicate-key", 6, "twice"),
    ("empty file", "", "file-empty", None, "empty"),
    ("blank file", "\n\n   \n", "file-empty", None, "empty"),
    ("python tag", GOOD.replace("title: From night shifts to a nursing career",
                                "title: !!python/object:os.system ls"), "file-yaml", 2, "quotes"),
    ("list as key", GOOD.replace("goal: earn-a-credential\n", "? [a, b]\n: c\n"),
     "file-yaml", 5, "plain word"),
    ("at sign", GOOD.replace("quote: I did this for my kids, and for me.", "quote: @maria says hi"),
     "file-yaml", None, "quotes"),
    ("uneven indent", GOOD.replace("  naming: first", "   naming: first"), "file-yaml", None,
     "indented"),
    ("impossible date", GOOD.replace("date: 2026-10-14", "date: 2026-02-30"), "schema-date", 4,
     "not a day of the calendar"),
    ("date as text", GOOD.replace("date: 2026-10-14", "date: 14/10/2026"), "schema-date", 4,
     "YYYY-MM-DD"),
    ("title is a list", GOOD.replace("title: From night shifts to a nursing career",
                                     "title: [a, b]"), "schema-type", 2, "must be text"),
    ("summary too long", front_matter(story_data(summary="word " * 70)), "schema-too-long", 3,
     "300"),
    ("misspelt key", GOOD.replace("summary:", "sumary:"), "schema-unknown-field", 3,
     "did you mean 'summary'"),
    ("owner field", GOOD.replace("goal: earn-a-credential\n",
                                 "goal: earn-a-credential\nlead_partner: harbor-college\n"),
     "ownership-field", 6, "no partner owns a story"),
    ("no partners", front_matter(story_data(partners=[])), "schema-required", 10, "at least 1"),
    ("no storyteller", front_matter(story_data(storyteller=None)), "schema-required", None,
     "storyteller"),
    ("empty value", GOOD.replace("title: From night shifts to a nursing career", "title:"),
     "schema-empty", 2, "empty"),
]


@pytest.mark.parametrize("content,rule,line,words", [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_broken_file_gets_one_located_error(site_dir, content, rule, line, words):
    """Each broken file gets an error with its rule, its line and a helpful sentence."""
    site_dir.write("broken.md", content)
    errors = [p for p in site_dir.problems(severity="error") if p[0] == "broken.md"]
    assert (rule, "error") in {(r, s) for _, _, s, r in errors}, errors
    matching = [p for p in errors if p[3] == rule]
    if line is not None:
        assert matching[0][1] == line
    assert any(words in m for m in site_dir.messages(rule)), site_dir.messages(rule)


def test_there_are_at_least_25_broken_cases():
    """The list above covers at least 25 distinct broken files."""
    assert len({case[0] for case in BROKEN}) >= 25


def test_oversized_file_is_refused(site_dir):
    """A content file over 1 MiB is not read."""
    site_dir.write("huge.md", GOOD + "word " * 220_000)
    assert ("huge.md", None, "error", "file-too-large") in site_dir.problems()


def test_link_outside_the_source_is_not_followed(site_dir, tmp_path):
    """A link to a file outside the source folder is reported and not read."""
    secret = tmp_path / "outside.md"
    secret.write_text(GOOD)
    os.symlink(secret, site_dir.root / "linked.md")
    os.symlink(tmp_path, site_dir.root / "linked-folder")
    problems = site_dir.problems()
    assert ("linked.md", None, "error", "file-link-outside") in problems
    assert ("linked-folder", None, "error", "file-link-outside") in problems
    site, _ = site_dir.load()
    assert [s.id for s in site.stories] == ["maria"]


def test_link_inside_the_source_is_read(site_dir):
    """A link to a file inside the source folder is read like the file."""
    os.symlink(site_dir.root / "maria.md", site_dir.root / "maria-again.md")
    site, _ = site_dir.load()
    assert sorted(s.id for s in site.stories) == ["maria", "maria-again"]


@pytest.mark.parametrize("name,suggestion", [("Maria Story.md", "maria-story.md"),
                                             ("José_2026.md", "jose-2026.md")])
def test_file_name_must_be_a_valid_id(site_dir, name, suggestion):
    """A file name that is not a valid id is refused with a suggested name."""
    site_dir.write(name, GOOD)
    assert (name, None, "error", "file-name") in site_dir.problems()
    assert any(suggestion in m for m in site_dir.messages("file-name"))


def test_ids_are_unique_across_sub_folders(site_dir):
    """Two stories with the same file name in different folders both get an error."""
    site_dir.write("2025/maria.md", GOOD)
    problems = [p for p in site_dir.problems() if p[3] == "file-duplicate-id"]
    assert len(problems) == 2
    assert any("2025/maria.md" in m for m in site_dir.messages("file-duplicate-id"))


def test_near_markdown_extension_is_warned_about(site_dir):
    """A story saved as .markdown is not read, and the author is told why."""
    site_dir.write("dana.markdown", GOOD)
    assert ("dana.markdown", None, "warning", "file-not-read") in site_dir.problems()


def test_files_that_are_not_content_are_skipped(site_dir):
    """README.md, names starting with _ or ., and media/ are not read as stories."""
    site_dir.write("README.md", "Notes for staff, no front matter.\n")
    site_dir.write("_template.md", "no front matter")
    site_dir.write(".hidden/secret.md", "no front matter")
    site_dir.write("_drafts/old.md", "no front matter")
    site_dir.write("media/notes.md", "no front matter")
    assert site_dir.problems() == []


def test_windows_line_endings_are_read(site_dir):
    """A file saved with CRLF line endings reads like any other."""
    site_dir.write("crlf.md", GOOD.replace("\n", "\r\n").encode())
    site, diagnostics = site_dir.load()
    assert [d for d in diagnostics if d.path.name == "crlf.md"] == []
    assert "crlf" in {s.id for s in site.stories}


def test_error_deep_in_front_matter_names_its_line(site_dir):
    """An error in a nested list item points at that item's line, not at '---'."""
    site_dir.write("deep.md", """\
---
title: Deep
summary: A story with an error deep inside.
date: 2026-10-14
goal: earn-a-credential
status: published
storyteller:
  name: Dana
  naming: first
partners:
  - partner: harbor-college
    contribution: Training
outcomes:
  - type: credential
    name: CNA
  - type: hourly-wage
    value: -3
consent:
  ref: WS-1
  date: 2026-09-30
---
Dana's story.
""")
    assert ("deep.md", 17, "error", "schema-range") in site_dir.problems()


@pytest.mark.slow
def test_every_broken_file_at_once_gives_no_traceback(site_dir):
    """`wsstories check` on a folder of broken files prints one line each and exits 1."""
    for index, case in enumerate(BROKEN):
        site_dir.write(f"broken-{index}.md", case[1])
    result = subprocess.run([sys.executable, "-m", "wsstories", "check", "--source",
                             str(site_dir.root), "--today", "2026-11-28"],
                            capture_output=True, text=True, cwd=site_dir.root.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for index in range(len(BROKEN)):
        assert f"stories/broken-{index}.md" in result.stdout
    assert BODY.strip() not in result.stdout  # problems are described, not dumped
