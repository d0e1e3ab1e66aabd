"""Small counts: one rule decides, for every page, export and milestone, what is withheld."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from conftest import STORY, TODAY, parse_html

from wsstories.commands.build import build
from wsstories.site.outcomes import suppressed

pytestmark = pytest.mark.slow  # builds a site per test

D = dt.date
SETTINGS = ('title = "T"\nbase_url = "https://x.org/"\n'
            '[[milestones]]\noutcome = "hires"\nevery = 25\n')


def employers(site_dir, count: int, hires: int = 15):
    """``count`` employer stories in 'fill-openings', each with ``hires`` people hired."""
    (site_dir.root / "maria.md").unlink()
    site_dir.write("site.toml", SETTINGS)
    consent = {**STORY["consent"], "date": D(2025, 6, 1), "reviewed": D(2025, 6, 2)}
    for n in range(count):
        site_dir.story(f"employer-{n}", goal="fill-openings", date=D(2026, 1, 10 + n),
                       title=f"Employer {n} hired", summary="An employer hired people.",
                       storyteller={"name": f"Employer {n}", "naming": "full"},
                       outcomes=[{"type": "hires", "value": hires}], consent=consent)
    return site_dir


def everything(out) -> dict:
    """What each output says of the 'hires' figure of all goals and of the goal's story count."""
    text = {page: " ".join(parse_html(out / page).text_content().split())
            for page in ("index.html", "celebrations/index.html", "outcomes/index.html",
                         "goals/index.html")}
    rows = list(csv.DictReader(io.StringIO((out / "outcomes.csv").read_text())))
    data = json.loads((out / "outcomes.json").read_text())
    csv_hires = next(r for r in rows if r["measure"] == "hires" and r["goal"] == "all"
                     and r["program_year"] == "all")
    json_hires = next(f for f in data["figures"] if f["measure"] == "hires" and f["goal"] == "all"
                      and f["program_year"] == "all")
    outcomes = parse_html(out / "outcomes/index.html")
    cells = {tr.xpath("./th")[0].text_content(): [td.text_content() for td in tr.xpath("./td")]
             for tr in outcomes.xpath("//section[@aria-labelledby='goal-all']//tbody/tr")}
    goal_counts = [" ".join(e.text_content().split()) for e in parse_html(out / "index.html").xpath(
        "//ul[@class='goal-list']/li[a[@href='/goals/fill-openings/']]/span[@class='count']")]
    return {"text": text, "csv": csv_hires, "json": json_hires, "cells": cells,
            "goal_counts": goal_counts}


def test_the_rule():
    assert [suppressed(n, 5) for n in (0, 1, 4, 5, 6)] == [False, True, True, False, False]


def test_two_employers_25_hires_are_suppressed_on_every_page_and_export(site_dir, tmp_path):
    """30 people hired by two employers: no page, export or milestone says 25 or 30."""
    out = tmp_path / "out"
    build(employers(site_dir, 2).root, out, today=TODAY)
    seen = everything(out)
    for page, words in seen["text"].items():
        assert "were hired" not in words, page  # the milestone "25 people were hired…"
        assert not re.search(r"\b(25|30)\b", re.sub(r"30 June|June 30", "", words)), page
    assert "People hired" not in seen["cells"]  # withheld in every year: named once
    assert "Fill our openings" in seen["text"]["outcomes/index.html"].split("Not enough stories yet")[1]
    assert seen["csv"]["suppressed"] == "True" and seen["csv"]["value"] == "" \
        and seen["csv"]["display"] == "fewer than 5 stories"
    assert seen["json"]["suppressed"] is True and seen["json"]["value"] is None
    assert seen["goal_counts"] == []  # "2 stories" is a count of 2: not shown either
    assert seen["text"]["index.html"].count("fewer than 5 stories shows no count") == 1
    # "fewer than 5 stories" is said once per section, not row after row
    assert seen["text"]["outcomes/index.html"].count("fewer than 5 stories") <= 6


def test_five_employers_show_the_same_figure_everywhere(site_dir, tmp_path):
    """With five employer stories, the figure and the milestone appear, the same on every output."""
    out = tmp_path / "out"
    build(employers(site_dir, 5).root, out, today=TODAY)
    seen = everything(out)
    assert seen["cells"]["People hired"][0] == "75"
    assert seen["csv"]["value"] == "75" and seen["csv"]["display"] == "75"
    assert seen["json"]["value"] == 75 and seen["json"]["suppressed"] is False
    assert seen["goal_counts"] == ["5 stories"]
    celebrated = seen["text"]["celebrations/index.html"]
    # 25 and 50 were passed while fewer than five employers had told: only 75 is celebrated
    assert "75 people were hired" in celebrated
    assert "25 people were hired" not in celebrated and "50 people were hired" not in celebrated
    assert "75 people were hired" in seen["text"]["index.html"]


@pytest.mark.parametrize("lang_prefix", ["es/"])
def test_spanish_pages_follow_the_same_rule(site_dir, tmp_path, lang_prefix):
    employers(site_dir, 2)
    site_dir.write("site.toml", SETTINGS.replace('base_url = "https://x.org/"\n',
                                                 'base_url = "https://x.org/"\nlanguages = ["en", "es"]\n'))
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    for page in ("index.html", "celebrations/index.html", "outcomes/index.html"):
        words = " ".join(parse_html(out / lang_prefix / page).text_content().split())
        assert "25 personas" not in words and "fueron contratadas" not in words
