"""Markdown from many organisations, made into safe HTML.

Python-Markdown renders; a tree processor sets typographic quotes and dashes
(:mod:`.typography`), shifts headings below the page's
``h1``, resolves ``[text](story:ID)`` links and points ``media/…`` files at
the site's media folder; then nh3 (the Rust sanitiser ammonia) keeps only an
allow-list of tags, attributes and URL schemes, so that raw HTML in any
Markdown can never run a script or load from elsewhere.

:func:`references` finds the same links in the Markdown source, so that
``check`` reports a broken one with its line before anything is built.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote
from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from . import mediafiles
from .typography import smarten_tree

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i",
    "blockquote", "q", "cite", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "img", "br", "hr", "abbr", "sub", "sup", "del", "ins", "dl", "dt", "dd", "span",
    "figure", "figcaption", "small", "mark",
}
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "title", "loading", "decoding"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_C0_AND_SPACE = "".join(chr(c) for c in range(33))  # what the URL standard trims
_IGNORED = str.maketrans("", "", "\t\n\r")  # what it removes from inside
_LINK = re.compile(r"\]\(\s*<?((?:story:|[/\\]*media/)[^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?((?:story:|[/\\]*media/)\S*?)>?(?:\s|$)", re.MULTILINE)


@dataclass
class Links:
    """How links in one body resolve; collects the media files it uses."""

    story_url: Callable[[str], str | None]  # a story id → its link, or None if not shown
    media_url: Callable[[str], str]  # "media/x.png" → its link
    media: set[str] = field(default_factory=set)


class _SiteLinks(Treeprocessor):
    links: Links | None = None

    def run(self, root: Element) -> None:
        smarten_tree(root)
        levels = [int(el.tag[1]) for el in root.iter() if el.tag in _HEADINGS]
        shift = 2 - min(levels) if levels else 0
        for el in root.iter():
            if el.tag in _HEADINGS:
                el.tag = f"h{min(6, max(2, int(el.tag[1]) + shift))}"
            elif el.tag == "a":
                self._link(el, "href")
            elif el.tag == "img":
                self._link(el, "src")
                el.set("loading", "lazy")  # images in the text are below the title and photo
                el.set("decoding", "async")

    def _link(self, el: Element, attr: str) -> None:
        target = (el.get(attr) or "").strip()
        links = self.links
        if links is None:
            return
        if target.startswith("story:"):
            url = links.story_url(target[len("story:"):])
            if url is None:  # a held-back story: keep the words, drop the link
                el.tag = "span"
                el.attrib.pop(attr, None)
                el.attrib.pop("title", None)
            else:
                el.set(attr, url)
        elif mediafiles.is_link(target):
            try:
                relative = mediafiles.media_path(target, link=True)
            except mediafiles.MediaProblem:  # check reports it; never link or copy it
                el.attrib.pop(attr, None)
                if el.tag == "a":
                    el.tag = "span"
                    el.attrib.pop("title", None)
                return
            links.media.add(relative)
            el.set(attr, links.media_url(quote(relative) + mediafiles.split_link(target)[1]))


class _SiteLinksExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SiteLinks(md), "wsstories_links", 5)


class Renderer:
    """Markdown → sanitised HTML, reusable across many documents."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", _SiteLinksExtension()],
            output_format="html",
        )
        self._links: _SiteLinks = self._md.treeprocessors["wsstories_links"]
        self._cleaner = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                                    url_schemes=URL_SCHEMES, attribute_filter=_local_images,
                                    link_rel="noopener noreferrer")

    def render(self, text: str, links: Links | None = None) -> str:
        """The safe HTML of ``text``."""
        self._links.links = links
        try:
            html = self._md.reset().convert(text)
        finally:
            self._links.links = None
        return self._cleaner.clean(html)


def _local_images(tag: str, attr: str, value: str) -> str | None:
    """Images come from the site itself: no tracking pixels, nothing from elsewhere.

    The address is read as a browser reads it (spaces around it dropped, tabs
    and line breaks inside it ignored, ``\\`` taken as ``/``), so that
    ``/\\host/x.png`` or `` //host/x.png`` cannot pass for a path on the site.
    """
    if tag == "img" and attr == "src":
        seen = value.strip(_C0_AND_SPACE).translate(_IGNORED).replace("\\", "/")
        if seen.startswith("//") or ":" in seen.split("/")[0]:
            return None
    return value


@functools.lru_cache(maxsize=65536)
def references(body: str) -> list[tuple[int, str]]:
    """``(line in body, target)`` for each ``story:`` or ``media/`` link in Markdown source."""
    found = []
    for pattern in (_LINK, _REFERENCE):
        for match in pattern.finditer(body):
            found.append((body.count("\n", 0, match.start(1)), match.group(1)))
    return sorted(found)
