"""Outcome figures, benchmarks, exports, report and celebrations, on a hand-worked fixture.

The fixture's answers were worked out by hand:

- PY2025 (1 July 2025 – 30 June 2026) holds s1 (1 July 2025), s3, s4, s5 and
  s2 (30 June 2026): five stories, wages 20, 18, 30, 25, 22 → median 22.00.
- PY2026 holds s6 (1 July 2026), s7, s8: three stories, suppressed.
- All years: eight wages 18 19 20 21 22 24 25 30 → median (21 + 22) / 2 = 21.50.
- A withdrawn story with a wage of 99 counts nowhere.
- Employed on s1–s5: five stories, shown (5). Credentials on s1–s4: four, suppressed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import lxml.html
import pytest
from conftest import STORY, TODAY, front_matter

from wsstories.commands.build import build
from wsstories.site.outcomes import figures, lookup, program_year

D = dt.date
WAGES = {"s1": (D(2025, 7, 1), 20.0), "s2": (D(2026, 6, 30), 22.0), "s3": (D(2025, 9, 10), 18.0),
         "s4": (D(2025, 12, 1), 30.0), "s5": (D(2026, 3, 3), 25.0), "s6": (D(2026, 7, 1), 19.0),
         "s7": (D(2026, 8, 1), 21.0), "s8": (D(2026, 9, 1), 24.0)}


@pytest.fixture
def figures_site(site_dir):
    (site_dir.root / "maria.md").unlink()
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\n'
                                '[[milestones]]\noutcome = "stories"\nevery = 5\n'
                                '[[benchmarks]]\noutcome = "median-hourly-wage"\n'
                                'program_year = "PY2025"\ntarget = 20\nlabel = "Wage goal"\n'
                                '[[benchmarks]]\noutcome = "stories"\ngoal = "earn-a-credential"\n'
                                'program_year = "PY2026"\ntarget = 10\nlabel = "Stories goal"\n')
    for ident, (day, wage) in WAGES.items():
        outcomes = [{"type": "hourly-wage", "value": wage}]
        if ident in ("s1", "s2", "s3", "s4", "s5"):
            outcomes.append({"type": "employed", "occupation": "Welder"})
        if ident in ("s1", "s2", "s3", "s4"):
            outcomes.append({"type": "credential", "name": "Cert",
                             "credential_type": "occupational-certificate"})
        consent = {**STORY["consent"], "date": D(2025, 6, 1), "reviewed": D(2025, 6, 2)}
        site_dir.story(ident, date=day, outcomes=outcomes, consent=consent,
                       title=f"Maria {ident}", summary="Maria found work.")
    site_dir.story("withdrawn", date=D(2025, 10, 10), title="Maria withdrawn",
                   outcomes=[{"type": "hourly-wage", "value": 99.0}],
                   consent={**STORY["consent"], "date": D(2025, 6, 1), "reviewed": D(2025, 6, 2),
                            "withdrawn": D(2026, 1, 1)})
    return site_dir


def test_program_years_turn_on_1_july():
    """30 June belongs to the year that began the July before; 1 July starts the next."""
    assert program_year(D(2026, 6, 30)) == "PY2025"
    assert program_year(D(2026, 7, 1)) == "PY2026"


def test_figures_worked_out_by_hand(figures_site):
    """Medians (odd and even counts), the PY boundary, suppression at 4 and 5, no withdrawn story."""
    site, diagnostics = figures_site.load()
    assert not [d for d in diagnostics if d.severity.value == "error"]
    found = figures(site)

    def value(measure, year=None):
        figure = lookup(found, measure, None, year)
        return "suppressed" if figure.suppressed else figure.value

    assert value("stories") == 8
    assert value("stories", "PY2025") == 5
    assert value("stories", "PY2026") == "suppressed"
    assert value("median-hourly-wage") == 21.50
    assert value("median-hourly-wage", "PY2025") == 22.00
    assert value("median-hourly-wage", "PY2026") == "suppressed"
    assert value("employed") == 5
    assert value("credentials") == "suppressed"


@pytest.mark.slow
def test_pages_and_exports_agree(figures_site, tmp_path):
    """The outcomes page, outcomes.csv, outcomes.json and `report --csv` hold the same figures."""
    out = tmp_path / "out"
    build(figures_site.root, out, today=TODAY)
    page = lxml.html.fromstring((out / "outcomes/index.html").read_bytes())
    assert "Story-reported, not official WIOA performance." in page.text_content()
    [table] = page.xpath("//section[@aria-labelledby='goal-all']//table")
    header = [th.text_content() for th in table.xpath(".//thead//th")]
    assert header == ["Figure", "All years", "PY2025", "PY2026"]
    cells = {tr.xpath("./th")[0].text_content(): [td.text_content() for td in tr.xpath("./td")]
             for tr in table.xpath(".//tbody/tr")}
    assert cells["Median hourly wage"] == ["$21.50", "$22.00", "fewer than 5 stories"]
    assert cells["Stories"] == ["8", "5", "fewer than 5 stories"]
    assert "Credentials earned" not in cells  # suppressed in every year: named once, below
    withheld = page.xpath("//section[@aria-labelledby='goal-all']/p[@class='meta']")[0]
    assert "Credentials earned" in withheld.text_content()

    rows = list(csv.DictReader(io.StringIO((out / "outcomes.csv").read_text())))
    data = json.loads((out / "outcomes.json").read_text())
    assert data["note"] == "Story-reported, not official WIOA performance." and data["min_count"] == 5
    for row, item in zip(rows, data["figures"]):
        assert row["measure"] == item["measure"] and row["display"] == item["display"]
        if item["goal"] == "all" and item["label"] in cells:
            shown = cells[item["label"]][["all", "PY2025", "PY2026"].index(item["program_year"])]
            assert shown == item["display"]
        elif item["goal"] == "all":
            assert item["suppressed"] and item["label"] in withheld.text_content()
    for item in data["figures"]:
        if item["suppressed"]:
            assert item["value"] is None and item["stories"] is None
    report = subprocess.run([sys.executable, "-m", "wsstories", "report", "--csv", "--source",
                             str(figures_site.root), "--today", TODAY.isoformat()],
                            capture_output=True, text=True)
    assert report.stdout == (out / "outcomes.csv").read_text()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"99.0" not in path.read_bytes() and b"$99" not in path.read_bytes()


def test_benchmarks_show_how_far_along(figures_site, tmp_path):
    """A benchmark shows its figure and progress; one whose figure is suppressed says so."""
    out = tmp_path / "out"
    build(figures_site.root, out, today=TODAY)
    page = lxml.html.fromstring((out / "outcomes/index.html").read_bytes())
    assert page.xpath("//progress/@value") == ["100.0"]  # $22.00 against a $20 target
    text = " ".join(page.text_content().split())
    assert "Target 10; figure: fewer than 5 stories" in text
    benchmarks = json.loads((out / "outcomes.json").read_text())["benchmarks"]
    assert benchmarks[0]["actual"] == 22.0 and benchmarks[0]["percent"] == 100.0
    assert benchmarks[1]["actual"] is None


def test_home_page_headline_figures(figures_site, tmp_path):
    """The home page shows three headline figures, with the note."""
    out = tmp_path / "out"
    build(figures_site.root, out, today=TODAY)
    page = lxml.html.fromstring((out / "index.html").read_bytes())
    figures_shown = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='headline-figures']/li")]
    assert figures_shown == ["8 Stories", "5 People employed", "$21.50 Median hourly wage"]
    assert "Story-reported, not official WIOA performance." in page.text_content()


def test_milestones_are_dated_and_credited_to_people(figures_site, tmp_path):
    """The fifth published story (30 June 2026) reaches the 5-stories milestone."""
    out = tmp_path / "out"
    build(figures_site.root, out, today=TODAY)
    page = lxml.html.fromstring((out / "celebrations/index.html").read_bytes())
    items = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='milestones']/li")]
    assert items == ["5 people shared their success stories — reached on June 30, 2026"]


def test_a_celebration_shows_only_published_stories(site_dir, tmp_path):
    """A post naming a held-back story shows nothing of it; partners are sorted and equal."""
    site_dir.story("held", status="draft", title="Hidden draft title", summary="Secret summary.")
    site_dir.write("celebrations/spring.md", front_matter({
        "title": "Spring graduates", "date": D(2026, 6, 12), "summary": "A ceremony.",
        "stories": ["maria", "held"], "status": "published",
        "partners": [{"partner": "riverbend-bakery", "contribution": "Cake"},
                     {"partner": "harbor-college", "contribution": "Hosted"}]},
        "Twelve people graduated.\n"))
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    html = (out / "celebrations/spring/index.html").read_text()
    page = lxml.html.fromstring(html)
    assert page.xpath("//section[@aria-labelledby='celebrated-heading']//h3/a/@href") == ["/stories/maria/"]
    assert "Hidden draft title" not in html and "Secret summary" not in html
    assert [a.text for a in page.xpath("//section[@class='credits']//a")] == [
        "Harbor College", "Riverbend Bakery"]
    feed = json.loads((out / "feed.json").read_text())
    assert "https://stories.lakeside.test/celebrations/spring/" in [i["id"] for i in feed["items"]]
    assert b"celebrations/spring/" in (out / "sitemap.xml").read_bytes()


def test_a_draft_celebration_has_no_page(site_dir, tmp_path):
    """A celebration post that is not published appears nowhere."""
    site_dir.write("celebrations/later.md", front_matter({
        "title": "Not yet", "date": D(2026, 6, 12), "summary": "Soon.", "status": "draft"}, "x\n"))
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    assert not (out / "celebrations/later").exists()
    assert b"Not yet" not in (out / "celebrations/index.html").read_bytes()


@pytest.mark.parametrize("toml,rule", [
    ('[[milestones]]\noutcome = "stories"\nevery = 2\n', "settings-range"),
    ('[[benchmarks]]\noutcome = "stories"\ngoal = "nope"\nprogram_year = "PY2026"\n'
     'target = 5\nlabel = "x"\n', "settings-goal-unknown"),
    ('[[benchmarks]]\noutcome = "stories"\nprogram_year = "2026"\ntarget = 5\nlabel = "x"\n',
     "settings-program-year"),
    ('[[benchmarks]]\noutcome = "wages"\nprogram_year = "PY2026"\ntarget = 5\nlabel = "x"\n',
     "settings-choice"),
])
def test_bad_benchmarks_and_milestones(site_dir, toml, rule):
    """Benchmarks and milestones are validated: measure, goal, program year, step."""
    site_dir.write("site.toml", f'title = "T"\nbase_url = "https://x.org/"\n{toml}')
    assert rule in site_dir.rules()


@pytest.mark.slow
def test_report_prints_a_table(figures_site):
    """`wsstories report` prints the figures as a table with the note."""
    result = subprocess.run([sys.executable, "-m", "wsstories", "report", "--source",
                             str(figures_site.root), "--today", TODAY.isoformat()],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "Median hourly wage" in result.stdout and "$21.50" in result.stdout
    assert "fewer than 5 stories" in result.stdout
    assert "not official WIOA performance" in result.stdout
