"""The layout as a person sees it, in headless Chromium: on a phone (390 px) and a computer (1280 px).

The header stays short on a phone, the language switcher sits on one line,
and no chart text is drawn smaller than 12 px at either width.
"""

from __future__ import annotations

import pytest
from tools import chrome

pytestmark = pytest.mark.browser

PAGES = ["", "es/", "stories/", "es/stories/", "stories/maria-cna/", "outcomes/", "es/outcomes/",
         "partners/", "celebrations/", "search/", "accessibility/", "es/accessibility/"]
CHART_PAGES = ["outcomes/", "es/outcomes/"]

MEASURE = """
const header = document.querySelector('.site-header').getBoundingClientRect();
const langs = document.querySelector('.languages');
const items = langs ? [...langs.querySelectorAll('a')].filter(a => a.offsetParent !== null) : [];
const tops = new Set(items.map(a => Math.round(a.getBoundingClientRect().top)));
const chart = [...document.querySelectorAll('.bar-chart *, svg text')]
  .filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)]);
return {header: header.height, languageLines: tops.size, inHeader: langs ? header.bottom >= langs.getBoundingClientRect().bottom : true,
        chart: chart};
"""


@pytest.fixture(scope="module", params=[390, 1280], ids=["phone", "computer"])
def sized(request):
    width = request.param
    driver = chrome(width, 844 if width < 600 else 900, mobile=width < 600)
    yield width, driver
    driver.quit()


def test_header_is_short_and_chart_text_stays_readable(sized, site_url):
    """Header ≤ 100 px tall on a phone; languages on one line in it; chart text ≥ 12 px."""
    width, driver = sized
    problems = []
    for page in PAGES:
        driver.get(site_url + page)
        found = driver.execute_script(MEASURE)
        if width < 600 and found["header"] > 100:
            problems.append((page, "header", found["header"]))
        if found["languageLines"] > 1 or not found["inHeader"]:
            problems.append((page, "languages", found["languageLines"]))
        small = [(text, size) for text, size in found["chart"] if size < 12]
        if small:
            problems.append((page, "chart text", small[:3]))
        if page in CHART_PAGES and not found["chart"]:
            problems.append((page, "no chart text found", None))
    assert problems == []


def test_every_nav_link_can_be_reached_on_a_phone(sized, site_url):
    """The sections' links scroll sideways inside the nav, never the page, and each is focusable."""
    width, driver = sized
    driver.get(site_url)
    links = driver.execute_script(
        "return [...document.querySelectorAll('.main-nav a')].map(a => a.tabIndex)")
    assert len(links) == 6 and all(t == 0 for t in links)
    scroll, client = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client


def test_the_site_name_is_shown_whole_in_both_languages(sized, site_url):
    """The example's long names (English and Spanish) fit their two lines, never cut off."""
    width, driver = sized
    for page in ("", "es/"):
        driver.get(site_url + page)
        shown, whole = driver.execute_script(
            "const n = document.querySelector('.site-name'); return [n.clientHeight, n.scrollHeight]")
        assert whole <= shown + 1, (page, width)
