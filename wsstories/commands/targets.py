"""Where ``wsstories publish`` sends the checked copy of a build.

Three kinds of target: a git remote and branch (one commit with the site on
that branch, its history kept, pushed in one ref update), a folder (the new
site is written beside it and swapped in), and rsync to a host (with
deletion, and every file put in place only at the end). A target never
writes into the source or the output, and a local git clone must be clean.
Each returns the :class:`Changes` it made (or, in a dry run, would make).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import UsageError, WsStoriesError
from ..output.stage import MANIFEST, locked, recover, swap


class PublishRefused(WsStoriesError):
    """The build may not be published; the message says why. Exit code 1."""

    located = False  # True when the message is a whole `path: error[rule]: ...` line


PUBLISHED = ".wsstories-published"  # marks a folder that publish wrote


@dataclass(frozen=True)
class Target:
    kind: str  # git | folder | rsync
    where: str  # remote, folder path or rsync destination
    branch: str = "gh-pages"
    base_url: str | None = None  # the target's address; site.toml's by default


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"

    def lines(self) -> list[str]:
        return ([f"+ {p}" for p in self.added] + [f"~ {p}" for p in self.changed]
                + [f"- {p}" for p in self.removed])


def site_files(output: Path) -> dict[str, Path]:
    """The files to publish: everything in the (checked) copy, but the build's own manifest."""
    return {p.relative_to(output).as_posix(): p for p in sorted(output.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def local_path(target: Target) -> Path | None:
    """The folder on this computer that ``target`` names, or None for a remote one.

    Paths and ``file://`` URLs are local, as git and rsync read them:
    ``host:path``, ``user@host:path`` and ``scheme://`` are remote.
    """
    where = target.where
    if target.kind == "folder":
        return Path(where)
    if where.lower().startswith("file://"):
        parts = urlsplit(where)
        return Path(unquote(parts.path)) if parts.netloc in ("", "localhost") else None
    if "://" in where or "::" in where or (":" in where and "/" not in where.split(":", 1)[0]):
        return None
    return Path(where)


def apart(source: Path, output: Path, place: Path, given: str) -> None:
    """A target that writes files must not be, hold or sit inside the source or the output."""
    place = place.absolute().resolve()
    for folder, name in ((source.absolute().resolve(), "source"), (output.absolute().resolve(), "output")):
        if place == folder or folder in place.parents:
            where = "is the" if place == folder else "is inside the"
        elif place in folder.parents:
            where = "contains the"
        else:
            continue
        raise UsageError(f"the publish target '{given}' {where} {name} folder ({folder}); "
                         "publishing there would write the site into its own files. "
                         "Choose a folder beside them")


def _dirty(local: Path) -> Path | None:
    """The working tree of the git repository at ``local`` if it has uncommitted changes."""
    if not local.is_dir():
        return None
    if (local / ".git").exists():
        tree = local
    elif local.name == ".git" and (local / "HEAD").is_file():
        bare = _run("git", f"--git-dir={local}", "config", "--bool", "core.bare",
                    check=False).strip()
        if bare == "true":
            return None
        tree = local.parent
    else:
        return None  # a bare repository, or not a repository at all (git says which)
    return tree if _run("git", "status", "--porcelain", cwd=tree).strip() else None


def _run(*args: str, cwd: Path | None = None, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0 and check:
        raise PublishRefused(f"{args[0]} failed: {(result.stderr or result.stdout).strip()[-600:]}")
    return result.stdout

def to_git(output: Path, target: Target, dry_run: bool, today: dt.date) -> Changes:
    if shutil.which("git") is None:
        raise UsageError("git is not installed, so a git target cannot be used")
    remote = target.where
    local = local_path(target)  # a path or a file:// URL: a clone here, whose tree is checked
    if local is not None and _dirty(local) is not None:
        raise PublishRefused(f"the git working tree of '{remote}' has uncommitted changes; "
                             "commit or stash them first")
    with tempfile.TemporaryDirectory(prefix="wsstories-publish-") as temp:
        repo = Path(temp) / "repo.git"
        git = ("git", f"--git-dir={repo}")
        _run("git", "init", "-q", "--bare", str(repo))
        heads = _run(*git, "ls-remote", "--heads", remote, target.branch)
        parent = None
        if heads.strip():
            _run(*git, "fetch", "-q", remote, f"refs/heads/{target.branch}")
            parent = _run(*git, "rev-parse", "FETCH_HEAD").strip()
        env = {"GIT_INDEX_FILE": str(Path(temp) / "index")}
        _run(*git, f"--work-tree={output}", "add", "-A", "--force", ".", env=env)
        _run(*git, f"--work-tree={output}", "rm", "-q", "--cached", "--ignore-unmatch", MANIFEST, env=env)
        tree = _run(*git, "write-tree", env=env).strip()
        changes = Changes()
        if parent:
            for line in _run(*git, "diff-tree", "-r", "--no-renames", "--name-status",
                             parent, tree).splitlines():
                status, path = line.split("\t", 1)
                {"A": changes.added, "M": changes.changed, "D": changes.removed}.get(
                    status[0], changes.changed).append(path)
        else:
            changes.added = _run(*git, "ls-tree", "-r", "--name-only", tree).split()
        if dry_run or (parent and not (changes.added or changes.changed or changes.removed)):
            return changes
        identity = {"GIT_AUTHOR_NAME": "wsstories", "GIT_AUTHOR_EMAIL": "wsstories@localhost",
                    "GIT_COMMITTER_NAME": "wsstories", "GIT_COMMITTER_EMAIL": "wsstories@localhost"}
        message = f"Publish the site built on {today.isoformat()} ({changes.summary()})"
        commit = _run(*git, "commit-tree", tree, *(["-p", parent] if parent else []),
                      "-m", message, env={**identity, **{k: v for k, v in os.environ.items()
                                                          if k.startswith("GIT_")}}).strip()
        # One ref update: the branch is either as it was, or the new site.
        _run(*git, "push", "-q", remote, f"{commit}:refs/heads/{target.branch}")
        return changes


def to_folder(output: Path, folder: Path, dry_run: bool) -> Changes:
    folder = folder.absolute()
    for place in (folder, *folder.parents):  # the folder, or a folder above it, may be a file
        if place.exists() and not place.is_dir():
            raise UsageError(f"'{place}' is a file, not a folder, so the site cannot be published "
                             "there; choose a folder with --folder")
    with locked(folder):
        if not dry_run:
            recover(folder, PUBLISHED)  # a publish killed mid-swap; old copies beside the folder
        return _folder_swap(output, folder, dry_run)


def _folder_swap(output: Path, folder: Path, dry_run: bool) -> Changes:
    if folder.exists() and any(folder.iterdir()) and not (folder / PUBLISHED).is_file():
        raise PublishRefused(f"'{folder}' has files that wsstories did not publish there; it "
                             "will not replace them. Choose an empty or new folder")
    new, old = site_files(output), ({p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
                                      if p.is_file() and p.name != PUBLISHED}
                                     if folder.is_dir() else {})
    changes = Changes(
        added=[p for p in new if p not in old],
        changed=[p for p in new if p in old and old[p].read_bytes() != new[p].read_bytes()],
        removed=[p for p in old if p not in new])
    if dry_run:
        return changes
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        for relative, path in new.items():
            target = temp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        (temp / PUBLISHED).write_text("published by wsstories\n", encoding="utf-8")
        os.chmod(temp, 0o755)
        swap(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return changes


def to_rsync(output: Path, destination: str, dry_run: bool) -> Changes:
    if shutil.which("rsync") is None:
        raise UsageError("rsync is not installed, so an rsync target cannot be used")
    args = ["rsync", "--recursive", "--checksum", "--delete", "--delay-updates",
            "--itemize-changes", f"--exclude={MANIFEST}", "--chmod=D755,F644"]
    if dry_run:
        args.append("--dry-run")
    out = _run(*args, f"{output}/", destination)
    changes = Changes()
    for line in out.splitlines():
        if line.startswith("*deleting"):
            changes.removed.append(line.split(None, 1)[1])
        elif line[:2] in (">f", "<f"):
            (changes.added if "+++++" in line[2:11] else changes.changed).append(line[12:])
    return changes
