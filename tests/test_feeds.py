"""Feeds and the sitemap: valid to their specifications, published stories only."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from conftest import TODAY
from lxml import etree
from tools import node_tool

from wsstories import load_site

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
JSON_FEED_SCHEMA = json.loads((Path(__file__).parent / "schemas/jsonfeed-1.1.schema.json").read_text())


def _feeds(folder: Path, suffix: str) -> list[Path]:
    return [folder / f"feed{suffix}"] + sorted((folder / "goals").glob(f"*/feed{suffix}"))


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["built_example", "built_subpath"])
def test_atom_feeds_are_valid(name, request):
    """Every Atom feed parses cleanly and has the elements RFC 4287 requires."""
    folder = request.getfixturevalue(name)
    for path in _feeds(folder, ".xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        root = etree.parse(str(path)).getroot()
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{tag}"), (path, tag)
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == \
            load_base(folder) + path.relative_to(folder).as_posix()
        for entry in root.findall(f"{ATOM}entry"):
            for tag in ("id", "title", "updated"):
                assert entry.findtext(f"{ATOM}{tag}"), (path, tag)
            assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
            assert _absolute(entry.find(f"{ATOM}link").get("href"))
            assert entry.find(f"{ATOM}content").get("type") == "html"


def load_base(folder: Path) -> str:
    return json.loads((folder / ".wsstories-build.json").read_text())["base_url"]


@pytest.mark.slow
def test_json_feeds_follow_json_feed_1_1(built_example):
    """Every JSON feed validates against JSON Feed 1.1, with RFC 3339 dates and absolute URLs."""
    for path in _feeds(built_example, ".json"):
        feed = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(feed, JSON_FEED_SCHEMA)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert _absolute(feed["feed_url"]) and _absolute(feed["home_page_url"])
        for item in feed["items"]:
            assert RFC3339.match(item["date_published"])
            dt.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
            assert _absolute(item["url"])


def test_feeds_hold_published_stories_only(built_example, example_site):
    """The site feed lists exactly the published stories that consented to feeds, newest first."""
    site, _ = load_site(example_site, today=TODAY)
    expected = [f"https://stories.example.org/stories/{s.id}/" for s in site.published_stories
                if "feed" in s.consent.scope and s.lang == "en"]
    atom = etree.parse(str(built_example / "feed.xml")).getroot()
    ids = [e.findtext(f"{ATOM}id") for e in atom.findall(f"{ATOM}entry")]
    assert [i for i in ids if "/stories/" in i] == expected
    assert [i for i in ids if "/stories/" not in i] == [
        "https://stories.example.org/celebrations/spring-2026-graduates/"]
    feed = json.loads((built_example / "feed.json").read_text())
    assert [i["id"] for i in feed["items"]] == ids
    goal = json.loads((built_example / "goals/fill-openings/feed.json").read_text())
    assert [i["id"] for i in goal["items"]] == [u for u in expected
                                               if "bakery" in u or "logistics" in u]
    spanish = json.loads((built_example / "es/feed.json").read_text())
    assert spanish["language"] == "es"
    assert [i["id"] for i in spanish["items"] if "/stories/" in i["id"]] == [
        f"https://stories.example.org/es/stories/{s.id}/" for s in site.published_stories
        if s.lang == "es" and "feed" in s.consent.scope]


def test_a_story_without_feed_consent_is_not_in_feeds(built_example):
    """Samir's consent scope is web and search only: his story is on the site, not in feeds."""
    assert (built_example / "stories/samir-catering/index.html").exists()
    for path in _feeds(built_example, ".xml") + _feeds(built_example, ".json"):
        assert b"samir-catering" not in path.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["built_example", "built_subpath"])
def test_sitemap_is_valid(name, request, tmp_path):
    """sitemap.xml validates against the sitemaps.org schema; every <loc> is absolute."""
    folder = request.getfixturevalue(name)
    schema = sitemap_schema(tmp_path)
    doc = etree.parse(str(folder / "sitemap.xml"))
    assert schema.validate(doc), schema.error_log
    locs = [loc.text for loc in doc.getroot().iter(f"{SM}loc")]
    base = load_base(folder)
    assert all(loc.startswith(base) for loc in locs)
    for loc in locs:  # each names a page that exists
        assert (folder / loc[len(base):] / "index.html").is_file(), loc
    for link in doc.getroot().iter("{http://www.w3.org/1999/xhtml}link"):
        assert (folder / link.get("href")[len(base):] / "index.html").is_file()
    assert f"{base}stories/maria-cna/" in locs
    assert not any("marcus-warehouse" in loc or "lin-bookkeeping" in loc for loc in locs)


def sitemap_schema(folder: Path) -> etree.XMLSchema:
    """sitemaps.org's schema with the xhtml:link element for other languages."""
    wrapper = folder / "sitemap-with-languages.xsd"
    wrapper.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        '<xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'schemaLocation="{node_tool("sitemap/schema/sitemap.xsd").as_uri()}"/>'
        '<xsd:import namespace="http://www.w3.org/1999/xhtml" '
        f'schemaLocation="{(Path(__file__).parent / "schemas/xhtml-link.xsd").as_uri()}"/>'
        '</xsd:schema>')
    return etree.XMLSchema(etree.parse(str(wrapper)))


def test_sitemap_lists_each_language_version(built_example):
    """A story and its translation name each other in the sitemap with hreflang."""
    doc = etree.parse(str(built_example / "sitemap.xml"))
    urls = {u.findtext(f"{SM}loc"): {l.get("hreflang"): l.get("href")
                                      for l in u.iter("{http://www.w3.org/1999/xhtml}link")}
            for u in doc.getroot().iter(f"{SM}url")}
    base = "https://stories.example.org/"
    expected = {"en": base + "stories/rosa-bookkeeping/", "es": base + "es/stories/rosa-contabilidad/"}
    assert urls[base + "stories/rosa-bookkeeping/"] == expected
    assert urls[base + "es/stories/rosa-contabilidad/"] == expected
    assert urls[base + "es/stories/lucia-panaderia/"] == {}


def test_robots_names_the_sitemap(built_subpath):
    """robots.txt points at the absolute sitemap URL."""
    assert "Sitemap: https://stories.example.org/lakeside/sitemap.xml" in \
        (built_subpath / "robots.txt").read_text()
