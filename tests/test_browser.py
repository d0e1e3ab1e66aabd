"""The built site in a real browser and before the external checkers.

axe-core (WCAG 2.1 A and AA) and sideways scrolling in headless Chromium,
the Nu HTML Checker on every page, and links followed over HTTP, at the
site's root and under a sub-path.
"""

from __future__ import annotations

import pytest
from conftest import html_files

pytestmark = pytest.mark.browser  # Chromium, axe-core, the Nu checker, LinkChecker
from tools import axe_violations, broken_links, chrome, crawl, serve, vnu_errors

# One page of every template, plus the longest pages and the special stories.
PAGE_TYPES = [
    "",                                   # home
    "stories/maria-cna/",                 # a story with a quote and outcomes
    "stories/reentry-fabrication/",       # anonymous storyteller
    "stories/samir-catering/",            # a pseudonym
    "stories/cascade-apprentices/",       # an employer's story with a link to another story
    "goals/",
    "goals/fill-openings/",
    "partners/",
    "partners/harbor-county-workforce-council/",  # the partner with the most stories
    "outcomes/",                          # charts, tables and benchmarks
    "celebrations/",
    "celebrations/spring-2026-graduates/",
    "stories/",                           # all stories, with the filters
    "stories/goal/earn-a-credential/",    # a filtered list
    "es/stories/",
    "accessibility/",
    "search/",
    "404.html",
]


def test_no_accessibility_violations(browser, site_url):
    """axe-core finds no WCAG 2.1 A or AA violation on any page type."""
    found = {page: axe_violations(browser, site_url + page) for page in PAGE_TYPES}
    assert {page: v for page, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [320, 390])
def test_no_sideways_scrolling_on_phones(site_url, width):
    """At 320 and 390 px wide, no page type scrolls sideways."""
    driver = chrome(width, 800, mobile=True)
    try:
        wide = {}
        for page in PAGE_TYPES:
            driver.get(site_url + page)
            scroll, client = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                wide[page] = (scroll, client)
        assert wide == {}
    finally:
        driver.quit()


def test_skip_link_reaches_the_main_content(browser, site_url):
    """The first Tab stop is the skip link, and it is visible when focused."""
    from selenium.webdriver.common.keys import Keys
    browser.get(site_url + "stories/maria-cna/")
    browser.find_element("tag name", "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("href").endswith("#main")
    assert active.is_displayed() and active.location["y"] >= 0


def test_every_page_passes_the_nu_html_checker(built_example, built_subpath):
    """The Nu HTML Checker reports no error on any page (and the CSS), root and sub-path."""
    errors = vnu_errors(built_example, css=True) + vnu_errors(built_subpath)
    assert [(e.get("url", "").rsplit("output", 1)[-1], e["message"]) for e in errors] == []


def test_no_broken_internal_link(built_example):
    """Following every internal link from the home page meets no 404 and no missing anchor."""
    with serve(built_example) as url:
        seen, problems = crawl(url)
    assert problems == []
    pages = {p.relative_to(built_example).as_posix() for p in html_files(built_example)}
    reached = {u[len(url):].split("?")[0] for u in seen}
    unreached = {p for p in pages if p.removesuffix("index.html") not in reached} - {"404.html"}
    assert unreached == set(), "every page is reachable by links"


def test_no_broken_link_under_a_sub_path(built_subpath):
    """Served under /lakeside/, every link, asset and anchor resolves (own crawler and LinkChecker)."""
    with serve(built_subpath, prefix="/lakeside/") as url:
        seen, problems = crawl(url)
        assert problems == []
        assert len(seen) > 40
        assert broken_links(url) == []
