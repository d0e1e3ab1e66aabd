"""Goals, partners and the site's own words in Spanish: checked, shown, and marked when missing."""

from __future__ import annotations

import json

import pytest
from conftest import TODAY, parse_html

from wsstories.commands.build import build
from wsstories.reading.editor_schema import json_schema, site_ids

BILINGUAL = 'title = "Test Stories"\nbase_url = "https://x.org/"\nlanguages = ["en", "es"]\n'
GOAL = """\
---
title: Earn a credential
audience: job-seeker
translations:
  es:
    title: Obtener una credencial
    description: |
      Personas que obtuvieron una credencial.
---
People who earned a credential.
"""


@pytest.fixture
def bilingual(site_dir):
    site_dir.write("site.toml", BILINGUAL)
    site_dir.write("goals/earn-a-credential.md", GOAL)
    return site_dir


def test_translations_are_read(bilingual):
    site, diagnostics = bilingual.load()
    assert [d for d in diagnostics if d.severity.value == "error"] == []
    assert site.goals["earn-a-credential"].translations == {
        "es": {"title": "Obtener una credencial",
               "description": "Personas que obtuvieron una credencial."}}


@pytest.mark.parametrize("front,rule,line,words", [
    ("translations:\n  fr:\n    title: Obtenir\n", "ref-language-unknown", 5, "'fr' is not a language"),
    ("translations:\n  en:\n    title: Earn\n", "ref-language-unknown", 5, "first language"),
    ("translations:\n  es:\n    titel: Obtener\n", "schema-unknown-field", 6, "did you mean 'title'"),
    ("translations:\n  es:\n    audience: employer\n", "schema-unknown-field", 6, "translations.es.audience"),
    ("translations: Obtener\n", "schema-type", 4, "group of languages"),
    ("translations:\n  es: Obtener\n", "schema-type", 5, "group of fields"),
    ("translations:\n  es:\n    title: " + "x" * 81 + "\n", "schema-too-long", 6, "80 or fewer"),
])
def test_bad_translations_are_plain_errors_with_file_and_line(bilingual, front, rule, line, words):
    bilingual.write("goals/earn-a-credential.md",
                    f"---\ntitle: Earn a credential\naudience: job-seeker\n{front}---\nText.\n")
    _, diagnostics = bilingual.load()
    found = [d for d in diagnostics if d.rule == rule and d.path.name == "earn-a-credential.md"]
    assert found, [(d.rule, d.message) for d in diagnostics]
    assert found[0].line == line and words in found[0].message
    assert found[0].severity.value == "error"


def test_a_partner_translation_and_site_toml_translations_are_checked(bilingual):
    bilingual.write("partners/harbor-college.md",
                    "---\nname: Harbor College\ntype: semi-public\ntranslations:\n  es:\n"
                    "    type: business\n---\nWe teach.\n")
    bilingual.write("site.toml", BILINGUAL + '\n[translations.es]\ntitle = "Historias"\n'
                    '\n[translations.de]\ntitle = "Geschichten"\n'
                    '\n[[benchmarks]]\noutcome = "stories"\nprogram_year = "PY2026"\ntarget = 5\n'
                    'label = "Stories"\n[benchmarks.translations.es]\nlabl = "Historias"\n')
    problems = bilingual.problems()
    assert ("harbor-college.md", 6, "error", "schema-unknown-field") in problems
    assert ("site.toml", 8, "error", "settings-language-unknown") in problems
    assert ("site.toml", 17, "error", "settings-unknown-field") in problems


def test_a_translated_description_cannot_reach_outside_media(bilingual):
    bilingual.write("goals/earn-a-credential.md", GOAL.replace(
        "Personas que obtuvieron una credencial.", "Vea [esto](media/../site.toml)."))
    problems = bilingual.problems()
    assert ("earn-a-credential.md", 7, "error", "ref-media-outside") in problems


def test_the_editor_schema_knows_the_languages(bilingual):
    schema = json_schema("goal", site_ids(bilingual.root))
    translations = schema["properties"]["translations"]
    assert translations["propertyNames"] == {"enum": ["es"]}
    assert set(translations["additionalProperties"]["properties"]) == {"title", "description"}
    assert translations["additionalProperties"]["additionalProperties"] is False


def test_translations_on_spanish_pages_and_a_marked_fallback(bilingual, tmp_path):
    """A translated goal is Spanish on /es/; an untranslated partner falls back, marked."""
    bilingual.story("maria-es", lang="es", translation_of="maria", title="Maria y su carrera",
                    consent={"reviewed": TODAY.replace(month=10, day=6)})
    out = tmp_path / "out"
    build(bilingual.root, out, today=TODAY)
    goal = parse_html(out / "es/goals/earn-a-credential/index.html")
    assert goal.xpath("//h1")[0].text_content() == "Obtener una credencial"
    assert not goal.xpath("//main//*[@lang='en']")
    assert "Personas que obtuvieron" in goal.xpath("//div[@class='prose']")[0].text_content()
    english = parse_html(out / "goals/earn-a-credential/index.html")
    assert english.xpath("//h1")[0].text_content() == "Earn a credential"

    partner = parse_html(out / "es/partners/harbor-college/index.html")
    prose = partner.xpath("//div[@class='prose']")[0]
    assert prose.xpath("./p[@class='untranslated']")[0].text == "Todavía sin traducir: se muestra en inglés."
    assert prose.xpath("./div[@lang='en']")[0].text_content().strip() == "We are Harbor College."

    # the other goal has no translation: its title is English, in lang="en", said once
    goals = parse_html(out / "es/goals/index.html")
    [fallback] = goals.xpath("//h3[a[@href='/es/goals/fill-openings/']]")
    assert fallback.xpath(".//span[@lang='en']")[0].text == "Fill our openings"
    assert fallback.xpath(".//span[@class='untranslated']")[0].text == "(en inglés)"
    story = parse_html(out / "es/stories/maria-es/index.html")
    assert story.xpath("//p[@class='eyebrow']/a")[0].text_content() == "Obtener una credencial"
    feed = json.loads((out / "es/feed.json").read_text())
    assert feed["items"][0]["tags"] == ["Obtener una credencial"] or "Obtener" in json.dumps(feed)


def test_the_example_site_is_spanish_on_every_spanish_page(built_example):
    """No goal, partner, benchmark or site text falls back to English on /es/."""
    pages = sorted((built_example / "es").rglob("index.html"))
    assert len(pages) > 30
    for path in pages:
        page = parse_html(path)
        assert page.get("lang") == "es", path
        assert not page.xpath("//*[@class='untranslated']"), path
        marked = [e for e in page.xpath("//body//*[@lang='en']") if not e.get("hreflang")]
        assert marked == [], (path, [e.text_content() for e in marked])
    home = parse_html(built_example / "es/index.html")
    assert home.xpath("//title")[0].text == "Historias de éxito de WorkSource Harbor County"
    assert home.xpath("string(//header//span[contains(@class, 'site-name')])") == \
        "Historias de éxito de WorkSource Harbor County"
    assert home.xpath("//meta[@name='description']/@content")[0].startswith("Personas que buscan")
    goals = parse_html(built_example / "es/goals/index.html")
    titles = goals.xpath("//h3[@class='card-title']/a")
    assert "Obtener una credencial" in [a.text_content() for a in titles]
    partners = parse_html(built_example / "es/partners/index.html")
    names = [a.text_content() for a in partners.xpath("//section[@aria-labelledby='type-business']//h3/a")]
    assert names == sorted(names, key=str.casefold) and "Panadería Riverbend" in names
    outcomes = " ".join(parse_html(built_example / "es/outcomes/index.html").text_content().split())
    assert "Historias de éxito compartidas este año del programa" in outcomes
    assert "Success stories shared" not in outcomes


CELEBRATION = """\
---
title: Spring graduates
date: 2026-06-12
summary: Forty people crossed the stage.
status: published
{translations}---
On a warm evening, forty graduates crossed the stage.
"""
SPANISH_CELEBRATION = """\
translations:
  es:
    title: Graduados de primavera
    summary: Cuarenta personas cruzaron el escenario.
    body: |
      Una tarde cálida, cuarenta personas cruzaron el escenario.
"""


def test_a_celebration_is_translated_and_an_untranslated_one_marked(bilingual, tmp_path):
    bilingual.write("celebrations/spring.md", CELEBRATION.format(translations=SPANISH_CELEBRATION))
    bilingual.write("celebrations/autumn.md", CELEBRATION.format(translations="").replace(
        "Spring graduates", "Autumn graduates").replace("2026-06-12", "2026-10-01"))
    out = tmp_path / "out"
    build(bilingual.root, out, today=TODAY)
    spring = parse_html(out / "es/celebrations/spring/index.html")
    assert spring.xpath("string(//h1)") == "Graduados de primavera"
    assert spring.xpath("string(//p[@class='summary'])") == "Cuarenta personas cruzaron el escenario."
    assert "Una tarde cálida" in spring.xpath("string(//div[@class='story-body'])")
    assert not spring.xpath("//main//*[@lang='en'] | //main//*[@class='untranslated']")
    assert spring.xpath("string(//title)").startswith("Graduados de primavera — ")
    english = parse_html(out / "celebrations/spring/index.html")
    assert english.xpath("string(//h1)") == "Spring graduates"

    autumn = parse_html(out / "es/celebrations/autumn/index.html")
    h1 = autumn.xpath("//h1")[0]
    assert h1.xpath("./span[@lang='en']")[0].text == "Autumn graduates"
    assert h1.xpath("./span[@class='untranslated']")[0].text == "(en inglés)"
    body = autumn.xpath("//div[@class='story-body']")[0]
    assert body.xpath("./p[@class='untranslated']")[0].text == \
        "Todavía sin traducir: se muestra en inglés."
    assert "forty graduates" in body.xpath("string(./div[@lang='en'])")
    assert autumn.xpath("string(//title)").startswith("Autumn graduates — ")  # plain text there
    listing = parse_html(out / "es/celebrations/index.html")
    titles = [" ".join(h.text_content().split()) for h in listing.xpath("//h3[@class='card-title']")]
    assert titles == ["Autumn graduates (en inglés)", "Graduados de primavera"]


@pytest.mark.parametrize("front,rule,line,words", [
    ("translations:\n  fr:\n    title: Diplômés\n", "ref-language-unknown", 7, "'fr' is not a language"),
    ("translations:\n  es:\n    titel: Graduados\n", "schema-unknown-field", 8, "did you mean 'title'"),
    ("translations:\n  es:\n    stories: [a]\n", "schema-unknown-field", 8, "translations.es.stories"),
    ("translations:\n  es:\n    summary: " + "x" * 301 + "\n", "schema-too-long", 8, "300 or fewer"),
])
def test_bad_celebration_translations_are_plain_errors(bilingual, front, rule, line, words):
    bilingual.write("celebrations/spring.md", CELEBRATION.format(translations=front))
    _, diagnostics = bilingual.load()
    found = [d for d in diagnostics if d.rule == rule and d.path.name == "spring.md"]
    assert found, [(d.rule, d.message) for d in diagnostics]
    assert found[0].line == line and words in found[0].message


def test_a_translated_celebration_text_cannot_reach_outside_media(bilingual):
    spanish = SPANISH_CELEBRATION.replace("Una tarde cálida", "Vea [esto](media/../site.toml).")
    bilingual.write("celebrations/spring.md", CELEBRATION.format(translations=spanish))
    assert ("spring.md", 10, "error", "ref-media-outside") in bilingual.problems()


def test_the_celebration_editor_schema_has_translations(bilingual):
    schema = json_schema("celebration", site_ids(bilingual.root))
    translations = schema["properties"]["translations"]
    assert translations["propertyNames"] == {"enum": ["es"]}
    assert set(translations["additionalProperties"]["properties"]) == {"title", "summary", "body"}


def test_an_untranslated_site_title_is_marked_in_the_header_not_in_the_title(bilingual, tmp_path):
    out = tmp_path / "out"
    build(bilingual.root, out, today=TODAY)
    home = parse_html(out / "es/index.html")
    name = home.xpath("//header//span[contains(@class, 'site-name')]")[0]
    assert name.xpath("./span[@lang='en']")[0].text == "Test Stories"
    assert name.xpath("./span[@class='untranslated']")[0].text == "(en inglés)"
    assert home.xpath("string(//title)") == "Test Stories"
    english = parse_html(out / "index.html")
    assert english.xpath("//header//span[contains(@class, 'site-name')]")[0].text == "Test Stories"


def test_the_example_celebration_is_in_spanish(built_example):
    page = parse_html(built_example / "es/celebrations/spring-2026-graduates/index.html")
    assert page.xpath("string(//h1)") == "Graduados de la primavera de 2026"
    assert "cuarenta y una personas" in page.xpath("string(//div[@class='story-body'])")


def test_a_goal_with_no_stories_in_a_language_says_so(built_example):
    """No "0 historias": a goal with no Spanish story says there are none yet."""
    goals = parse_html(built_example / "es/goals/index.html")
    counts = [p.text for p in goals.xpath("//article[@class='card']/p[@class='meta']")]
    assert "todavía no hay historias" in counts and not any(c.startswith("0 ") for c in counts)
