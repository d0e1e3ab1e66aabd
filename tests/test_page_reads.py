"""A page's key covers what its making read of the site, recorded while it is made.

Nobody writes a page's dependencies by hand: the view records which stories,
story links, goals' and partners' lists of stories, languages and figures a
page read, and the next build keys the page by what those are then. So a
page that starts to show something new is remade when that changes, and a
page is never left showing what is no longer so.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import TODAY, edit

from wsstories.commands.build import Builder, build
from wsstories.site.views import SiteView

pytestmark = pytest.mark.slow  # whole sites built several times over

def page(out: Path, story: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / "stories" / story / "index.html").read_bytes())


def links_to(tree, target: str) -> bool:
    return any(href.rstrip("/").endswith(f"/stories/{target}") for href in tree.xpath("//main//a/@href"))


def test_a_story_link_goes_when_the_linked_story_is_held_back(example_site, tmp_path):
    """Cascade's story links to Dev's, in another goal. Once Dev's story is a draft again, the next
    build (from the cache) remakes Cascade's page without the link, as a clean build does."""
    site = example_site
    out = site.parent / "output"
    build(site, out, today=TODAY)
    assert links_to(page(out, "cascade-apprentices"), "dev-welding")
    edit(site / "2026" / "dev-welding.md", "status: published", "status: draft")
    builder = Builder(out)
    builder.build(site, today=TODAY)
    assert builder.last_made < 100  # an edit, not a whole new site
    assert not links_to(page(out, "cascade-apprentices"), "dev-welding")
    clean = tmp_path / "clean"
    build(site, clean, today=TODAY)
    assert (out / "stories/cascade-apprentices/index.html").read_bytes() == \
        (clean / "stories/cascade-apprentices/index.html").read_bytes()


def test_a_page_that_starts_showing_another_story_is_keyed_by_it(example_site, tmp_path, monkeypatch):
    """A story page that shows a field no key ever named — here the title of the site's newest
    story, through a theme of the site's own — changes when only that story's title changes."""
    site = example_site
    original = SiteView.story

    def story(self, shown):
        values = original(self, shown)
        return {**values, "newest": self.card(self.stories[0])}

    monkeypatch.setattr(SiteView, "story", story)
    theme = site.parent / "theme" / "templates"
    theme.mkdir(parents=True)
    story_html = (Path(__file__).resolve().parent.parent / "theme" / "templates" / "story.html").read_text()
    assert "{% block main %}" in story_html
    theme.joinpath("story.html").write_text(story_html.replace(
        "{% block main %}", '{% block main %}<p class="newest">{{ story.newest.title }}</p>', 1))
    out = site.parent / "output"
    builder = Builder(out)
    builder.build(site, theme=site.parent / "theme", today=TODAY)
    # Grace's story (earn-more) is in another goal than the newest, Cascade's (grow-apprentices)
    [shown] = page(out, "grace-lpn").xpath("//p[@class='newest']/text()")
    newest = (site / "2026" / "cascade-apprentices.md").read_text(encoding="utf-8")
    title = next(line for line in newest.splitlines() if line.startswith("title:"))
    assert shown.strip() == title.split(":", 1)[1].strip().strip("\"'")
    edit(site / "2026" / "cascade-apprentices.md", title, 'title: "A brand-new title"')
    builder.build(site, theme=site.parent / "theme", today=TODAY)
    assert page(out, "grace-lpn").xpath("//p[@class='newest']/text()") == ["A brand-new title"]


def test_an_unchanged_site_is_taken_over_whole_from_its_reads(example_site, tmp_path):
    """From the cache alone, a new builder remakes only the pages that read a changed story."""
    site = example_site
    out = site.parent / "output"
    build(site, out, today=TODAY)
    grace = (out / "stories/grace-lpn/index.html").stat().st_ino
    (site / "2026" / "maria-cna.md").write_text((site / "2026" / "maria-cna.md").read_text() + "\n")
    builder = Builder(out)
    builder.build(site, today=TODAY)
    assert 0 < builder.last_made < 20  # her pages and those showing her card, of about 90
    assert (out / "stories/grace-lpn/index.html").stat().st_ino == grace  # read nothing of hers
    assert builder.previous.reads  # what each recorded page read is kept with the output
    reads = builder.previous.reads["stories/maria-cna/index.html"]
    assert ("story", "maria-cna") in reads
