"""A small declarative schema for front matter and settings.

Each field is declared once, with its kind, limits and a plain-language
description (see ``schemas.py``). :func:`validate` walks a mapping read by
``yamlines`` against those declarations, reports every problem with the line
of the key or value, and returns the cleaned values: only what is valid is
kept, so later stages never see a wrong type.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import Report, did_you_mean
from .yamlines import LineList, LineMap

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One field: its kind, whether it is required, its limits and its meaning.

    Kinds: ``text`` (plain text), ``id``, ``date``, ``month``, ``int``,
    ``number``, ``bool``, ``choice``, ``lang``, ``url``, ``path``, ``list``
    (of ``item``), ``map`` (of ``fields``), ``variant`` (a map whose
    ``key`` field chooses one of ``variants``) and ``translations`` (a map
    from each of the site's other languages to a map of ``fields``).
    """

    kind: str
    doc: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    min_items: int = 0
    item: "Field | None" = None
    fields: Mapping[str, "Field"] = field(default_factory=dict)
    key: str = "type"
    variants: Mapping[str, Mapping[str, "Field"]] = field(default_factory=dict)


@dataclass(frozen=True)
class Forbidden:
    """Keys that are refused with a reason (for example, ownership fields)."""

    keys: frozenset[str]
    rule: str
    reason: str


@dataclass
class Context:
    """Where diagnostics go while one file is validated."""

    path: Path
    report: Report
    forbidden: tuple[Forbidden, ...] = ()
    what: str = "a file"  # "a story", "site.toml", … for messages
    languages: tuple[str, ...] = ()  # the site's languages, the first the default
    family: str = ""  # every rule id starts with it ("settings"); else "schema-" or "ref-"

    def rule(self, name: str, kind: str = "schema") -> str:
        """The rule id of a problem ``name`` of this file, such as ``schema-type``."""
        return f"{self.family or kind}-{name}"


def validate(data: LineMap, fields: Mapping[str, Field], ctx: Context, prefix: str = "") -> dict:
    """Check ``data`` against ``fields``; return the valid values, report the rest."""
    clean: dict[str, Any] = {}
    for key in data:
        line = data.key_line(key)
        name = prefix + key
        if key not in fields:
            refused = next((f for f in ctx.forbidden if _norm(key) in f.keys), None)
            if refused is not None:
                ctx.report.error(ctx.path, line, refused.rule, f"'{name}' is not a field: {refused.reason}")
            else:
                ctx.report.error(ctx.path, line, ctx.rule("unknown-field"),
                                 f"'{name}' is not a field of {ctx.what}"
                                 f"{did_you_mean(key, fields)}")
            continue
        value = check_value(data[key], fields[key], ctx, name, data.value_line(key))
        if value is not _INVALID:
            clean[key] = value
    for key, spec in fields.items():
        if spec.required and key not in data:
            hint = f" ({spec.doc})" if spec.doc else ""
            where = "" if not prefix else f" under '{prefix[:-1]}'"
            ctx.report.error(ctx.path, data.line if prefix else None, ctx.rule("required"),
                             f"the required field '{prefix + key}' is missing{where}{hint}")
    clean["_line"] = data.line
    clean["_lines"] = data.key_lines
    return clean


_INVALID = object()


def _norm(key: str) -> str:
    return key.lower().replace("-", "_").replace(" ", "_")


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}' (yes/no)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def check_value(value: Any, spec: Field, ctx: Context, name: str, line: int | None) -> Any:
    """Check one value; return it cleaned, or ``_INVALID`` after reporting why."""
    report, path = ctx.report, ctx.path

    def bad(rule: str, message: str) -> Any:
        report.error(path, line, rule, message)
        return _INVALID

    kind = spec.kind
    if value is None and kind not in ("list",):
        return bad(ctx.rule("empty"), _empty(spec, name))
    check = _CHECKS.get(kind)
    if check is None:
        raise ValueError(f"unknown field kind {kind!r}")  # a bug in a schema declaration
    return check(value, spec, ctx, name, line, bad)


def _empty(spec: Field, name: str) -> str:
    """What to say of an empty value."""
    return (f"'{name}' is empty; fill it in" + (f" ({spec.doc})" if spec.doc else "")
            if spec.required else f"'{name}' is empty; give it a value or remove the line")


def _text(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``text``, ``id``, ``lang``, ``url``, ``path`` and ``choice``: text, stripped, of its form."""
    kind = spec.kind
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool) and kind == "text":
        value = str(value)  # a title such as 2026 or a date is still text
    if not isinstance(value, str):
        return bad(ctx.rule("type"), f"'{name}' must be text, but it is {_type_name(value)}")
    value = value.strip()
    if not value:
        return bad(ctx.rule("empty"), _empty(spec, name))
    if kind == "text" and spec.max_len is not None and len(value) > spec.max_len:
        return bad(ctx.rule("too-long"),
                   f"'{name}' is {len(value)} characters long; keep it to {spec.max_len} or fewer")
    if kind == "id" and not ID_RE.match(value):
        return bad(ctx.rule("id"), f"'{name}' must be an id (lowercase letters, digits and "
                                f"hyphens), but it is '{value}'")
    if kind == "lang" and not LANG_RE.match(value):
        return bad(ctx.rule("lang"), f"'{name}' must be a language code such as 'en' or 'es', "
                                  f"but it is '{value}'")
    if kind == "url" and not URL_RE.match(value):
        return bad(ctx.rule("url"), f"'{name}' must be a full web address starting with "
                                 f"https://, but it is '{value}'")
    if kind == "choice" and value not in spec.choices:
        return bad(ctx.rule("choice"), f"'{name}' must be one of {', '.join(spec.choices)}; "
                                    f"'{value}' is not{did_you_mean(value, spec.choices)}")
    return value


def _date(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``date``: a day, written YYYY-MM-DD (or read as a date already)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return bad(ctx.rule("date"), f"'{name}' is {value}, which is not a day of the calendar")
    return bad(ctx.rule("date"), f"'{name}' must be a date written YYYY-MM-DD, like 2026-10-14, "
                              f"but it is {_type_name(value)}")


def _month(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``month``: YYYY-MM, kept as text."""
    text = value if isinstance(value, str) else None
    match = MONTH_RE.match(text.strip()) if text else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        return bad(ctx.rule("date"), f"'{name}' must be a month written YYYY-MM, like 2026-09, "
                                  f"but it is {_type_name(value)}")
    return text.strip()


def _bool(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``bool``: true or false."""
    if not isinstance(value, bool):
        return bad(ctx.rule("type"), f"'{name}' must be true or false, but it is {_type_name(value)}")
    return value


def _number(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``int`` and ``number``: within the field's limits."""
    kind = spec.kind
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        what = "a whole number" if kind == "int" else "a number"
        return bad(ctx.rule("type"), f"'{name}' must be {what}, but it is {_type_name(value)}")
    if kind == "int" and not (isinstance(value, int) or float(value).is_integer()):
        return bad(ctx.rule("type"), f"'{name}' must be a whole number, but it is {value}")
    if kind == "int":
        value = int(value)
    low, high = spec.minimum, spec.maximum
    if low is not None and (value <= low if spec.exclusive_minimum else value < low):
        relation = "more than" if spec.exclusive_minimum else "at least"
        return bad(ctx.rule("range"), f"'{name}' must be {relation} {_num(low)}, but it is {value}")
    if high is not None and value > high:
        return bad(ctx.rule("range"), f"'{name}' must be at most {_num(high)}, but it is {value}")
    return value


def _list(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``list``: each item checked as ``spec.item``; returns (line, value) pairs."""
    if value is None:
        value = LineList()
    if isinstance(value, str) and spec.item is not None and spec.item.kind in ("choice", "id"):
        value = _single_item(value, line)  # `scope: web` means [web]
    if not isinstance(value, list):
        return bad(ctx.rule("type"), f"'{name}' must be a list, but it is {_type_name(value)}")
    if len(value) < spec.min_items:
        return bad(ctx.rule("required"), f"'{name}' needs at least {spec.min_items} "
                                      f"item{'s' if spec.min_items > 1 else ''}")
    items = []
    for index, item in enumerate(value):
        item_line = value.item_line(index) if isinstance(value, LineList) else line
        checked = check_value(item, spec.item, ctx, f"{name}[{index + 1}]", item_line)
        if checked is not _INVALID:
            items.append((item_line, checked))
    return items


def _map(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``map`` and ``variant``: a group of fields, a variant's chosen by its ``key`` field."""
    if not isinstance(value, LineMap):
        return bad(ctx.rule("type"), f"'{name}' must be a group of fields (each on its own "
                                  f"indented line), but it is {_type_name(value)}")
    fields = spec.fields
    if spec.kind == "variant":
        chosen = value.get(spec.key)
        if chosen not in spec.variants:
            shown = chosen if isinstance(chosen, str) else _type_name(chosen)
            if spec.key not in value:
                return bad(ctx.rule("required"), f"'{name}' needs a '{spec.key}'")
            return bad(ctx.rule("choice"), f"'{name}.{spec.key}' must be one of "
                                        f"{', '.join(spec.variants)}; '{shown}' is not"
                                        f"{did_you_mean(str(chosen), spec.variants)}")
        fields = {spec.key: Field("choice", required=True, choices=tuple(spec.variants)),
                  **spec.variants[chosen]}
    return validate(value, fields, ctx, prefix=name + ".")


def _translations(value: Any, spec: Field, ctx: Context, name: str, line: int | None, bad) -> Any:
    """``translations: {es: {title: …}}``: each key one of the site's other languages."""
    if not isinstance(value, LineMap):
        return bad(ctx.rule("type"), f"'{name}' must be a group of languages (like 'es:' on its own "
                                  f"indented line, and the translated fields under it), but it is "
                                  f"{_type_name(value)}")
    first, others = (ctx.languages or ("en",))[0], tuple((ctx.languages or ("en",))[1:])
    clean = {}
    for lang in value:
        where, label = value.key_line(lang), f"{name}.{lang}"
        if lang == first:
            ctx.report.error(ctx.path, where, ctx.rule("language-unknown", "ref"),
                             f"'{label}': '{first}' is the site's first language; write those "
                             "words in the fields themselves, and translations into the others")
        elif lang not in others:
            known = f"the site's other languages are {', '.join(others)}" if others else \
                "the site has only one language"
            ctx.report.error(ctx.path, where, ctx.rule("language-unknown", "ref"),
                             f"'{label}': '{lang}' is not a language of the site ({known}); add it "
                             f"to 'languages' in site.toml, or remove these lines"
                             f"{did_you_mean(str(lang), others)}")
        else:
            checked = check_value(value[lang], Field("map", fields=spec.fields), ctx, label,
                                  value.value_line(lang))
            if checked is not _INVALID:
                clean[lang] = {k: v for k, v in checked.items() if not k.startswith("_")}
    return clean


#: The check of each kind of field.
_CHECKS = {
    **dict.fromkeys(("text", "id", "lang", "url", "path", "choice"), _text),
    "date": _date, "month": _month, "bool": _bool,
    "int": _number, "number": _number,
    "list": _list, "translations": _translations,
    "map": _map, "variant": _map,
}


def _single_item(value: str, line: int | None) -> LineList:
    items = LineList([value])
    items.line = line
    items.item_lines = [line] if line is not None else []
    return items


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
