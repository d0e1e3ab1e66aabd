"""YAML front matter that remembers where every key and value stands.

PyYAML's C parser does the reading (the pure-Python one where libyaml is
missing); the constructors here build dicts and lists that also know the line
of each key, value and list item, refuse duplicate keys, keep keys as the text
the author wrote (so ``on:`` stays ``"on"``), and keep an impossible date such
as ``2026-02-30`` as text, so that validation can explain it instead of
failing.
"""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode

try:  # libyaml is several times faster; it ships in PyYAML's wheels
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class LineMap(dict):
    """A mapping from YAML that knows the line of each key and of the mapping."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[str, int] = {}
        self.value_lines: dict[str, int] = {}

    def key_line(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: str) -> int | None:
        return self.value_lines.get(key, self.key_line(key))


class LineList(list):
    """A sequence from YAML that knows the line of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.line: int | None = None
        self.item_lines: list[int] = []

    def item_line(self, index: int) -> int | None:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class DuplicateKeyError(yaml.YAMLError):
    """The same key appears twice in one mapping."""

    def __init__(self, key: str, first_line: int, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.first_line = first_line
        self.line = line


class BadKeyError(yaml.YAMLError):
    """A key that is a list or a mapping rather than a word."""

    def __init__(self, line: int):
        super().__init__("a key must be a word")
        self.line = line


class AliasError(yaml.YAMLError):
    """An alias (``*name``) of a list or mapping: refused, since a few can expand to gigabytes."""

    def __init__(self, name: str, line: int):
        super().__init__(f"the alias *{name} is not allowed")
        self.name = name
        self.line = line


class TooDeepError(yaml.YAMLError):
    """Values nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self, line: int):
        super().__init__(f"values are nested more than {MAX_DEPTH} levels deep")
        self.line = line


#: Front matter needs three or four levels; deeper nesting is refused before it costs anything.
MAX_DEPTH = 20


class _Loader(_BaseLoader):
    """libyaml parses and composes nodes; :func:`_convert` turns them into values."""

    _resolved: dict = {}

    def resolve(self, kind, value, implicit):
        # The same keys and short values recur in every file; resolving a
        # scalar's implicit type depends only on these three arguments.
        key = (kind, value, implicit)
        try:
            return self._resolved[key]
        except KeyError:
            tag = super().resolve(kind, value, implicit)
            if value is None or len(value) <= 40 and len(self._resolved) < 100_000:
                self._resolved[key] = tag
            return tag


_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_timestamp,
}


def _convert(loader: _Loader, node, offset: int, depth: int = 0):
    """The value of ``node``, with lines; a direct walk, much faster than
    PyYAML's general constructor, for the only node kinds front matter needs."""
    if depth > MAX_DEPTH:
        raise TooDeepError(node.start_mark.line + 1 + offset)
    if isinstance(node, ScalarNode):
        tag = node.tag
        if tag == _STR:
            return node.value
        make = _SCALARS.get(tag)
        if make is None:  # !!binary, !!python/…, a custom tag: never run, never trusted
            raise ConstructorError(None, None, f"the tag {tag} is not allowed", node.start_mark)
        try:
            return make(loader, node)
        except ValueError:  # e.g. 2026-02-30 looks like a date but is none: validation says so
            return node.value
    if isinstance(node, MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise ConstructorError(None, None, f"the tag {node.tag} is not allowed", node.start_mark)
        loader.flatten_mapping(node)
        data = LineMap()
        data.line = node.start_mark.line + 1 + offset
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise BadKeyError(key_line)
            key = key_node.value
            if key in data:
                raise DuplicateKeyError(key, data.key_lines[key], key_line)
            data[key] = _convert(loader, value_node, offset, depth + 1)
            data.key_lines[key] = key_line
            data.value_lines[key] = value_node.start_mark.line + 1 + offset
        return data
    if node.tag != "tag:yaml.org,2002:seq":
        raise ConstructorError(None, None, f"the tag {node.tag} is not allowed", node.start_mark)
    items = LineList()
    items.line = node.start_mark.line + 1 + offset
    for child in node.value:
        items.append(_convert(loader, child, offset, depth + 1))
        items.item_lines.append(child.start_mark.line + 1 + offset)
    return items


def load(text: str, line_offset: int = 0):
    """Parse one YAML document; line numbers count ``line_offset`` lines before it.

    Raises ``yaml.YAMLError`` (including :class:`DuplicateKeyError`) on bad input.
    Aliases (``*name``) of lists and mappings are refused before anything is
    built: nine lines of them can stand for a billion values. So is nesting
    deeper than :data:`MAX_DEPTH`.
    """
    if "*" in text:
        _refuse_aliases(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(loader, node, line_offset)
    except RecursionError:
        raise ConstructorError(None, None, "a value refers to itself", None) from None
    finally:
        loader.dispose()


def _refuse_aliases(text: str, offset: int) -> None:
    """Raise :class:`AliasError` at the first alias of a list or mapping (events only: nothing
    is expanded). An alias of a single value costs nothing and is allowed: PyYAML itself writes
    one when the same date appears twice."""
    collections: set[str] = set()
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent) and event.anchor is not None:
                collections.add(event.anchor)
            elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
                raise AliasError(event.anchor, event.start_mark.line + 1 + offset)
    except AliasError:
        raise
    except yaml.YAMLError:
        return  # loading reports it, with its line


__all__ = [
    "AliasError",
    "BadKeyError",
    "ConstructorError",
    "DuplicateKeyError",
    "LineList",
    "LineMap",
    "MAX_DEPTH",
    "TooDeepError",
    "load",
]
