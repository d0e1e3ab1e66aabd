"""Untrusted Markdown: script-injection payloads in every field never run.

Each payload goes into a story's body, title, summary, quote and partner
contribution, and into a partner's description. In headless Chromium no
payload runs (each would set ``window.__pwned`` or open an alert), and the
output holds no ``on*`` attribute, ``javascript:`` URL or ``<script>`` of
theirs.
"""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import TODAY, front_matter, story_data
from tools import chrome, serve

from wsstories.commands.build import build

RUN = "window.__pwned=1"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster",
                  "cite", "background", "srcdoc"}
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}">',
    f"<svg><script>{RUN}</script></svg>",
    f'<a href="javascript:{RUN}">click</a>',
    f'<a href="JaVaScRiPt:{RUN}">click</a>',
    f'<a href="&#106;avascript:{RUN}">click</a>',
    f'<a href="java&#x09;script:{RUN}">click</a>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<body onload="{RUN}">',
    f'<details open ontoggle="{RUN}">x</details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">',
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="javascript:{RUN}">',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f"<style>@import 'javascript:{RUN}';</style>",
    f'<div style="background:url(javascript:{RUN})">x</div>',
    f'<base href="javascript:{RUN}//">',
    f"[click](javascript:{RUN})",
    f"[click](JAVASCRIPT:{RUN})",
    f"![x](javascript:{RUN})",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    f'<a href="data:text/html,<script>{RUN}</script>">x</a>',
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f'<video><source onerror="{RUN}"></video>',
    f'<svg><a xlink:href="javascript:{RUN}"><text x="20" y="20">x</text></a></svg>',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"<a href=\"#\" onclick=\"{RUN}\">x</a>",
    f"<img src=\"x\" onerror=alert(1)>",
    "{{ 7*7 }}{% if true %}TEMPLATE{% endif %}",
]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """A site whose every field is full of payloads, built once."""
    from conftest import GOALS, PARTNERS, SETTINGS, SiteFolder
    root = tmp_path_factory.mktemp("injected")
    site = SiteFolder(root / "stories")
    site.write("site.toml", SETTINGS)
    for ident, data in GOALS.items():
        site.write(f"goals/{ident}.md", front_matter(data, "Goal text. " + " ".join(PAYLOADS)))
    for ident, data in PARTNERS.items():
        site.write(f"partners/{ident}.md", front_matter(data, "\n\n".join(PAYLOADS) + "\n"))
    for index, payload in enumerate(PAYLOADS):
        site.write(f"p{index}.md", front_matter(story_data(
            title=f"Title {payload}", summary=f"Summary {payload}", quote=f"Quote {payload}",
            partners=[{"partner": "harbor-college", "contribution": f"Gave {payload}"[:120]},
                      {"partner": "riverbend-bakery", "contribution": "A job"}],
            storyteller={"name": "Dana", "naming": "first"}),
            f"Body before.\n\n{payload}\n\nBody after, with {payload} inline.\n"))
    out = root / "output"
    build(site.root, out, today=TODAY)
    return out


def test_there_are_at_least_30_payloads():
    """The suite tries at least 30 distinct payloads."""
    assert len(set(PAYLOADS)) >= 30


def test_no_payload_survives_in_the_html(injected):
    """No page holds an on* attribute, a javascript: or data: URL, or a script element."""
    for path in injected.rglob("*.html"):
        if {"search", "pagefind"} & set(path.relative_to(injected).parts):
            continue  # the search page's own scripts; no story text reaches it
        page = lxml.html.fromstring(path.read_bytes())
        for data in page.xpath("//script[@type='application/ld+json']"):
            json.loads(data.text)  # structured data stays data
            data.drop_tree()
        assert not page.xpath("//script | //iframe | //object | //embed | //style | //base | "
                              "//form | //input | //meta[@http-equiv]"), path
        for element in page.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, name)
                if name.lower() in URL_ATTRIBUTES:
                    url = "".join(value.split()).lower()
                    assert not url.startswith(("javascript:", "data:", "vbscript:")), (path, value)


def test_templates_do_not_run_what_authors_write(injected):
    """Template syntax in content is shown as written, never evaluated."""
    page = lxml.html.fromstring((injected / f"stories/p{len(PAYLOADS) - 1}/index.html").read_bytes())
    article = page.find_class("story")[0].text_content()
    assert "{{ 7*7 }}" in article and "49" not in article and "TEMPLATE" not in article.replace(
        "{% if true %}TEMPLATE{% endif %}", "")


def test_feeds_carry_no_payload(injected):
    """The feeds' HTML content is the sanitised body."""
    feed = json.loads((injected / "feed.json").read_text())
    for item in feed["items"]:
        page = lxml.html.fragment_fromstring(item["content_html"], create_parent="div")
        assert not page.xpath("//script")
        for element in page.iter():
            assert not any(n.lower().startswith("on") for n in element.attrib)


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(injected):
    """Opening every page in Chromium runs no payload and opens no alert."""
    from selenium.common.exceptions import NoAlertPresentException
    pages = sorted(p.relative_to(injected).as_posix().removesuffix("index.html")
                   for p in injected.rglob("index.html"))
    driver = chrome()
    ran = []
    try:
        with serve(injected) as url:
            for page in pages:
                driver.get(url + page)
                try:
                    driver.switch_to.alert.dismiss()
                    ran.append((page, "alert"))
                except NoAlertPresentException:
                    pass
                if driver.execute_script("return window.__pwned === 1"):
                    ran.append((page, "__pwned"))
    finally:
        driver.quit()
    assert len(pages) > len(PAYLOADS)
    assert ran == []
