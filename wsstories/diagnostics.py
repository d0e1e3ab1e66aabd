"""Problems found in a site's source, and how they are reported.

A :class:`Diagnostic` is one problem: where it is (file and line), how bad it
is, a stable rule id and a sentence that a staff author who is not a
developer can act on. Every stage of the pipeline appends to a
:class:`Report` instead of raising, so that one run shows every problem.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable


class Severity(str, Enum):
    """How much a problem matters: errors stop a build, info only explains."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file (``line`` is None when it is about the whole file)."""

    path: Path
    line: int | None
    severity: Severity
    rule: str
    message: str

    def display_path(self, cwd: Path | None = None) -> str:
        """The path relative to ``cwd`` (the current folder by default)."""
        try:
            return os.path.relpath(self.path, cwd or Path.cwd())
        except ValueError:  # another drive on Windows
            return str(self.path)

    def format(self, cwd: Path | None = None) -> str:
        """The one-line text form: ``path:line: severity[rule]: message``."""
        where = self.display_path(cwd)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.severity.value}[{self.rule}]: {self.message}"

    def as_json(self, cwd: Path | None = None) -> dict:
        """The JSON form used by ``check --format json``."""
        return {
            "path": self.display_path(cwd),
            "line": self.line,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass
class Report:
    """Collects diagnostics from every stage; nothing is printed here."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        path: Path,
        line: int | None,
        severity: Severity,
        rule: str,
        message: str,
    ) -> None:
        self.items.append(Diagnostic(path, line, severity, rule, message))

    def error(self, path: Path, line: int | None, rule: str, message: str) -> None:
        self.add(path, line, Severity.ERROR, rule, message)

    def warning(self, path: Path, line: int | None, rule: str, message: str) -> None:
        self.add(path, line, Severity.WARNING, rule, message)

    def info(self, path: Path, line: int | None, rule: str, message: str) -> None:
        self.add(path, line, Severity.INFO, rule, message)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.items if d.severity is severity)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics by file, then line (whole-file problems first), then severity."""
        return sorted(
            self.items,
            key=lambda d: (
                str(d.path),
                -1 if d.line is None else d.line,
                _ORDER[d.severity],
                d.rule,
                d.message,
            ),
        )


def format_json(diagnostics: Iterable[Diagnostic], cwd: Path | None = None) -> str:
    """A JSON array of diagnostic objects, as ``check --format json`` prints."""
    return json.dumps([d.as_json(cwd) for d in diagnostics], indent=2, ensure_ascii=False)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
