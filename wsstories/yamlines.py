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


class _Loader(_BaseLoader):
    line_offset = 0  # lines of the file before the YAML text


def _line(loader: _Loader, node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_map(loader: _Loader, node: MappingNode):
    data = LineMap()
    data.line = _line(loader, node)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise BadKeyError(_line(loader, key_node))
        key = key_node.value
        key_line = _line(loader, key_node)
        if key in data:
            raise DuplicateKeyError(key, data.key_lines[key], key_line)
        data[key] = loader.construct_object(value_node, deep=False)
        data.key_lines[key] = key_line
        data.value_lines[key] = _line(loader, value_node)


def _construct_seq(loader: _Loader, node):
    data = LineList()
    data.line = _line(loader, node)
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=False))
        data.item_lines.append(_line(loader, child))


def _construct_timestamp(loader: _Loader, node):
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:  # e.g. 2026-02-30: validation explains it
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
# Anything with an unknown tag (``!!python/object`` …) is refused by SafeLoader.


def load(text: str, line_offset: int = 0):
    """Parse one YAML document; line numbers count ``line_offset`` lines before it.

    Raises ``yaml.YAMLError`` (including :class:`DuplicateKeyError`) on bad input.
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


__all__ = [
    "BadKeyError",
    "ConstructorError",
    "DuplicateKeyError",
    "LineList",
    "LineMap",
    "load",
]
