"""``init``'s example content, which must not reach the public site by mistake.

``init`` writes a working site: a story about Maria with the consent reference
``EXAMPLE-0001`` and the address ``https://stories.example.org/``. ``check``
mentions each of them (info), and ``publish`` refuses a site that still
publishes any, unless site.toml says ``allow_example = true`` under
``[publish]``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..diagnostics import Diagnostic, Severity
from ..model import Site

RULE = "publish-example"
REF = "EXAMPLE-0001"
HOST = "stories.example.org"
#: The comment in the example story's text (never published: comments are removed).
MARKER = "wsstories-example-story"
#: The example story's file name (without .md) and title, in case its comment was removed.
STORY_ID = "first-story"
STORY_TITLE = "Maria earned her certificate in evening classes"
_ANYWAY = "(to publish it anyway, set allow_example = true under [publish] in site.toml)"


def allowed(site: Site) -> bool:
    return site.settings.publish.get("allow_example") is True


def example_url(url: str | None) -> bool:
    """Whether ``url`` is the example address, whatever its scheme, ``www.`` or trailing slash."""
    if not url:
        return False
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").rstrip(".").lower()
    return host.removeprefix("www.") == HOST


def is_example_story(story) -> bool:
    return MARKER in story.body or (story.id == STORY_ID and story.title.strip() == STORY_TITLE)


def found(site: Site, severity: Severity = Severity.INFO) -> list[Diagnostic]:
    """Every piece of example content the site would publish, file and line (none if allowed)."""
    if allowed(site):
        return []
    problems: list[Diagnostic] = []
    if example_url(site.settings.base_url):
        settings = site.source / "site.toml"
        problems.append(Diagnostic(settings, _line(settings, "base_url"), severity, RULE,
                                   f"base_url is init's example address ({site.settings.base_url}), "
                                   "not where the site will be published; write the real address "
                                   f"there {_ANYWAY}"))
    for story in site.published_stories:
        if is_example_story(story):
            problems.append(Diagnostic(story.path, story.lines.get("title"), severity, RULE,
                                       "this is init's example story, not a real one told and "
                                       "approved by its storyteller; replace it with a real story or "
                                       f"delete the file {_ANYWAY}"))
        elif (story.consent is not None and "consent.ref" in story.lines
              and story.consent.ref.strip().casefold() == REF.casefold()):
            problems.append(Diagnostic(story.path, story.lines.get("consent.ref"), severity, RULE,
                                       f"'{REF}' is init's example consent reference, not a signed "
                                       "form's; write the reference of the storyteller's form "
                                       f"{_ANYWAY}"))
    return problems


def _line(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    return next((i for i, row in enumerate(lines, 1) if pattern.match(row)), None)
