"""`wsstories publish`: to a real bare git repository, a folder and rsync; every refusal."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from conftest import STORY, TODAY

from wsstories.commands.build import build
from wsstories.commands.cli import main
from wsstories.commands.publish import PublishRefused, Target, publish


def git(repo, *args) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def bare(tmp_path):
    repo = tmp_path / "site.git"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    return repo


@pytest.fixture
def built(site_dir, tmp_path):
    site_dir.story("dana", title="Dana found her feet", summary="Dana found work.")
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    return out


@pytest.fixture(autouse=True)
def real_day_is_today(monkeypatch):
    """publish has no --today: its real day is pinned to TODAY for these tests."""
    import wsstories.commands.publish
    monkeypatch.setattr(wsstories.commands.publish, "real_today", lambda: TODAY)


def _publish(site_dir, out, *args) -> int:
    return main(["publish", "--source", str(site_dir.root), "--output", str(out), *args])


@pytest.mark.slow
def test_publish_to_git_keeps_the_branch_history(site_dir, built, bare):
    """Publishing twice makes two commits; a withdrawn story is gone from the newest tree."""
    subprocess.run(["git", f"--git-dir={bare}", "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    assert _publish(site_dir, built, "--git", str(bare)) == 0
    first = git(bare, "rev-parse", "gh-pages").strip()
    assert "stories/dana/index.html" in git(bare, "ls-tree", "-r", "--name-only", "gh-pages")
    assert ".wsstories-build.json" not in git(bare, "ls-tree", "-r", "--name-only", "gh-pages")

    site_dir.story("dana", title="Dana found her feet", summary="Dana found work.",
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 27)})
    build(site_dir.root, built, today=TODAY)
    assert _publish(site_dir, built, "--git", str(bare)) == 0
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages")
    assert "stories/dana/index.html" not in files and "stories/maria/index.html" in files
    assert git(bare, "rev-parse", "gh-pages^").strip() == first  # history kept
    assert git(bare, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/gh-pages"]


def test_a_dry_run_changes_nothing(site_dir, built, bare, capsys):
    """--dry-run lists the changes with counts and leaves the target as it was."""
    assert _publish(site_dir, built, "--git", str(bare), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "+ stories/dana/index.html" in out and "Would publish to" in out and " added, 0 changed" in out
    assert git(bare, "for-each-ref") == ""


@pytest.mark.parametrize("case,message", [
    ("no build", "run 'wsstories build' first"),
    ("failed build", "the last build failed"),
    ("errors", "finds 1 error"),
    ("drafts", "includes drafts"),
    ("base url", "was built for"),
    ("stale", "the source has changed"),
    ("old", "build again today"),
])
def test_refusals(site_dir, tmp_path, bare, case, message):
    """Each reason not to publish is refused with a clear message, and nothing is sent."""
    out = tmp_path / "output"
    kwargs = {"drafts": True} if case == "drafts" else {}
    if case == "base url":
        kwargs["base_url"] = "http://127.0.0.1:8000/"
    if case != "no build":
        build(site_dir.root, out, today=TODAY, **kwargs)
    if case == "failed build":
        site_dir.story(goal="nowhere")
        with pytest.raises(Exception):
            build(site_dir.root, out, today=TODAY)
        site_dir.story()
    if case == "errors":
        site_dir.story(goal="nowhere")
    if case == "stale":
        site_dir.story(title="A new title for Maria")
    today = TODAY + dt.timedelta(days=1) if case == "old" else TODAY
    with pytest.raises(PublishRefused, match=message):
        publish(site_dir.root, out, Target("git", str(bare)), today=today)
    assert git(bare, "for-each-ref") == ""


def test_a_dirty_git_working_tree_is_refused(site_dir, built, tmp_path):
    """A target clone with uncommitted changes is refused."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    (clone / "notes.txt").write_text("not committed")
    with pytest.raises(PublishRefused, match="uncommitted changes"):
        publish(site_dir.root, built, Target("git", str(clone)), today=TODAY)


def test_publish_to_a_folder(site_dir, built, tmp_path):
    """A folder target is synced: stale files removed, files outside untouched."""
    www = tmp_path / "www" / "stories"
    neighbour = tmp_path / "www" / "other-site.html"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("someone else's page")
    assert _publish(site_dir, built, "--folder", str(www)) == 0
    assert (www / "stories/dana/index.html").is_file()
    site_dir.story("dana", title="Dana found her feet",
                   consent={**STORY["consent"], "withdrawn": dt.date(2026, 11, 27)})
    build(site_dir.root, built, today=TODAY)
    assert _publish(site_dir, built, "--folder", str(www)) == 0
    assert not (www / "stories/dana").exists()
    assert neighbour.read_text() == "someone else's page"
    assert sorted(p.name for p in www.parent.iterdir()) == ["other-site.html", "stories"]


def test_a_folder_of_other_files_is_refused(site_dir, built, tmp_path):
    """publish never replaces a folder that it did not publish into."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("mine")
    with pytest.raises(PublishRefused, match="did not publish"):
        publish(site_dir.root, built, Target("folder", str(www)), today=TODAY)
    assert (www / "index.html").read_text() == "mine"


def test_publish_with_rsync(site_dir, built, tmp_path):
    """rsync to a local path copies the site and deletes what is no longer built."""
    if shutil.which("rsync") is None:
        pytest.fail("rsync is missing; install it with: apt-get install -y rsync (see .ci/run)")
    dest = tmp_path / "rsynced"
    dest.mkdir()
    (dest / "stale.html").write_text("old")
    changes = publish(site_dir.root, built, Target("rsync", f"{dest}/"), today=TODAY)
    assert (dest / "stories/dana/index.html").is_file() and not (dest / "stale.html").exists()
    assert "stale.html" in changes.removed and "stories/dana/index.html" in changes.added
    dry = publish(site_dir.root, built, Target("rsync", f"{dest}/"), dry_run=True, today=TODAY)
    assert dry.summary() == "0 added, 0 changed, 0 removed"


@pytest.mark.slow
def test_publish_reads_its_target_from_site_toml(site_dir, tmp_path, bare):
    """[publish] in site.toml names the target."""
    site_dir.write("site.toml", 'title = "Test Stories"\nbase_url = "https://stories.lakeside.test/"\n'
                                f'[publish]\ntarget = "git"\nremote = "{bare}"\nbranch = "pages"\n')
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    assert _publish(site_dir, out) == 0
    assert git(bare, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/pages"]
