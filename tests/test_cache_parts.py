"""Large caches in parts: a save rewrites only the parts that changed, and every part is checked.

These drive :class:`~wsstories.output.cache.Cache` directly (no site is built):
each part is a signed file named by a signed index, and a part that is damaged,
foreign or not the one the index names is never used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wsstories.output import parts
from wsstories.output import spare as spares
from wsstories.output.cache import Cache


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(parts, "PART_ENTRIES", 4)  # 40 entries: 16 parts


def entries(n: int = 40) -> dict:
    return {f"story-{i:03d}": (f"text {i}", [i, i + 1]) for i in range(n)}


def files(folder: Path, name: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob(f"{name}*.cache"))}


def test_a_cache_in_parts_gives_back_what_was_saved(tmp_path, small_parts):
    cache = Cache(tmp_path)
    cache.save_parts("memo", entries(), key="k")
    on_disk = files(tmp_path, "memo")
    assert len(on_disk) > 8  # the index and its parts
    assert Cache(tmp_path).load_parts("memo", key="k") == entries()
    assert Cache(tmp_path).load_parts("memo", key="other") is None  # made for another key
    for data in on_disk.values():  # each file is signed JSON of plain values
        lines = data.splitlines()
        assert json.loads(lines[0])["magic"] == "wsstories-cache"
        assert lines[-1].startswith(b"hmac-sha256:")


def test_a_save_rewrites_only_the_parts_whose_entries_changed(tmp_path, small_parts):
    Cache(tmp_path).save_parts("memo", entries())
    before = files(tmp_path, "memo")
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("memo*.cache")}
    cache = Cache(tmp_path)  # as the next build does: load, change one entry, save
    value = cache.load_parts("memo")
    value["story-007"] = ("an edited text", [7, 8])
    cache.save_parts("memo", value)
    after = files(tmp_path, "memo")
    changed = {name for name in after if after[name] != before.get(name)}
    assert "memo.cache" in changed and len(changed) == 2  # the index and the one part
    touched = {p.name for p in tmp_path.glob("memo*.cache") if p.stat().st_mtime_ns != stamps[p.name]}
    assert touched == changed
    assert Cache(tmp_path).load_parts("memo")["story-007"] == ("an edited text", [7, 8])
    cache.save_parts("memo", value)  # nothing changed since: nothing is written
    assert files(tmp_path, "memo") == after


def test_a_removed_entry_rewrites_its_part_and_an_emptied_part_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "PART_ENTRIES", 1)
    cache = Cache(tmp_path)
    cache.save_parts("memo", {"a": 1, "b": 2})
    cache.save_parts("memo", {"a": 1})
    assert len(files(tmp_path, "memo")) == 2  # the index and the part that holds "a"
    assert Cache(tmp_path).load_parts("memo") == {"a": 1}


@pytest.mark.parametrize("damage", [b"", b"not a cache\n", b"\x80\x04garbage" * 10])
def test_damaged_parts_are_left_out_with_one_warning(tmp_path, small_parts, damage):
    Cache(tmp_path).save_parts("memo", entries())
    part_files = sorted(tmp_path.glob("memo.p*.cache"))
    for path in part_files[:3]:
        path.write_bytes(damage)
    said: list[str] = []
    value = Cache(tmp_path, said.append).load_parts("memo")
    assert len(said) == 1 and "ignored" in said[0] and "2 other parts" in said[0]
    assert 0 < len(value) < 40 and all(value[k] == entries()[k] for k in value)
    assert Cache(tmp_path, said.append).load_parts("memo", whole=True) is None


def test_a_signed_part_the_index_does_not_name_is_not_used(tmp_path, small_parts):
    """A part left by a save stopped before its index was written is not used, quietly."""
    cache = Cache(tmp_path)
    cache.save_parts("memo", entries())
    old = files(tmp_path, "memo")
    value = dict(entries(), **{"story-007": ("an edited text", [7, 8])})
    cache.save_parts("memo", value)
    (tmp_path / "memo.cache").write_bytes(old["memo.cache"])  # as if the index was not written
    said: list[str] = []
    loaded = Cache(tmp_path, said.append).load_parts("memo")
    assert said == [] and "story-007" not in loaded and len(loaded) < 40
    assert all(loaded[k] == entries()[k] for k in loaded)


def test_a_damaged_or_foreign_index_is_ignored_with_a_warning(tmp_path, small_parts):
    Cache(tmp_path).save_parts("memo", entries())
    (tmp_path / "memo.cache").write_bytes(b'{"magic": "wsstories-cache", "format": 8')
    said: list[str] = []
    assert Cache(tmp_path, said.append).load_parts("memo") is None
    assert len(said) == 1 and "memo.cache" in said[0]


def test_a_part_signed_with_another_key_is_not_used(tmp_path, small_parts, monkeypatch):
    Cache(tmp_path).save_parts("memo", entries())
    monkeypatch.setenv("WSSTORIES_STATE_DIR", str(tmp_path / "another-machine"))
    said: list[str] = []
    assert Cache(tmp_path, said.append).load_parts("memo") is None
    assert len(said) == 1 and "not made by wsstories for this user" in said[0]


# The old output's folders, kept empty for the next build --------------------------------

def tree(root: Path) -> tuple[set[str], set[str]]:
    """(folders, files) under ``root``, relative."""
    found = [p for p in root.rglob("*")]
    return ({p.relative_to(root).as_posix() for p in found if p.is_dir() and not p.is_symlink()},
            {p.relative_to(root).as_posix() for p in found if not p.is_dir() or p.is_symlink()})


def old_output(root: Path) -> Path:
    for relative in ("index.html", "stories/maria/index.html", "stories/maria/card/index.html",
                     "stories/dev/index.html", "pagefind/en-1/fragment/a.pf"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("page")
    return root


def test_the_kept_folders_hold_no_file_and_only_the_new_sites_folders(tmp_path):
    old = old_output(tmp_path / ".output.old-12345678")
    kept = tmp_path / "cache" / "output-folders"
    assert spares.keep(old, kept, {"stories", "stories/maria", "pagefind", "pagefind/en-1"})
    assert not old.exists()
    folders, found = tree(kept)
    assert found == set()  # no page: only folders
    assert folders == {"stories", "stories/maria", "pagefind", "pagefind/en-1"}  # dev's is gone


def test_kept_folders_become_the_next_stage(tmp_path):
    kept = tmp_path / "cache" / "output-folders"
    spares.keep(old_output(tmp_path / ".output.old-12345678"), kept, {"stories", "stories/maria"})
    output = tmp_path / "output"
    stage, folders = spares.claim(kept, output)
    assert not kept.exists() and stage.parent == tmp_path and stage.name.startswith(".output.new-")
    assert folders == {os.fspath(stage), os.fspath(stage / "stories"), os.fspath(stage / "stories/maria")}
    assert stage.stat().st_mode & 0o777 == 0o700  # private while it is written


@pytest.mark.parametrize("planted", ["file", "link", "linked-folder"])
def test_kept_folders_that_hold_anything_else_are_not_used(tmp_path, planted):
    kept = tmp_path / "cache" / "output-folders"
    spares.keep(old_output(tmp_path / ".output.old-12345678"), kept, {"stories", "stories/maria"})
    where = kept / "stories" / "maria"
    if planted == "file":
        (where / "index.html").write_text("<script>alert(1)</script>")
    elif planted == "link":
        (where / "index.html").symlink_to(tmp_path / "elsewhere.html")
    else:
        (tmp_path / "elsewhere").mkdir()
        (where / "card").symlink_to(tmp_path / "elsewhere")
    assert spares.claim(kept, tmp_path / "output") is None
    assert not kept.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output.new-")]


# The manifest --------------------------------------------------------------------------

MANY = {"index.html": (12, "a" * 64), "stories/é \"x\"/index.html": (0, "b" * 64),
        "assets/style.css": (3, "c" * 64)}


@pytest.mark.parametrize("files", [{}, MANY])
def test_the_manifest_is_what_json_writes(files):
    """The manifest's list of files is written directly, byte for byte as json.dumps writes it."""
    from wsstories.output.stage import manifest_bytes
    manifest = {"generator": "wsstories 1", "stories": ["maria", "dev"], "build": None, "drafts": False}
    listed = {p: {"size": s, "sha256": h} for p, (s, h) in sorted(files.items())}
    expected = json.dumps({**manifest, "files": listed}, indent=2, sort_keys=True) + "\n"
    assert manifest_bytes(manifest, files) == expected.encode("utf-8")
