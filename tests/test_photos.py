"""Photos: no metadata reaches the site, sizes and srcset are right, bad files are explained."""

from __future__ import annotations

import io

import pytest
from conftest import STORY, TODAY, parse_html
from PIL import Image

from wsstories.commands.build import build

PHOTO_SCOPE = {**STORY["consent"], "scope": ["web", "feed", "search", "photo"]}


def jpeg_with_metadata(size=(2000, 1500), orientation: int = 6) -> bytes:
    """A JPEG with camera EXIF, a GPS position, an orientation and a comment."""
    image = Image.new("RGB", size, (10, 120, 200))
    for x in range(0, size[0] // 2):  # a marker in the left half, to see the rotation
        image.putpixel((x, 10), (255, 0, 0))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"        # Make
    exif[0x0110] = "Model X"            # Model
    exif[0x0112] = orientation          # Orientation: 6 = turn 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (47.0, 15.0, 30.0), 3: "W", 4: (122.0, 26.0, 10.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"home address 1402 Harbor Avenue")
    return out.getvalue()


@pytest.fixture
def photo_site(site_dir):
    site_dir.write("media/maria.jpg", jpeg_with_metadata())
    site_dir.story(photo={"file": "media/maria.jpg", "alt": "Maria in scrubs outside the clinic"},
                   consent=PHOTO_SCOPE)
    return site_dir


@pytest.mark.slow
def test_no_metadata_reaches_the_site(photo_site, tmp_path):
    """Every published image has no EXIF, GPS or comment, and the orientation is in the pixels."""
    out = tmp_path / "out"
    build(photo_site.root, out, today=TODAY)
    assert not (out / "media/maria.jpg").exists(), "the original is never copied"
    published = sorted((out / "media/photos").iterdir())
    assert published
    for path in published:
        data = path.read_bytes()
        assert b"CameraMaker" not in data and b"Harbor Avenue" not in data
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info and "comment" not in image.info and "icc_profile" not in image.info
            assert image.height > image.width  # turned upright: 1500 wide, 2000 high before sizing


@pytest.mark.slow
def test_sizes_and_srcset(photo_site, tmp_path):
    """480, 960 and 1600 px widths in WebP and JPEG, with width and height set."""
    out = tmp_path / "out"
    build(photo_site.root, out, today=TODAY)
    page = parse_html(out / "stories/maria/index.html")
    [source] = page.xpath("//figure[@class='photo']//source")
    [img] = page.xpath("//figure[@class='photo']//img")
    assert source.get("type") == "image/webp"
    webp = [part.split() for part in source.get("srcset").split(", ")]
    jpeg = [part.split() for part in img.get("srcset").split(", ")]
    assert [w for _, w in webp] == ["480w", "960w", "1500w"]  # the original is 1500 wide upright
    assert [w for _, w in jpeg] == ["480w", "960w", "1500w"]
    for url, width in webp + jpeg:
        with Image.open(out / url.lstrip("/")) as image:
            assert image.width == int(width[:-1])
    assert (img.get("width"), img.get("height")) == ("960", "1280")
    assert img.get("alt") == "Maria in scrubs outside the clinic"


@pytest.mark.slow
def test_an_unchanged_photo_is_not_processed_again(photo_site, tmp_path, monkeypatch):
    """The second build takes every size from the cache."""
    out = tmp_path / "out"
    build(photo_site.root, out, today=TODAY)
    from wsstories.site import images
    calls = []
    monkeypatch.setattr(images, "_encode", lambda *a: calls.append(a) or b"")
    build(photo_site.root, out, today=TODAY)
    assert calls == []


def test_photo_needs_its_consent(site_dir):
    """Without 'photo' in the consent scope, check warns and the page shows no photo."""
    site_dir.write("media/maria.jpg", jpeg_with_metadata())
    site_dir.story(photo={"file": "media/maria.jpg", "alt": "Maria"})
    assert ("maria.md", 20, "warning", "consent-photo") in site_dir.problems() or \
        "consent-photo" in site_dir.rules()


def test_a_minors_photo_must_not_identify_them(site_dir):
    """A minor's photo must be marked identifiable: false."""
    site_dir.write("media/a.jpg", jpeg_with_metadata())
    minor = {"name": "Maria", "naming": "first", "minor": True}
    consent = {**PHOTO_SCOPE, "guardian": STORY["consent"]["date"]}
    site_dir.story(storyteller=minor, consent=consent, photo={"file": "media/a.jpg", "alt": "Hands"})
    assert "minor-photo" in site_dir.rules()
    site_dir.story(storyteller=minor, consent=consent,
                   photo={"file": "media/a.jpg", "alt": "Hands", "identifiable": False})
    assert "minor-photo" not in site_dir.rules()


def test_alt_text_rules(site_dir):
    """alt is required unless decorative, at most 250 characters, and checked for private details."""
    site_dir.write("media/a.jpg", jpeg_with_metadata())
    site_dir.story(photo={"file": "media/a.jpg"}, consent=PHOTO_SCOPE)
    assert "schema-required" in site_dir.rules()
    site_dir.story(photo={"file": "media/a.jpg", "decorative": True}, consent=PHOTO_SCOPE)
    assert site_dir.problems() == []
    site_dir.story(photo={"file": "media/a.jpg", "alt": "x" * 251}, consent=PHOTO_SCOPE)
    assert "schema-too-long" in site_dir.rules()
    site_dir.story(photo={"file": "media/a.jpg", "alt": "Maria at 1402 Harbor Avenue"},
                   consent=PHOTO_SCOPE)
    assert "pii-address" in site_dir.rules()


def _truncated() -> bytes:
    return jpeg_with_metadata()[:3000]


def _huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG")  # 56 megapixels, a small file
    return out.getvalue()


def _tiff() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "TIFF")
    return out.getvalue()


@pytest.mark.parametrize("content,rule", [
    (b"%PDF-1.4 this is a document", "photo-not-image"),
    (_truncated(), "photo-truncated"),
    (_huge_png(), "photo-too-large"),
    (_tiff(), "photo-format"),
])
def test_bad_images_get_a_clear_error_on_the_photo_line(site_dir, content, rule):
    """Each bad image is an error on the story's photo line, never a traceback."""
    site_dir.write("media/bad.jpg", content)
    path = site_dir.story(photo={"file": "media/bad.jpg", "alt": "A photo"}, consent=PHOTO_SCOPE)
    [problem] = [p for p in site_dir.problems() if p[3] == rule]
    assert path.read_text().splitlines()[problem[1] - 1].strip().startswith("photo:")
    assert "bad.jpg" in site_dir.messages(rule)[0]


def test_images_in_the_text_are_encoded_again_and_lazy(site_dir, tmp_path):
    """An image in the story text loses its metadata and loads lazily."""
    site_dir.write("media/chart.jpg", jpeg_with_metadata(size=(400, 300), orientation=1))
    site_dir.story(body="Her hours:\n\n![A chart of her hours](media/chart.jpg)\n")
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    data = (out / "media/chart.jpg").read_bytes()
    assert b"CameraMaker" not in data
    [img] = parse_html(out / "stories/maria/index.html").xpath("//div[@class='story-body']//img")
    assert img.get("loading") == "lazy"
