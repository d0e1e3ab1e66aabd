"""Hostile input: alias bombs, quadratic patterns, special files, deep nesting, hidden characters."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import STORY, TODAY, front_matter, story_data

from wsstories.checks import claims, privacy, storytelling
from wsstories.reading import sources, yamlines
from wsstories.site.markup import Renderer

pytestmark = pytest.mark.slow  # builds and runs whole sites, many times over

ALIAS_BOMB = """\
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
Text.
"""


def _check(source: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``wsstories check`` on ``source`` in a child process, so that a hang fails the test."""
    return subprocess.run([sys.executable, "-m", "wsstories", "check", "--source", str(source),
                           "--today", TODAY.isoformat(), *args], cwd=source.parent,
                          capture_output=True, text=True, timeout=timeout)


def _seconds(run, text: str, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs: a busy machine slows the clock on the wall, not this."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        run(text)
        best = min(best, time.thread_time() - start)
    return best


def assert_linear(run, make, n: int, floor: float = 0.25) -> None:
    """``run`` on 4n characters of hostile text takes well under 16 times as long as on n."""
    run(make(n))  # warm caches (compiled patterns)
    small, large = _seconds(run, make(n)), _seconds(run, make(4 * n))
    assert large < max(8 * small, floor), f"{n}: {small:.3f}s, {4 * n}: {large:.3f}s"


# Item 7: YAML alias bombs and deep nesting -------------------------------------------------

def test_alias_bomb_is_refused_with_a_clear_error(site_dir):
    """A 300-byte alias bomb in front matter is refused quickly, naming the file and the alias."""
    site_dir.write("bomb.md", ALIAS_BOMB)
    start = time.perf_counter()
    _, diagnostics = site_dir.load()
    assert time.perf_counter() - start < 5
    found = [d for d in diagnostics if d.path.name == "bomb.md"]
    assert [(d.rule, d.severity.value) for d in found] == [("file-yaml-alias", "error")]
    assert found[0].line == 3 and "*a" in found[0].message


def test_an_alias_of_a_list_is_refused_but_one_of_a_value_is_fine(site_dir):
    """Aliases of lists and mappings are refused; a repeated date (PyYAML writes an alias) is fine."""
    text = front_matter(story_data())
    text = text.replace("partners:\n", "partners: &p\n", 1).replace("---\nMaria", "extra: *p\n---\nMaria")
    site_dir.write("maria.md", text)
    alias_line = text.split("\n").index("extra: *p") + 1
    assert ("maria.md", alias_line, "error", "file-yaml-alias") in site_dir.problems()
    same = {"ref": "WS-1", "date": STORY["consent"]["date"], "reviewed": STORY["consent"]["date"]}
    site_dir.story(consent=same)
    assert "&id001" in (site_dir.root / "maria.md").read_text()
    assert site_dir.problems() == []


def test_deeply_nested_front_matter_is_an_error_not_a_traceback(site_dir):
    """A value nested 700 levels deep (flow or block style) is one clear error."""
    site_dir.write("flow.md", "---\ntitle: " + "[" * 700 + "]" * 700 + "\n---\nText.\n")
    block = "".join(" " * depth + "-\n" for depth in range(700))
    site_dir.write("block.md", "---\ntitle:\n" + block + "---\nText.\n")
    problems = {(name, rule): line for name, line, _, rule in site_dir.problems()}
    assert problems[("flow.md", "file-yaml-deep")] == 2
    assert 3 <= problems[("block.md", "file-yaml-deep")] <= 702


def test_yamlines_refuses_deep_nesting_directly():
    """yamlines.load raises a YAML error naming the line for nesting beyond its limit."""
    with pytest.raises(yamlines.TooDeepError) as caught:
        yamlines.load("a:\n  b: " + "[" * 100 + "]" * 100)
    assert caught.value.line == 2


def test_deeply_nested_site_toml_is_a_settings_error(site_dir):
    """site.toml with a 700-level nested array is a settings error, not a RecursionError."""
    site_dir.write("site.toml", 'title = "T"\nbase_url = "https://x.org/"\nextra = '
                   + "[" * 700 + "]" * 700 + "\n")
    result = _check(site_dir.root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "site.toml: error[settings-toml]" in result.stdout + result.stderr


# Item 13: linear rules and renderer, and a size limit --------------------------------------

def test_a_paragraph_over_the_limit_is_refused(site_dir):
    """A paragraph of more than 8,000 characters is one error naming its line; short ones pass."""
    site_dir.story("long", body="Short.\n\n" + "*a" * 5000 + "\n")
    site_dir.story("fine", body=("Maria worked. " * 300 + "\n\n") * 20 + "".join("- item\n" for _ in range(2000)))
    problems = site_dir.problems()
    body_line = (site_dir.root / "long.md").read_text().split("\n").index("Short.") + 1
    assert ("long.md", body_line + 2, "error", "file-paragraph-too-long") in problems
    assert not any(p[0] == "fine.md" and p[2] == "error" for p in problems)


def test_a_file_over_the_size_limit_is_refused(site_dir):
    """A content file over 256 KiB is not read: one file-too-large error naming it."""
    site_dir.story("big", body="Maria worked. " * 20_000)
    found = [d for d in site_dir.load()[1] if d.path.name == "big.md"]
    assert [d.rule for d in found] == ["file-too-large"]
    assert "256 KiB" in found[0].message


HOSTILE_TEXT = {
    "email": lambda n: "a." * (n // 2) + "@",
    "email-domain": lambda n: "a@" + "a." * (n // 2),
    "phone": lambda n: "555-0142 " * (n // 9),
    "ssn": lambda n: "ssn" + " " * n,
    "case": lambda n: "case #" + " " * n,
    "school": lambda n: "A." * (n // 2) + " School",
    "address": lambda n: "1 " + "Aa-" * (n // 3),
    "digits": lambda n: "1" * n,
    "spaces": lambda n: " " * n + "x",
    "born": lambda n: "born " * (n // 5),
    "quotes-curly": lambda n: "“" * n,
    "quotes-guillemet": lambda n: "«" * n,
    "quotes": lambda n: '"a\n' * (n // 3),
    "comment": lambda n: "<!--" * (n // 4),
    "link-target": lambda n: "](" * (n // 2),
    "we": lambda n: "we " * (n // 3),
    "our-team": lambda n: "our team " * (n // 9),
    "thanks": lambda n: "thanks to " * (n // 10),
    "capitals": lambda n: "Aa " * (n // 3),
    "brackets": lambda n: "[" * n,
    "backticks": lambda n: "`" * n,
    "emphasis": lambda n: "*_" * (n // 2),
    "angles": lambda n: "<" * n,
    "hyphens": lambda n: "-" * n,
    "dots": lambda n: "." * n,
    "says": lambda n: "she says " * (n // 9),
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(HOSTILE_TEXT))
def test_storytelling_rules_are_linear_on_hostile_text(shape):
    """Every storytelling rule (claims, dignity, privacy, plain language) is linear on hostile text."""
    from wsstories.model import Settings
    checker = storytelling.Checker(Settings(title="T", base_url="https://x.org/"),
                                   ["Harbor College", "Northside Community Services"])

    def run(text):
        checker.check_texts(Path("s.md"), [storytelling.Text("body", text, 1, multiline=True)],
                            "Maria", {}, _Sink())
    assert_linear(run, HOSTILE_TEXT[shape], 16_000)


class _Sink:
    """A report that keeps nothing (the rules' own speed is measured, not the list's)."""

    def add(self, *args):
        pass


def test_email_rule_is_linear():
    """The e-mail pattern does not backtrack on 'a.a.a.…@' (2.1 s for 32 KB before)."""
    finder = privacy.PrivacyFinder()
    assert_linear(finder.find, HOSTILE_TEXT["email"], 8_000)


def test_phone_rule_is_linear_and_finds_every_number():
    """Numbers repeated are checked in linear time, and every phone number is still found."""
    finder = privacy.PrivacyFinder()
    assert_linear(finder.find, HOSTILE_TEXT["phone"], 20_000)
    assert_linear(finder.find, lambda n: "Call 206-555-0142. " * (n // 19), 20_000)
    found = finder.find("Call 206-555-0142. " * 1000)
    assert len(found) == 1000 and {f.rule for f in found} == {"pii-phone"}


def test_many_findings_name_their_lines_in_linear_time():
    """A body with thousands of findings gets each one's line without recounting the text."""
    text = storytelling.Text("body", "Call 555-0142 today.\n" * 8000, 10, multiline=True)
    start = time.perf_counter()
    lines = [text.line_of(offset) for offset in range(0, len(text.text), 21)]
    assert time.perf_counter() - start < 1
    assert lines[:3] == [10, 11, 12] and lines[-1] == 8009


def test_claims_clause_search_is_linear():
    """Ownership claims in one long sentence of anchor words take linear time."""
    finder = claims.ClaimFinder(["Harbor College"])
    assert_linear(finder.find, lambda n: "we placed " * (n // 10), 20_000)


MARKDOWN_SHAPES = {
    "[": lambda n: "[" * n,
    "![": lambda n: "![" * (n // 2),
    "[]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "[a": lambda n: "[a" * (n // 2),
    "[a](": lambda n: "[a](" * (n // 4),
    "[a](()": lambda n: "[a](()" * (n // 6),
    "[a][": lambda n: "[a][" * (n // 4),
    "<": lambda n: "<" * n,
    "<a": lambda n: "<a" * (n // 2),
    "*": lambda n: "*" * n,
    "*a": lambda n: "*a" * (n // 2),
    "_a": lambda n: "_a" * (n // 2),
    "`": lambda n: "`" * n,
    "`a": lambda n: "`" + "``a" * (n // 3),
    "&": lambda n: "&" * n,
    ">": lambda n: ">" * n,
    "> lines": lambda n: "".join(">" * (i % 50) + " x\n" for i in range(n // 30)),
    "list": lambda n: "".join("  " * (i % 30) + "- x\n" for i in range(n // 40)),
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(MARKDOWN_SHAPES))
def test_markdown_rendering_is_linear_on_hostile_text(shape):
    """Rendering is linear on runs of brackets, angles, emphasis, backticks, quotes and lists."""
    renderer = Renderer()

    def make(n):  # paragraphs of up to 4,000 characters: what a file that passed check holds
        text = MARKDOWN_SHAPES[shape](n)
        return "\n\n".join(text[i:i + 4000] for i in range(0, len(text), 4000))
    assert_linear(renderer.render, make, 16_000, floor=0.5)


def test_brackets_render_as_text_and_links_still_work():
    """Unclosed and deeply nested brackets are shown as text; ordinary links still render."""
    import lxml.html
    renderer = Renderer()
    html = renderer.render("[" * 5000 + " and [a [nested] link](https://example.org/) and ![x](media/a.png)")
    tree = lxml.html.fromstring(html)
    assert tree.text_content().startswith("[" * 5000)
    assert [a.get("href") for a in tree.iter("a")] == ["https://example.org/"]
    assert tree.xpath("//a")[0].text_content() == "a [nested] link"
    assert [img.get("src") for img in tree.iter("img")] == ["media/a.png"]


def test_deep_lists_and_quotes_are_an_error(site_dir):
    """A 700-level nested list or block quote in a body is an error naming the file, not a RecursionError."""
    site_dir.story("lists", body="".join("\t" * depth + "- x\n" for depth in range(700)))
    site_dir.story("quotes", body="".join(">" * depth + " x\n" for depth in range(1, 700)))
    problems = site_dir.problems()
    body_line = (site_dir.root / "lists.md").read_text().split("\n").index("- x") + 1
    assert ("lists.md", body_line + 17, "error", "file-body-too-deep") in problems
    assert ("quotes.md", body_line + 16, "error", "file-body-too-deep") in problems


def test_ordinary_nesting_is_fine(site_dir):
    """Lists and quotes nested a few levels deep are not reported."""
    site_dir.story(body="- a\n    - b\n        - c\n\n> > quoted\n")
    assert "file-body-too-deep" not in site_dir.rules()


# Item 14: special files, link loops, deep folders, publish --folder ------------------------

def test_a_fifo_named_md_is_refused_without_opening_it(site_dir):
    """A named pipe 'x.md' in the source is reported by name; check does not hang."""
    os.mkfifo(site_dir.root / "x.md")
    result = _check(site_dir.root, timeout=60)
    assert "Traceback" not in result.stderr
    assert "stories/x.md: error[file-not-regular]" in result.stdout
    assert result.returncode == 1


def test_a_fifo_does_not_hang_a_build(site_dir, tmp_path):
    """A build with a named pipe in the source and in media/ finishes with a clear error."""
    os.mkfifo(site_dir.root / "x.md")
    (site_dir.root / "media").mkdir()
    os.mkfifo(site_dir.root / "media" / "pipe.png")
    result = subprocess.run([sys.executable, "-m", "wsstories", "build", "--source", str(site_dir.root),
                             "--output", str(tmp_path / "out"), "--today", TODAY.isoformat()],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr
    assert "error[file-not-regular]" in result.stdout + result.stderr


def test_a_symlink_loop_is_an_error_naming_it(site_dir):
    """Links that point at each other are one error each, naming the link, not a traceback."""
    os.symlink("loop-b", site_dir.root / "loop-a")
    os.symlink("loop-a", site_dir.root / "loop-b")
    os.symlink("self.md", site_dir.root / "self.md")
    problems = site_dir.problems()
    for name in ("loop-a", "loop-b", "self.md"):
        assert (name, None, "error", "file-link-loop") in problems


def _deep_folders(root: Path, depth: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    here = root
    for _ in range(depth):
        here = here / "d"
        os.mkdir(here)
    return here


def test_too_deep_folders_are_an_error_naming_the_folder(site_dir):
    """1,100 nested folders stop at the depth limit with an error naming the folder."""
    bottom = _deep_folders(site_dir.root / "2026", 1100)
    (bottom / "lost.md").write_text("x")
    found = [d for d in site_dir.load()[1] if d.rule == "file-too-deep"]
    assert len(found) == 1
    assert found[0].path.relative_to(site_dir.root).parts[0] == "2026"
    assert len(found[0].path.relative_to(site_dir.root).parts) == sources.MAX_DEPTH + 1
    _remove_deep(site_dir.root / "2026")  # pytest's own clean-up would recurse too deep


def _remove_deep(root: Path) -> None:
    """Remove a chain of nested folders from the bottom up, without recursion."""
    chain = [root]
    while True:
        inner = [p for p in chain[-1].iterdir() if p.is_dir() and not p.is_symlink()]
        if not inner:
            break
        chain.append(inner[0])
    for folder in reversed(chain):
        for entry in folder.iterdir():
            if not entry.is_dir() or entry.is_symlink():
                entry.unlink()
        folder.rmdir()


def test_an_unreadable_folder_is_an_error_not_a_traceback(site_dir):
    """A folder that cannot be listed is reported by name."""
    locked = site_dir.root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        assert ("locked", None, "error", "file-unreadable") in site_dir.problems()
    finally:
        locked.chmod(0o755)


def test_publish_folder_that_is_a_file_is_an_error_naming_it(site_dir, tmp_path, monkeypatch,
                                                            capsys):
    """'publish --folder' pointing at a regular file is one error line naming it, exit code 2."""
    import wsstories.commands.publish
    from wsstories.commands.build import build
    from wsstories.commands.cli import main
    monkeypatch.setattr(wsstories.commands.publish, "real_today", lambda: TODAY)
    build(site_dir.root, tmp_path / "output", today=TODAY)
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    code = main(["publish", "--source", str(site_dir.root), "--output", str(tmp_path / "output"),
                 "--folder", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "a-file" in err and "not a folder" in err
    assert target.read_text() == "not a folder"


# Item 21: hidden characters ----------------------------------------------------------------

@pytest.mark.parametrize("char, name", [("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
                                        ("\u200b", "ZERO WIDTH SPACE"),
                                        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                                        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
                                        ("\u061c", "ARABIC LETTER MARK")])
def test_hidden_characters_in_a_title_are_a_warning(site_dir, char, name):
    """A bidi control or zero-width character in the title is a warning naming it and where."""
    site_dir.story(title=f"From night{char} shifts to a nursing career")
    found = [d for d in site_dir.load()[1] if d.rule == "plain-hidden-characters"]
    assert [(d.path.name, d.line, d.severity.value) for d in found] == [("maria.md", 2, "warning")]
    assert name in found[0].message and "title" in found[0].message
    assert f"U+{ord(char):04X}" in found[0].message


def test_hidden_characters_are_found_in_every_field_and_the_body(site_dir):
    """Names, contributions, quotes, alt texts, partner and goal names and bodies are all checked."""
    zw = "\u200b"
    data = story_data(quote=f"I did{zw} this", storyteller={"name": f"Ma{zw}ria", "naming": "first"},
                      partners=[{"partner": "harbor-college", "contribution": f"Train{zw}ing"}])
    site_dir.write("maria.md", front_matter(data, f"Line one.\nLine\u202e two.\n"))
    site_dir.write("partners/harbor-college.md",
                   front_matter({"name": f"Harbor{zw} College", "type": "semi-public"}, "We.\n"))
    site_dir.write("goals/earn-a-credential.md",
                   front_matter({"title": f"Earn{zw} a credential", "audience": "job-seeker"}, "G.\n"))
    found = {(d.path.name, d.line) : d.message for d in site_dir.load()[1]
             if d.rule == "plain-hidden-characters"}
    lines = {key[1] for key in found if key[0] == "maria.md"}
    text = (site_dir.root / "maria.md").read_text().split("\n")
    for needle in ("quote:", "name: Ma", "contribution:", "Line\u202e two."):
        assert next(i + 1 for i, row in enumerate(text) if needle in row) in lines, needle
    assert ("harbor-college.md", 2) in found and ("earn-a-credential.md", 2) in found
    body_message = found[("maria.md", next(i + 1 for i, r in enumerate(text) if "Line\u202e" in r))]
    assert "RIGHT-TO-LEFT OVERRIDE" in body_message and "column 5" in body_message


def test_hidden_character_warning_can_be_excused_and_tuned(site_dir):
    """The rule follows [rules] in site.toml like the other plain-language rules."""
    site_dir.story(title="From night\u200b shifts to a nursing career")
    site_dir.write("site.toml", site_dir.root.joinpath("site.toml").read_text()
                   + '\n[rules]\n"plain-hidden-characters" = "off"\n')
    assert "plain-hidden-characters" not in site_dir.rules()


def test_ordinary_text_has_no_hidden_character_warning(site_dir):
    """Accents, emoji and right-to-left letters alone are not reported."""
    site_dir.story(title="José and Zoë: a nursing career", body="مرحبا — café 👍\n")
    assert "plain-hidden-characters" not in site_dir.rules()
