"""JSON Schemas of the front matter, for editors that complete and check YAML.

The declarations in ``schemas.py`` are turned into JSON Schema draft-07, so
that an editor with a YAML language server (VS Code's YAML extension,
JetBrains IDEs, Neovim, …) completes field names and checks values while
staff type. The ids of the site's partners, goals and stories become
``enum`` lists, so a misspelt partner is underlined before ``check`` runs.

``wsstories check`` stays the authority: the schema cannot know consent,
wording or publication rules, and it is only as current as its last write
(``init``, ``new`` and ``wsstories schema --write`` refresh it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import Report, did_you_mean
from ..errors import UsageError
from . import schemas
from .schema import DATE_RE, ID_RE, LANG_RE, Field
from .sources import discover

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS = ("story", "partner", "goal", "celebration")
FOLDER = "_schema"  # a name starting with "_" is not content
MODELINE = "# yaml-language-server: $schema="

_FIELDS: dict[str, Mapping[str, Field]] = {
    "story": schemas.STORY, "partner": schemas.PARTNER, "goal": schemas.GOAL,
    "celebration": schemas.CELEBRATION,
}
_TITLES = {
    "story": "A wsstories story's front matter",
    "partner": "A wsstories partner (a file in partners/)",
    "goal": "A wsstories goal (a file in goals/)",
    "celebration": "A wsstories celebration (a file in celebrations/)",
}
# MONTH_RE accepts any two digits and check tests 1–12; a pattern says it at once.
_MONTH = r"^\d{4}-(?:0[1-9]|1[0-2])$"
# URL_RE is case-insensitive; JSON Schema patterns have no flags.
_URL = r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$"
_NOT_BLANK = r"\S"


def site_ids(source: Path) -> dict[str, list[str]]:
    """The ids of the site's files by kind (``story``, ``partner``, …), sorted.

    Read from the file names only, so a site with errors still gets its ids.
    """
    source = Path(source)
    if not source.is_dir():
        raise UsageError(f"the source folder '{source}' does not exist")
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for path, kind in discover(source, Report()):
        if ID_RE.match(path.stem):
            ids.setdefault(kind, set()).add(path.stem)
    found_ids = {kind: sorted(found) for kind, found in ids.items()}
    from .settings import load_settings
    languages = load_settings(source, Report()).languages
    if len(languages) > 1:
        found_ids["language"] = list(languages[1:])
    return found_ids


def json_schema(kind: str = "story", ids: Mapping[str, list[str]] | None = None) -> dict:
    """The draft-07 JSON Schema of one kind of file; ``ids`` (see :func:`site_ids`) add enums."""
    if kind not in _FIELDS:
        raise UsageError(f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}; "
                         f"use one of {', '.join(KINDS)}")
    ids = ids or {}
    enums: dict[str, list[str]] = {}
    if ids.get("partner"):
        enums["partners[].partner"] = ids["partner"]
    if kind == "story":
        if ids.get("goal"):
            enums["goal"] = ids["goal"]
        if ids.get("story"):
            enums["translation_of"] = ids["story"]
    if kind == "celebration" and ids.get("story"):
        enums["stories[]"] = ids["story"]
    if ids.get("language"):
        enums["translations"] = ids["language"]
    schema = _map(_FIELDS[kind], enums, "")
    schema.update({"$schema": DRAFT, "title": _TITLES[kind],
                   "description": "Made by wsstories from its field declarations; "
                                  "`wsstories check` has the final word."})
    return schema


def dumps(schema: dict) -> str:
    """The schema as the text written and printed: sorted keys, indent 2."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_schemas(source: Path, kinds: tuple[str, ...] = KINDS) -> list[Path]:
    """Write ``<source>/_schema/<kind>.schema.json`` for each kind; return the paths.

    A file whose text is already current is left untouched.
    """
    source = Path(source)
    ids = site_ids(source)
    folder = source / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for kind in kinds:
        path = folder / f"{kind}.schema.json"
        text = dumps(json_schema(kind, ids))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(source: Path, folder: Path, kind: str = "story") -> str:
    """The ``# yaml-language-server: $schema=…`` line for a file in ``folder``."""
    target = Path(source) / FOLDER / f"{kind}.schema.json"
    return MODELINE + Path(os.path.relpath(target, folder)).as_posix()


# declarations → JSON Schema ----------------------------------------------------------

def _map(fields: Mapping[str, Field], enums: Mapping[str, list[str]], prefix: str) -> dict:
    properties = {name: _field(spec, enums, prefix + name) for name, spec in fields.items()}
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    required = sorted(name for name, spec in fields.items() if spec.required)
    if required:
        schema["required"] = required
    return schema


def _field(spec: Field, enums: Mapping[str, list[str]], path: str) -> dict:
    schema = _kind(spec, enums, path)
    if path in enums and spec.kind != "translations":
        schema["enum"] = list(enums[path])
    if spec.doc:
        schema["description"] = spec.doc
    return schema


def _kind(spec: Field, enums: Mapping[str, list[str]], path: str) -> dict:
    kind = spec.kind
    if kind == "text":  # check reads `ref: 20260142` or `title: 2026` as text too
        schema: dict[str, Any] = {"type": ["string", "number"], "pattern": _NOT_BLANK}
        if spec.max_len is not None:
            schema["maxLength"] = spec.max_len
        return schema
    if kind == "id":
        return {"type": "string", "pattern": ID_RE.pattern}
    if kind == "date":  # YAML 1.2 editors read an unquoted date as text
        return {"type": "string", "format": "date", "pattern": DATE_RE.pattern}
    if kind == "month":
        return {"type": "string", "pattern": _MONTH}
    if kind == "lang":
        return {"type": "string", "pattern": LANG_RE.pattern}
    if kind == "url":
        return {"type": "string", "format": "uri", "pattern": _URL}
    if kind == "path":
        return {"type": "string", "pattern": _NOT_BLANK}
    if kind == "choice":
        return {"type": "string", "enum": list(spec.choices)}
    if kind == "bool":
        return {"type": "boolean"}
    if kind in ("int", "number"):
        schema = {"type": "integer" if kind == "int" else "number"}
        if spec.minimum is not None:
            schema["exclusiveMinimum" if spec.exclusive_minimum else "minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
        return {key: _whole(value) for key, value in schema.items()}
    if kind == "list":
        item = _field(spec.item, enums, path + "[]")
        schema = {"type": "array", "items": item}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        else:
            schema["type"] = ["array", "null"]  # `sensitive:` with nothing after it is an empty list
        if spec.item.kind in ("choice", "id"):  # `scope: web` means [web]
            return {"anyOf": [schema, item]}
        return schema
    if kind == "map":
        return _map(spec.fields, enums, path + ".")
    if kind == "variant":
        return _variant(spec, enums, path)
    if kind == "translations":  # es: {title: …}; the keys are the site's other languages
        names = {"enum": list(enums[path])} if path in enums else {"pattern": LANG_RE.pattern}
        return {"type": "object", "propertyNames": names,
                "additionalProperties": _map(spec.fields, enums, path + ".*.")}
    raise ValueError(f"unknown field kind {kind!r}")  # a bug in a schema declaration


def _variant(spec: Field, enums: Mapping[str, list[str]], path: str) -> dict:
    key, names = spec.key, list(spec.variants)
    every: dict[str, Any] = {key: {"type": "string", "enum": names,
                                   "description": f"one of: {', '.join(names)}"}}
    branches = []
    for name, fields in spec.variants.items():
        then = _map(fields, enums, path + ".")
        then["properties"] = {key: {"const": name}, **then["properties"]}
        for field_name, field_schema in then["properties"].items():
            if field_name != key:  # listed here too, so that additionalProperties allows it
                every.setdefault(field_name, {k: v for k, v in field_schema.items()
                                              if k == "description"})
        branches.append({"if": {"properties": {key: {"const": name}}, "required": [key]},
                         "then": then})
    return {"type": "object", "properties": every, "required": [key],
            "additionalProperties": False, "allOf": branches}


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
