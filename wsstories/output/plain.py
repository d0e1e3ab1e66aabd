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
    return json.loads(data.decode("utf-8", "surrogatepass"), object_hook=_decode)


def _instance(name: str, values: object) -> object:
    cls, names = _CLASSES[name]
    if type(values) is not list or len(values) != len(names):
        raise ValueError(f"a {name} with the wrong fields")
    return cls(*values)


_DECODERS = {
    "t": tuple, "s": set, "f": frozenset, "d": dt.date.fromisoformat, "v": Severity,
    "b": bytes.fromhex, "p": Path, "m": lambda pairs: {k: v for k, v in pairs},
}


def _decode(obj: dict) -> object:
    if len(obj) != 1:
        raise ValueError("unexpected contents")
    ((tag, value),) = obj.items()
    decoder = _DECODERS.get(tag)
    if decoder is not None:
        if tag in ("t", "s", "f", "m") and type(value) is not list:
            raise ValueError("unexpected contents")
        return decoder(value)
    if tag in _CLASSES:
        return _instance(tag, value)
    raise ValueError(f"unexpected contents ({tag!r})")
