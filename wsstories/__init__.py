"""wsstories: the shared success-stories site of a workforce partnership.

The public API is small: :func:`load_site` reads, validates and links a
source folder, returning the site model and every diagnostic.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .commands.load import load_site  # noqa: E402
from .diagnostics import Diagnostic, Severity  # noqa: E402
from .errors import ContentError, UsageError, WsStoriesError  # noqa: E402
from .model import Site, Story  # noqa: E402

__all__ = [
    "ContentError",
    "Diagnostic",
    "Severity",
    "Site",
    "Story",
    "UsageError",
    "WsStoriesError",
    "__version__",
    "load_site",
]
