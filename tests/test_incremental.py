"""Cached, incremental and parallel builds write exactly what a clean build writes.

A build remembers, in ``.wsstories-cache/`` beside the output, each file's
check result and the key of every file it wrote; the next build checks only
changed files and makes only pages whose key changed. These tests change the
example site in the ways staff do and compare every byte with a clean build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, edit

from wsstories.commands import write as write_module
from wsstories.commands.build import Builder, ThemeError, build
from wsstories.site.render import default_theme

pytestmark = pytest.mark.slow  # whole sites built several times over

EXAMPLE = Path(__file__).resolve().parent.parent / "stories"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (but Pagefind's, named anew each run, and
    so the manifest's list of them) with a hash of its bytes."""
    found = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}
    manifest = folder / ".wsstories-build.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["files"] = {p: v for p, v in data.get("files", {}).items() if not p.startswith("pagefind/")}
        found[manifest.name] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return found


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def clean_build(source: Path, where: Path) -> dict[str, str]:
    """A build with no cache at all, in a folder of its own."""
    out = where / "output"
    build(source, out, today=TODAY)
    return snapshot(out)


@pytest.fixture
def site(tmp_path) -> Path:
    source = tmp_path / "project" / "stories"
    shutil.copytree(EXAMPLE, source)
    return source


def test_nothing_changed_makes_nothing_and_keeps_every_file(site, tmp_path):
    """A second build of an unchanged source checks no file, makes no page and rewrites nothing."""
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    before, files = snapshot(out), inodes(out)
    again = Builder(out)  # a new process would start like this: from the cache on disk
    result = again.build(site, today=TODAY)
    assert (again.last_fresh, again.last_made) == (0, 0)
    assert result.published == 17 and not [d for d in result.diagnostics if d.rule == "build-cache"]
    assert snapshot(out) == before and inodes(out) == files


def test_one_edited_story_remakes_only_what_shows_it(site, tmp_path):
    """Editing a summary remakes its page, its neighbours, goal, partners and home; nothing else."""
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    files = inodes(out)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    builder = Builder(out)
    builder.build(site, today=TODAY)
    assert builder.last_fresh == 1  # only the edited file was checked again
    after = inodes(out)
    changed = {p for p in after if after[p] != files.get(p)}
    assert "stories/dev-welding/index.html" in changed
    assert "index.html" in changed or "goals/new-career/index.html" in changed
    assert "stories/maria-cna/index.html" not in changed  # another goal: not a neighbour
    untouched = {"partners/index.html", "outcomes/index.html", "404.html", "assets/style.css",
                 "stories/rosa-bookkeeping/index.html"}
    assert not untouched & changed, untouched & changed
    assert "Now a lead welder." in (out / "stories/dev-welding/index.html").read_text()
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("change", ["add", "remove", "withdraw", "partner", "settings", "photo"])
def test_cached_build_equals_clean_build(site, tmp_path, change):
    """Whatever changed, a build that reused the cache is byte-identical to a clean one."""
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    if change == "add":
        text = (site / "2026" / "grace-lpn.md").read_text(encoding="utf-8")
        (site / "2026" / "grace-lpn-again.md").write_text(
            text.replace("title: ", "title: Again, ", 1), encoding="utf-8")
    elif change == "remove":
        (site / "2026" / "aaliyah-first-job.md").unlink()
    elif change == "withdraw":
        edit(site / "2026" / "maria-cna.md", "  date: ", "  withdrawn: 2026-11-01\n  date: ")
    elif change == "partner":
        partner = sorted((site / "partners").glob("*.md"))[0]
        edit(partner, "name: ", "name: The ")
    elif change == "settings":
        edit(site / "site.toml", "title = \"", "title = \"Renamed: ")
    elif change == "photo":
        photo = site / "media" / "maria-badge.jpg"
        from PIL import Image
        with Image.open(photo) as image:
            image.rotate(90, expand=True).save(photo)
    result = build(site, out, today=TODAY)
    assert not [d for d in result.diagnostics if d.severity.value == "error"]
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def test_changed_template_remakes_every_page_it_renders(site, tmp_path):
    """A site theme's changed template invalidates the pages made with it."""
    theme = tmp_path / "project" / "theme" / "templates"
    theme.mkdir(parents=True)
    default = default_theme() / "templates"
    shutil.copy(default / "story.html", theme / "story.html")
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY, theme=theme.parent)
    edit(theme / "story.html", "<article class=\"story\"", "<article data-marker=\"new\" class=\"story\"")
    builder = Builder(out)
    builder.build(site, today=TODAY, theme=theme.parent)
    assert builder.last_fresh == 0 and builder.last_made >= 17  # every story page, nothing checked
    assert 'data-marker="new"' in (out / "stories" / "dev-welding" / "index.html").read_text()
    clean = tmp_path / "clean" / "output"
    build(site, clean, today=TODAY, theme=theme.parent)
    assert snapshot(out) == snapshot(clean)


@pytest.mark.parametrize("damage", [b"", b"not a cache\n", b'{"magic": "wsstories-cache", "format": 1',
                                    b"\x80\x04garbage" * 10])
def test_corrupt_or_foreign_cache_is_ignored_with_a_warning(site, tmp_path, damage):
    """A damaged cache file is never trusted: the build warns, does the work, and is right."""
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    cache = tmp_path / "project" / ".wsstories-cache"
    files = sorted(cache.glob("*.cache"))
    assert files
    for path in files:
        path.write_bytes(damage)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Changed. ")
    result = build(site, out, today=TODAY)
    warnings = [d for d in result.diagnostics if d.rule == "build-cache"]
    if damage:
        assert warnings and all("ignored" in d.message for d in warnings)
    assert snapshot(out) == clean_build(site, tmp_path / "clean")
    again = Builder(out)
    again.build(site, today=TODAY)
    assert again.last_made == 0  # the cache was written anew and is trusted again


def test_cache_of_another_version_is_not_used(site, tmp_path, monkeypatch):
    """Files written by another version of wsstories are set aside quietly."""
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    import wsstories.output.cache
    monkeypatch.setattr(wsstories.output.cache, "__version__", "0.0.0-other")
    builder = Builder(out)
    result = builder.build(site, today=TODAY)
    assert builder.last_fresh > 17 and builder.last_made > 17
    assert not [d for d in result.diagnostics if d.rule == "build-cache"]


def test_parallel_rendering_writes_what_one_process_writes(site, tmp_path, monkeypatch):
    """Pages made by forked workers are the same bytes as pages made in one process."""
    monkeypatch.setattr(write_module, "PARALLEL_PAGES", 1)
    parallel = tmp_path / "parallel" / "output"
    Builder(parallel, workers=2).build(site, today=TODAY)
    single = tmp_path / "single" / "output"
    Builder(single, workers=1).build(site, today=TODAY)
    assert snapshot(parallel) == snapshot(single)


def test_each_story_is_rendered_once_by_the_worker_that_makes_its_page(site, tmp_path, monkeypatch):
    """With forked workers the command renders no story's Markdown itself, not even for the
    feeds; after an edit, the pages taken over cost no rendering either, and the site is the
    same bytes as a clean build (their media still written)."""
    from wsstories.site import markup

    monkeypatch.setattr(write_module, "PARALLEL_PAGES", 1)
    bodies = {p.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()
              for p in site.glob("20*/*.md")}
    here: list[str] = []
    render = markup.Renderer.render

    def counted(self, text, links):
        if text.strip() in bodies:
            here.append(text)  # counted in this process only: forked workers count apart
        return render(self, text, links)

    monkeypatch.setattr(markup.Renderer, "render", counted)
    out = tmp_path / "project" / "output"
    Builder(out, workers=2).build(site, today=TODAY)
    assert here == []
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    Builder(out, workers=2).build(site, today=TODAY)  # a new command: from the cache on disk
    assert here == []
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def test_in_place_updates_after_a_failed_build_are_not_trusted(site, tmp_path):
    """serve's in-place builder: a template that fails half-way, then is fixed, leaves a right site."""
    theme = tmp_path / "project" / "theme" / "templates"
    theme.mkdir(parents=True)
    default = default_theme() / "templates"
    good = (default / "story.html").read_text(encoding="utf-8")
    (theme / "story.html").write_text(good, encoding="utf-8")
    out = tmp_path / "serve" / "site"
    builder = Builder(out, persistent=False, in_place=True, defer_search=True)
    builder.build(site, today=TODAY, theme=theme.parent)
    (theme / "story.html").write_text(
        good.replace("{% block main %}", "{% block main %}{{ story.title }}{% if story.id == 'samir-catering' %}{{ nothing.here }}{% endif %}"),
        encoding="utf-8")
    with pytest.raises(ThemeError):
        builder.build(site, today=TODAY, theme=theme.parent)
    (theme / "story.html").write_text(good, encoding="utf-8")
    builder.build(site, today=TODAY, theme=theme.parent)
    clean = tmp_path / "clean" / "output"
    build(site, clean, today=TODAY, theme=theme.parent)
    ours = {k: v for k, v in snapshot(out).items() if k != ".wsstories-build.json"}
    theirs = {k: v for k, v in snapshot(clean).items() if k != ".wsstories-build.json"}
    assert ours == theirs


def test_check_reuses_the_cache_and_reports_exactly_the_same(site, monkeypatch):
    """`check` keeps each file's result beside the source; a second check reads only changed files."""
    from wsstories.commands import load
    checked: list[str] = []
    real = load._validate_batch

    def counting(batch, *args):
        checked.extend(path.name for path, *_ in batch)
        return real(batch, *args)

    monkeypatch.setattr(load, "_validate_batch", counting)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Our client Dev. ")
    _, first = load.cached_load(site, today=TODAY)
    assert len(checked) > 17 and any(d.rule == "ownership-claim" for d in first)
    checked.clear()
    _, second = load.cached_load(site, today=TODAY)
    assert checked == [] and [d.format() for d in second] == [d.format() for d in first]
    edit(site / "2026" / "dev-welding.md", "Our client Dev. ", "")
    _, third = load.cached_load(site, today=TODAY)
    assert checked == ["dev-welding.md"]
    assert not any(d.rule == "ownership-claim" for d in third)
    _, fresh = load.load_site(site, today=TODAY)  # no cache at all
    assert [d.format() for d in third] == [d.format() for d in fresh]


def test_serve_keeps_the_old_search_index_until_the_new_one_is_made(site, tmp_path):
    """In place, Pagefind runs after the pages are written; until then the last index stays."""
    out = tmp_path / "serve" / "site"
    builder = Builder(out, persistent=False, in_place=True, defer_search=True)
    builder.build(site, today=TODAY)
    assert not (out / "pagefind").exists() and builder.pending_search
    builder.finish_search()
    entry = (out / "pagefind" / "pagefind-entry.json").read_bytes()
    assert builder.pending_search is None

    builder.build(site, today=TODAY)  # nothing changed: nothing to index
    assert builder.pending_search is None and builder.unchanged
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Zanzibarian welding. ")
    builder.build(site, today=TODAY)
    assert builder.pending_search and (out / "pagefind" / "pagefind-entry.json").read_bytes() == entry
    builder.finish_search()
    assert not (out / ".pagefind.new").exists()
    fragments = b"".join(p.read_bytes() for p in (out / "pagefind" / "fragment").iterdir())
    assert (out / "pagefind" / "pagefind-entry.json").is_file() and fragments
    assert set(builder.previous.files) == {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {".wsstories-build.json"}
