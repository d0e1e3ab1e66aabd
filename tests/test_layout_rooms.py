"""The package's rooms and the one-way roads between them (README, "Layout").

The pipeline reads, checks, then builds the site's pages in memory and
writes them out. Each room may use the shared model at the top of the package
and the rooms before it, never one after it; the site and the output are side
by side and do not know each other, and only the commands know everything.
So the site never writes a file, and the output never renders a page.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wsstories"

#: What each room may import from, besides itself. "" is the shared model at the top.
ALLOWED = {
    "": set(),
    "reading": {""},
    "checks": {"", "reading"},
    "site": {"", "reading"},
    "output": {""},
    "commands": {"", "reading", "checks", "site", "output"},
}

#: The package's front doors: the public API and ``python -m wsstories`` reach the commands.
DOORS = {"__init__.py", "__main__.py"}
ROOMS = {room for room in ALLOWED if room}

#: Calls that write to disk (as attributes: path.write_text, os.replace, ...).
WRITING = {"write_text", "write_bytes", "mkdir", "makedirs", "unlink", "rmdir", "symlink_to",
           "hardlink_to", "touch", "chmod"}
#: Modules whose every function changes files.
WRITING_MODULES = {"os": {"replace", "rename", "remove", "link", "symlink", "makedirs", "mkdir", "unlink"},
                   "shutil": None, "tempfile": None}
#: Libraries that render pages.
RENDERING = {"jinja2", "markdown", "nh3", "PIL"}


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        room = relative.parts[0] if len(relative.parts) > 1 else ""
        found.append((room, path))
    return found


def imported(room: str, path: Path) -> list[tuple[int, str]]:
    """(line, room) of every import of a wsstories module, relative or absolute."""
    package = ["wsstories", *([room] if room else [])]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
            elif (node.module or "").split(".")[0] == "wsstories":
                base = []
            else:
                continue
            full = base + (node.module.split(".") if node.module else [])
            targets = [full + [alias.name] for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names if alias.name.startswith("wsstories.")]
        else:
            continue
        for target in targets:
            found.append((node.lineno, target[1] if len(target) > 1 and target[1] in ROOMS else ""))
    return found


@pytest.mark.parametrize("room, path", modules(), ids=lambda v: str(v.relative_to(PACKAGE))
                         if isinstance(v, Path) else v)
def test_each_module_imports_only_from_the_rooms_before_it(room, path):
    if path.parent == PACKAGE and path.name in DOORS:
        return
    wrong = [f"line {line}: {room or 'the top'} imports from {target}"
             for line, target in imported(room, path)
             if target != room and target not in ALLOWED[room]]
    assert not wrong, f"{path.relative_to(PACKAGE)}: " + "; ".join(wrong)


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


@pytest.mark.parametrize("path", sorted((PACKAGE / "site").glob("*.py")), ids=lambda p: p.name)
def test_the_site_never_writes_a_file(path):
    wrong = []
    for call in _calls(path):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        owner = getattr(call.func.value, "id", None) if isinstance(call.func, ast.Attribute) else None
        if owner in WRITING_MODULES:
            if WRITING_MODULES[owner] is None or name in WRITING_MODULES[owner]:
                wrong.append(f"line {call.lineno}: {owner}.{name}()")
        elif name in WRITING:
            wrong.append(f"line {call.lineno}: {name}()")
        if name == "open":
            modes = [a for a in call.args[1:2]] + [k.value for k in call.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and set(str(m.value)) & set("wax+") for m in modes):
                wrong.append(f"line {call.lineno}: open() for writing")
    assert not wrong, f"site/{path.name} writes files: " + "; ".join(wrong)


@pytest.mark.parametrize("path", sorted((PACKAGE / "output").glob("*.py")), ids=lambda p: p.name)
def test_the_output_never_renders(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        wrong += [f"line {node.lineno}: imports {n}" for n in names if n.split(".")[0] in RENDERING]
    assert not wrong, f"output/{path.name} renders: " + "; ".join(wrong)


def test_the_checker_itself_sees_a_wrong_way_import(tmp_path):
    """The rule is not vacuous: an import against the flow is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from ..commands import build\nfrom . import pages\nfrom ..reading import sources\n")
    assert imported("site", bad) == [(1, "commands"), (2, "site"), (3, "reading")]
    absolute = tmp_path / "absolute.py"
    absolute.write_text("import wsstories.output.cache\nfrom wsstories.commands.build import build\n")
    assert imported("checks", absolute) == [(1, "output"), (2, "commands")]
    top = tmp_path / "top.py"
    top.write_text("from .site import pages\nfrom . import model\nfrom .errors import UsageError\n")
    assert imported("", top) == [(1, "site"), (2, ""), (3, "")]


def test_the_readme_names_every_module_in_its_room():
    """README's layout lists each room and each module under the room that holds it."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):readme.index("Decisions worth knowing")]
    missing = []
    for room, path in modules():
        if path.name in ("__init__.py", "__main__.py"):
            continue
        if room and f"  {room}/" not in layout:
            missing.append(f"{room}/")
        if path.stem not in layout:
            missing.append(str(path.relative_to(PACKAGE)))
    assert not missing, "README's layout does not name: " + ", ".join(sorted(set(missing)))


def test_no_module_over_400_lines_and_no_function_over_70():
    """Rooms stay readable: a module that grows past 400 lines or a function past 70 is split."""
    long = []
    for _, path in modules():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            long.append(f"{path.relative_to(PACKAGE)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > 70:
                    long.append(f"{path.relative_to(PACKAGE)}: {node.name}() is {size} lines")
    assert not long, "; ".join(long)
