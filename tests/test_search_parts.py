"""A large site's search index in parts: each language's parts, merged by the search page.

Two pages a part ($WSSTORIES_SEARCH_PAGES) stand in for the thousands of a
large site, so that the example site's 14 English and 3 Spanish searchable
stories make 7 and 2 parts.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, parse_html
from test_search_sharing import _search_ui

from wsstories.commands.build import build
from wsstories.errors import UsageError
from wsstories.output import searchindex

pytestmark = pytest.mark.slow  # builds the example site several times

EXAMPLE = Path(__file__).resolve().parent.parent / "stories"


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory) -> Path:
    """The example site built with two story pages a search part."""
    out = tmp_path_factory.mktemp("parts") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(searchindex.PAGES_VARIABLE, "2")
        build(EXAMPLE, out, today=TODAY)
    return out


def _searched(out: Path, prefix: str = "") -> list[str]:
    """The story pages of one language that carry Pagefind's body mark, in path order."""
    return sorted(p.relative_to(out).as_posix() for p in (out / prefix / "stories").glob("*/index.html")
                  if b"data-pagefind-body" in p.read_bytes())


def test_each_language_is_indexed_in_parts_of_at_most_two_pages(in_parts):
    english, spanish = _searched(in_parts), _searched(in_parts, "es")
    assert len(english) == 14 and len(spanish) == 3
    folders = sorted(p.name for p in (in_parts / "pagefind").iterdir())
    assert folders == sorted([f"en-{n}" for n in range(1, 8)] + ["es-1", "es-2"])
    for lang, pages in (("en", english), ("es", spanish)):
        for number, start in enumerate(range(0, len(pages), 2), 1):
            entry = json.loads((in_parts / "pagefind" / f"{lang}-{number}" / "pagefind-entry.json").read_text())
            assert list(entry["languages"]) == [lang]
            assert entry["languages"][lang]["page_count"] == len(pages[start:start + 2])


def test_the_manifest_lists_every_part_and_nothing_is_left_beside_them(in_parts):
    manifest = json.loads((in_parts / ".wsstories-build.json").read_text())
    on_disk = {p.relative_to(in_parts).as_posix() for p in in_parts.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {".wsstories-build.json"}
    assert sum(p.startswith("pagefind/es-2/") for p in manifest["files"]) > 5
    assert not (in_parts / searchindex.LINKS_FOLDER).exists()
    assert sorted(p.name for p in in_parts.parent.iterdir()) == [".wsstories-cache", "output"]


def test_each_search_page_loads_its_language_first_part_and_merges_the_others(in_parts):
    for prefix, lang, count in (("", "en", 7), ("es/", "es", 2)):
        page = parse_html(in_parts / prefix / "search" / "index.html")
        assert page.xpath("//script[@src]/@src")[-1] == f"/pagefind/{lang}-1/pagefind-ui.js"
        script = "".join(page.xpath("//script[not(@src)]/text()"))
        assert f'bundlePath: "/pagefind/{lang}-1/"' in script
        merged = re.findall(r'\{bundlePath: "([^"]+)", baseUrl: "/", excerptLength: 24\}', script)
        assert merged == [f"/pagefind/{lang}-{n}/" for n in range(2, count + 1)]


def test_a_small_site_keeps_one_index_for_every_language(built_example):
    assert (built_example / "pagefind" / "pagefind-entry.json").is_file()
    assert not [p for p in (built_example / "pagefind").iterdir() if re.fullmatch(r"[a-z]+-\d+", p.name)]
    assert "mergeIndex" not in (built_example / "search" / "index.html").read_text()


def test_an_edit_indexes_again_only_the_part_of_the_edited_story(tmp_path, monkeypatch):
    source = tmp_path / "stories"
    shutil.copytree(EXAMPLE, source)
    out = tmp_path / "output"
    monkeypatch.setenv(searchindex.PAGES_VARIABLE, "2")
    build(source, out, today=TODAY)
    before = {p.relative_to(out): p.stat().st_ino for p in (out / "pagefind").rglob("*") if p.is_file()}
    # Parts follow the goals (by id), each goal's newest first, two pages a part here: Dev's story
    # (new-career) is in en-4 with Cascade's; James's, its goal's other story, whose page shows its
    # card, opens en-5.
    story = source / "2026" / "dev-welding.md"
    story.write_text(story.read_text().replace("\nsummary: ", "\nsummary: Zanzibarian welding. ", 1))
    build(source, out, today=TODAY)
    after = {p.relative_to(out): p.stat().st_ino for p in (out / "pagefind").rglob("*") if p.is_file()}
    kept = {p.parts[1] for p in after if before.get(p) == after[p]}  # taken over: the same file
    made = {p.parts[1] for p in after if before.get(p) != after[p]}
    assert made == {"en-4", "en-5"} and not kept & made  # a part is taken over or made whole
    assert {"en-1", "en-2", "en-3", "es-1", "es-2"} <= kept  # no page of theirs shows the story
    manifest = json.loads((out / ".wsstories-build.json").read_text())
    assert {p for p in manifest["files"] if p.startswith("pagefind/")} == {p.as_posix() for p in after}


def test_a_wrong_number_of_pages_a_part_is_named(monkeypatch):
    monkeypatch.setenv(searchindex.PAGES_VARIABLE, "many")
    with pytest.raises(UsageError, match="WSSTORIES_SEARCH_PAGES must be a whole number"):
        searchindex.part_size()


# In the browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def parts_url(in_parts):
    from tools import serve
    with serve(in_parts) as url:
        yield url


def test_words_only_in_a_later_part_are_found_in_english_and_spanish(browser, parts_url, in_parts):
    """'girders' is only in dev-welding (part en-2), 'aspiradora' only in rosa-contabilidad (es-2)."""
    assert _search_ui(browser, parts_url, "girders") == [parts_url + "stories/dev-welding/"]
    title = browser.find_element("css selector", ".pagefind-ui__result-title").text
    page = parse_html(in_parts / "stories" / "dev-welding" / "index.html")
    assert title == page.xpath("//h1")[0].text_content().strip()
    shown = browser.find_element("css selector", ".pagefind-ui__result-tags").text
    assert "Partners" in shown or "Goal" in shown
    assert parts_url + "es/stories/rosa-contabilidad/" in _search_ui(browser, parts_url + "es/",
                                                                       "aspiradora")
    found = _search_ui(browser, parts_url, "aspiradora")  # the English page: English parts only
    assert not [u for u in found if "/es/" in u]


_MERGED = """
    const [base, bundles, words, filters, done] = arguments;
    import(base + bundles[0] + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({baseUrl: "/", excerptLength: 24});
      for (const bundle of bundles.slice(1)) {
        await pagefind.mergeIndex(base + bundle, {baseUrl: "/", excerptLength: 24});
      }
      const search = await pagefind.search(words, {filters});
      const data = await Promise.all(search.results.map(r => r.data()));
      const found = data.map(d => ({url: d.url, meta: d.meta, excerpt: d.excerpt,
                                    filters: d.filters}));  // best first
      done({found, filters: await pagefind.filters()});
    }).catch(e => done({error: String(e)}));
"""


def _merged(driver, url: str, bundles: list[str], words: str, filters: dict | None = None) -> dict:
    driver.get(url + "search/")
    driver.set_script_timeout(20)
    return driver.execute_async_script(_MERGED, url, bundles, words, filters or {})


@pytest.mark.parametrize("words, filters", [
    ("work", None), ("welding", None), ("conchas", None),
    ("work", {"goal": "Get back to work"}), ("work", {"partner": "Riverbend Bakery"}),
])
def test_the_parts_find_what_the_single_index_finds(browser, parts_url, site_url, words, filters):
    """Every page one index finds, with the same title, goal, partners, excerpt and filters.

    A part that lacks a word matches the nearest shorter word it has instead
    ("con" for "conchas"), as one index does for a word no page has: the
    parts may find more than one index, never less.
    """
    one = _merged(browser, site_url, ["pagefind/"], words, filters)
    parts = _merged(browser, parts_url, [f"pagefind/en-{n}/" for n in range(1, 8)], words, filters)
    assert "error" not in one and "error" not in parts
    assert one["found"], "the single index found nothing: the words no longer fit the example"
    assert [r for r in one["found"] if r not in parts["found"]] == []
    assert parts["filters"] == one["filters"]  # every value with its number of pages


def test_a_languages_parts_are_begun_once_its_pages_are_written_and_before_the_other_pages(
        tmp_path, monkeypatch):
    """So that Pagefind indexes a part while the rest of the site is still being written."""
    seen = []
    begin = searchindex.Search.start

    def start(self, lang):
        written = {p for p, key in self.stage.records.items() if key != "unfinished"}
        parts = [part for part in self.parts if lang is None or part.lang == lang]
        seen.append((lang, all(set(part.pages) <= written for part in parts),
                     "index.html" in written, "es/index.html" in written))
        return begin(self, lang)

    monkeypatch.setenv(searchindex.PAGES_VARIABLE, "2")
    monkeypatch.setattr(searchindex.Search, "start", start)
    build(EXAMPLE, tmp_path / "output", today=TODAY)
    assert [lang for lang, *_ in seen] == ["en", "es", None]
    assert all(pages_written for lang, pages_written, _, _ in seen if lang is not None)
    english, spanish = seen[0], seen[1]
    assert not english[2]  # the English home page is made after the English parts are begun
    assert not spanish[3]
