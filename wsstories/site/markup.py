"""Markdown from many organisations, made into safe HTML.

Python-Markdown renders; a tree processor sets typographic quotes and dashes
(:mod:`.typography`), shifts headings below the page's
``h1``, resolves ``[text](story:ID)`` links and points ``media/…`` files at
the site's media folder; then nh3 (the Rust sanitiser ammonia) keeps only an
allow-list of tags, attributes and URL schemes, so that raw HTML in any
Markdown can never run a script or load from elsewhere.

:func:`wsstories.reading.links.references` finds the same links in the
Markdown source, so that ``check`` reports a broken one with its line before
anything is built.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..reading import mediafiles
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


#: How far a link's text may reach for its ']', and its address for its ')'.
LINK_SPAN = 2000
#: How deeply brackets may nest inside a link's text, as in '[a [b] c](…)'.
LINK_DEPTH = 8


class _BoundedLinks:
    """Python-Markdown's link and image parsing, bounded (mixed in before its classes).

    Its own ``getText`` walks, character by character, from each '[' to the
    end of the paragraph looking for the matching ']', so 32,000 '[' took 98
    seconds. Here the search is done by ``str.find`` and ``str.count``, stops
    after :data:`LINK_SPAN` characters or :data:`LINK_DEPTH` levels of
    nesting, and the address is read from a window of the same size: each
    '[' costs a bounded amount, whatever follows it. A '[' without a close
    within the bounds is text, as an unclosed one always was.
    """

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        end = min(len(data), index + LINK_SPAN)
        depth, pos = 1, index
        while True:
            close = data.find("]", pos, end)
            if close < 0:
                return "", index, False
            depth += data.count("[", pos, close) - 1
            if depth > LINK_DEPTH:
                return "", index, False
            pos = close + 1
            if depth == 0:
                return data[index:close], pos, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        window = data[index:index + LINK_SPAN]
        if ")" not in window:
            return "", None, index, False
        href, title, end, handled = super().getLink(window, 0)  # type: ignore[misc]
        return href, title, index + end, handled


@functools.lru_cache(maxsize=None)
def _bounded(cls: type) -> type:
    return type(f"Bounded{cls.__name__}", (_BoundedLinks, cls), {})


class _SiteLinksExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SiteLinks(md), "wsstories_links", 5)
        for processor in md.inlinePatterns:  # link, image, reference and short forms
            if isinstance(processor, LinkInlineProcessor):
                processor.__class__ = _bounded(type(processor))


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
            html = self._md.reset().convert(_unclosed_tags_hidden(text))
        finally:
            self._links.links = None
        return self._cleaner.clean(html.replace(_LT, "&lt;"))


#: How far a tag may reach for its '>', and how many unclosed ones a text may have as they are.
TAG_SPAN, UNCLOSED_TAGS = 1000, 50
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LT = "\ue000"  # a private-use character: stands for an unclosed '<' while Markdown runs


def _unclosed_tags_hidden(text: str) -> str:
    """``text``, with each '<' that no '>' follows soon hidden from Markdown, if there are many.

    Python's HTML parser (which Python-Markdown uses to find raw HTML) reads
    from each unclosed '<a' to the end of the text, so that thousands of them
    take quadratic time. They cannot be tags anyway: each is written back as
    '&lt;' in the HTML, which shows '<' (in code too). A text with few is left
    exactly as written.
    """
    if text.count("<") <= UNCLOSED_TAGS or _LT in text:
        return text
    unclosed = [m.start() for m in _TAG_START.finditer(text)
                if text.find(">", m.start(), m.start() + TAG_SPAN) < 0]
    if len(unclosed) <= UNCLOSED_TAGS:
        return text
    parts, last = [], 0
    for place in unclosed:
        parts += (text[last:place], _LT)
        last = place + 1
    parts.append(text[last:])
    return "".join(parts)


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
