"""Starting points: a new site (``init``) and a new story (``new``).

The files come from ``wsstories/commands/scaffold/``, shipped with the package. A new
story is a draft with every field present and a comment on each; the values
only the author knows are left empty, so ``check`` says what to fill in.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

from ..diagnostics import did_you_mean
from ..errors import UsageError
from ..output.cache import CACHE_FOLDER
from ..reading.editor_schema import modeline, write_schemas
from ..reading.sources import slugify
from .load import load_site


def _scaffold() -> Path:
    return Path(str(resources.files("wsstories.commands") / "scaffold"))


def init_site(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Create a working site in ``folder`` (which must be empty or new); return the files."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"'{folder}' is not empty; wsstories init only writes into a new or "
                         "empty folder, so that nothing of yours is overwritten")
    day = (today or dt.date.today()).isoformat()
    root = _scaffold()
    written = []
    for source in sorted(root.rglob("*")):
        relative = source.relative_to(root)
        if source.is_dir() or source.name.endswith(".template") or "__pycache__" in relative.parts:
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8").replace("{today}", day),
                          encoding="utf-8")
        written.append(target)
    ignore = folder / ".gitignore"  # never commit what a build writes: see cache.py
    ignore.write_text(GITIGNORE, encoding="utf-8")
    written.append(ignore)
    written += write_schemas(folder / "stories")  # editors complete and check the fields
    return written


#: What ``init`` puts in the new site's .gitignore: the built site and the build cache.
GITIGNORE = f"""\
# Written by wsstories build: never commit them. A cache from someone else is
# never used (it is signed with a key of each user), but keep it out anyway.
output/
output-drafts/
{CACHE_FOLDER}/
"""


def new_story(source: Path, title: str, goal: str | None = None, partners: list[str] = (),
              today: dt.date | None = None) -> Path:
    """Write a draft story for ``title`` under ``source/YEAR/``; never overwrite a file."""
    source = Path(source)
    if not title.strip():
        raise UsageError("the title is empty; give the story's headline, in quotes")
    site, _ = load_site(source)
    _known(goal, site.goals, "goal", "goals/")
    for partner in partners:
        _known(partner, site.partners, "partner", "partners/")
    day = today or dt.date.today()
    taken = {p.stem for p in source.rglob("*.md")}
    base = slugify(title)[:60].strip("-") or "story"
    ident, number = base, 2
    while ident in taken:
        ident, number = f"{base}-{number}", number + 1
    folder = source / str(day.year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.md"
    credit = ("  - partner: {id}   # the id of a file in partners/\n"
              "    contribution:   # what this partner did, in a few plain words")
    text = (_scaffold() / "story.md.template").read_text(encoding="utf-8").format(
        modeline=modeline(source, folder),  # the path from stories/YEAR/ to _schema/
        title=json.dumps(title.strip(), ensure_ascii=False), today=day.isoformat(),
        goal=goal or "",
        partners="\n".join(credit.format(id=p) for p in partners) or credit.format(id=""))
    with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    write_schemas(source)  # the newest partners, goals and stories become the enums
    return path


def _known(ident: str | None, known, what: str, folder: str) -> None:
    if ident is not None and ident not in known:
        raise UsageError(f"unknown {what} '{ident}'{did_you_mean(ident, known)}; "
                         f"a {what} is the id of a file in {folder}")
