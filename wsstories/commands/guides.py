"""The staff guides, shipped inside the package: ``wsstories docs [TOPIC]``.

The guides are the Markdown files of the repository's ``docs/`` folder; the
wheel carries them as ``wsstories/docs/`` so that an installed wsstories can
show them where no checkout exists. A topic is a guide's name or a rule id,
whose section of the rules guide is printed alone.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..diagnostics import did_you_mean
from ..errors import UsageError

#: topic → (file, what it is about), in the order they are listed.
GUIDES = {
    "writing": ("writing-a-story.md", "writing a story: every field, and consent in plain words"),
    "previewing": ("previewing.md", "init, new, previewing with serve, and what \"held back\" means"),
    "reviewing": ("reviewing.md", "the storyteller's review packet: `wsstories review STORY_ID`"),
    "rules": ("rules.md", "what each message of `wsstories check` means, and how to fix it"),
}
_RULE_HEADING = re.compile(r"^### ([a-z0-9-]+)\b.*$", re.MULTILINE)


def guides_folder() -> Path:
    """Where the guides are: inside the installed package, or the checkout's docs/."""
    shipped = Path(str(resources.files("wsstories"))) / "docs"
    if (shipped / "rules.md").is_file():
        return shipped
    return Path(__file__).resolve().parents[2] / "docs"


def topics() -> str:
    """The list of topics, one a line, for ``wsstories docs`` with no topic."""
    lines = ["Guides (wsstories docs TOPIC):"]
    lines += [f"  {name:<12}{about}" for name, (_, about) in GUIDES.items()]
    lines.append("  RULE-ID     one rule's entry, e.g. wsstories docs ownership-claim")
    return "\n".join(lines) + "\n"


def rule_ids() -> list[str]:
    """Every rule id that the rules guide explains."""
    return _RULE_HEADING.findall(_read("rules.md"))


def guide(topic: str) -> str:
    """The text of a guide, or of one rule's section of the rules guide."""
    if topic in GUIDES:
        return _read(GUIDES[topic][0])
    text = _read("rules.md")
    headings = list(_RULE_HEADING.finditer(text))
    for number, heading in enumerate(headings):
        if heading.group(1) == topic:
            end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
            section = text[heading.start():end]
            return re.split(r"^## ", section, maxsplit=1, flags=re.MULTILINE)[0].rstrip() + "\n"
    known = list(GUIDES) + [h.group(1) for h in headings]
    raise UsageError(f"no guide or rule named '{topic}'{did_you_mean(topic, known)}; "
                     "run 'wsstories docs' for the list")


def _read(name: str) -> str:
    path = guides_folder() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"the guide {name} is missing from this installation ({exc.strerror}); "
                         "reinstall wsstories") from None
