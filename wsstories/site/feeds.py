"""Syndication files: Atom and JSON Feed 1.1, the sitemap and robots.txt.

Only published stories whose consent scope includes ``feed`` appear in
feeds; drafts never do, even in a ``--drafts`` build. XML is written with
ElementTree so that every value is escaped; every URL is absolute.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Iterable
from xml.etree import ElementTree as ET

from ..model import Site, Story
from ..publication import allows
from . import urls as u

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: How many entries a feed holds, newest first.
FEED_LIMIT = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "http://www.w3.org/1999/xhtml"


def feed_stories(site: Site) -> list[Story]:
    """Published stories whose storytellers agreed to feeds, newest first."""
    return [s for s in site.published_stories if allows(s, "feed")]


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class Entry:
    """One feed entry: a story or a celebration post."""

    path: str  # site path of its page
    title: str
    summary: str
    html: str
    date: dt.date
    lang: str
    category: str | None = None  # a goal id
    category_label: str | None = None


def story_entries(site: Site, stories: list[Story], html: dict[str, str],
                  path=lambda story: u.story(story.id), goal_title=None) -> list[Entry]:
    """Feed entries; ``goal_title`` gives a goal's title in the feed's language."""
    title = goal_title or (lambda ident: site.goals[ident].title)
    return [Entry(path(s), s.title, s.summary, html[s.id], s.date, s.lang, s.goal,
                  str(title(s.goal))) for s in stories]


def atom(site: Site, urls: u.Urls, entries: list[Entry], path: str, title: str,
         lang: str | None = None) -> bytes:
    """An Atom feed of ``entries``, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang or site.settings.language})
    _text(feed, "id", urls.absolute(path))
    _text(feed, "title", title)
    if site.settings.description:
        _text(feed, "subtitle", site.settings.description)
    newest = max((e.date for e in entries), default=site.today)
    _text(feed, "updated", _timestamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": urls.absolute(path)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                            "href": urls.absolute(path.rsplit("/", 1)[0] + "/")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.settings.title)
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        link = urls.absolute(item.path)
        _text(entry, "id", link)
        _text(entry, "title", item.title)
        _text(entry, "published", _timestamp(item.date))
        _text(entry, "updated", _timestamp(item.date))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link})
        _text(entry, "summary", item.summary)
        content = _text(entry, "content", item.html)
        content.set("type", "html")
        if item.category:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.category,
                                                         "label": item.category_label})
    return _xml(feed)


def json_feed(site: Site, urls: u.Urls, entries: list[Entry], path: str, title: str,
              lang: str | None = None) -> bytes:
    """A JSON Feed 1.1 of ``entries``."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": urls.absolute(path.rsplit("/", 1)[0] + "/"),
        "feed_url": urls.absolute(path),
        "language": lang or site.settings.language,
        "authors": [{"name": site.settings.title}],
        "items": [{
            "id": urls.absolute(e.path),
            "url": urls.absolute(e.path),
            "title": e.title,
            "summary": e.summary,
            "content_html": e.html,
            "date_published": _timestamp(e.date),
            "language": e.lang,
            **({"tags": [e.category_label]} if e.category_label else {}),
        } for e in entries],
    }
    if site.settings.description:
        feed["description"] = site.settings.description
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sitemap(urls: u.Urls, pages: Iterable[tuple[str, dt.date | None, dict[str, str]]]) -> bytes:
    """sitemaps.org 0.9 for ``(site path, last modified, {lang: path of each version})``."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for path, modified, versions in pages:
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        _text(entry, "loc", urls.absolute(path), SITEMAP)
        if modified is not None:
            _text(entry, "lastmod", modified.isoformat(), SITEMAP)
        for lang, other in sorted(versions.items()):
            ET.SubElement(entry, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": lang,
                                                     "href": urls.absolute(other)})
    return _xml(root)


def robots(urls: u.Urls, drafts: bool) -> bytes:
    """robots.txt: everything may be read, except a preview build with drafts."""
    rule = "Disallow: /" if drafts else "Allow: /"
    return f"User-agent: *\n{rule}\n\nSitemap: {urls.absolute('sitemap.xml')}\n".encode()


def _text(parent: ET.Element, tag: str, text: str, ns: str = ATOM) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
