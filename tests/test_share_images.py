"""Share images: names and titles in any Latin script are drawn with real glyphs, and fit."""

from __future__ import annotations

import io
import types
from importlib import resources

import pytest
from PIL import Image

from wsstories.model import Storyteller
from wsstories.site import sharing

LETTERS = "éñüłÁÉÍÓÚÑÜŁçøåßőűčšžęąśźżğışăţ"
NOT_IN_FONT = "\uFFFF"  # a noncharacter: drawn as the font's .notdef box


def card(title: str, name: str, naming: str = "full") -> Image.Image:
    story = types.SimpleNamespace(title=title, storyteller=Storyteller(name, naming))
    return Image.open(io.BytesIO(sharing.share_image(story, "Harbor County Success Stories")))


@pytest.mark.parametrize("bold", [False, True])
def test_the_shipped_font_has_every_latin_letter(bold):
    """Every letter of Latin-1 and Latin Extended-A is in the font's character map."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("wsstories.site") / "fonts" / name) as path:
        cmap = ttlib.TTFont(str(path)).getBestCmap()
    wanted = [c for c in map(chr, range(0xC0, 0x180)) if c.isalpha()] + list(LETTERS)
    assert [c for c in wanted if ord(c) not in cmap] == []
    assert ord(NOT_IN_FONT) not in cmap


@pytest.mark.parametrize("letter", list(LETTERS))
def test_each_accented_letter_is_a_glyph_not_the_missing_box(letter):
    """What Pillow draws for é, ñ, ü, ł… is not what it draws for a character the font lacks."""
    face = sharing.font(64, bold=True)
    missing = face.getmask(NOT_IN_FONT)
    drawn = face.getmask(letter)
    assert drawn.getbbox() is not None
    assert (drawn.size, bytes(drawn)) != (missing.size, bytes(missing))


def test_a_name_with_an_accent_is_drawn_with_its_accent():
    """'Tomás' on a share image differs from 'Tom' + a missing character + 's', and from 'Tomas'."""
    accented = card("Back to work", "Tomás Rivera").tobytes()
    assert accented != card("Back to work", f"Tom{NOT_IN_FONT}s Rivera").tobytes()
    assert accented != card("Back to work", "Tomas Rivera").tobytes()


def test_the_font_comes_from_the_package_not_the_system():
    face = sharing.font(36)
    assert "wsstories" in str(face.path) and face.path.endswith("DejaVuSans.ttf")


def _ink_outside_margins(image: Image.Image) -> list[tuple[int, int]]:
    """Pixels of text drawn in the right-hand margin or past the bottom band's edge."""
    width, height = image.size
    rgb = image.convert("RGB")
    paper, band = rgb.getpixel((width - 1, 0)), rgb.getpixel((width - 1, height - 1))
    stray = []
    for x in range(width - sharing.MARGIN + 20, width):
        for y in range(0, height, 2):
            expected = band if y >= height - sharing.BAND else paper
            if rgb.getpixel((x, y)) != expected:
                stray.append((x, y))
    return stray


@pytest.mark.parametrize("title,name", [
    ("Łucja ñandú Müller " * 8, "Bartłomiej Żółkiewski-Łukasiewicz von Brzęczyszczykiewicz " * 2),
    ("A" * 150, "Ñ" * 100),
    ("Supercalifragilisticexpialidocious" * 4, "María José"),
])
def test_long_titles_and_names_stay_inside_the_image(title, name):
    """A long title wraps onto at most four lines and shrinks; a long name shrinks; nothing overflows."""
    image = card(title[:150], name[:100])
    assert image.size == (1200, 630)
    assert _ink_outside_margins(image) == []


def test_long_title_wraps_within_the_width():
    face, lines = sharing.fit("Łucja " * 40, sharing.TITLE_SIZES, 1040, 4, bold=True)
    assert len(lines) <= 4 and all(face.getlength(line) <= 1040 for line in lines)
    assert face.size == sharing.TITLE_SIZES[-1] and lines[-1].endswith("…")
    face, lines = sharing.fit("María José", sharing.TITLE_SIZES, 1040, 4, bold=True)
    assert face.size == sharing.TITLE_SIZES[0] and lines == ["María José"]


def test_an_anonymous_storyteller_has_no_name_on_the_image():
    assert card("Back to work", "Tomás", "anonymous").tobytes() == \
        card("Back to work", "Someone else", "anonymous").tobytes()
