"""Sharing and search: share images, structured data, and the Pagefind index.

A share image (1200×630 PNG, drawn with Pillow at build time) is made only
for stories whose consent scope includes ``social``; it shows the title and
the name the storyteller chose, nothing else about them. It is drawn in
DejaVu Sans, shipped in ``wsstories/site/fonts/`` with its licence, so every
Latin letter (é, ñ, ü, ł…) is drawn the same on any computer; a long title
or name is wrapped, then made smaller, so that it always fits. Pagefind (the
``pagefind`` package from PyPI, with its binary, run by :mod:`searchindex`)
indexes only the published story pages whose consent scope includes ``search``.
"""

from __future__ import annotations

import functools
import io
import json
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from ..model import Story

SHARE_SIZE = (1200, 630)
INK, PAPER, ACCENT = "#ffffff", "#083f78", "#f3f5f7"


MARGIN = 80
BAND = 90  # the band at the foot that names the site
TITLE_SIZES, TITLE_LINES = (64, 56, 48, 42, 36), 4
NAME_SIZES = (36, 32, 28, 24, 20)


@functools.lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size`` pixels, from the package (never from the system)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("wsstories.site") / "fonts" / name) as path:
        return ImageFont.truetype(str(path), size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels; a word too long alone is cut."""
    lines: list[str] = []
    for word in text.split():
        while face.getlength(word) > width:  # a word too long for a line: cut it
            cut = len(word) - 1
            while cut > 1 and face.getlength(word[:cut] + "-") > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit(text: str, sizes: tuple[int, ...], width: int, max_lines: int,
        bold: bool = False) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest of ``sizes`` at which ``text`` fits in ``max_lines``; else the smallest, cut."""
    for size in sizes:
        face = font(size, bold)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and face.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return face, lines


def share_image(story: Story, site_title: str) -> bytes:
    """A 1200×630 PNG card: the story's title and the storyteller's chosen name."""
    image = Image.new("RGB", SHARE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = SHARE_SIZE[0] - 2 * MARGIN
    title_font, title_lines = fit(story.title, TITLE_SIZES, width, TITLE_LINES, bold=True)
    y = MARGIN
    step = round(title_font.size * 1.25)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += step
    if story.storyteller.naming != "anonymous":
        name_font, name_lines = fit(story.storyteller.name, NAME_SIZES, width, 1)
        draw.text((MARGIN, y + 30), name_lines[0], font=name_font, fill=ACCENT)
    draw.rectangle((0, SHARE_SIZE[1] - BAND, SHARE_SIZE[0], SHARE_SIZE[1]), fill="#0b5cad")
    site_font, site_lines = fit(site_title, NAME_SIZES, width, 1)
    draw.text((MARGIN, SHARE_SIZE[1] - BAND // 2), site_lines[0], font=site_font, fill=INK,
              anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def article_json_ld(story: Story, url: str, site_title: str, site_url: str,
                    image: str | None) -> str:
    """schema.org Article data: the story and the site as publisher, no personal data."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "dateModified": story.date.isoformat(),
        "inLanguage": story.lang,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": site_title, "url": site_url},
    }
    if image:
        data["image"] = image
    # Escape "<" so that no value can close the script element that holds the data.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
