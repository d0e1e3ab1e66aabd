"""Front matter through python-frontmatter: YAML between ``---``, TOML between ``+++``.

python-frontmatter knows the fences of each format and splits a file into
its front matter and body; its handlers are where a format is read. The
handlers here read with line numbers kept (:mod:`wsstories.yamlines` for
YAML, :mod:`wsstories.tomllines` for TOML), so that every message about a
field names the line of the file where the field is written, whichever
format a site uses. Both formats give the same fields, checked by the same
schema.

The TOML handler reads with :mod:`tomllib` (TOML 1.0, the standard library's,
which also reads site.toml) rather than python-frontmatter's own TOML handler,
which needs the ``toml`` package (TOML 0.5, unmaintained since 2020).
"""

from __future__ import annotations

import re
import tomllib

from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from . import tomllines, yamlines


class YAMLLines(YAMLHandler):
    """YAML front matter between ``---`` lines, read with the line of every value."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)
    NAME = "YAML"

    def load(self, fm: str, line_offset: int = 0, **kwargs: object):
        return yamlines.load(fm, line_offset=line_offset)


class TOMLLines(BaseHandler):
    """TOML front matter between ``+++`` lines (as Hugo sites write it), with lines."""

    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"
    NAME = "TOML"

    def load(self, fm: str, line_offset: int = 0, **kwargs: object):
        return tomllines.with_lines(tomllib.loads(fm), fm, line_offset)


YAML, TOML = YAMLLines(), TOMLLines()
HANDLERS: tuple[BaseHandler, ...] = (YAML, TOML)


def handler_for(text: str) -> YAMLLines | TOMLLines | None:
    """The handler whose opening fence is ``text``'s first line, or None."""
    return detect_format(text, HANDLERS)


def fence_of(handler: BaseHandler) -> str:
    return handler.START_DELIMITER or "---"


def split(handler: BaseHandler, text: str) -> tuple[str, str, int] | None:
    """``text`` (which starts with the handler's fence) as (front matter, body, body line).

    The front matter starts on line 2 of the file; the body on the line after
    the closing fence. None when the front matter is never closed.
    """
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None
    fm = fm[1:] if fm.startswith("\n") else fm  # the rest of the fence's line
    body = body[1:] if body.startswith("\n") else body
    return fm, body, fm.count("\n") + 3
