"""The output folder: publish sends only what the build made, rebuilds repair it, swaps survive a kill.

Each test builds a small site in ``tmp_path``, changes ``output/`` by hand
(or kills a build or publish between its two renames) and checks that
publish refuses, or that the next build or publish puts things right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import STORY, TODAY
from test_incremental import snapshot  # Pagefind's files, named anew each run, left out
from test_publish import built  # noqa: F401 (a fixture: a small site, built)

from wsstories.commands.build import Builder, build
from wsstories.commands.cli import main
from wsstories.commands.publish import PublishRefused, Target, publish
from wsstories.output.stage import MANIFEST

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

DAY = TODAY.isoformat()


def leftovers(folder: Path) -> list[str]:
    """Names of the swap's temporary folders beside ``folder``."""
    return sorted(p.name for p in folder.parent.iterdir() if ".new-" in p.name or ".old-" in p.name)


def target_for(kind: str, tmp_path: Path) -> Target:
    if kind == "git":
        repo = tmp_path / "site.git"
        subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
        return Target("git", str(repo))
    if kind == "rsync":
        (tmp_path / "rsynced").mkdir()
        return Target("rsync", f"{tmp_path / 'rsynced'}/")
    return Target("folder", str(tmp_path / "www" / "site"))


def nothing_sent(target: Target) -> bool:
    if target.kind == "git":
        return subprocess.run(["git", f"--git-dir={target.where}", "for-each-ref"], check=True,
                              capture_output=True, text=True).stdout == ""
    where = Path(target.where)
    return not where.exists() or not any(where.iterdir())


TAMPERING = {
    "planted page": lambda out: (out / "stories" / "planted").mkdir() or
    (out / "stories" / "planted" / "index.html").write_text("<p>not built</p>"),
    "deleted page": lambda out: (out / "stories" / "dana" / "index.html").unlink(),
    "changed page": lambda out: (out / "index.html").open("a").write("<script>alert(1)</script>"),
    "symlink to a secret": lambda out: ((out / "index.html").unlink(),
                                        (out / "index.html").symlink_to("/etc/passwd")),
    "symlinked folder": lambda out: (shutil.rmtree(out / "stories" / "dana"),
                                     (out / "stories" / "dana").symlink_to(out / "stories" / "maria")),
    "fifo": lambda out: os.mkfifo(out / "robots2.txt"),
}
REASONS = {"planted page": "publish-output-extra", "deleted page": "publish-output-missing",
           "changed page": "publish-output-changed", "symlink to a secret": "publish-output-link",
           "symlinked folder": "publish-output-link", "fifo": "publish-output-special"}


@pytest.mark.parametrize("kind", ["folder", "git", "rsync"])
@pytest.mark.parametrize("case", list(TAMPERING))
def test_publish_refuses_an_output_that_is_not_what_the_build_made(site_dir, built, tmp_path,
                                                                   kind, case):
    """A planted, deleted or changed file, a symlink or a special file in output/ stops every target."""
    target = target_for(kind, tmp_path)
    TAMPERING[case](built)
    with pytest.raises(PublishRefused, match=REASONS[case]) as refused:
        publish(site_dir.root, built, target, today=TODAY)
    assert "\n" not in str(refused.value) and "build again" in str(refused.value)
    assert nothing_sent(target)
    with pytest.raises(PublishRefused, match=REASONS[case]):
        publish(site_dir.root, built, target, dry_run=True, today=TODAY)


def test_publish_refusal_is_one_plain_line_with_a_rule(site_dir, built, tmp_path, capsys,
                                                       monkeypatch):
    """The command line names the file, the rule and what to do, in one line, with exit code 1."""
    import wsstories.commands.publish
    monkeypatch.setattr(wsstories.commands.publish, "real_today", lambda: TODAY)  # publish has no --today
    monkeypatch.chdir(tmp_path)
    (built / "index.html").open("a").write("<script>alert(1)</script>")
    code = main(["publish", "--source", str(site_dir.root), "--output", "output",
                 "--folder", str(tmp_path / "www")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("output/index.html: error[publish-output-changed]: "), err
    assert not (tmp_path / "www").exists()


def test_manifest_lists_every_file_with_its_size_and_sha256(built):
    """The build's manifest records each output file's size and SHA-256, and nothing else."""
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    on_disk = {p.relative_to(built).as_posix(): p for p in built.rglob("*")
               if p.is_file() and p.name != MANIFEST}
    assert set(manifest["files"]) == set(on_disk) and "index.html" in on_disk
    for relative, path in on_disk.items():
        data = path.read_bytes()
        assert manifest["files"][relative] == {"size": len(data),
                                               "sha256": hashlib.sha256(data).hexdigest()}


@pytest.mark.parametrize("listed", ["../secret.txt", "/etc/passwd", "stories/../../secret.txt"])
def test_a_manifest_that_names_a_path_outside_output_is_refused(site_dir, built, tmp_path, listed):
    """A manifest edited to list a file outside output/ is never followed."""
    (tmp_path / "secret.txt").write_text("secret")
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][listed] = {"size": 6, "sha256": hashlib.sha256(b"secret").hexdigest()}
    (built / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    target = target_for("folder", tmp_path)
    with pytest.raises(PublishRefused, match="publish-manifest-"):
        publish(site_dir.root, built, target, today=TODAY)
    assert nothing_sent(target)


def test_an_untouched_build_still_publishes(site_dir, built, tmp_path):
    """With output/ as the build left it, every file is published byte for byte."""
    target = target_for("folder", tmp_path)
    publish(site_dir.root, built, target, today=TODAY)
    published = snapshot(Path(target.where))
    published.pop(".wsstories-published")
    expected = snapshot(built)
    expected.pop(MANIFEST)
    assert published == expected


# Item 10: what a rebuild takes over is verified -------------------------------------------

def clean(site_dir, tmp_path, today=TODAY) -> dict[str, str]:
    out = tmp_path / "clean" / "output"
    build(site_dir.root, out, today=today)
    return snapshot(out)


def same_size_edit(path: Path) -> None:
    """Change a file's bytes keeping its size and its modification time."""
    info = path.stat()
    data = bytearray(path.read_bytes())
    data[-2:] = b"<!"
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize("tamper", ["append", "same size and time", "delete", "plant"])
@pytest.mark.parametrize("change", ["nothing", "another story"])
def test_a_rebuild_repairs_a_hand_edited_output(site_dir, built, tmp_path, tamper, change):
    """A page edited, deleted or planted by hand is put right by the next build, changed or not."""
    page = built / "404.html"  # made from nothing that changes: always taken over
    if tamper == "append":
        page.open("a").write("<script>alert(1)</script>")
    elif tamper == "same size and time":
        same_size_edit(page)
    elif tamper == "delete":
        page.unlink()
    else:
        (built / "planted.html").write_text("<script>alert(1)</script>")
    if change == "another story":
        site_dir.story(title="A new title for Maria")
    result = Builder(built).build(site_dir.root, today=TODAY)
    assert snapshot(built) == clean(site_dir, tmp_path)
    assert "build-output-changed" in {d.rule for d in result.diagnostics}
    publish(site_dir.root, built, target_for("folder", tmp_path), today=TODAY)  # verified: passes


def test_a_taken_over_page_is_a_copy_of_no_tampered_file(site_dir, built, tmp_path):
    """A page taken over is never the hand-edited old file, even while linked to the old output."""
    page = built / "404.html"
    old = page.stat().st_ino
    page.open("a").write("<script>alert(1)</script>")
    site_dir.story(title="A new title for Maria")
    build(site_dir.root, built, today=TODAY)
    assert b"<script>" not in page.read_bytes() and page.stat().st_ino != old


# Item 12: a kill between the two renames ------------------------------------------------

KILL = textwrap.dedent("""
    import datetime as dt, os, sys
    real = os.rename
    def rename(src, dst):
        real(src, dst)
        if ".old-" in os.fspath(dst):
            os._exit(9)  # killed between the two renames
    os.rename = rename
    from wsstories.commands.build import build
    from wsstories.commands.publish import Target, publish
    source, out, what = sys.argv[1], sys.argv[2], sys.argv[3]
    today = dt.date.fromisoformat(sys.argv[4])
    if what == "build":
        build(source, out, today=today)
    else:
        publish(source, out, Target("folder", what), today=today)
""")


def killed(*args: str) -> None:
    run = subprocess.run([sys.executable, "-c", KILL, *map(str, args), DAY], capture_output=True,
                         text=True)
    assert run.returncode == 9, run.stderr


@pytest.mark.slow
def test_a_build_killed_between_the_renames_is_recovered(site_dir, built, tmp_path):
    """The next build finds output/ missing, restores it, and leaves no leftover folder."""
    site_dir.story("dana", title="Dana found her feet", summary="Dana found work.",
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 27)})
    killed(site_dir.root, built, "build")
    assert not built.exists() and leftovers(built)
    build(site_dir.root, built, today=TODAY)
    assert leftovers(built) == [] and snapshot(built) == clean(site_dir, tmp_path)
    assert not (built / "stories" / "dana").exists()


@pytest.mark.slow
def test_publish_after_a_killed_build_recovers_the_output(site_dir, built, tmp_path):
    """publish restores output/ from the folder a killed build left, publishes it, and tidies up."""
    expected = snapshot(built)
    site_dir.story(title="A new title for Maria")
    killed(site_dir.root, built, "build")
    assert not built.exists()
    site_dir.story()  # back as it was built
    www = tmp_path / "www" / "site"
    publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    assert snapshot(built) == expected and leftovers(built) == []
    assert (www / "stories" / "dana" / "index.html").is_file()


@pytest.mark.slow
def test_a_publish_killed_between_the_renames_is_recovered(site_dir, built, tmp_path):
    """A folder target left missing by a killed publish is restored, and no old copy stays beside it."""
    www = tmp_path / "www" / "site"
    publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    site_dir.story("dana", title="Dana found her feet", summary="Dana found work.",
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 27)})
    build(site_dir.root, built, today=TODAY)
    killed(site_dir.root, built, www)
    assert not www.exists() and leftovers(www)
    publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    assert sorted(p.name for p in www.parent.iterdir()) == ["site"]
    assert not (www / "stories" / "dana").exists() and (www / "stories" / "maria").is_dir()


def test_stale_leftover_folders_are_removed(site_dir, built, tmp_path):
    """Old .output.new-*/.output.old-* and .site.old-* folders (withdrawn pages) are removed."""
    www = tmp_path / "www" / "site"
    publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    for folder in (built.parent / ".output.new-abcd1234", built.parent / ".output.old-efgh5678",
                   www.parent / ".site.old-ijkl9012", www.parent / ".site.new-mnop3456"):
        (folder / "stories" / "withdrawn").mkdir(parents=True)
        (folder / "stories" / "withdrawn" / "index.html").write_text("withdrawn story")
    (www.parent / ".site.old-ijkl9012" / ".wsstories-published").write_text("published by wsstories\n")
    (built.parent / "notes.txt").write_text("mine")
    publish(site_dir.root, built, Target("folder", str(www)), dry_run=True, today=TODAY)
    assert len(leftovers(built)) == 2 and len(leftovers(www)) == 2  # a dry run changes nothing
    build(site_dir.root, built, today=TODAY)
    assert leftovers(built) == [] and (built.parent / "notes.txt").is_file()
    publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    assert sorted(p.name for p in www.parent.iterdir()) == ["site"]


def test_an_interrupted_swap_puts_the_previous_site_back(site_dir, built, monkeypatch):
    """Ctrl-C (or any error) between the renames leaves the previous site in place."""
    expected = snapshot(built)
    real = os.rename

    def rename(src, dst):
        if Path(dst) == built and ".new-" in os.fspath(src):
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    site_dir.story(title="A new title for Maria")
    with pytest.raises(KeyboardInterrupt):
        build(site_dir.root, built, today=TODAY)
    assert snapshot(built) == expected and leftovers(built) == []


# Item 20: the day ------------------------------------------------------------------------

@pytest.mark.parametrize("days", [1, 40])
def test_a_rebuild_on_a_later_day_equals_a_clean_build_that_day(site_dir, built, tmp_path, days):
    """Feeds with no entries (and everything else) carry the new day, as a clean build's do."""
    later = TODAY + dt.timedelta(days=days)
    build(site_dir.root, built, today=later)
    assert snapshot(built) == clean(site_dir, tmp_path, today=later)
    feed = (built / "goals" / "fill-openings" / "feed.xml").read_text(encoding="utf-8")
    assert f"<updated>{later.isoformat()}T00:00:00Z</updated>" in feed


def test_a_rebuild_on_a_later_day_with_no_story_left(site_dir, tmp_path):
    """When the only story's consent has expired, the main feed is empty and dated the new day."""
    site_dir.story(consent={**STORY["consent"], "expires": TODAY + dt.timedelta(days=1)})
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    later = TODAY + dt.timedelta(days=5)
    build(site_dir.root, out, today=later)
    assert snapshot(out) == clean(site_dir, tmp_path, today=later)


# Siblings: what is taken over must be keyed by all it shows --------------------------------

def test_a_share_image_is_made_again_when_the_storyteller_asks_to_be_anonymous(site_dir, tmp_path):
    """The share image draws the storyteller's name, so a change of naming makes it again."""
    social = {**STORY["consent"], "scope": ["web", "feed", "search", "social"]}
    site_dir.story(consent=social)
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    site_dir.story(consent=social, storyteller={"name": "A job seeker", "naming": "anonymous"})
    build(site_dir.root, out, today=TODAY)
    shared = "stories/maria/share.png"
    assert snapshot(out)[shared] == clean(site_dir, tmp_path)[shared]
