"""publish refuses init's example content and --drafts previews; check lists the example content."""

from __future__ import annotations

import json

import pytest
from conftest import STORY, TODAY

from wsstories.checks.example import example_url
from wsstories.commands.build import build
from wsstories.commands.cli import main
from wsstories.commands.scaffold import init_site

pytestmark = pytest.mark.slow  # builds and publishes whole sites


@pytest.fixture(autouse=True)
def real_day_is_today(monkeypatch):
    """publish has no --today: its real day is pinned to TODAY for these tests."""
    import wsstories.commands.publish
    monkeypatch.setattr(wsstories.commands.publish, "real_today", lambda: TODAY)


def _publish(source, out, www, capsys) -> tuple[int, str]:
    code = main(["publish", "--source", str(source), "--output", str(out), "--folder", str(www)])
    return code, capsys.readouterr().err.strip()


@pytest.fixture
def new_site(tmp_path):
    init_site(tmp_path / "site", today=TODAY)
    return tmp_path / "site" / "stories"


def _line_of(path, start: str) -> int:
    return next(i for i, row in enumerate(path.read_text().splitlines(), 1) if row.startswith(start))


def test_publish_refuses_inits_example_until_each_piece_is_replaced(new_site, tmp_path, capsys):
    """The example address, then the example story, then its consent reference: each refused, named
    by file and line; nothing is written to the target until the last is gone."""
    out, www = tmp_path / "output", tmp_path / "www"
    settings = new_site / "site.toml"
    build(new_site, out, today=TODAY)
    code, err = _publish(new_site, out, www, capsys)
    assert code == 1 and len(err.splitlines()) == 1
    assert f"site.toml:{_line_of(settings, 'base_url')}: error[publish-example]: base_url is " \
           "init's example address (https://stories.example.org/)" in err
    assert "allow_example = true under [publish] in site.toml" in err and "1 more piece" in err
    assert not www.exists()

    settings.write_text(settings.read_text().replace("https://stories.example.org/",
                                                     "https://stories.lakeside.test/"))
    build(new_site, out, today=TODAY)
    code, err = _publish(new_site, out, www, capsys)
    story = new_site / "first-story.md"
    assert code == 1 and f"first-story.md:{_line_of(story, 'title:')}: error[publish-example]: " \
                         "this is init's example story" in err
    assert not www.exists()

    # Renamed, and the text rewritten: the consent reference is still the example's.
    text = story.read_text()
    body = text.split("\n---\n", 1)[0] + "\n---\nAna found a job at the bakery in May.\n"
    story.unlink()
    renamed = new_site / "ana.md"
    renamed.write_text(body.replace("title: Maria earned", "title: Ana earned"))
    build(new_site, out, today=TODAY)
    code, err = _publish(new_site, out, www, capsys)
    assert code == 1 and f"ana.md:{_line_of(renamed, '  ref:')}: error[publish-example]: " \
                         "'EXAMPLE-0001' is init's example consent reference" in err
    assert not www.exists()

    renamed.write_text(renamed.read_text().replace("EXAMPLE-0001", "WS-2026-0007"))
    build(new_site, out, today=TODAY)
    assert _publish(new_site, out, www, capsys) == (0, "")
    assert (www / "stories/ana/index.html").is_file()


def test_allow_example_publishes_it_and_is_validated(new_site, tmp_path, capsys):
    """[publish] allow_example = true lets the example out; a value that is not a boolean is an error."""
    settings = new_site / "site.toml"
    settings.write_text(settings.read_text() + "\n[publish]\nallow_example = \"yes\"\n")
    assert main(["check", "--source", str(new_site), "--today", TODAY.isoformat()]) == 2
    out = capsys.readouterr().out
    assert f"site.toml:{_line_of(settings, 'allow_example')}: error[settings-type]: " \
           "'publish.allow_example' must be true or false" in out
    settings.write_text(settings.read_text().replace('"yes"', "true"))
    assert main(["check", "--source", str(new_site), "--today", TODAY.isoformat()]) == 0
    assert "publish-example" not in capsys.readouterr().out
    out_dir, www = tmp_path / "output", tmp_path / "www"
    build(new_site, out_dir, today=TODAY)
    assert _publish(new_site, out_dir, www, capsys) == (0, "")
    assert (www / "stories/first-story/index.html").is_file()


def test_check_lists_the_example_content_as_info(new_site, capsys):
    """check names each piece of example content (info: it passes, even with --strict)."""
    code = main(["check", "--source", str(new_site), "--strict", "--today", TODAY.isoformat(),
                 "--format", "json"])
    found = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "publish-example"]
    assert code == 0
    assert [(d["path"].rsplit("/", 1)[-1], d["severity"]) for d in found] == [
        ("first-story.md", "info"), ("site.toml", "info")]


@pytest.mark.parametrize("url,is_example", [
    ("https://stories.example.org/", True), ("http://stories.example.org", True),
    ("https://www.stories.example.org/lakeside/", True), ("stories.example.org/", True),
    ("https://STORIES.Example.org./", True), ("https://stories.example.org:8443/", True),
    ("https://stories.example.org.evil.test/", False), ("https://lakeside.example.org/", False),
    ("https://stories.lakeside.test/", False), (None, False),
])
def test_the_example_address_is_recognised_in_any_form(url, is_example):
    assert example_url(url) is is_example


def test_a_build_for_the_example_address_is_refused(site_dir, tmp_path, capsys):
    """--base-url the example's: refused even though site.toml names a real address."""
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY, base_url="https://www.stories.example.org/")
    code = main(["publish", "--source", str(site_dir.root), "--output", str(out),
                 "--folder", str(tmp_path / "www"), "--base-url", "https://www.stories.example.org/"])
    err = capsys.readouterr().err
    assert code == 1 and "error[publish-example]" in err and "--base-url" in err


def test_a_drafts_preview_is_never_published(site_dir, tmp_path, capsys):
    """A --drafts build (one previewing an unreviewed draft) is refused, and so is one whose
    manifest was changed to deny it: the drafts' pages give it away."""
    unreviewed = {k: v for k, v in STORY["consent"].items() if k != "reviewed"}
    site_dir.story("rosa", status="draft", consent=unreviewed)
    out, www = tmp_path / "output-drafts", tmp_path / "www"
    build(site_dir.root, out, today=TODAY, drafts=True)
    code, err = _publish(site_dir.root, out, www, capsys)
    assert code == 1 and "a preview made with --drafts, which can never be published" in err
    assert not www.exists()
    manifest = out / ".wsstories-build.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "drafts": False}))
    code, err = _publish(site_dir.root, out, www, capsys)
    assert code == 1 and "the build holds the story 'rosa'" in err
    assert not www.exists()
