"""The site's identity and the pages around the stories: logo, favicon, featured
story, the "All stories" pages and their filters, the footer and the
accessibility statement, the charts and what search results show."""

from __future__ import annotations

import copy
import datetime as dt
import io

import pytest
from conftest import STORY, TODAY, parse_html
from PIL import Image

from wsstories.commands.build import build
from wsstories.site.listings import PER_PAGE

pytestmark = pytest.mark.slow  # builds a site in nearly every test


def _png(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#0b5cad").save(out, "PNG")
    return out.getvalue()


def _settings(site_dir, extra: str) -> None:
    text = (site_dir.root / "site.toml").read_text(encoding="utf-8")
    site_dir.write("site.toml", text + extra)


def _build(site_dir, tmp_path):
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    return out


def _many(site_dir, count: int) -> None:
    """``count`` more stories, one a day, alternately of each goal and partner."""
    for n in range(count):
        data = copy.deepcopy(STORY)
        data["date"] = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        data["goal"] = "earn-a-credential" if n % 2 else "fill-openings"
        data["partners"] = [{"partner": "riverbend-bakery" if n % 3 == 0 else "harbor-college",
                             "contribution": "Training"}]
        site_dir.story(f"story-{n:02d}", **{k: v for k, v in data.items()})


# Logo, favicon, partnership, contact --------------------------------------------

def test_the_theme_mark_and_icon_are_used_by_default(site_dir, tmp_path):
    """With no logo or favicon in site.toml, the theme's own mark and icon are shown."""
    out = _build(site_dir, tmp_path)
    page = parse_html(out / "index.html")
    [logo] = page.xpath("//header//a[@class='site-title']/img")
    assert logo.get("src").startswith("/assets/logo.svg?v=") and logo.get("alt") == ""
    assert page.xpath("//link[@rel='icon']/@href")[0].startswith("/assets/favicon.svg?v=")
    assert (out / "assets/logo.svg").is_file() and (out / "assets/favicon.svg").is_file()


def test_a_logo_and_favicon_from_media_are_published_encoded_again(site_dir, tmp_path):
    """logo and favicon in media/ are linked from every page and copied as new PNGs."""
    site_dir.write("media/brand/logo.png", _png((200, 60)))
    site_dir.write("media/icon.png", _png())
    _settings(site_dir, 'logo = "media/brand/logo.png"\nfavicon = "media/icon.png"\n')
    assert not site_dir.problems(severity="error")
    out = _build(site_dir, tmp_path)
    for path in ("index.html", "stories/maria/index.html", "accessibility/index.html"):
        page = parse_html(out / path)
        assert page.xpath("//a[@class='site-title']/img/@src") == ["/media/brand/logo.png"]
        assert page.xpath("//link[@rel='icon']/@href") == ["/media/icon.png"]
    assert Image.open(out / "media/brand/logo.png").size == (200, 60)
    assert (out / "media/icon.png").read_bytes() != b""


def test_a_logo_outside_media_or_of_a_kind_that_can_run_a_script_is_refused(site_dir):
    """An SVG logo, a path out of media/, a missing file and a JPEG favicon are settings errors."""
    site_dir.write("media/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    site_dir.write("media/icon.jpg", _png())
    site_dir.write("secret.png", _png())
    cases = {'logo = "media/logo.svg"': "SVG", 'logo = "media/../secret.png"': "not inside media/",
             'logo = "media/nothing.png"': "does not exist", 'favicon = "media/icon.jpg"': "PNG"}
    original = (site_dir.root / "site.toml").read_text(encoding="utf-8")
    for line, words in cases.items():
        site_dir.write("site.toml", original + line + "\n")
        [message] = site_dir.messages("settings-media")
        assert words in message, (line, message)
        assert [p[:2] for p in site_dir.problems(severity="error")] == [("site.toml", 4)]


def test_the_footer_names_the_partnership_and_its_contact(site_dir, tmp_path):
    """The footer: the partnership's name, its e-mail and phone, the accessibility statement."""
    _settings(site_dir, 'partnership = "Harbor Partners"\n[contact]\n'
                        'email = "hello@example.org"\nphone = "+1 360 555 0100"\n')
    out = _build(site_dir, tmp_path)
    footer = parse_html(out / "index.html").xpath("//footer[@class='site-footer']")[0]
    assert footer.xpath(".//h2/text()")[0] == "Harbor Partners"
    links = footer.xpath(".//a/@href")
    assert "mailto:hello@example.org" in links and "tel:+13605550100" in links
    assert "/accessibility/" in links
    statement = parse_html(out / "accessibility/index.html")
    assert statement.xpath("//h1/text()") == ["Accessibility statement"]
    assert "mailto:hello@example.org" in statement.xpath("//main//a/@href")
    assert "WCAG" in statement.xpath("string(//main)")


def test_without_a_contact_the_statement_points_to_the_partners(site_dir, tmp_path):
    out = _build(site_dir, tmp_path)
    statement = parse_html(out / "accessibility/index.html")
    assert "/partners/" in statement.xpath("//main//a/@href")
    assert not [h for h in statement.xpath("//a/@href") if h.startswith("mailto:")]


def test_the_accessibility_statement_is_in_both_languages(built_example):
    """/accessibility/ and /es/accessibility/, each in its language, both in the sitemap."""
    english = parse_html(built_example / "accessibility/index.html")
    spanish = parse_html(built_example / "es/accessibility/index.html")
    assert spanish.get("lang") == "es"
    assert spanish.xpath("//h1/text()") == ["Declaración de accesibilidad"]
    assert english.xpath("//link[@rel='alternate'][@hreflang='es']/@href") == [
        "https://stories.example.org/es/accessibility/"]
    sitemap = (built_example / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://stories.example.org/accessibility/</loc>" in sitemap
    assert "<loc>https://stories.example.org/es/accessibility/</loc>" in sitemap


def test_the_site_title_is_not_both_the_header_and_the_h1(built_example):
    """The header names the site; no page's h1 repeats it."""
    names = {"en": "WorkSource Harbor County Success Stories",
             "es": "Historias de éxito de WorkSource Harbor County"}
    for path in ("index.html", "es/index.html", "stories/index.html", "goals/index.html"):
        page = parse_html(built_example / path)
        title = page.xpath("string(//header//span[contains(@class, 'site-name')])")
        assert title == names["es" if path.startswith("es/") else "en"]
        assert page.xpath("string(//h1)").strip() != title


# The featured story ---------------------------------------------------------------

def test_featured_names_the_story_shown_first(site_dir, tmp_path):
    """featured = "<id>" puts that story first on the home page, and out of "Latest"."""
    site_dir.story("newer", title="A newer story", date=dt.date(2026, 11, 1))
    _settings(site_dir, 'featured = "maria"\n')
    page = parse_html(_build(site_dir, tmp_path) / "index.html")
    assert page.xpath("//section[@class='featured']//h3/a/@href") == ["/stories/maria/"]
    assert page.xpath("//section[@aria-labelledby='latest-heading']//h3/a/@href") == ["/stories/newer/"]
    assert "I did this for my kids" in page.xpath("string(//section[@class='featured'])")


def test_without_featured_the_newest_story_is_featured(site_dir, tmp_path):
    site_dir.story("newer", title="A newer story", date=dt.date(2026, 11, 1))
    page = parse_html(_build(site_dir, tmp_path) / "index.html")
    assert page.xpath("//section[@class='featured']//h3/a/@href") == ["/stories/newer/"]


def test_a_featured_story_that_is_held_back_gives_way_to_the_newest(site_dir, tmp_path):
    """A featured story that is not published is never shown: the newest takes its place."""
    site_dir.story("withdrawn", title="Withdrawn", date=dt.date(2026, 11, 1),
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 20)})
    _settings(site_dir, 'featured = "withdrawn"\n')
    assert not site_dir.problems(severity="error")
    out = _build(site_dir, tmp_path)
    page = parse_html(out / "index.html")
    assert page.xpath("//section[@class='featured']//h3/a/@href") == ["/stories/maria/"]
    assert "Withdrawn" not in (out / "index.html").read_text(encoding="utf-8")


def test_an_unknown_featured_story_is_an_error_with_a_suggestion(site_dir):
    _settings(site_dir, 'featured = "mariaa"\n')
    [message] = site_dir.messages("settings-featured-unknown")
    assert "did you mean 'maria'" in message


# All stories ---------------------------------------------------------------------

def test_all_stories_are_listed_a_page_at_a_time(site_dir, tmp_path):
    """stories/ shows the newest 24, stories/page/2/ the rest, with links both ways."""
    _many(site_dir, PER_PAGE + 5)
    out = _build(site_dir, tmp_path)
    first = parse_html(out / "stories/index.html")
    second = parse_html(out / "stories/page/2/index.html")
    cards = "//section[@aria-labelledby='results-heading']//h3/a/@href"
    assert len(first.xpath(cards)) == PER_PAGE and len(second.xpath(cards)) == 6
    assert first.xpath(cards)[:2] == ["/stories/maria/", "/stories/story-28/"]
    assert set(first.xpath(cards)).isdisjoint(second.xpath(cards))
    assert first.xpath("//a[@rel='next']/@href") == ["/stories/page/2/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["/stories/"]
    assert second.xpath("//nav[@class='pagination']//a[@aria-current='page']/text()") == ["2"]
    assert not (out / "stories/page/3").exists() and not (out / "stories/page/1").exists()
    assert "page 2 of 2" in second.xpath("string(//title)")


def test_all_stories_can_be_filtered_without_javascript(site_dir, tmp_path):
    """Each goal and partner type with stories has its own pre-built page, linked from the others."""
    _many(site_dir, 6)
    out = _build(site_dir, tmp_path)
    page = parse_html(out / "stories/index.html")
    filters = page.xpath("//nav[@class='filters']//a/@href")
    assert filters == ["/stories/", "/stories/goal/earn-a-credential/", "/stories/goal/fill-openings/",
                       "/stories/partner-type/business/", "/stories/partner-type/cbo/",
                       "/stories/partner-type/semi-public/"]
    assert not page.xpath("//script")
    goal = parse_html(out / "stories/goal/fill-openings/index.html")
    listed = goal.xpath("//section[@aria-labelledby='results-heading']//h3/a/@href")
    assert listed == ["/stories/story-04/", "/stories/story-02/", "/stories/story-00/"]
    assert goal.xpath("//nav[@class='filters']//a[@aria-current='page']/@href") == [
        "/stories/goal/fill-openings/"]
    business = parse_html(out / "stories/partner-type/business/index.html")
    assert business.xpath("//section[@aria-labelledby='results-heading']//h3/a/@href") == [
        "/stories/story-03/", "/stories/story-00/"]
    assert not (out / "stories/partner-type/labor").exists()  # no story: no page, no link
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for path in filters:
        assert f"<loc>https://stories.lakeside.test{path}</loc>" in sitemap


def test_a_story_called_page_keeps_its_address(site_dir, tmp_path):
    """A story whose id is a word of the listings' addresses is still written and linked."""
    site_dir.story("page", title="A story called page")
    _many(site_dir, PER_PAGE)
    out = _build(site_dir, tmp_path)
    assert "A story called page" in parse_html(out / "stories/page/index.html").xpath("string(//h1)")
    assert (out / "stories/page/2/index.html").is_file()


def test_the_spanish_list_links_only_to_lists_that_exist_in_english(built_example):
    """A filter page that has no English twin offers the English list of all stories instead."""
    for path in built_example.glob("es/stories/**/index.html"):
        page = parse_html(path)
        if "/stories/" not in path.as_posix().split("/es/")[1] or page.find_class("filters") == []:
            continue
        for href in page.xpath("//nav[@class='languages']//a/@href"):
            assert (built_example / href.lstrip("/") / "index.html").is_file(), (path, href)


# Charts and search -------------------------------------------------------------

def test_charts_are_text_with_svg_bars(built_example):
    """Chart labels and values are HTML text (never SVG text, which shrinks on a phone)."""
    page = parse_html(built_example / "outcomes/index.html")
    assert not page.xpath("//svg//text")
    [chart] = page.xpath("//div[@id='chart-all']")
    labels = chart.xpath(".//span[@class='bar-label']")
    assert labels and labels[0].text == "Stories"
    assert chart.xpath(".//ul/@aria-labelledby") == ["chart-all-title"]
    assert all(svg.get("aria-hidden") == "true" for svg in chart.xpath(".//svg"))


def test_search_results_say_the_goal_and_the_partners(built_example):
    """Story pages give Pagefind the goal and partners as metadata, which results show."""
    page = parse_html(built_example / "stories/maria-cna/index.html")
    [body] = page.xpath("//*[@data-pagefind-body]")
    assert body.get("data-pagefind-meta") == ("partners:Evergreen Family Clinic, Harbor College, "
                                              "Northside Community Services, Sound Futures Foundation")
    assert page.xpath("//*[@data-pagefind-meta='goal']/text()") == ["Earn a credential"]
    search = (built_example / "search/index.html").read_text(encoding="utf-8")
    assert "processResult" in search and '"Goal"' in search
