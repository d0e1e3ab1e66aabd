"""A progress display for long builds, drawn by rich on a terminal only.

Nothing is drawn when the output is not a terminal, in CI (the ``CI``
variable is set), or with ``--quiet``; the build then prints only its result.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator


class _Display:
    """A callable ``(what, done, total)`` that moves one bar per kind of work."""

    def __init__(self, progress=None):
        self._progress = progress
        self._tasks: dict[str, int] = {}

    def __call__(self, what: str, done: int, total: int) -> None:
        if self._progress is None:
            return
        if what not in self._tasks:
            self._tasks[what] = self._progress.add_task(what, total=total)
        self._progress.update(self._tasks[what], completed=done, total=total)

    def close(self) -> None:
        """Stop drawing (before problems are printed)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextmanager
def progress_display(enabled: bool = True) -> Iterator[_Display]:
    """A progress callback: a live display on a terminal, silent elsewhere."""
    if not enabled or os.environ.get("CI") or not sys.stderr.isatty():
        yield _Display()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    display = _Display(progress)
    progress.start()
    try:
        yield display
    finally:
        display.close()
