"""The staff documentation keeps up with the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE = re.compile(r'"((?:file|schema|ref|consent|publish|ownership|settings|dignity|pii|minor|'
                  r'headline|plain)-[a-z-]+|sensitive-unlisted|placeholder-text)"')


def _rules_in_code() -> set[str]:
    rules = set()
    for path in (ROOT / "wsstories").glob("*.py"):
        rules |= set(RULE.findall(path.read_text(encoding="utf-8")))
    rules |= {"publish-draft", "publish-review"}  # built from the status value
    return rules


def test_every_rule_is_documented():
    """Each rule id that check can print has its own heading in docs/rules.md."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (.+?) — ", text, re.MULTILINE))
    documented = {rule.strip() for heading in headings for rule in heading.split(",")}
    missing = _rules_in_code() - documented
    assert not missing, f"rules without a section in docs/rules.md: {sorted(missing)}"


def test_readme_starts_with_what_it_is_and_the_two_commands():
    """The README says what wsstories is, then how to build and how to test."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", text)
    assert text.startswith("# wsstories\n\nwsstories publishes")
    assert "pip install ." in commands[0] and "wsstories" in commands[0]
    assert commands[1] == "python -m pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
