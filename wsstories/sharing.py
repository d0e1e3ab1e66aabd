"""Sharing and search: share images, structured data, and the Pagefind index.

A share image (1200×630 PNG, drawn with Pillow at build time) is made only
for stories whose consent scope includes ``social``; it shows the title and
the name the storyteller chose, nothing else about them. Pagefind (the
``pagefind`` package from PyPI, with its binary) indexes only the published
story pages whose consent scope includes ``search``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .errors import WsStoriesError
from .model import Story

SHARE_SIZE = (1200, 630)
INK, PAPER, ACCENT = "#ffffff", "#083f78", "#f3f5f7"


def can_share(story: Story) -> bool:
    return story.published and story.consent is not None and "social" in story.consent.scope


def can_search(story: Story) -> bool:
    return story.published and story.consent is not None and "search" in story.consent.scope


def can_print(story: Story) -> bool:
    return story.published and story.consent is not None and "print" in story.consent.scope


def share_image(story: Story, site_title: str) -> bytes:
    """A 1200×630 PNG card: the story's title and the storyteller's chosen name."""
    image = Image.new("RGB", SHARE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=64)
    small = ImageFont.load_default(size=36)
    y = 80
    for line in textwrap.wrap(story.title, width=30)[:4]:
        draw.text((80, y), line, font=title_font, fill=INK)
        y += 80
    if story.storyteller.naming != "anonymous":
        draw.text((80, y + 30), story.storyteller.name, font=small, fill=ACCENT)
    draw.rectangle((0, SHARE_SIZE[1] - 90, SHARE_SIZE[0], SHARE_SIZE[1]), fill="#0b5cad")
    draw.text((80, SHARE_SIZE[1] - 70), site_title[:60], font=small, fill=INK)
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


def index_search(folder: Path, output: Path | None = None) -> None:
    """Run Pagefind over the built story pages in ``folder`` (index in ``output``, or pagefind/)."""
    where = ["--output-path", str(output)] if output is not None else []
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder),
                             "--glob", "**/stories/*/index.html", "--silent", *where],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise WsStoriesError("the search index could not be built (Pagefind said: "
                             f"{(result.stderr or result.stdout).strip()[-500:]})")
