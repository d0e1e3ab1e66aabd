"""`wsstories review`: the packet in which a storyteller reviews their story before it is published."""

from __future__ import annotations

import base64
import io
import re
import shutil
import unicodedata
from pathlib import Path

import lxml.html
import pytest
from conftest import TODAY, parse_html
from PIL import Image

from wsstories.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAY = TODAY.isoformat()
MARIA_URL = "https://stories.example.org/stories/maria-cna/"


def review(source: Path, *args: str) -> int:
    return main(["review", *args, "--source", str(source), "--today", DAY])


def packet(source: Path, story: str, folder: Path, *args: str):
    """Run review for ``story`` into ``folder`` and return the packet parsed by lxml."""
    target = folder / f"{story}{''.join(args)}.html"
    assert review(source, story, "--output", str(target), *args) == 0
    return lxml.html.fromstring(target.read_bytes())


def words(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example site, copied once for the tests that only read it."""
    copy = tmp_path_factory.mktemp("review") / "stories"
    shutil.copytree(ROOT / "stories", copy)
    return copy


@pytest.fixture(scope="module")
def maria(example, tmp_path_factory):
    return packet(example, "maria-cna", tmp_path_factory.mktemp("maria"))


# What the packet holds ----------------------------------------------------------------------

def test_the_packet_shows_the_story_exactly_as_the_site_publishes_it(maria, built_example):
    """Title, summary, byline, quote and body are those of the built story page, word for word."""
    page = parse_html(built_example / "stories/maria-cna/index.html")
    copy = maria.get_element_by_id("story").find_class("copy")[0]
    assert copy.get("lang") == "en"
    assert words(copy.find_class("title")[0]) == page.findtext(".//h1")
    assert words(copy.find_class("summary")[0]) == words(page.find_class("summary")[0])
    assert words(copy.find_class("meta")[0]) == words(page.find_class("story-header")[0]
                                                      .find_class("meta")[0])
    assert words(copy.find_class("quote")[0]) == words(page.find_class("quote")[0])
    assert words(copy.find_class("story-body")[0]) == words(page.find_class("story-body")[0])
    # the body's headings sit below the packet's section and the story's title
    assert [h.tag for h in copy.find_class("story-body")[0].iter("h2", "h3", "h4")] == ["h4"] * 3
    outcomes = [words(li) for li in copy.xpath(".//section[@class='outcomes']//li")]
    assert outcomes == [words(li) for li in page.xpath("//section[@class='outcomes']//li")]
    assert outcomes[-1] == "Earns $21.50 an hour"


def test_the_photo_is_embedded_with_its_description(maria):
    """The photo is inside the file, encoded again, with its description shown for review."""
    figure = maria.get_element_by_id("story").find_class("photo")[0]
    img = figure.find(".//img")
    assert img.get("src").startswith("data:image/jpeg;base64,")
    assert img.get("alt").startswith("Illustration of a nurse's name badge")
    picture = Image.open(io.BytesIO(base64.b64decode(img.get("src").split(",", 1)[1])))
    assert (picture.width, picture.height) == (int(img.get("width")), int(img.get("height")))
    assert img.get("alt") in words(figure.find(".//figcaption"))


def test_partners_are_listed_by_name_with_what_each_contributed(maria):
    credits = [(words(li.find_class("partner")[0]), words(li.find_class("contribution")[0]))
               for li in maria.xpath("//section[@class='credits']//li")]
    assert credits == [
        ("Evergreen Family Clinic", "Clinical placement and a job offer"),
        ("Harbor College", "Evening nursing-assistant training"),
        ("Northside Community Services", "Childcare on class nights"),
        ("Sound Futures Foundation", "Paid for scrubs, books and the state exam"),
    ]


def test_where_it_will_appear_follows_the_consent_scope(maria, example, tmp_path):
    """Each scope granted is said in plain words, each one not granted as what will not happen."""
    where = maria.get_element_by_id("where")
    granted = [li.get("data-scope") for li in where.find_class("yes")[0]]
    assert granted == ["web", "feed", "search", "photo", "print", "social", "figures"]
    web = words(where.xpath(".//li[@data-scope='web']")[0])
    assert f"on the public website at {MARIA_URL}" in web and "“Earn a credential”" in web
    assert "shared on social media" in words(where.xpath(".//li[@data-scope='social']")[0])
    refused = where.find_class("no")[0]
    assert [li.get("data-scope") for li in refused] == [None, None]  # only what is never done
    assert "Your consent lasts until September 30, 2028" in words(where)

    samir = packet(example, "samir-catering", tmp_path).get_element_by_id("where")  # [web, search]
    assert [li.get("data-scope") for li in samir.find_class("yes")[0]] == ["web", "search", "figures"]
    assert [li.get("data-scope") for li in samir.find_class("no")[0]][:4] == [
        "feed", "photo", "print", "social"]
    assert "will not be sent out in the website's news feeds" in words(samir)


def test_rights_and_the_contact_of_site_toml(maria):
    rights = maria.get_element_by_id("rights")
    text = words(rights)
    for right in ("You can change your mind", "You can ask for changes",
                  "You can withdraw your consent at any time"):
        assert right in text
    contact = rights.find_class("contact")[0]
    assert words(contact.find_class("contact-name")[0]) == \
        "Consent coordinator, Harbor County Workforce Council"
    assert contact.xpath(".//a/@href") == ["mailto:stories@harborworkforce.example.org"]
    assert "(555) 010-0142" in words(contact) and "WS-2026-0142" in words(contact)


def test_a_place_to_sign_and_the_consent_ref_but_no_private_details(maria, example):
    sign = maria.get_element_by_id("sign")
    assert [s.get("data-signer") for s in sign.find_class("signature")] == ["storyteller"]
    assert "Signature of the storyteller" in words(sign) and "Date" in words(sign)
    text = maria.text_content()
    assert "WS-2026-0142" in text
    for private in ("2026-09-30", "2026-10-05", "September 30, 2026", str(example)):
        assert private not in text  # consent dates and file paths are not the storyteller's to read
    banner = maria.find_class("banner")[0]
    assert words(banner) == "For your review — this story is already published"


def test_a_minor_signs_with_a_parent_or_guardian(example, tmp_path):
    sign = packet(example, "aaliyah-first-job", tmp_path).get_element_by_id("sign")
    assert [s.get("data-signer") for s in sign.find_class("signature")] == ["storyteller", "guardian"]
    assert "Signature of the parent or guardian" in words(sign)


def test_a_draft_says_so_at_the_top(example, tmp_path):
    """A draft is what review is for: it gets a packet that says it is not yet published."""
    page = packet(example, "ana-commercial-licence", tmp_path)
    first = page.body[0]
    assert words(first.find_class("banner")[0]) == "Draft for your review — not yet published"
    assert "Nothing is published until you have approved the text." in words(first)


def test_a_story_not_yet_reviewed_gets_a_packet(example_site, tmp_path):
    """Without consent.reviewed the story is held back, and that is when the packet is needed."""
    path = example_site / "2026/dev-welding.md"
    path.write_text(re.sub(r"\n  reviewed: [0-9-]+", "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    page = packet(example_site, "dev-welding", tmp_path)
    assert words(page.find_class("banner")[0]) == "Draft for your review — not yet published"


def test_sensitive_topics_are_named_for_the_storyteller_to_check(example, tmp_path):
    page = packet(example, "hector-vuelta-al-trabajo", tmp_path, "--lang", "es")
    story = words(page.get_element_by_id("story"))
    assert "temas que algunas personas prefieren mantener en privado: la discapacidad." in story


def test_a_photo_outside_the_consent_scope_is_not_shown(example_site, tmp_path):
    path = example_site / "2026/samir-catering.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\nconsent:", "\nphoto:\n  file: media/maria-badge.jpg\n  alt: A badge\nconsent:", 1),
        encoding="utf-8")
    page = packet(example_site, "samir-catering", tmp_path)
    assert page.xpath("//img") == []
    assert "will not be shown, because your consent does not include photos" in words(
        page.get_element_by_id("story"))
    assert page.xpath("//ul[@class='no']/li[@data-scope='photo']")


# Spanish --------------------------------------------------------------------------------------

def test_lang_es_picks_the_spanish_translation_and_spanish_wording(example, tmp_path, monkeypatch,
                                                                    capsys):
    """--lang es on the English story gives the Spanish version, in a Spanish packet."""
    monkeypatch.chdir(tmp_path)
    assert review(example, "rosa-bookkeeping", "--lang", "es") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "review-rosa-bookkeeping-es.html"
    assert "stories/2026/rosa-contabilidad.md" in out[1]  # the file to record the review in
    page = lxml.html.fromstring((tmp_path / "review-rosa-bookkeeping-es.html").read_bytes())
    assert page.get("lang") == "es"
    assert page.findtext(".//h1") == "Su historia, para que la revise"
    copy = page.find_class("copy")[0]
    assert copy.get("lang") == "es"
    assert words(copy.find_class("title")[0]) == \
        "Rosa aprendió contabilidad y ahora lleva los libros de una empresa"
    assert ("Comunidad Unida Center", "Clases de inglés y ayuda con la solicitud") in [
        (words(li.find_class("partner")[0]), words(li.find_class("contribution")[0]))
        for li in page.xpath("//section[@class='credits']//li")]
    where = words(page.get_element_by_id("where"))
    assert "https://stories.example.org/es/stories/rosa-contabilidad/" in where
    assert "Su historia NO se usará de estas maneras:" in where
    assert "Puede retirar su consentimiento en cualquier momento" in words(page.get_element_by_id("rights"))
    assert "Firma de la persona que cuenta la historia" in words(page.get_element_by_id("sign"))
    assert "Borrador" not in words(page.find_class("banner")[0])


def test_a_story_without_a_spanish_version_keeps_its_text_in_a_spanish_packet(maria, example,
                                                                              tmp_path):
    page = packet(example, "maria-cna", tmp_path, "--lang", "es")
    assert page.get("lang") == "es"
    assert page.find_class("copy")[0].get("lang") == "en"
    assert "no está disponible en su idioma" in words(page.find_class("note")[0])
    assert words(page.find_class("copy")[0].find_class("story-body")[0]) == \
        words(maria.find_class("copy")[0].find_class("story-body")[0])
    goal = page.xpath("//li[@data-scope='web']/span")[0]
    assert (goal.get("lang"), goal.text) == ("en", "Earn a credential")


# Nothing loads from elsewhere -----------------------------------------------------------------

LOADING = {"src", "srcset", "poster", "data", "background", "action", "formaction", "manifest"}


def assert_self_contained(page) -> None:
    """No script, no linked file, no picture or style from anywhere but the file itself."""
    assert page.xpath("//script | //link | //iframe | //object | //embed | //base | //form") == []
    for el in page.iter():
        for name, value in el.attrib.items():
            if name in LOADING:
                assert value.startswith("data:image/"), (el.tag, name, value[:60])
            if name == "href":
                assert el.tag == "a" and re.match(r"(https://|mailto:)", value), (el.tag, value)
            assert name != "style" and not name.startswith("on"), (el.tag, name)
    css = "\n".join(style.text for style in page.iter("style"))
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert policy.startswith("default-src 'none'; img-src data:;")


def test_no_packet_loads_anything_from_elsewhere(maria, example, tmp_path):
    assert_self_contained(maria)
    for story in ("aaliyah-first-job", "rosa-contabilidad", "samir-catering"):
        assert_self_contained(packet(example, story, tmp_path))


def test_pictures_and_links_in_the_text_stand_alone(example_site, tmp_path):
    """A large photo is embedded smaller and without metadata; files in the text link to the site."""
    big = Image.new("RGB", (2400, 1600), "#0b5cad")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    big.save(example_site / "media/big.jpg", "JPEG", exif=exif)
    Image.new("RGB", (40, 30), "white").save(example_site / "media/small.png")
    (example_site / "media/form.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    path = example_site / "2026/maria-cna.md"
    text = path.read_text(encoding="utf-8").replace("media/maria-badge.jpg", "media/big.jpg")
    path.write_text(text + "\n![A chart](media/small.png) and [the form](media/form.pdf).\n",
                    encoding="utf-8")
    page = packet(example_site, "maria-cna", tmp_path)
    assert_self_contained(page)
    src = page.find_class("photo")[0].find(".//img").get("src")
    photo = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
    assert photo.size == (1200, 800) and not photo.getexif()
    body = page.find_class("story-body")[0]
    assert body.xpath(".//img/@src")[0].startswith("data:image/png;base64,")
    assert body.xpath(".//a[.='the form']/@href") == ["https://stories.example.org/media/form.pdf"]


# Refusals and where the file goes ---------------------------------------------------------------

def test_an_unknown_story_lists_close_matches(example, capsys):
    assert review(example, "maria") == 2
    err = capsys.readouterr().err
    assert "there is no story 'maria'; close matches: maria-cna" in err


def test_a_withdrawn_story_is_refused(example, tmp_path, capsys):
    assert review(example, "marcus-warehouse", "--output", str(tmp_path / "m.html")) == 1
    assert "withdrew consent on 2026-10-20" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_a_story_with_problems_or_without_consent_is_refused(example_site, tmp_path, capsys):
    path = example_site / "2026/dev-welding.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("goal: ", "goal: nowhere-", 1), encoding="utf-8")
    assert review(example_site, "dev-welding", "--output", str(tmp_path / "d.html")) == 1
    err = capsys.readouterr().err
    assert "has problems to fix first" in err and "ref-goal-unknown" in err
    path.write_text(re.sub(r"\nconsent:\n(  .*\n)+", "\n", text), encoding="utf-8")
    assert review(example_site, "dev-welding", "--output", str(tmp_path / "d.html")) == 1
    assert "has no consent recorded" in capsys.readouterr().err


def test_lang_must_be_a_language_of_the_site(example, capsys):
    assert review(example, "maria-cna", "--lang", "fr") == 2
    assert "--lang must be one of the site's languages (en, es), not 'fr'" in capsys.readouterr().err


def test_never_writes_into_the_source_or_a_built_site(example_site, tmp_path, capsys):
    assert review(example_site, "maria-cna", "--output", str(example_site / "media/review.html")) == 2
    assert "inside the source folder" in capsys.readouterr().err
    built = tmp_path / "site"
    built.mkdir()
    (built / ".wsstories-build.json").write_text("{}")
    assert review(example_site, "maria-cna", "--output", str(built / "stories/review.html")) == 2
    assert "a site that wsstories built" in capsys.readouterr().err
    assert not (example_site / "media/review.html").exists() and not (built / "stories").exists()


def test_overwrites_a_packet_but_no_other_file(example, tmp_path, capsys):
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>")
    assert review(example, "maria-cna", "--output", str(mine)) == 2
    assert "exists and is not a review packet" in capsys.readouterr().err
    assert mine.read_text() == "<p>my notes</p>"
    again = tmp_path / "again.html"
    assert review(example, "maria-cna", "--output", str(again)) == 0
    assert review(example, "samir-catering", "--output", str(again)) == 0
    assert "Samir" in again.read_text(encoding="utf-8")


def test_output_dash_prints_the_packet(example, capsys):
    assert review(example, "maria-cna", "--output", "-") == 0
    out = capsys.readouterr().out
    assert out.startswith("<!doctype html>") and "wsstories-review-packet" in out


def test_without_a_contact_the_packet_leaves_lines_to_fill_in(example_site, tmp_path, capsys):
    settings = example_site / "site.toml"
    settings.write_text(re.sub(r"\[contact\]\n(.+\n)+", "", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    page = packet(example_site, "maria-cna", tmp_path)
    assert "site.toml has no [contact] table" in capsys.readouterr().err
    contact = page.get_element_by_id("contact")
    assert contact.find_class("contact-missing") and len(contact.find_class("fill")) == 3


def test_a_contact_without_a_valid_email_or_phone_is_a_settings_error(example_site, capsys):
    settings = example_site / "site.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('"stories@harborworkforce.example.org"', '"stories at harbor"')
                        .replace('"(555) 010-0142"', '"call us"'), encoding="utf-8")
    assert main(["check", "--source", str(example_site), "--today", DAY]) == 2
    out = capsys.readouterr().out
    assert "error[settings-contact]: the contact e-mail 'stories at harbor'" in out
    assert "error[settings-contact]: the contact phone 'call us'" in out
    assert review(example_site, "maria-cna", "--output", "-") == 2


def test_docs_has_a_guide_to_reviewing(capsys):
    assert main(["docs"]) == 0
    assert re.search(r"^  reviewing\s", capsys.readouterr().out, re.MULTILINE)
    assert main(["docs", "reviewing"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs/reviewing.md").read_text(encoding="utf-8")


# Printed, on US letter and A4 -------------------------------------------------------------------

PAPER = {"letter": (8.5, 11), "a4": (8.27, 11.69)}


def flat(text: str) -> str:
    """Text as a PDF's text layer gives it back: ligatures undone, spaces folded, quotes straight."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\"")).split())


@pytest.mark.browser
@pytest.mark.parametrize("story,last", [("maria-cna", "Signature of the storyteller"),
                                        ("aaliyah-first-job", "Name of the parent or guardian")])
def test_the_packet_prints_whole_on_letter_and_a4(browser, example, tmp_path, story, last):
    """Chromium prints the packet on both papers: every section is there, the signature page last."""
    from pypdf import PdfReader
    target = tmp_path / "packet.html"
    assert review(example, story, "--output", str(target)) == 0
    page = lxml.html.fromstring(target.read_bytes())
    body_end = words(page.find_class("story-body")[0].xpath("./p")[-1])[-40:]
    browser.get(target.as_uri())
    for paper, (width, height) in PAPER.items():
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": width, "paperHeight": height, "printBackground": True})
        reader = PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))
        pages = [flat(p.extract_text()) for p in reader.pages]
        assert 2 <= len(pages) <= 8, (paper, len(pages))
        text = " ".join(pages)
        assert flat(page.find_class("title")[0].text) in text, paper
        assert flat(body_end) in text, paper
        assert "2. Where your story will appear" in text and "3. Your rights" in text
        assert pages[-1].startswith("4. Your decision"), paper  # the page to sign, on its own
        assert last in pages[-1] and "Packet prepared on November 28, 2026" in pages[-1], paper
        for box in reader.pages:  # the page is the paper asked for
            assert abs(float(box.mediabox.width) - width * 72) < 2, paper
    # Nothing is wider than the printed page: A4's text width, 210 mm less 30 mm of margins.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": round(180 / 25.4 * 96), "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        wider = browser.execute_script(
            "const width = document.documentElement.clientWidth;"
            "return [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.outerHTML.slice(0, 80));")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert wider == []


@pytest.mark.browser
def test_packets_are_valid_html_and_pass_axe(browser, example, tmp_path):
    """The Nu HTML Checker (with the CSS) and axe-core's WCAG 2.1 AA rules find nothing."""
    from tools import axe_violations, vnu_errors
    folder = tmp_path / "packets"
    for story, lang in (("maria-cna", "en"), ("aaliyah-first-job", "en"), ("rosa-bookkeeping", "es")):
        assert review(example, story, "--lang", lang, "--output", str(folder / f"{story}.html")) == 0
    assert vnu_errors(folder, css=True) == []
    for page in sorted(folder.glob("*.html")):
        assert axe_violations(browser, page.as_uri()) == [], page.name
