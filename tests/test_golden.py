"""A golden-output test: the whole build of a tiny site, byte for byte.

When the theme or the output changes on purpose, regenerate the expected
folder with ``WSSTORIES_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py``
and review the difference in git before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from wsstories.commands.build import build

GOLDEN = Path(__file__).resolve().parent / "golden"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file but Pagefind's index, whose file names carry hashes that Pagefind
    itself does not keep from one run to the next (it is tested in a browser instead).

    The manifest's ``build`` id is left out: it names the output for the build
    cache and changes whenever the cache's keys do (tests/test_incremental.py
    checks it is the same for a cached and a clean build). So are the
    manifest's entries for Pagefind's files, for the reason above.
    """
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in sorted(folder.rglob("*"))
             if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}
    manifest = json.loads(files[".wsstories-build.json"])
    manifest.pop("build", None)
    manifest["files"] = {p: v for p, v in manifest.get("files", {}).items()
                         if not p.startswith("pagefind/")}
    files[".wsstories-build.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    return files


def test_tiny_site_builds_exactly_as_expected(tmp_path):
    """Every file of the tiny site's build equals the expected output."""
    out = tmp_path / "output"
    build(GOLDEN / "source", out, today=dt.date(2026, 11, 28))
    expected = GOLDEN / "expected"
    if os.environ.get("WSSTORIES_UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out, expected, ignore=shutil.ignore_patterns("pagefind"))
    actual, wanted = _files(out), _files(expected)
    assert sorted(actual) == sorted(wanted)
    for name in wanted:
        assert actual[name].decode() == wanted[name].decode(), name
