"""The site speaks US English by default; a site whose language is en-GB gets British spelling."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TODAY, parse_html

from wsstories.commands.build import build
from wsstories.site import i18n

ROOT = Path(__file__).resolve().parent.parent
BRITISH = re.compile(r"\b(?:organis\w*|licence\w*|recognis\w*|neighbour\w*|centres?|colour\w*|"
                     r"favour\w*|programmes?|counsell\w*|labour|practis\w*|enrolment|"
                     r"member of staff|\d{1,2} (?:January|July|June) \d{4})", re.IGNORECASE)


def test_no_british_spelling_in_the_theme_or_its_catalogs():
    """Every English string the theme and code print is in US spelling."""
    found = i18n.extract(ROOT / "theme", ROOT / "wsstories")
    british = [msgid for msgid in found if BRITISH.search(" ".join(found[msgid]))]
    assert british == []


def test_the_example_site_reads_in_us_english(built_example):
    """No British spelling on any English page of the example site (ids in addresses aside)."""
    for path in sorted(built_example.rglob("*.html")):
        if (built_example / "es") in path.parents:
            continue
        page = parse_html(path)
        for script in page.xpath("//script"):
            script.drop_tree()
        words = page.text_content()
        assert not BRITISH.search(words), (path, BRITISH.search(words).group(0))
    partners = parse_html(built_example / "partners/index.html").text_content()
    assert "Community organizations" in partners
    note = parse_html(built_example / "outcomes/index.html").text_content()
    assert "Story-reported, not official WIOA performance." in note
    assert "(July 1 to June 30)" in note


def test_a_site_in_en_gb_gets_british_spelling(site_dir, tmp_path):
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\nlanguage = "en-GB"\n')
    site_dir.story(outcomes=[{"type": "credential", "name": "CDL", "credential_type":
                              "occupational-licence"}])
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    page = parse_html(out / "partners/index.html")
    assert page.get("lang") == "en-GB"
    text = " ".join(page.text_content().split())
    assert "Community organisations" in text and "labour" in text
    outcomes = " ".join(parse_html(out / "outcomes/index.html").text_content().split())
    assert "(1 July to 30 June)" in outcomes
    assert "Story-reported, not official WIOA performance." in outcomes
    story = " ".join(parse_html(out / "stories/maria/index.html").text_content().split())
    assert "14 October 2026" in story  # Babel's en_GB dates
