"""Model objects as JSON of plain values, and back: the build cache's format.

The cache must never be able to run code, so it holds no pickles: only
JSON, where each value that JSON has no type for is an object of one key
naming what it is — ``{"d": "2026-10-14"}`` a date, ``{"t": [...]}`` a
tuple, ``{"Story": [...]}`` a story given field by field. Reading rebuilds
only the types listed here, by calling their constructors with plain values;
anything else in a file is an error, and the file is not used.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from pathlib import Path, PurePath

from .. import model
from ..diagnostics import Diagnostic, Severity

_CLASSES: dict[str, tuple[type, tuple[str, ...]]] = {}
_NAMES: dict[type, tuple[str, tuple[str, ...]]] = {}


def register(*classes: type) -> None:
    """Let instances of these dataclasses be kept (each by its name and its fields in order)."""
    for cls in classes:
        names = tuple(f.name for f in fields(cls))
        _CLASSES[cls.__name__] = (cls, names)
        _NAMES[cls] = (cls.__name__, names)


register(model.Story, model.Partner, model.Goal, model.Celebration, model.Credit,
         model.Storyteller, model.Photo, model.Outcome, model.Consent, model.Decision,
         model.HoldBack, Diagnostic)

_SCALARS = (str, int, float, bool, type(None))


def encode(value: object) -> object:
    """``value`` as plain JSON values (TypeError for a type that is not listed here)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [encode(v) for v in value]
    if kind is tuple:
        return {"t": [encode(v) for v in value]}
    if kind is dict:
        return {"m": [[encode(k), encode(v)] for k, v in value.items()]}
    if kind is frozenset or kind is set:
        return {"f" if kind is frozenset else "s": [encode(v) for v in value]}
    if kind is dt.date:
        return {"d": value.isoformat()}
    if kind is Severity:
        return {"v": value.value}
    if kind is bytes:
        return {"b": value.hex()}
    if isinstance(value, PurePath):
        return {"p": str(value)}
    known = _NAMES.get(kind)
    if known is None:
        raise TypeError(f"a {kind.__name__} cannot be kept in the build cache")
    return {known[0]: [encode(getattr(value, name)) for name in known[1]]}


def dumps(value: object) -> bytes:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"),
                      check_circular=False).encode("utf-8", "surrogatepass")


def loads(data: bytes) -> object:
    """What :func:`dumps` wrote (ValueError or TypeError if it is anything else)."""
    return json.loads(data.decode("utf-8", "surrogatepass"), object_hook=_hook())


def _hook():
    """The decoder of one text's objects: a path met twice (a story's, its file's) is made once."""
    paths: dict[str, Path] = {}
    classes = _CLASSES

    def path(text):
        known = paths.get(text)
        if known is None:
            known = paths[text] = Path(text)
        return known

    def containers(make):
        def decode(value):
            if type(value) is not list:
                raise ValueError("unexpected contents")
            return make(value)
        return decode

    decoders = {"t": containers(tuple), "s": containers(set), "f": containers(frozenset),
                "m": containers(lambda pairs: {k: v for k, v in pairs}),
                "d": dt.date.fromisoformat, "v": Severity, "b": bytes.fromhex, "p": path}

    def decode(obj: dict) -> object:
        if len(obj) != 1:
            raise ValueError("unexpected contents")
        ((tag, value),) = obj.items()
        decoder = decoders.get(tag)
        if decoder is not None:
            return decoder(value)
        known = classes.get(tag)
        if known is None:
            raise ValueError(f"unexpected contents ({tag!r})")
        if type(value) is not list or len(value) != len(known[1]):
            raise ValueError(f"a {tag} with the wrong fields")
        return known[0](*value)

    return decode
