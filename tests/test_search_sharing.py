"""Search (Pagefind in a real browser), sharing tags and images, and printing."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from conftest import STORY, TODAY, parse_html
from PIL import Image

from wsstories.commands.build import build


def _search_ui(driver, url: str, words: str) -> list[str]:
    """Type ``words`` into the search page and return the result links."""
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(url + "search/")
    box = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements("css selector", ".pagefind-ui__search-input"))[0]
    box.send_keys(words)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(
        "css selector", ".pagefind-ui__result, .pagefind-ui__message"))
    WebDriverWait(driver, 10).until(lambda d: "earching" not in d.find_element(
        "css selector", ".pagefind-ui__message").text if d.find_elements(
        "css selector", ".pagefind-ui__message") else True)
    return [a.get_attribute("href") for a in
            driver.find_elements("css selector", ".pagefind-ui__result-link")]


def _search_api(driver, url: str, words: str, filters: dict | None = None) -> list[str]:
    """Pagefind's own JavaScript API, in the browser: the URLs of the results."""
    driver.get(url + "search/")
    driver.set_script_timeout(20)
    return driver.execute_async_script("""
        const [words, filters, bundle, done] = arguments;
        import(bundle + "pagefind.js").then(async (pagefind) => {
          const search = await pagefind.search(words, {filters});
          const data = await Promise.all(search.results.map(r => r.data()));
          done(data.map(d => d.url));
        }).catch(e => done(["error: " + e]));
    """, words, filters or {}, url + "pagefind/")


def test_a_word_in_one_story_finds_that_story(browser, site_url):
    """Typing a word found in one story only returns that story."""
    assert _search_ui(browser, site_url, "conchas") == [site_url + "stories/riverbend-bakery-hires/"]


def test_the_goal_filter_narrows_results(browser, site_url):
    """A goal filter keeps only the stories of that goal."""
    everything = _search_api(browser, site_url, "work")
    narrowed = _search_api(browser, site_url, "work", {"goal": "Get back to work"})
    assert len(narrowed) < len(everything)
    assert sorted(narrowed) == ["/stories/hector-back-to-work/", "/stories/reentry-fabrication/",
                                "/stories/tomas-back-to-work/"]
    by_partner = _search_api(browser, site_url, "work", {"partner": "Riverbend Bakery"})
    assert by_partner == ["/stories/aaliyah-first-job/"]


def test_held_back_stories_are_never_found(browser, site_url):
    """A word found only in a held-back story returns nothing."""
    assert _search_api(browser, site_url, "feedback") == []  # the withdrawn story's word
    assert _search_api(browser, site_url, "Chinese") == []  # the scheduled story's


def test_drafts_are_never_indexed(site_dir, tmp_path):
    """Even with --drafts, a draft's page is not marked for the search index."""
    site_dir.story("draft", status="draft")
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY, drafts=True)
    assert not parse_html(out / "stories/draft/index.html").xpath("//*[@data-pagefind-body]")
    assert parse_html(out / "stories/maria/index.html").xpath("//*[@data-pagefind-body]")


def test_without_search_consent_a_story_is_not_indexed(site_dir, tmp_path):
    """A story whose consent scope lacks 'search' is not marked for the index."""
    site_dir.story(consent={**STORY["consent"], "scope": ["web"]})
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    assert not parse_html(out / "stories/maria/index.html").xpath("//*[@data-pagefind-body]")
    page = parse_html(out / "search/index.html")
    assert not page.xpath("//script") and "no stories to search yet" in page.text_content()


def test_the_search_page_without_javascript(built_example):
    """Without JavaScript the search page says so and links to goals and partners."""
    page = parse_html(built_example / "search/index.html")
    [noscript] = page.xpath("//noscript")
    assert "JavaScript" in noscript.text_content()
    assert {"/goals/", "/partners/"} <= set(page.xpath("//main//a/@href"))


def test_search_assets_load_from_the_sub_path(built_subpath):
    """Under a sub-path, Pagefind's files and result links use that sub-path."""
    page = parse_html(built_subpath / "search/index.html")
    assert page.xpath("//script/@src") == ["/lakeside/pagefind/pagefind-ui.js"]
    script = page.xpath("//script[not(@src)]")[0].text
    assert '"/lakeside/pagefind/"' in script and 'baseUrl: "/lakeside/"' in script


def test_sharing_tags_are_absolute_and_resolve(built_example):
    """Open Graph and Twitter URLs are absolute and name files in the output."""
    base = "https://stories.example.org/"
    for path in (built_example / "stories").glob("*/index.html"):
        page = parse_html(path)
        for url in page.xpath("//meta[@property='og:url' or @property='og:image' or "
                              "@name='twitter:image']/@content"):
            assert url.startswith(base), url
            target = built_example / url[len(base):]
            assert target.is_file() or (target / "index.html").is_file(), url


def test_structured_data_names_the_story_not_the_person(built_example):
    """JSON-LD is an Article with the site as publisher and no personal data."""
    page = parse_html(built_example / "stories/maria-cna/index.html")
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Article" and data["headline"] == "From night shifts to a nursing career"
    assert data["publisher"]["name"] == "WorkSource Harbor County Success Stories"
    assert data["datePublished"] == "2026-10-14"
    assert "author" not in data and "consent" not in json.dumps(data)


def test_share_images_only_with_social_consent(built_example):
    """Only stories whose consent includes 'social' get a 1200×630 share image."""
    images = sorted(p.parent.name for p in (built_example / "stories").glob("*/share.png"))
    assert images == ["maria-cna", "tomas-back-to-work"]
    with Image.open(built_example / "stories/maria-cna/share.png") as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert not parse_html(built_example / "stories/dev-welding/index.html").xpath(
        "//meta[@property='og:image']")


def test_celebration_cards_only_with_print_consent(built_example):
    """A printable card exists only where consent includes 'print', with partners listed."""
    cards = sorted(p.parent.parent.name for p in (built_example / "stories").glob("*/card/index.html"))
    assert cards == ["dev-welding", "maria-cna"]
    card = parse_html(built_example / "stories/maria-cna/card/index.html")
    assert card.xpath("//h1")[0].text == "From night shifts to a nursing career"
    assert [li.text for li in card.xpath("//section[@class='card-partners']//li")] == [
        "Evergreen Family Clinic", "Harbor College", "Northside Community Services",
        "Sound Futures Foundation"]


@pytest.mark.parametrize("size,width,height", [("letter", 21.59, 27.94), ("A4", 21.0, 29.7)])
def test_a_card_prints_on_exactly_one_page(browser, site_url, size, width, height):
    """Chromium's print-to-PDF of a celebration card is one page, on letter and on A4."""
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions
    for story in ("maria-cna", "dev-welding"):
        browser.get(site_url + f"stories/{story}/card/")
        options = PrintOptions()
        options.page_width, options.page_height = width, height
        pdf = base64.b64decode(browser.print_page(options))
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1, (story, size)


def test_every_story_prints_without_navigation(browser, site_url):
    """In print, the header, navigation and footer are hidden and the address is printed."""
    browser.get(site_url + "stories/dev-welding/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return ['.site-header', '.site-footer', '.related'].map("
            "s => getComputedStyle(document.querySelector(s)).display)")
        assert hidden == ["none", "none", "none"]
        shown = browser.find_element("css selector", ".print-only")
        assert shown.is_displayed() and shown.text == "https://stories.example.org/stories/dev-welding/"
        assert browser.find_element("css selector", ".credits").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_spanish_search_page_is_spanish(browser, site_url):
    """On /es/search/ the filters, the messages and the results' labels are all in Spanish."""
    from selenium.webdriver.support.ui import WebDriverWait
    found = _search_ui(browser, site_url + "es/", "trabajo")
    assert found and all("/es/stories/" in url for url in found)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(
        "css selector", ".pagefind-ui__filter-name"))
    names = [e.text for e in browser.find_elements("css selector", ".pagefind-ui__filter-name")]
    assert sorted(names) == ["Meta", "Socio"]
    text = browser.find_element("css selector", "#search").text
    assert "resultado" in text and "Limpiar" in text
    for english in ("Goal", "Partner", "Filters", "results?", "Clear", "Load more"):
        assert not re.search(rf"\b{english}\b", text), english  # partners' names may say more
    tags = [e.text for e in browser.find_elements("css selector", ".pagefind-ui__result-tag")]
    assert tags and all(t.startswith(("Meta:", "Socios:")) for t in tags)
