"""Files from the source folder: only media/ is published, never a page, never active content.

A link, image, photo or logo names a file by a path written in the content.
Whatever the spelling (``..``, ``%2e%2e``, backslashes, a link inside
media/), the file must lie inside media/ and be of a kind that cannot carry
a script (raster images, PDF, plain documents); and images in the text come
from the site itself, however the address is disguised.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORY, TODAY, front_matter, parse_html

from wsstories.commands.build import BuildStopped, build
from wsstories.site.markup import Links, Renderer

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

PHOTO_CONSENT = {**STORY["consent"], "scope": ["web", "feed", "search", "photo"]}


def _image(kind: str = "PNG") -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, kind)
    return out.getvalue()


def _line_of(path: Path, text: str) -> int:
    """The line of ``path`` that holds ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _output_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


ESCAPES = [
    "media/../2026/withdrawn.md",
    "media/../site.toml",
    "/media/../site.toml",
    "media/sub/../../site.toml",
    "media/%2e%2e/site.toml",
    "media/%2E%2E/site.toml",
    "media/..%2fsite.toml",
    "media/..%5csite.toml",
    "media/a/..\\..\\site.toml",
]


@pytest.mark.parametrize("target", ESCAPES)
@pytest.mark.parametrize("form", ["[the settings]({})", "![the settings]({})"])
def test_a_media_link_that_leaves_media_is_an_error(site_dir, target, form):
    """A link or image whose path leaves media/ once normalised is ref-media-outside on its line."""
    site_dir.write("2026/withdrawn.md", "---\ntitle: x\n---\nsecret\n")
    site_dir.write("media/a/keep.txt", "x")
    path = site_dir.story(body="Some text.\n\nSee " + form.format(target) + ".\n")
    problems = [p for p in site_dir.problems() if p[3] == "ref-media-outside"]
    assert problems == [("maria.md", _line_of(path, "See "), "error", "ref-media-outside")]
    assert target.lstrip("/").split("%")[0].split("\\")[0] in site_dir.messages("ref-media-outside")[0]


def test_the_build_refuses_and_publishes_nothing(site_dir, tmp_path):
    """A story linking media/../site.toml stops the build: no settings or withdrawn text is published."""
    site_dir.story(body="[x](media/../site.toml) and ![y](media/%2e%2e/site.toml)\n")
    with pytest.raises(BuildStopped):
        build(site_dir.root, tmp_path / "output", today=TODAY)
    assert not (tmp_path / "output").exists()


def test_the_error_is_one_line_naming_file_and_line(site_dir):
    """`check` prints path:line: error[ref-media-outside] and exits 1, with no traceback."""
    site_dir.story(body="First line.\n\n[the settings](media/../site.toml)\n")
    done = subprocess.run([sys.executable, "-m", "wsstories", "check", "--source", "stories",
                           "--today", "2026-11-28"],
                          cwd=site_dir.root.parent, capture_output=True, text=True)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() + done.stderr.splitlines()
             if "error[ref-media-outside]" in line]
    assert len(lines) == 1 and lines[0].startswith("stories/maria.md:")
    assert "error[ref-media-outside]" in lines[0] and "Traceback" not in done.stderr


def test_a_link_inside_a_code_span_copies_nothing(site_dir, tmp_path):
    """Link-like text in code spans and code blocks is not a link: its file is not published."""
    site_dir.write("media/real.pdf", b"%PDF-1.4 real")
    site_dir.write("media/span.pdf", b"%PDF-1.4 span")
    site_dir.write("media/block.pdf", b"%PDF-1.4 block")
    site_dir.story(body="Write `[words](media/span.pdf)` like this.\n\n"
                        "```\n![x](media/block.pdf)\n```\n\n    [x](media/block.pdf)\n\n"
                        "The [real one](media/real.pdf).\n")
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    media = {p for p in _output_files(out) if p.startswith("media/")}
    assert media == {"media/real.pdf"}


def test_a_code_span_that_leaves_media_is_reported(site_dir):
    """An escaping path is reported even inside a code span, so check and build never disagree."""
    site_dir.story(body="Write `[x](media/../site.toml)` never.\n")
    assert "ref-media-outside" in site_dir.rules()


def test_the_renderer_never_collects_an_escaping_path():
    """Rendering alone drops a media link that leaves media/ and never asks for its file."""
    links = Links(story_url=lambda ident: None, media_url=lambda rel: "/" + rel)
    html = Renderer().render("[a](media/../site.toml) ![b](media/%2e%2e/x.png) "
                             "[c](media/ok.pdf) ![d](media/x.svg) `[e](media/code.pdf)`", links)
    assert links.media == {"media/ok.pdf"}
    import lxml.html
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    targets = tree.xpath("//a/@href") + tree.xpath("//img/@src")
    assert targets == ["/media/ok.pdf"]


@pytest.mark.parametrize("field,value", [
    ("photo", "2026/photo.png"),
    ("photo", "media/../2026/photo.png"),
    ("photo", "media\\photo.png"),
])
def test_a_photo_must_be_in_media(site_dir, field, value):
    """A story photo outside media/ (or written with backslashes) is ref-media-outside."""
    site_dir.write("2026/photo.png", _image())
    site_dir.write("media/photo.png", _image())
    site_dir.story(photo={"file": value, "alt": "Maria"}, consent=PHOTO_CONSENT)
    assert ("maria.md", "error", "ref-media-outside") in {
        (p[0], p[2], p[3]) for p in site_dir.problems()}


def test_a_logo_must_be_in_media(site_dir):
    """A partner logo that leaves media/ is ref-media-outside in the partner's file."""
    site_dir.write("partners/harbor-college.md", front_matter(
        {"name": "Harbor College", "type": "semi-public",
         "logo": {"file": "media/../site.toml", "alt": "Harbor College"}}, "We teach.\n"))
    assert ("harbor-college.md", "error", "ref-media-outside") in {
        (p[0], p[2], p[3]) for p in site_dir.problems()}


def test_a_link_inside_media_to_elsewhere_is_refused(site_dir, tmp_path):
    """A symbolic link in media/ to a file outside media/ is not followed, nor published."""
    (tmp_path / "secret.txt").write_text("outside the source")
    (site_dir.root / "media").mkdir()
    os.symlink(site_dir.root / "site.toml", site_dir.root / "media/settings.txt")
    os.symlink(tmp_path / "secret.txt", site_dir.root / "media/secret.txt")
    site_dir.story(body="[a](media/settings.txt) and [b](media/secret.txt)\n")
    assert [p[3] for p in site_dir.problems() if p[3].startswith("ref-")] == [
        "ref-media-outside", "ref-media-outside"]



def test_a_media_folder_that_is_a_link_to_elsewhere_is_refused(site_dir, tmp_path):
    """media/ itself linked to a folder outside the source publishes nothing from there."""
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    (elsewhere / "private.pdf").write_bytes(b"%PDF-1.4 private")
    os.symlink(elsewhere, site_dir.root / "media")
    site_dir.story(body="[a](media/private.pdf)\n")
    assert "ref-media-outside" in site_dir.rules()

ACTIVE = [
    ("media/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("media/LOGO.SVG", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("media/page.html", b"<script>alert(1)</script>"),
    ("media/page.htm", b"<script>alert(1)</script>"),
    ("media/page.xhtml", b"<html xmlns='http://www.w3.org/1999/xhtml'><script>x</script></html>"),
    ("media/data.xml", b"<?xml version='1.0'?><x/>"),
    ("media/tool.js", b"alert(1)"),
    ("media/noextension", b"<script>alert(1)</script>"),
]


@pytest.mark.parametrize("name,data", ACTIVE)
@pytest.mark.parametrize("form", ["[open]({})", "![a picture]({})"])
def test_media_that_can_carry_script_is_refused(site_dir, tmp_path, name, data, form):
    """SVG, HTML, XML, scripts and unknown kinds in media/ are ref-media-type errors, never copied."""
    site_dir.write(name, data)
    path = site_dir.story(body="Intro.\n\n" + form.format(name) + "\n")
    problems = [p for p in site_dir.problems() if p[3] == "ref-media-type"]
    assert problems == [("maria.md", _line_of(path, name), "error", "ref-media-type")]
    message = site_dir.messages("ref-media-type")[0]
    assert name in message and "PNG" in message and "PDF" in message
    with pytest.raises(BuildStopped):
        build(site_dir.root, tmp_path / "output", today=TODAY)


def test_an_svg_logo_or_photo_is_refused(site_dir):
    """An SVG as a partner logo or a story photo is ref-media-type, with the formats to use."""
    site_dir.write("media/harbor.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    site_dir.write("partners/harbor-college.md", front_matter(
        {"name": "Harbor College", "type": "semi-public",
         "logo": {"file": "media/harbor.svg", "alt": "Harbor College"}}, "We teach.\n"))
    site_dir.story(photo={"file": "media/harbor.svg", "alt": "Maria"}, consent=PHOTO_CONSENT)
    found = {(p[0], p[3]) for p in site_dir.problems()}
    assert {("harbor-college.md", "ref-media-type"), ("maria.md", "ref-media-type")} <= found


def test_a_source_page_never_replaces_a_built_page(site_dir, tmp_path):
    """An index.html in the source, linked from a story, never reaches the output."""
    site_dir.write("index.html", "<h1>Not the home page</h1><script>alert(1)</script>")
    site_dir.write("stories/index.html", "<h1>Not the home page</h1>")
    site_dir.story(body="[home](media/../index.html) [x](media/../stories/index.html)\n")
    assert "ref-media-outside" in site_dir.rules()
    site_dir.story(body="Plain text.\n")
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    home = parse_html(out / "index.html")
    assert "Not the home page" not in home.text_content()
    assert not home.xpath("//script[not(@type) or @type!='application/ld+json'][contains(., 'alert')]")


def test_documents_and_pictures_are_still_published(site_dir, tmp_path):
    """PDF, plain documents and raster images in media/ are published; %20 names a space."""
    site_dir.write("media/report.pdf", b"%PDF-1.4 report")
    site_dir.write("media/hours list.csv", "week,hours\n1,30\n")
    site_dir.write("media/sub/chart.png", _image())
    site_dir.story(body="[report](media/report.pdf), [hours](media/hours%20list.csv) and "
                        "![a chart](media/sub/./chart.png)\n")
    assert not [p for p in site_dir.problems() if p[2] == "error"]
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    files = _output_files(out)
    assert {"media/report.pdf", "media/hours list.csv", "media/sub/chart.png"} <= files
    page = parse_html(out / "stories/maria/index.html")
    assert "/media/sub/chart.png" in page.xpath("//main//img/@src")


OFFSITE_IMAGES = [
    '<img src="/\\evil.example/x.png" alt="a">',
    '<img src="\\\\evil.example/x.png" alt="a">',
    '<img src="\\/evil.example/x.png" alt="a">',
    '<img src=" //evil.example/x.png" alt="a">',
    '<img src="&#9;//evil.example/x.png" alt="a">',
    '<img src="/&#10;/evil.example/x.png" alt="a">',
    '<img src="/&#9;\\evil.example/x.png" alt="a">',
    '<img src="&#92;&#92;evil.example/x.png" alt="a">',
    '<img src=" https://evil.example/x.png" alt="a">',
    '<img src="ht&#9;tps://evil.example/x.png" alt="a">',
    '![a](/\\evil.example/x.png)',
    '![a]( //evil.example/x.png)',
]


def _as_browser_reads(url: str) -> str:
    """An address as a browser reads it: outer spaces off, tabs and newlines gone, \\ as /."""
    url = url.strip("".join(chr(c) for c in range(33)))
    return "".join(ch for ch in url if ch not in "\t\n\r").replace("\\", "/")


@pytest.mark.parametrize("html", OFFSITE_IMAGES)
def test_images_come_only_from_the_site(site_dir, tmp_path, html):
    """An image address that a browser would load from another host is removed."""
    site_dir.story(body=f"Text.\n\n{html}\n")
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    page = parse_html(out / "stories/maria/index.html")
    for src in page.xpath("//img/@src"):
        seen = _as_browser_reads(src)
        assert not seen.startswith("//") and ":" not in seen.split("/")[0], src
