"""An edit rewrites only the parts of the build cache it changed, and reuses the old folders.

The example site is built, one story is edited and the site is built again by
a new :class:`Builder` (as a new process would be): the cache files that did
not change are not written again, and the site is byte-identical to a clean
build, whatever was damaged or planted in the cache folder.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, edit

from wsstories.commands.build import Builder, build
from wsstories.output import parts

pytestmark = pytest.mark.slow  # whole sites built several times over

EXAMPLE = Path(__file__).resolve().parent.parent / "stories"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but Pagefind's (named anew each run) and the manifest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts
            and p.name != ".wsstories-build.json"}


def cache_files(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.glob("*.cache"))}


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(parts, "PART_ENTRIES", 2)  # the example site's caches in many parts
    source = tmp_path / "project" / "stories"
    shutil.copytree(EXAMPLE, source)
    return source


def clean(source: Path, where: Path) -> dict[str, str]:
    build(source, where / "output", today=TODAY)
    return snapshot(where / "output")


def test_an_edit_rewrites_only_the_cache_parts_it_changed(site, tmp_path):
    out = tmp_path / "project" / "output"
    cache = out.parent / ".wsstories-cache"
    build(site, out, today=TODAY)
    before = cache_files(cache)
    memo_parts = [n for n in before if n.startswith("check-") and ".p" in n]
    output_parts = [n for n in before if "-output-files.p" in n]
    assert len(memo_parts) >= 8 and len(output_parts) >= 8
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    builder = Builder(out)
    builder.build(site, today=TODAY)
    assert builder.last_fresh == 1
    after = cache_files(cache)
    changed = {n for n in after if after[n] != before.get(n)}
    # The edited file's result is keyed by its bytes: the part that held the old one and the
    # part that holds the new one (they may be the same) are written; none of the others.
    assert 1 <= len([n for n in changed if n in memo_parts]) <= 2
    assert len([n for n in changed if n.startswith("output-") and "-files.p" in n
                and "-output-" not in n]) == 1  # its fingerprint
    assert 0 < len([n for n in changed if n in output_parts]) < len(output_parts) // 2
    assert snapshot(out) == clean(site, tmp_path / "clean")


def test_damaged_parts_are_ignored_with_one_warning_each_and_the_site_is_right(site, tmp_path):
    out = tmp_path / "project" / "output"
    cache = out.parent / ".wsstories-cache"
    build(site, out, today=TODAY)
    damaged = sorted(cache.glob("check-*.p*.cache"))[:2] + sorted(cache.glob("*-output-files.p*.cache"))[:1]
    for path in damaged:
        path.write_bytes(b"\x80\x04garbage" * 10)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Changed. ")
    result = build(site, out, today=TODAY)
    warnings = [d.message for d in result.diagnostics if d.rule == "build-cache"]
    assert len(warnings) == 2 and all("ignored" in w for w in warnings)  # one for each cache
    assert any("1 other part" in w for w in warnings)
    assert snapshot(out) == clean(site, tmp_path / "clean")
    again = Builder(out)
    result = again.build(site, today=TODAY)
    assert again.last_made == 0 and not [d for d in result.diagnostics if d.rule == "build-cache"]


def kept_folders(out: Path) -> Path:
    [found] = (out.parent / ".wsstories-cache").glob("*-folders")
    return found


def test_the_old_outputs_folders_are_kept_empty_and_written_into_next(site, tmp_path):
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    build(site, out, today=TODAY)
    spare = kept_folders(out)
    assert not [p for p in spare.rglob("*") if not p.is_dir() or p.is_symlink()]  # no file at all
    folders = {p.relative_to(out) for p in out.rglob("*") if p.is_dir()}
    assert {p.relative_to(spare) for p in spare.rglob("*")} <= folders
    assert Path("stories/dev-welding") in {p.relative_to(spare) for p in spare.rglob("*")}
    inode = (spare / "stories" / "dev-welding").stat().st_ino
    edit(site / "2026" / "maria-cna.md", "  date: ", "  withdrawn: 2026-11-01\n  date: ")
    build(site, out, today=TODAY)
    assert (out / "stories" / "dev-welding").stat().st_ino == inode  # the kept folder, written into
    assert not (out / "stories" / "maria-cna").exists()
    assert not (kept_folders(out) / "stories" / "maria-cna").exists()  # nor its name, kept
    assert sorted(p.name for p in out.parent.iterdir()) == [".wsstories-cache", "output", "stories"]
    assert snapshot(out) == clean(site, tmp_path / "clean")


def test_a_file_planted_in_the_kept_folders_is_never_published(site, tmp_path):
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    build(site, out, today=TODAY)
    (kept_folders(out) / "stories" / "dev-welding" / "planted.html").write_text("<script>alert(1)</script>")
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Again. ")
    build(site, out, today=TODAY)
    assert not list(out.rglob("planted.html"))
    assert snapshot(out) == clean(site, tmp_path / "clean")


def test_the_output_is_looked_through_apart_and_the_process_is_always_waited_for(site, tmp_path,
                                                                                   monkeypatch):
    """An edit build looks through the last output in a forked process while it checks the
    source: a file changed by hand is still found and made again, and a build that stops on an
    error leaves no process behind."""
    import os
    from wsstories.commands.build import BuildStopped
    out = tmp_path / "project" / "output"
    build(site, out, today=TODAY)
    forked = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    (out / "404.html").write_text("changed by hand")
    edit(site / "2026" / "dev-welding.md", "\nsummary: ", "\nsummary: Now a lead welder. ")
    result = build(site, out, today=TODAY)
    assert forked and "changed by hand" not in (out / "404.html").read_text()
    assert [d.path.name for d in result.diagnostics if d.rule == "build-output-changed"] == ["404.html"]
    edit(site / "2026" / "dev-welding.md", "\ngoal: ", "\ngoal: no-such-goal\nother: ")
    with pytest.raises(BuildStopped):
        build(site, out, today=TODAY)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):  # nothing left to wait for: it was waited for
            os.waitpid(pid, os.WNOHANG)
