"""Spanish and other languages: the interface, /es/ pages, translations and their checks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import STORY, TODAY, parse_html
from tools import serve

from wsstories.commands.build import build
from wsstories.site import i18n

ROOT = Path(__file__).resolve().parent.parent


def test_every_interface_string_is_translated_into_spanish():
    """Extracting every string of the theme and code finds a Spanish translation for each."""
    from babel.messages.pofile import read_po
    found = i18n.extract(ROOT / "theme", ROOT / "wsstories")
    assert len(found) > 100
    with open(ROOT / "wsstories/site/locale/es/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing = []
    for msgid in found:
        message = catalog.get(msgid)
        strings = message.string if message else None
        if not message or not all(strings if isinstance(strings, tuple) else [strings]):
            missing.append(msgid)
    assert missing == []


def test_spanish_pages_live_under_es(built_example):
    """Spanish pages are at /es/…, in <html lang="es"> with the interface in Spanish."""
    page = parse_html(built_example / "es/index.html")
    assert page.get("lang") == "es"
    nav = [a.text for a in page.xpath("//nav[@aria-label='Principal']//a")]
    assert nav == ["Historias", "Metas", "Socios", "Resultados", "Buscar", "Celebraciones"]
    story = parse_html(built_example / "es/stories/rosa-contabilidad/index.html")
    assert story.get("lang") == "es"
    assert "Contada por Rosa Delgado · 22 de septiembre de 2026" in " ".join(
        story.find_class("story-header")[0].text_content().split())
    assert [h.text for h in story.xpath("//section[@class='credits']/h2")] == ["Socios que contribuyeron"]
    english = parse_html(built_example / "stories/maria-cna/index.html")
    assert english.get("lang") == "en"
    assert not (built_example / "stories/rosa-contabilidad").exists()


def test_the_language_switcher_links_both_ways(built_example):
    """A story and its translation link each other, with hreflang and each language's own name."""
    spanish = parse_html(built_example / "es/stories/rosa-contabilidad/index.html")
    english = parse_html(built_example / "stories/rosa-bookkeeping/index.html")
    for page in (spanish, english):
        links = {(a.get("hreflang"), a.get("lang"), a.text, a.get("href"))
                 for a in page.xpath("//nav[@class='languages']//a")}
        assert links == {("en", "en", "English", "/stories/rosa-bookkeeping/"),
                         ("es", "es", "Español", "/es/stories/rosa-contabilidad/")}
        heads = {(l.get("hreflang"), l.get("href")) for l in page.xpath("//link[@hreflang]")}
        assert heads == {("en", "https://stories.example.org/stories/rosa-bookkeeping/"),
                         ("es", "https://stories.example.org/es/stories/rosa-contabilidad/")}
    untranslated = parse_html(built_example / "es/stories/lucia-panaderia/index.html")
    assert not untranslated.xpath("//nav[@class='languages']")


def test_a_quote_in_another_language_carries_its_own_lang(built_example):
    """The English story quotes Rosa in Spanish, marked lang="es"."""
    page = parse_html(built_example / "stories/rosa-bookkeeping/index.html")
    [quote] = page.find_class("quote")
    assert quote.get("lang") == "es" and page.get("lang") == "en"


def test_each_language_has_its_own_feeds(built_example):
    """/es/feed.xml lists Spanish stories; the English feed none of them."""
    assert b"es/stories/rosa-contabilidad/" in (built_example / "es/feed.xml").read_bytes()
    assert b"rosa-contabilidad" not in (built_example / "feed.xml").read_bytes()
    assert b'xml:lang="es"' in (built_example / "es/feed.xml").read_bytes()


def test_figures_count_a_story_once_in_any_language(built_example):
    """A story and its translation are one story in the figures."""
    import json
    data = json.loads((built_example / "outcomes.json").read_text())
    stories = next(f for f in data["figures"] if f["goal"] == "all" and f["program_year"] == "all"
                   and f["measure"] == "stories")
    assert stories["value"] == 15  # 17 published pages, 2 of them translations


def test_spanish_pages_pass_axe(browser, built_example):
    """Spanish pages have no WCAG 2.1 AA violation."""
    from tools import axe_violations
    with serve(built_example) as url:
        found = {page: axe_violations(browser, url + page)
                 for page in ("es/", "es/stories/rosa-contabilidad/", "es/outcomes/", "es/partners/")}
    assert {page: v for page, v in found.items() if v} == {}


def test_a_spanish_search_finds_a_spanish_story(browser, built_example):
    """On the Spanish search page, a Spanish word finds the Spanish story."""
    from selenium.webdriver.support.ui import WebDriverWait
    with serve(built_example) as url:
        browser.get(url + "es/search/")
        box = WebDriverWait(browser, 10).until(
            lambda d: d.find_elements("css selector", ".pagefind-ui__search-input"))[0]
        box.send_keys("tamales")
        WebDriverWait(browser, 10).until(
            lambda d: d.find_elements("css selector", ".pagefind-ui__result-link"))
        links = [a.get_attribute("href") for a in
                 browser.find_elements("css selector", ".pagefind-ui__result-link")]
    assert links == [url + "es/stories/lucia-panaderia/"]


# Checks -------------------------------------------------------------------------------

@pytest.fixture
def bilingual(site_dir):
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\nlanguages = ["en", "es"]\n')
    return site_dir


def test_a_language_not_in_site_toml(bilingual):
    """A story in a language the site does not have is an error on its lang line."""
    bilingual.story("fr", lang="fr", title="Maria en français")
    assert ("fr.md", 22, "error", "ref-language-unknown") in bilingual.problems() or \
        "ref-language-unknown" in bilingual.rules()


def test_two_translations_into_one_language(bilingual):
    """A story has one version per language."""
    bilingual.story("maria-es", lang="es", translation_of="maria", title="Maria, versión uno")
    bilingual.story("maria-es-2", lang="es", translation_of="maria", title="Maria, versión dos")
    assert "ref-translation-twice" in bilingual.rules()


def test_a_translation_needs_its_own_review(bilingual):
    """Sharing the original's consent, a translation is held back until its own review."""
    bilingual.story("maria-es", lang="es", translation_of="maria", consent=None,
                    title="Maria y su carrera")
    site, diagnostics = bilingual.load()
    held = [d for d in diagnostics if d.path.name == "maria-es.md"]
    assert [d.rule for d in held] == ["consent-not-reviewed"]
    assert "reviews each language" in held[0].message
    bilingual.story("maria-es", lang="es", translation_of="maria", title="Maria y su carrera",
                    consent={"reviewed": dt.date(2026, 10, 6)})
    site, _ = bilingual.load()
    assert {s.id for s in site.published_stories} == {"maria", "maria-es"}


def test_a_translation_of_a_held_back_story_is_held_back(bilingual):
    """When the original is withdrawn, its translation is held back too."""
    bilingual.story(consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 1)})
    bilingual.story("maria-es", lang="es", translation_of="maria", title="Maria y su carrera",
                    consent={"reviewed": dt.date(2026, 10, 6)})
    site, diagnostics = bilingual.load()
    assert site.published_stories == ()
    assert "publish-original-held" in {d.rule for d in diagnostics if d.path.name == "maria-es.md"}


def test_a_site_can_add_its_own_translations(bilingual, tmp_path):
    """A site's locale/es catalog overrides wsstories' own words."""
    bilingual.write("locale/es/LC_MESSAGES/messages.po",
                    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: es\\n"\n\n'
                    'msgid "Partners who contributed"\nmsgstr "Aliados que aportaron"\n')
    bilingual.story("maria-es", lang="es", translation_of="maria", title="Maria y su carrera",
                    consent={"reviewed": dt.date(2026, 10, 6)})
    out = tmp_path / "out"
    build(bilingual.root, out, today=TODAY)
    page = parse_html(out / "es/stories/maria-es/index.html")
    assert page.xpath("//section[@class='credits']/h2")[0].text == "Aliados que aportaron"
    assert parse_html(out / "es/index.html").xpath("//nav[@aria-label='Principal']//a")[0].text == "Historias"


@pytest.mark.parametrize("value,lang,shown", [
    (66.66, "en", "66.7%"), (66.66, "es", "66.7%"), (100, "es", "100%"), (60.0, "en", "60%"),
    (12.25, "en-GB", "12.2%"), (1234.5, "es", "1,234.5%"),
])
def test_one_percent_formatter_for_every_language(value, lang, shown):
    assert i18n.percent(value, lang) == shown


def test_percentages_are_written_one_way_on_spanish_pages(built_example):
    """Benchmarks, tables and charts use the same formatter; exports keep plain numbers."""
    import re
    page = parse_html(built_example / "es/outcomes/index.html")
    text = page.text_content()
    assert re.findall(r"\d[ \u00a0\u202f]%", text) == []
    assert "66.7%" in text
    progress = page.xpath("//progress")[0]
    assert progress.text == i18n.percent(float(progress.get("value")), "es")
    data = json.loads((built_example / "outcomes.json").read_text())
    assert data["benchmarks"][0]["percent"] == 66.7  # a number, not words
