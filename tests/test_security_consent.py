"""Security: publish judges consent as of the real day, consent dates and blocks count, targets stay out of the source, workers die with their parent."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import STORY, TODAY

from wsstories.commands.build import build
from wsstories.commands.cli import main
from wsstories.commands.publish import PublishRefused, Target, publish
from wsstories.errors import UsageError

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

D = dt.timedelta


def _consent(**changes):
    data = {**STORY["consent"], **changes}
    return {k: v for k, v in data.items() if v is not None}


# Item 4: publish judges consent as of the real day ----------------------------------

@pytest.fixture
def stale_build(site_dir, tmp_path):
    """A site built a month before the real today, whose consent expired yesterday (real days)."""
    real = dt.date.today()
    month_ago = real - D(days=30)
    site_dir.story(date=real - D(days=60),
                   consent={"ref": "WS-1", "date": real - D(days=400),
                            "reviewed": real - D(days=399), "expires": real - D(days=1)})
    out = tmp_path / "output"
    build(site_dir.root, out, today=month_ago)
    assert (out / "stories/maria/index.html").is_file()  # published on the day it was built
    return site_dir, out, month_ago


def test_publish_has_no_today_option(stale_build, tmp_path, capsys):
    """`publish --today` is a usage error now, so an old build cannot be published as of its own day."""
    site_dir, out, month_ago = stale_build
    www = tmp_path / "www"
    with pytest.raises(SystemExit) as stopped:
        main(["publish", "--source", str(site_dir.root), "--output", str(out),
              "--folder", str(www), "--today", month_ago.isoformat()])
    assert stopped.value.code == 2
    assert "--today" in capsys.readouterr().err
    assert not www.exists()


def test_publish_refuses_a_build_whose_consent_expired_since(stale_build, tmp_path, capsys):
    """Without any option, publish judges the build as of the real day and refuses it."""
    site_dir, out, _ = stale_build
    www = tmp_path / "www"
    code = main(["publish", "--source", str(site_dir.root), "--output", str(out), "--folder", str(www)])
    err = capsys.readouterr().err
    assert code == 1 and "build again today" in err
    assert not www.exists()
    with pytest.raises(PublishRefused):
        publish(site_dir.root, out, Target("folder", str(www)))
    assert not www.exists()


def test_publish_refuses_a_story_not_published_on_the_real_day(stale_build, tmp_path):
    """Even a manifest that claims today's date cannot carry a story whose consent has expired."""
    site_dir, out, _ = stale_build
    manifest_path = out / ".wsstories-build.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["date"] = dt.date.today().isoformat()
    manifest_path.write_text(json.dumps(manifest))
    www = tmp_path / "www"
    with pytest.raises(PublishRefused, match="maria.*not published today"):
        publish(site_dir.root, out, Target("folder", str(www)))
    assert not www.exists()


def test_publish_has_no_hidden_options():
    """Every option of publish is listed in its help: nothing undocumented can bypass a refusal."""
    from wsstories.commands.cli import _parser
    parser = _parser()
    command = parser._subparsers._group_actions[0].choices["publish"]
    import argparse
    hidden = [a.option_strings for a in command._actions if a.help == argparse.SUPPRESS]
    assert hidden == []
    assert "today" not in {a.dest for a in command._actions}


# Item 5: a translation's own consent block takes effect ------------------------------

@pytest.fixture
def bilingual(site_dir):
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\nlanguages = ["en", "es"]\n')
    return site_dir


def _translation(site, **consent):
    site.story("maria-es", lang="es", translation_of="maria", title="Maria y su carrera",
               consent={"reviewed": dt.date(2026, 10, 6), **consent})


def _held(site, name="maria-es.md"):
    site_, diagnostics = site.load()
    return ({s.id for s in site_.published_stories},
            {d.rule for d in diagnostics if d.path.name == name})


def test_a_translations_own_withdrawal_holds_it_back(bilingual, tmp_path):
    """`withdrawn:` in a translation's consent block holds that translation back, everywhere."""
    _translation(bilingual, withdrawn=TODAY - D(days=3))
    published, rules = _held(bilingual)
    assert published == {"maria"} and "consent-withdrawn" in rules
    out = tmp_path / "output"
    build(bilingual.root, out, today=TODAY, drafts=True)
    assert not (out / "es/stories/maria-es").exists()
    assert "maria-es" not in (out / "sitemap.xml").read_text()


def test_a_translations_own_expiry_holds_it_back(bilingual):
    """`expires:` in a translation's consent block takes effect: expired yesterday means held back."""
    _translation(bilingual, expires=TODAY - D(days=1))
    published, rules = _held(bilingual)
    assert published == {"maria"} and "consent-expired" in rules
    _translation(bilingual, expires=TODAY)  # valid through its expires day
    assert _held(bilingual)[0] == {"maria", "maria-es"}


def test_a_translation_cannot_outlive_its_originals_consent(bilingual):
    """A later `expires:` in a translation does not extend the original's consent."""
    bilingual.story(consent=_consent(expires=TODAY - D(days=1)))
    _translation(bilingual, expires=TODAY + D(days=300))
    published, rules = _held(bilingual)
    assert published == set() and "consent-expired" in rules


def test_a_translations_own_scope_narrows_the_shared_consent(bilingual):
    """`scope:` in a translation's block takes effect: without 'web' it is held back."""
    _translation(bilingual, scope=["feed"])
    published, rules = _held(bilingual)
    assert published == {"maria"} and "consent-scope" in rules


def test_a_translation_with_half_a_consent_of_its_own_is_an_error(bilingual):
    """A translation's block with a `date` but no `ref` is an error, not silently shared."""
    _translation(bilingual, date=dt.date(2026, 10, 1))
    _, diagnostics = bilingual.load()
    errors = [d for d in diagnostics if d.path.name == "maria-es.md" and d.severity.value == "error"]
    assert [d.rule for d in errors] == ["schema-required"]
    assert "consent.ref" in errors[0].message


def test_an_originals_withdrawal_holds_back_a_translation_with_its_own_consent(bilingual):
    """A translation with a full consent of its own is still held back when the original is withdrawn."""
    bilingual.story(consent=_consent(withdrawn=TODAY - D(days=2)))
    _translation(bilingual, ref="WS-ES-1", date=dt.date(2026, 9, 30))
    published, rules = _held(bilingual)
    assert published == set() and "publish-original-held" in rules


# Item 9: a review dated after today is not yet a review ------------------------------

FUTURE = [
    ("reviewed", {"consent": _consent(reviewed=TODAY + D(days=1))}, "consent-reviewed-future"),
    ("guardian", {"storyteller": {"name": "Ana", "naming": "first", "minor": True},
                  "consent": _consent(guardian=TODAY + D(days=5))}, "consent-guardian-future"),
    ("sensitive", {"sensitive": ["health"],
                   "consent": _consent(sensitive_reviewed=TODAY + D(days=5))},
     "consent-sensitive-future"),
    ("consent date", {"consent": _consent(date=TODAY + D(days=1), reviewed=TODAY + D(days=1))},
     "consent-future"),
]


@pytest.mark.parametrize("case,changes,rule", FUTURE, ids=[c[0] for c in FUTURE])
def test_a_future_review_is_not_yet_a_review(site_dir, tmp_path, capsys, case, changes, rule):
    """A consent date after today holds the story back, says why in check, and --drafts does not add it."""
    site_dir.story(**changes)
    site, diagnostics = site_dir.load()
    assert site.published_stories == ()
    assert rule in {d.rule for d in diagnostics if d.severity.value == "info"}
    assert main(["check", "--source", str(site_dir.root), "--today", TODAY.isoformat()]) == 0
    printed = capsys.readouterr().out
    assert f"info[{rule}]" in printed and "in the future" in printed and "0 published, 1 held back" in printed
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY, drafts=True)
    assert not (out / "stories/maria").exists()
    # The day after, it is a review, and the story is published.
    later = TODAY + D(days=6)
    assert {s.id for s in site_dir.load(today=later)[0].published_stories} == {"maria"}


def test_a_translations_future_review_is_not_yet_a_review(bilingual):
    """A translation's own review dated tomorrow holds the translation back."""
    _translation(bilingual, reviewed=TODAY + D(days=1))
    published, rules = _held(bilingual)
    assert published == {"maria"} and "consent-reviewed-future" in rules


# Item 15: publishing into the source or the output ----------------------------------

@pytest.fixture
def built(site_dir, tmp_path):
    out = tmp_path / "output"
    build(site_dir.root, out, today=TODAY)
    return out


def _file_count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("where", ["in source", "source", "in output", "output", "above source"])
def test_publish_refuses_a_folder_in_the_source_or_output(site_dir, built, tmp_path, where):
    """--folder inside (or equal to, or around) the source or output is a usage error, and nothing is written."""
    folder = {"in source": site_dir.root / "site", "source": site_dir.root,
              "in output": built / "copy", "output": built, "above source": tmp_path}[where]
    if where == "above source":
        (tmp_path / ".wsstories-published").write_text("published by wsstories\n")
    before = (_file_count(site_dir.root), _file_count(built))
    with pytest.raises(UsageError, match="source folder|output folder"):
        publish(site_dir.root, built, Target("folder", str(folder)), today=TODAY)
    assert (_file_count(site_dir.root), _file_count(built)) == before


def test_publish_cli_says_why_a_folder_in_the_source_is_refused(site_dir, built, tmp_path,
                                                               capsys, monkeypatch):
    """The command line prints one plain line and exits 2."""
    import wsstories.commands.publish as p
    monkeypatch.setattr(p, "real_today", lambda: TODAY)
    monkeypatch.chdir(tmp_path)
    code = main(["publish", "--source", "stories", "--output", "output", "--folder", "stories/site"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "inside the source folder" in err
    assert not (site_dir.root / "site").exists()


def test_rsync_to_a_local_path_in_the_source_is_refused(site_dir, built):
    """A local rsync destination inside the source is refused like a folder."""
    with pytest.raises(UsageError, match="inside the source folder"):
        publish(site_dir.root, built, Target("rsync", f"{site_dir.root}/site/"), today=TODAY)
    assert not (site_dir.root / "site").exists()


# Item 16: every local git target gets the dirty-tree check --------------------------

@pytest.fixture
def dirty_clone(tmp_path):
    clone = tmp_path / "clone dir"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    (clone / "notes.txt").write_text("not committed")
    return clone


@pytest.mark.parametrize("form", ["file url", "file url to .git", "path to .git",
                                  "file://localhost url", "relative path"])
def test_a_dirty_git_working_tree_is_refused_however_it_is_named(site_dir, built, dirty_clone,
                                                                 monkeypatch, form):
    """A dirty clone is refused whether named by path, by file:// URL or by its .git folder."""
    from urllib.parse import quote
    monkeypatch.chdir(dirty_clone.parent)
    remote = {"file url": "file://" + quote(str(dirty_clone)),
              "file url to .git": "file://" + quote(str(dirty_clone / ".git")),
              "path to .git": str(dirty_clone / ".git"),
              "file://localhost url": "file://localhost" + quote(str(dirty_clone)),
              "relative path": "./" + dirty_clone.name}[form]
    with pytest.raises(PublishRefused, match="uncommitted changes"):
        publish(site_dir.root, built, Target("git", remote), today=TODAY)
    heads = subprocess.run(["git", "-C", str(dirty_clone), "for-each-ref"], capture_output=True,
                           text=True, check=True).stdout
    assert heads == ""


def test_a_clean_clone_by_file_url_is_published(site_dir, built, tmp_path):
    """A clean clone named by file:// URL is published to (the check does not refuse everything)."""
    clone = tmp_path / "clean"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    publish(site_dir.root, built, Target("git", "file://" + str(clone), branch="pages"), today=TODAY)
    files = subprocess.run(["git", "-C", str(clone), "ls-tree", "-r", "--name-only", "pages"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert "stories/maria/index.html" in files


# Item 19: pool workers die with their parent ----------------------------------------

SCRIPT = textwrap.dedent("""
    import sys, signal, datetime as dt
    from pathlib import Path
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as a service wrapper might leave it
    import wsstories.commands.load as load
    from wsstories.commands.build import Builder
    stage, source, output = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if stage == "load":
        load.load_site(source, workers=2, today=dt.date(2026, 11, 28))
    else:
        load.PARALLEL_THRESHOLD = 10 ** 9  # reading on one process: the pool is the pages'
        Builder(output, workers=2).build(source, today=dt.date(2026, 11, 28))
""")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _signal_masks(pid: int) -> int:
    """The signals that process ``pid`` ignores or blocks, as a bit mask (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    masks = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
    return int(masks["SigIgn"], 16) | int(masks["SigBlk"], 16)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("stage", ["load", "render"])
def test_pool_workers_die_with_their_parent(site_dir, tmp_path, stage):
    """Workers never ignore SIGTERM (even if the build does), and are gone within seconds of kill -9 of the build."""
    body = "Maria worked nights for six years. " * 30 + "\n"
    for number in range(450):
        site_dir.story(f"story-{number:03d}", body=body, title=f"Story number {number}",
                       summary=f"Story {number} in a big site.")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    process = subprocess.Popen([sys.executable, str(script), stage, str(site_dir.root),
                                str(tmp_path / "output")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.01)
        assert len(workers) >= 2, "the build never started its worker processes"
        term = 1 << (signal.SIGTERM - 1)
        started_by = time.monotonic() + 3  # a worker just forked may not have started yet
        while time.monotonic() < started_by and any(_signal_masks(w) & term for w in workers):
            time.sleep(0.01)
        assert [w for w in workers if _signal_masks(w) & term] == [], "SIGTERM ignored or blocked"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert [w for w in workers if _alive(w)] == []
    finally:
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
