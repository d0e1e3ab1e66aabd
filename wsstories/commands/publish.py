"""``wsstories publish``: put the built site where the public reads it.

Before anything is sent, the build is checked: it exists, the last build did
not fail, the source has no errors and has not changed since, it was built
today (the real day: there is no option to say otherwise), it holds no drafts
and no story that is not published today, and its base_url is the target's.
Then the output folder is checked against the build's manifest (every file,
its size and SHA-256, no link and nothing else), and only the files whose
bytes match are copied out and published, to one of the targets of
``targets.py``: a git branch, a folder or an rsync destination.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path

from ..checks import example
from ..diagnostics import Diagnostic, Severity
from ..errors import UsageError
from ..output import integrity
from ..output.cache import CACHE_FOLDER
from ..output.stage import MANIFEST, locked, read_manifest, recover
from . import targets
from .load import load_site
# What publish's callers use, from where it is defined:
from .targets import PUBLISHED, Changes, PublishRefused, Target, site_files  # noqa: F401


class OutputNotBuilt(PublishRefused):
    """The output folder is not what the build made: one `path: error[rule]: words` line."""

    located = True

    def __init__(self, path: Path, rule: str, message: str, more: int = 0):
        also = f" ({more} more file{'s' if more != 1 else ''} too)" if more else ""
        super().__init__(Diagnostic(path, None, Severity.ERROR, rule, message + also).format())


#: Why publish refuses an output file, by kind of difference (see integrity.differences).
_REFUSALS = {
    "extra": ("publish-output-extra", "this file is in the output folder but the build did not "
              "make it (was it added by hand?)"),
    "missing": ("publish-output-missing", "the build made this file but it is no longer in the "
                "output folder"),
    "changed": ("publish-output-changed", "this file was changed after the build made it"),
    "link": ("publish-output-link", "this is a link to another file or folder, which the build "
             "never makes, so it is not published"),
    "special": ("publish-output-special", "this is not a regular file (a pipe, socket or device)"),
}
_AGAIN = "; build again to put the output folder right, then publish"


# The build and its freshness ---------------------------------------------------

def status_file(output: Path) -> Path:
    """Where the result of the last build into ``output`` is kept."""
    return output.absolute().parent / CACHE_FOLDER / f"{output.absolute().name}-last-build.json"


def record_build(output: Path, ok: bool, message: str = "", manifest: str | None = None) -> None:
    """Keep the result of a build, and the SHA-256 of the manifest it wrote."""
    path = status_file(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ok": ok, "message": message, "manifest": manifest}) + "\n",
                    encoding="utf-8")


def source_digest(source: Path, file_digest=None) -> str:
    """A hash of every file of the source folder, to tell whether it changed since a build.

    ``file_digest(path)`` gives one file's SHA-256 (a build passes one that
    remembers unchanged files); by default each file is read.
    """
    file_digest = file_digest or (lambda path: hashlib.sha256(Path(path).read_bytes()).digest())
    digest = hashlib.sha256()
    for relative, path in _files(str(source)):
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(file_digest(path))
    return digest.hexdigest()


def _files(root: str) -> list[tuple[str, str]]:
    """Every file under ``root`` (not in .git, links to files followed) as (relative path, path), sorted."""
    found, todo = [], [("", root)]
    while todo:  # a loop, not os.walk: 1,100 nested folders must not exhaust the stack
        prefix, folder = todo.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != ".git":
                    todo.append((prefix + entry.name + "/", entry.path))
            elif os.path.isfile(entry.path):  # never a pipe, socket or device
                found.append((prefix + entry.name, entry.path))
    found.sort(key=lambda item: item[0].split("/"))
    return found


def real_today() -> dt.date:
    """The day it really is: what publish judges consent and schedules by."""
    return dt.date.today()


def verify(source: Path, output: Path, target: Target, today: dt.date | None = None) -> dict:
    """Refuse, with a clear reason, anything that should not go out; return the manifest.

    ``today`` is for tests only (the command line has no such option): a
    publisher cannot publish a build as of another day than the real one.
    """
    today = today or real_today()
    manifest = read_manifest(output)
    if manifest is None:
        raise PublishRefused(f"there is no build in '{output}'; run 'wsstories build' first")
    status = status_file(output)
    if status.is_file() and not json.loads(status.read_text(encoding="utf-8")).get("ok", True):
        raise PublishRefused("the last build failed, so the site in the output folder is not "
                             "the current one; fix the problems and build again")
    site, diagnostics = load_site(source, today=today)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise PublishRefused(f"'wsstories check' finds {len(errors)} error(s) in the source "
                             f"(the first: {errors[0].format()}); fix them and build again")
    if manifest.get("drafts"):
        raise PublishRefused("this build includes drafts: it is a preview made with --drafts, "
                             "which can never be published; run 'wsstories build' (without "
                             "--drafts) and publish that")
    if manifest.get("date") != today.isoformat():
        raise PublishRefused(f"the site was built on {manifest.get('date')}; build again today, "
                             "so that every consent and scheduled date is current")
    if manifest.get("source") != source_digest(source):
        raise PublishRefused("the source has changed since the site was built; build again")
    held = sorted(_built_stories(output, manifest, site.settings.languages)
                  - {s.id for s in site.published_stories})
    if held:
        raise PublishRefused(f"the build holds the story '{held[0]}'"
                             f"{f' and {len(held) - 1} more' if len(held) > 1 else ''}, which is not "
                             f"published today ({today.isoformat()}): its consent or schedule "
                             "changed since the build; build again")
    wanted = target.base_url or manifest.get("site_base_url")
    if wanted and manifest.get("base_url") != (wanted if wanted.endswith("/") else wanted + "/"):
        raise PublishRefused(f"the site was built for {manifest.get('base_url')} but the target "
                             f"is {wanted}; build with --base-url {wanted} (or fix the target)")
    _check_manifest(output, status)
    _no_example(site, manifest)
    return manifest


class ExampleContent(PublishRefused):
    """The site still publishes init's example content: one `path:line: error[rule]` line."""

    located = True


def _no_example(site, manifest: dict) -> None:
    """Refuse init's example story, consent reference or address, unless site.toml allows them."""
    if example.allowed(site):
        return
    found = example.found(site, Severity.ERROR)
    if not found and example.example_url(manifest.get("base_url")):
        found = [Diagnostic(site.source / "site.toml", None, Severity.ERROR, example.RULE,
                            f"the site was built for init's example address "
                            f"({manifest.get('base_url')}); build with the real address "
                            "(--base-url or base_url in site.toml)")]
    if found:
        more = f" ({len(found) - 1} more piece{'s' if len(found) > 2 else ''} of example content too)" \
            if len(found) > 1 else ""
        raise ExampleContent(found[0].format() + more)


def _built_stories(output: Path, manifest: dict, languages) -> set[str]:
    """The ids of every story the build in ``output`` has a page for, in any language."""
    prefix = "|".join(re.escape(lang) + "/" for lang in languages)
    page = re.compile(rf"(?:{prefix})?stories/([^/]+)/index\.html")
    # The files the build made: anything else in output/ is refused as planted
    # by verified_copy, with its own message.
    listed = integrity.listed_files(manifest)
    files = listed if listed is not None else site_files(output)
    found = {m.group(1) for m in map(page.fullmatch, files) if m}
    return found | set(manifest.get("stories") or ())


def _check_manifest(output: Path, status: Path) -> None:
    """Refuse a manifest that is not the one the last build wrote, or that lists paths outside."""
    where = output / MANIFEST
    data = where.read_bytes()
    if integrity.listed_files(json.loads(data)) is None:
        raise OutputNotBuilt(where, "publish-manifest-invalid", "the build's list of its files is "
                             "damaged or names a file outside the output folder" + _AGAIN)
    try:
        recorded = json.loads(status.read_text(encoding="utf-8")).get("manifest")
    except (OSError, ValueError, AttributeError):
        recorded = None
    if recorded != hashlib.sha256(data).hexdigest():
        raise OutputNotBuilt(where, "publish-manifest-changed", "the build's list of its files is "
                             "not the one the last build wrote (it was changed, or the "
                             f"{CACHE_FOLDER} folder was removed)" + _AGAIN)


def verified_copy(output: Path, dest: Path) -> None:
    """Copy the built files of ``output`` into ``dest``, checking each one's bytes as it is read.

    Refuses (:class:`OutputNotBuilt`) any file that the manifest does not
    list, that is missing, changed, a link or not a regular file.
    """
    listed = integrity.listed_files(read_manifest(output) or {}) or {}
    found = integrity.differences(output, listed, contents=False)
    for relative, (size, sha) in sorted(listed.items()):
        if any(d.relative == relative for d in found):
            continue
        try:
            fd = os.open(output / relative, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
                data = handle.read() if regular else b""
        except OSError:
            found.append(integrity.Difference(relative, "link"))  # a link put in its place
            continue
        if not regular or len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            found.append(integrity.Difference(relative, "changed" if regular else "special"))
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if found:
        first = min(found)
        rule, message = _REFUSALS[first.kind]
        raise OutputNotBuilt(output / first.relative, rule, message + _AGAIN, more=len(found) - 1)


# Publishing -------------------------------------------------------------------

def publish(source: Path, output: Path, target: Target, dry_run: bool = False,
            today: dt.date | None = None) -> Changes:
    """Publish ``output`` to ``target`` (or only say what would change, with ``dry_run``)."""
    source, output = Path(source), Path(output)
    today = today or real_today()
    if target.kind not in ("git", "folder", "rsync"):
        raise UsageError(f"unknown publish target '{target.kind}'; use git, folder or rsync")
    local = targets.local_path(target)
    if local is not None and target.kind in ("folder", "rsync"):
        targets.apart(source, output, local, target.where)
    with tempfile.TemporaryDirectory(prefix="wsstories-publish-") as temp:
        site = Path(temp) / "site"
        site.mkdir()
        with locked(output):  # no build swaps the output while it is checked and copied
            if not dry_run:  # a dry run changes nothing, not even a leftover folder
                recover(output, MANIFEST)
            verify(source, output, target, today)
            verified_copy(output, site)
        if target.kind == "git":
            return targets.to_git(site, target, dry_run, today)
        if target.kind == "folder":
            return targets.to_folder(site, Path(target.where), dry_run)
        return targets.to_rsync(site, target.where, dry_run)
