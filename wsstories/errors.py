"""The exceptions that end a command; each class carries its exit code.

Content problems are not exceptions: they are collected as diagnostics so
that every one is shown. These exceptions stop a command as a whole, and only
the command line turns them into a message and an exit code.
"""

from __future__ import annotations


class WsStoriesError(Exception):
    """Base of every error that ends a command. Exit code 1."""

    exit_code = 1


class ContentError(WsStoriesError):
    """The source has problems (already reported as diagnostics). Exit code 1."""

    exit_code = 1


class UsageError(WsStoriesError):
    """Wrong options, a missing folder or unusable settings. Exit code 2."""

    exit_code = 2
