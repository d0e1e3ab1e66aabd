"""Fixtures: a small valid site written into a temporary folder, layer by layer.

``site_dir`` writes the files; ``SiteFolder`` adds or changes one file at a
time and runs ``load_site`` on the result, so each test states only what it
changes from a site that is valid.
"""

from __future__ import annotations

import copy
import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from wsstories import load_site

TODAY = dt.date(2026, 11, 28)

SETTINGS = """\
title = "Test Stories"
base_url = "https://stories.lakeside.test/"
language = "en"
"""

PARTNERS = {
    "harbor-college": {"name": "Harbor College", "type": "semi-public"},
    "northside-services": {"name": "Northside Community Services", "type": "cbo"},
    "riverbend-bakery": {"name": "Riverbend Bakery", "type": "business"},
}

GOALS = {
    "earn-a-credential": {"title": "Earn a credential", "audience": "job-seeker", "order": 1},
    "fill-openings": {"title": "Fill our openings", "audience": "employer", "order": 2},
}

STORY = {
    "title": "From night shifts to a nursing career",
    "summary": "Maria earned her nursing-assistant certificate while raising two kids.",
    "date": dt.date(2026, 10, 14),
    "goal": "earn-a-credential",
    "status": "published",
    "storyteller": {"name": "Maria", "naming": "first"},
    "partners": [
        {"partner": "harbor-college", "contribution": "Nursing-assistant training"},
        {"partner": "northside-services", "contribution": "Childcare while she studied"},
    ],
    "quote": "I did this for my kids, and for me.",
    "outcomes": [
        {"type": "credential", "name": "Certified Nursing Assistant",
         "credential_type": "occupational-certification"},
        {"type": "hourly-wage", "value": 21.5},
    ],
    "consent": {"ref": "WS-2026-0142", "date": dt.date(2026, 9, 30),
                "reviewed": dt.date(2026, 10, 5)},
}

BODY = "Maria worked nights for six years. Then she went back to school.\n"


def front_matter(data: dict, body: str = BODY) -> str:
    """A content file made of ``data`` as YAML front matter and a body."""
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


def story_data(**changes) -> dict:
    """The valid story with top-level fields changed (``None`` removes a field)."""
    data = copy.deepcopy(STORY)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class SiteFolder:
    """A site's source folder on disk that tests change one file at a time."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return path

    def story(self, name: str = "maria", body: str = BODY, **changes) -> Path:
        return self.write(f"{name}.md", front_matter(story_data(**changes), body))

    def load(self, today: dt.date = TODAY):
        return load_site(self.root, today=today)

    def problems(self, today: dt.date = TODAY, severity: str | None = None):
        """Diagnostics as ``(file name, line, severity, rule)``, without the messages."""
        _, diagnostics = self.load(today)
        return [(d.path.name, d.line, d.severity.value, d.rule) for d in diagnostics
                if severity is None or d.severity.value == severity]

    def messages(self, rule: str, today: dt.date = TODAY) -> list[str]:
        _, diagnostics = self.load(today)
        return [d.message for d in diagnostics if d.rule == rule]

    def rules(self, today: dt.date = TODAY) -> set[str]:
        return {rule for _, _, _, rule in self.problems(today)}


#: Fixtures that bring up a browser or a served site: their tests are marked ``browser``.
BROWSER_FIXTURES = frozenset({"browser", "site_url"})


def pytest_collection_modifyitems(items):
    """Mark every test that uses a browser fixture, so `-m "not browser"` leaves it out."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def site_dir(tmp_path: Path) -> SiteFolder:
    """A valid source folder: settings, three partners, two goals, one story."""
    folder = SiteFolder(tmp_path / "stories")
    folder.write("site.toml", SETTINGS)
    for ident, data in PARTNERS.items():
        folder.write(f"partners/{ident}.md", front_matter(data, f"We are {data['name']}.\n"))
    for ident, data in GOALS.items():
        folder.write(f"goals/{ident}.md", front_matter(data, f"People who want to {ident}.\n"))
    folder.story()
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Change the first ``old`` in a file to ``new`` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def example_site(tmp_path) -> Path:
    """A copy of the example site shipped in the repository, in the test's own folder.

    A copy, so that nothing a test runs (a check cache, say) is written into the
    repository or carried from one test run to the next.
    """
    import shutil
    copy = tmp_path / "example" / "stories"
    shutil.copytree(Path(__file__).resolve().parent.parent / "stories", copy)
    return copy


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example site, built once for the session, as of TODAY."""
    from wsstories.commands.build import build
    out = tmp_path_factory.mktemp("example") / "output"
    build(Path(__file__).resolve().parent.parent / "stories", out, today=TODAY)
    return out


@pytest.fixture(scope="session")
def built_subpath(tmp_path_factory) -> Path:
    """The example site built for a sub-path base_url, https://stories.example.org/lakeside/."""
    from wsstories.commands.build import build
    out = tmp_path_factory.mktemp("subpath") / "output"
    build(Path(__file__).resolve().parent.parent / "stories", out, today=TODAY,
          base_url="https://stories.example.org/lakeside/")
    return out


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def parse_html(path: Path):
    """The page at ``path`` parsed by lxml."""
    import lxml.html
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the tests of one module."""
    from tools import chrome
    driver = chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site_url(built_example):
    """The built example site served on 127.0.0.1; yields its URL."""
    from tools import serve
    with serve(built_example) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def _cache_key_folder(tmp_path_factory):
    """The build cache's signing key is made in a temporary folder, never in the real home."""
    with pytest.MonkeyPatch.context() as patch:
        # The same folder in every session (pytest's own, outside the repository): a cache that
        # one run leaves in the repository (checking the example site) is still valid in the next.
        patch.setenv("WSSTORIES_STATE_DIR", str(tmp_path_factory.getbasetemp().parent / "wsstories-state"))
        yield
