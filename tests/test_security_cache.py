"""The build cache can only save time: it never runs code, publishes a story or ships a bad photo."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import STORY, TODAY
from PIL import Image

from wsstories.commands.build import Builder, build
from wsstories.commands.load import cached_load, memo_name
from wsstories.commands.scaffold import init_site
from wsstories.model import Decision
from wsstories.output import cache as cache_module
from wsstories.output.cache import Cache

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    """This machine's cache key lives in the test's own folder."""
    monkeypatch.setenv("WSSTORIES_STATE_DIR", str(tmp_path / "state"))


WITHDRAWN = {**STORY["consent"], "withdrawn": TODAY.replace(day=1).isoformat()}


def _cache_folder(site_dir) -> Path:
    return site_dir.root.parent / ".wsstories-cache"


class _Planted:
    """A pickle that, when loaded, writes a file: what an attacker would plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def _plant(folder: Path, name: str, marker: Path) -> None:
    """A cache file with the old, valid-looking header followed by a crafted pickle."""
    folder.mkdir(parents=True, exist_ok=True)
    header = {"magic": "wsstories-cache", "format": cache_module.FORMAT,
              "version": cache_module.__version__, "key": ""}
    (folder / f"{name}.cache").write_bytes(json.dumps(header).encode() + b"\n"
                                           + pickle.dumps(_Planted(marker)))


def test_a_planted_cache_file_never_runs_code(site_dir, tmp_path):
    """A crafted cache file in .wsstories-cache/ is ignored with a warning and runs nothing."""
    marker = tmp_path / "pwned"
    folder = _cache_folder(site_dir)
    _plant(folder, memo_name(site_dir.root.absolute()), marker)
    site, diagnostics = cached_load(site_dir.root, today=TODAY)
    assert not marker.exists()
    warnings = [d for d in diagnostics if d.rule == "build-cache"]
    assert len(warnings) == 1 and "ignored" in warnings[0].message
    assert [s.id for s in site.published_stories] == ["maria"]


def test_a_planted_build_cache_never_runs_code(site_dir, tmp_path):
    """Every cache file that a build reads is safe to read: none can run code."""
    out = site_dir.root.parent / "output"
    build(site_dir.root, out, today=TODAY)
    marker = tmp_path / "pwned"
    folder = _cache_folder(site_dir)
    for path in folder.glob("*.cache"):
        _plant(folder, path.stem, marker)
    site_dir.story(body="A changed body.\n")
    result = build(site_dir.root, out, today=TODAY)
    assert not marker.exists()
    assert any(d.rule == "build-cache" for d in result.diagnostics)
    assert "A changed body." in (out / "stories/maria/index.html").read_text(encoding="utf-8")


def test_cache_files_are_plain_data(site_dir):
    """The cache holds JSON of plain values: every line after the header parses as JSON."""
    build(site_dir.root, site_dir.root.parent / "output", today=TODAY)
    files = sorted(_cache_folder(site_dir).glob("*.cache"))
    assert files
    for path in files:
        lines = path.read_bytes().splitlines()
        header = json.loads(lines[0])
        assert header["magic"] == "wsstories-cache" and header["format"] == cache_module.FORMAT
        assert lines[-1].startswith(b"hmac-sha256:") and len(lines[-1]) == 12 + 64
        for line in lines[1:-1]:
            json.loads(line)


def test_a_rewritten_entry_cannot_publish_a_withdrawn_story(site_dir):
    """A correctly signed cache entry that says a withdrawn story is published is not believed."""
    site_dir.story("dev", consent=WITHDRAWN, title="Dev learned to weld")
    site, _ = cached_load(site_dir.root, today=TODAY)
    assert [s.id for s in site.published_stories] == ["maria"]
    cache = Cache(_cache_folder(site_dir))  # the test has this machine's key
    name = memo_name(site_dir.root.absolute())
    memo = cache.load_parts(name)
    rewritten = 0
    for key, (result, diagnostics) in memo.items():
        if result.id == "dev":
            memo[key] = (replace(result, item=replace(result.item, decision=Decision(True))),
                         diagnostics)
            rewritten += 1
    assert rewritten == 1
    cache.save_parts(name, memo)

    site, diagnostics = cached_load(site_dir.root, today=TODAY)
    assert [s.id for s in site.published_stories] == ["maria"]
    assert ("dev.md", "consent-withdrawn") in {(d.path.name, d.rule) for d in diagnostics}
    out = site_dir.root.parent / "output"
    build(site_dir.root, out, today=TODAY)
    assert not (out / "stories/dev").exists()


def test_a_cache_signed_with_another_key_is_ignored(site_dir, tmp_path, monkeypatch):
    """A cache file made on another machine (or by anyone without this key) is not used."""
    cached_load(site_dir.root, today=TODAY)
    monkeypatch.setenv("WSSTORIES_STATE_DIR", str(tmp_path / "another-machine"))
    _, diagnostics = cached_load(site_dir.root, today=TODAY)
    assert [d.rule for d in diagnostics if d.rule == "build-cache"] == ["build-cache"]


def test_the_key_is_private_and_outside_the_site(site_dir, tmp_path):
    """The signing key is made once, readable by its owner only, in the state folder."""
    cached_load(site_dir.root, today=TODAY)
    key = tmp_path / "state" / "cache-key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    assert not list(site_dir.root.rglob("cache-key"))
    assert not list(_cache_folder(site_dir).rglob("cache-key"))


def test_a_key_others_can_read_is_not_used(site_dir, tmp_path):
    """A key file that other users could read is refused: the cache keeps nothing, with a warning."""
    cached_load(site_dir.root, today=TODAY)
    (tmp_path / "state" / "cache-key").chmod(0o644)
    _, diagnostics = cached_load(site_dir.root, today=TODAY)
    [warning] = [d for d in diagnostics if d.rule == "build-cache"]
    assert "cache-key" in warning.message


def test_an_old_format_cache_is_dropped_quietly(site_dir):
    """Cache files of the earlier (pickle) format are set aside with no warning."""
    folder = _cache_folder(site_dir)
    folder.mkdir()
    header = {"magic": "wsstories-cache", "format": 2, "version": cache_module.__version__, "key": ""}
    (folder / f"{memo_name(site_dir.root.absolute())}.cache").write_bytes(
        json.dumps(header).encode() + b"\n" + pickle.dumps([]))
    _, diagnostics = cached_load(site_dir.root, today=TODAY)
    assert not [d for d in diagnostics if d.rule == "build-cache"]


def test_init_writes_a_gitignore(tmp_path):
    """A new site ignores its built output and its build cache, so neither is ever committed."""
    written = init_site(tmp_path / "site", today=TODAY)
    ignore = tmp_path / "site" / ".gitignore"
    assert ignore in written
    lines = ignore.read_text(encoding="utf-8").splitlines()
    assert "output/" in lines and ".wsstories-cache/" in lines


def _photo() -> bytes:
    image = Image.new("RGB", (1200, 900), (10, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def photo_site(site_dir):
    site_dir.write("media/maria.jpg", _photo())
    site_dir.story(photo={"file": "media/maria.jpg", "alt": "Maria outside the clinic"},
                   consent={**STORY["consent"], "scope": ["web", "feed", "search", "photo"]},
                   body="Maria worked nights.\n\n![The clinic](media/maria.jpg)\n")
    return site_dir


def test_a_truncated_cached_image_is_made_again_with_a_warning(photo_site):
    """A cut-short image in the image cache is never published: it is made again, with a warning."""
    out = photo_site.root.parent / "output"
    build(photo_site.root, out, today=TODAY)
    cached = sorted((_cache_folder(photo_site) / "images").glob("*.*[gp]"))
    assert cached
    for path in cached:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    shutil.rmtree(out)
    result = build(photo_site.root, out, today=TODAY)
    warnings = [d for d in result.diagnostics if d.rule == "build-cache"]
    assert warnings and all("made again" in d.message for d in warnings)
    images = list((out / "media").rglob("*.jpg")) + list((out / "media").rglob("*.webp"))
    assert len(images) >= 3
    for path in images:
        with Image.open(path) as image:
            image.load()  # a truncated file raises here


def test_a_replaced_cached_image_is_not_published(photo_site):
    """An image swapped into the cache by someone else (say, with GPS data) is made again."""
    out = photo_site.root.parent / "output"
    build(photo_site.root, out, today=TODAY)
    folder = _cache_folder(photo_site) / "images"
    planted = Image.new("RGB", (480, 360), (255, 0, 0))
    buffer = io.BytesIO()
    planted.save(buffer, "JPEG", comment=b"home address 1402 Harbor Avenue")
    for path in folder.glob("*.jpg"):
        path.write_bytes(buffer.getvalue())
    shutil.rmtree(out)
    build(photo_site.root, out, today=TODAY)
    for path in (out / "media").rglob("*.jpg"):
        assert b"Harbor Avenue" not in path.read_bytes()


def test_a_sanitiser_upgrade_remakes_every_page(site_dir, monkeypatch):
    """When nh3 or Markdown changes version, cached pages and Markdown are made again."""
    import importlib.metadata

    out = site_dir.root.parent / "output"
    build(site_dir.root, out, today=TODAY)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0" if name == "nh3" else real(name))
    cache_module.libraries.cache_clear()
    try:
        from wsstories.site import markup

        monkeypatch.setattr(markup.Renderer, "render",
                            lambda self, text, links=None: "<p>fixed sanitiser</p>")
        builder = Builder(out)
        builder.build(site_dir.root, today=TODAY)
        assert builder.last_made > 5
        page = (out / "stories/maria/index.html").read_text(encoding="utf-8")
        assert "fixed sanitiser" in page
    finally:
        monkeypatch.undo()
        cache_module.libraries.cache_clear()


def test_a_damaged_manifest_is_treated_as_missing(site_dir):
    """A manifest in the old output that is not a JSON object is ignored, never a traceback."""
    out = site_dir.root.parent / "output"
    build(site_dir.root, out, today=TODAY)
    (out / ".wsstories-build.json").write_text("[1, 2]\n", encoding="utf-8")
    site_dir.story(body="Changed.\n")
    build(site_dir.root, out, today=TODAY)
    assert "Changed." in (out / "stories/maria/index.html").read_text(encoding="utf-8")
    assert json.loads((out / ".wsstories-build.json").read_text(encoding="utf-8"))["build"]
