"""The pages of a built site, read by parsing their HTML."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import STORY, html_files, parse_html

from wsstories.commands.build import build

D = dt.date


def _text(el) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture
def built(site_dir, tmp_path):
    """Build the fixture site (after a test's changes) and return a page reader."""
    def run(**options):
        out = tmp_path / "output"
        build(site_dir.root, out, today=D(2026, 11, 28), **options)
        return out
    return run


def test_story_page_shows_the_storyteller_first(built_example):
    """The story page: one h1 (the title), the summary, name, quote with lang, body, goal."""
    page = parse_html(built_example / "stories/maria-cna/index.html")
    [h1] = page.findall(".//h1")
    assert _text(h1) == "From night shifts to a nursing career"
    assert page.get("lang") == "en"
    assert "Told by Maria" in _text(page.find_class("story-header")[0])
    [quote] = page.find_class("quote")
    assert quote.get("lang") == "en" and "I did this for my kids" in _text(quote)
    assert page.xpath("//p[@class='eyebrow']/a/@href") == ["/goals/earn-a-credential/"]
    assert "stocked shelves" in _text(page.find_class("story-body")[0])
    assert page.findtext(".//title") == ("From night shifts to a nursing career — "
                                         "WorkSource Harbor County Success Stories")


def test_no_partner_in_the_header_title_or_hero(built_example, example_site):
    """No partner's name appears in a story page's title, site header or story header."""
    from wsstories import load_site
    site, _ = load_site(example_site, today=D(2026, 11, 28))
    names = [p.name for p in site.partners.values()]
    for story in site.published_stories:
        prefix = "es/" if story.lang == "es" else ""
        page = parse_html(built_example / f"{prefix}stories/{story.id}/index.html")
        header = _text(page.find_class("story-header")[0]) + page.findtext(".//title")
        header += _text(page.find_class("site-header")[0])
        for name in names:
            if name not in story.title + story.summary:  # an employer telling its own story
                assert name not in header, (story.id, name)


def test_partners_are_listed_by_name_whatever_the_order_written(site_dir, built):
    """Partners who contributed are sorted by name, each with its contribution and link."""
    site_dir.story(partners=[
        {"partner": "riverbend-bakery", "contribution": "A job"},
        {"partner": "northside-services", "contribution": "Childcare"},
        {"partner": "harbor-college", "contribution": "Training"},
    ])
    page = parse_html(built() / "stories/maria/index.html")
    items = page.xpath("//section[@class='credits']/ul/li")
    assert [_text(li.find("a")) for li in items] == [
        "Harbor College", "Northside Community Services", "Riverbend Bakery"]
    assert [li.findtext("span") for li in items] == ["Training", "Childcare", "A job"]
    assert [li.find("a").get("href") for li in items] == [
        "/partners/harbor-college/", "/partners/northside-services/", "/partners/riverbend-bakery/"]
    # the same markup for every partner: same weight
    assert len({(li.find("a").attrib.get("class"), li.find("span").get("class")) for li in items}) == 1


@pytest.mark.parametrize("naming,shown,note", [
    ("full", "Told by Maria Lopez", False),
    ("pseudonym", "Told by Maria Lopez", True),
    ("anonymous", "Told by a storyteller who chose not to be named", False),
])
def test_the_name_is_shown_as_chosen(site_dir, built, naming, shown, note):
    """The storyteller's name as chosen; a note for a pseudonym; no name when anonymous."""
    site_dir.story(storyteller={"name": "Maria Lopez", "naming": naming})
    out = built()
    page = parse_html(out / "stories/maria/index.html")
    assert shown in _text(page.find_class("story-header")[0])
    assert bool(page.find_class("note")) is note
    if naming == "anonymous":
        for path in out.rglob("*"):
            if path.is_file():
                assert b"Maria Lopez" not in path.read_bytes(), path


def test_markdown_headings_shift_below_the_title(site_dir, built):
    """Markdown headings become h2 and lower, so the title stays the only h1."""
    site_dir.story(body="# Top\n\nText\n\n## Middle\n\nMore\n\n### Low\n")
    page = parse_html(built() / "stories/maria/index.html")
    assert len(page.findall(".//h1")) == 1
    body = page.find_class("story-body")[0]
    assert [el.tag for el in body.iter("h2", "h3", "h4")] == ["h2", "h3", "h4"]


def test_story_links_resolve_and_held_back_targets_are_plain_text(site_dir, built):
    """`[x](story:id)` links a published story; a held-back one shows as plain words."""
    site_dir.story("dana", body="Dana read [Maria's story](story:maria).\n")
    site_dir.story("held", status="draft")
    site_dir.story(body="See [Dana](story:dana) and [a draft](story:held).\n")
    out = built()
    page = parse_html(out / "stories/maria/index.html")
    body = page.find_class("story-body")[0]
    assert [a.get("href") for a in body.iter("a")] == ["/stories/dana/"]
    assert "a draft" in _text(body)


def test_punctuation_is_typographic_but_code_is_not(site_dir, built):
    """Straight quotes, -- and ... become curly quotes, dashes and an ellipsis; code keeps them."""
    site_dir.story(body='She said "I\'m ready" -- and *"meant it"*... in the \'90s.\n\n'
                        '`"as typed"` and:\n\n    print("--")\n')
    body = parse_html(built() / "stories/maria/index.html").find_class("story-body")[0]
    first, second = body.findall("p")
    assert first.text_content() == "She said \u201cI\u2019m ready\u201d \u2013 and \u201cmeant it\u201d\u2026 in the \u201990s."
    assert second.find("code").text == '"as typed"'
    assert body.find("pre/code").text == 'print("--")\n'


def test_related_stories_are_the_neighbours_in_the_goal(site_dir, built):
    """Each story points to the next ones of its goal (newest first, round to the newest)."""
    for n, day in enumerate((1, 2, 3, 4, 5), 1):
        site_dir.story(f"s{n}", date=D(2026, 5, day), title=f"Story number {n}")
    out = built()
    related = lambda ident: [a.split("/")[-2] for a in parse_html(
        out / f"stories/{ident}/index.html").xpath("//section[@class='related']//h3/a/@href")]
    goal = [a.split("/")[-2] for a in parse_html(out / "goals/earn-a-credential/index.html").xpath(
        "//main//h3/a/@href")]
    assert goal == ["maria", "s5", "s4", "s3", "s2", "s1"]  # newest first
    for here, ident in enumerate(goal):
        assert related(ident) == [goal[(here + k) % len(goal)] for k in (1, 2, 3)]


def test_outcomes_are_listed(built_example):
    """Outcomes read as sentences, with money to the cent."""
    page = parse_html(built_example / "stories/maria-cna/index.html")
    items = [_text(li) for li in page.xpath("//section[@class='outcomes']//li")]
    assert "Earned a credential: Certified Nursing Assistant" in items
    assert "Employed as Nursing assistant at Evergreen Family Clinic" in items
    assert "Earns $21.50 an hour" in items


def test_related_stories_share_the_goal(built_example):
    """Related stories are other published stories of the same goal."""
    page = parse_html(built_example / "stories/dev-welding/index.html")
    related = page.xpath("//section[@class='related']//h3/a/@href")
    assert related == ["/stories/james-it-support/"]


def test_home_page(built_example, example_site):
    """Home: the featured story, then the six newest others, every goal with its count, all partners."""
    from wsstories import load_site
    site, _ = load_site(example_site, today=D(2026, 11, 28))
    page = parse_html(built_example / "index.html")
    assert site.settings.featured == "maria-cna"
    assert page.xpath("//section[@class='featured']//h3/a/@href") == ["/stories/maria-cna/"]
    latest = page.xpath("//section[@aria-labelledby='latest-heading']//h3/a/@href")
    english = [s for s in site.published_stories if s.lang == "en"]
    assert latest == [f"/stories/{s.id}/" for s in english if s.id != "maria-cna"][:6]
    assert page.xpath("//h1/text()") != [site.settings.title]
    counts = {a.get("href"): _text(a.getparent().find("span")) if a.getparent().find("span")
              is not None else None for a in page.xpath("//ul[@class='goal-list']/li/a")}
    assert len(counts) == len(site.goals)
    for goal in site.goals:
        n = sum(1 for s in english if s.goal == goal)
        if 0 < n < site.settings.min_count:  # a count of 1 to 4 stories is not shown
            assert counts[f"/goals/{goal}/"] is None
        else:
            assert re.match(rf"^{n} stor", counts[f"/goals/{goal}/"])
    names = page.xpath("//ul[@class='partner-names']/li/a/text()")
    assert names == sorted((p.name for p in site.partners.values()), key=str.casefold)


def test_partners_index_groups_by_type_in_a_fixed_order(built_example):
    """Partners: the six types in a fixed order, alphabetical within, identical cards."""
    page = parse_html(built_example / "partners/index.html")
    sections = page.xpath("//main//section")
    assert [s.find("h2").get("id") for s in sections] == [
        "type-business", "type-cbo", "type-government", "type-foundation", "type-labor",
        "type-semi-public"]
    shapes = set()
    for section in sections:
        names = [_text(h) for h in section.xpath(".//article/h3")]
        assert names == sorted(names, key=str.casefold)
        for card in section.xpath(".//article"):
            shapes.add(tuple((el.tag, el.get("class")) for el in card.iter()))
    assert len(shapes) == 1, "every partner card has the same structure"


def test_partner_page_lists_its_stories(built_example):
    """A partner's page has its own description and the stories it contributed to."""
    page = parse_html(built_example / "partners/harbor-college/index.html")
    assert _text(page.find(".//h1")) == "Harbor College"
    assert "community and technical college" in _text(page.find_class("prose")[0])
    hrefs = page.xpath("//section[@aria-labelledby='stories-heading']//h3/a/@href")
    assert "/stories/maria-cna/" in hrefs and "/stories/grace-lpn/" in hrefs
    assert "/stories/lin-bookkeeping/" not in hrefs  # scheduled: held back


def test_goal_pages(built_example):
    """Goals index keeps job-seeker and employer goals apart; a goal lists newest first."""
    index = parse_html(built_example / "goals/index.html")
    assert [s.find("h2").get("id") for s in index.xpath("//main//section")] == [
        "group-job-seeker", "group-employer"]
    page = parse_html(built_example / "goals/fill-openings/index.html")
    dates = page.xpath("//section[@aria-labelledby='stories-heading']//time/@datetime")
    assert dates == sorted(dates, reverse=True) and len(dates) == 2


def test_held_back_stories_are_nowhere(built_example):
    """Held-back stories have no page, no card, no feed entry, no sitemap line."""
    for ident in ("ana-commercial-licence", "lin-bookkeeping", "marcus-warehouse"):
        assert not (built_example / "stories" / ident).exists()
        for path in built_example.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
                assert f"/stories/{ident}/".encode() not in path.read_bytes(), (ident, path)


def test_withdrawn_story_leaves_no_trace(built_example, example_site):
    """A withdrawn story's title, name, summary and body text are in no output file."""
    from wsstories import load_site
    site, _ = load_site(example_site, today=D(2026, 11, 28))
    [story] = [s for s in site.stories if s.id == "marcus-warehouse"]
    sentences = [story.title, story.storyteller.name, story.summary,
                 "the fastest picker on his team", story.quote]
    for path in built_example.rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            for words in sentences:
                assert words not in data, (words, path)


def test_drafts_are_marked_and_never_syndicated(site_dir, built):
    """--drafts adds drafts (reviewed or not yet) with a banner and noindex, never in feeds or sitemap.

    A story marked published whose text the storyteller has not approved is
    not a draft to preview: it stays out.
    """
    site_dir.story("draft", status="draft", title="A story still in draft")
    unreviewed = {k: v for k, v in STORY["consent"].items() if k != "reviewed"}
    site_dir.story("unreviewed", status="draft", consent=unreviewed)
    site_dir.story("approved-missing", consent=unreviewed)
    out = built(drafts=True)
    page = parse_html(out / "stories/draft/index.html")
    assert "Draft — not published" in _text(page.find_class("banner-draft")[0])
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    waiting = parse_html(out / "stories/unreviewed/index.html")
    problems = [_text(li) for li in waiting.xpath("//ul[@class='draft-problems']/li")]
    assert any("has not approved the final text" in p for p in problems), problems
    assert waiting.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not (out / "stories/approved-missing").exists()
    for name in ("feed.xml", "feed.json", "sitemap.xml"):
        data = (out / name).read_bytes()
        assert b"stories/draft/" not in data and b"stories/unreviewed/" not in data
    normal = parse_html(out / "stories/maria/index.html")
    assert normal.xpath("//meta[@name='robots']/@content") == ["noindex"]  # a preview build


def test_published_build_is_indexable(built_example):
    """A normal build has no noindex and robots.txt allows everything."""
    assert not parse_html(built_example / "index.html").xpath("//meta[@name='robots']")
    assert "Allow: /" in (built_example / "robots.txt").read_text()


def test_sub_path_links(built_subpath):
    """Under a sub-path base_url, every internal link and asset carries the sub-path."""
    for path in html_files(built_subpath):
        page = parse_html(path)
        for url in page.xpath("//a/@href | //link/@href | //img/@src | //script/@src"):
            if url.startswith("/"):
                assert url.startswith("/lakeside/"), (path, url)
    page = parse_html(built_subpath / "stories/maria-cna/index.html")
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://stories.example.org/lakeside/stories/maria-cna/"]


def test_css_and_js_stay_small(built_example):
    """Each page's own CSS and JavaScript is under 30 KB uncompressed (search aside)."""
    for path in html_files(built_example):
        if {"search", "pagefind"} & set(path.relative_to(built_example).parts):
            continue
        page = parse_html(path)
        total = 0
        for url in page.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
            total += (built_example / url.split("?")[0].lstrip("/")).stat().st_size
        total += sum(len(s.text or "") for s in page.xpath("//script | //style"))
        assert total < 30 * 1024, path


def test_everything_but_search_works_without_javascript(built_example):
    """No page but the search page has a script (structured data is not one)."""
    for path in html_files(built_example):
        if {"search", "pagefind"} & set(path.relative_to(built_example).parts):
            continue
        assert not parse_html(path).xpath("//script[not(@type='application/ld+json')]"), path


def _image(size=(1000, 700), kind="JPEG") -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind)
    return out.getvalue()


def test_media_only_when_used(site_dir, built):
    """Only media that published pages use are published; a held-back story's photo is not."""
    site_dir.write("media/maria.jpg", _image())
    site_dir.write("media/unused.pdf", b"%PDF-1.4")
    site_dir.write("media/held.jpg", _image())
    site_dir.write("media/chart.png", _image(kind="PNG"))
    consent = {**STORY["consent"], "scope": ["web", "feed", "search", "photo"]}
    site_dir.story(photo={"file": "media/maria.jpg", "alt": "Maria in scrubs"}, consent=consent,
                   body="![A chart of her hours](media/chart.png)\n")
    site_dir.story("held", status="draft", photo={"file": "media/held.jpg", "alt": "x"},
                   consent=consent)
    out = built()
    published = sorted(p.relative_to(out / "media").as_posix() for p in (out / "media").rglob("*")
                       if p.is_file())
    assert "chart.png" in published and "unused.pdf" not in published
    assert not any("held" in name for name in published)
    assert all(name.startswith("photos/maria-") for name in published if name != "chart.png")
    page = parse_html(out / "stories/maria/index.html")
    assert page.xpath("//figure[@class='photo']//img/@alt") == ["Maria in scrubs"]


def test_photo_needs_photo_consent(site_dir, built):
    """Without 'photo' in the consent scope, no photo is shown or copied."""
    site_dir.write("media/maria.jpg", _image())
    site_dir.story(photo={"file": "media/maria.jpg", "alt": "Maria"})
    out = built()
    assert not (out / "media").exists()
    assert not parse_html(out / "stories/maria/index.html").xpath("//main//img")


def test_a_site_theme_overrides_one_template(site_dir, built, tmp_path):
    """A site's theme folder replaces the templates it has; the rest come from the default."""
    theme = site_dir.root / "my-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost? Try the home page.</h1>{% endblock %}')
    (theme / "static").mkdir()
    (theme / "static" / "style.css").write_text("body { color: #000; }\n")
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\ntheme = "my-theme"\n')
    out = built()
    assert _text(parse_html(out / "404.html").find(".//h1")) == "Lost? Try the home page."
    assert parse_html(out / "index.html").find(".//h1") is not None  # default template
    assert (out / "assets/style.css").read_text() == "body { color: #000; }\n"
    assert site_dir.problems() == []


def test_partner_and_goal_markdown_is_sanitised(site_dir, built):
    """Raw HTML in partner and goal descriptions is cleaned like a story's."""
    site_dir.write("partners/harbor-college.md",
                   "---\nname: Harbor College\ntype: semi-public\n---\n"
                   "We teach. <script>window.bad=1</script><img src=x onerror=alert(1)>"
                   "<a href='javascript:alert(1)'>x</a>\n")
    out = built()
    html = (out / "partners/harbor-college/index.html").read_text()
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
