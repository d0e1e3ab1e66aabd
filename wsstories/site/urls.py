"""The site's addresses: where each page is written and how it is linked.

Every page lives at ``<folder>/index.html`` and is linked as ``<folder>/``.
Links inside the site are root-relative and carry the path of ``base_url``
(``/lakeside/stories/maria/`` for ``https://host/lakeside/``), so the same
pages work on a domain of their own and under a sub-path; feeds, the sitemap
and sharing tags use absolute URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Urls:
    """Builds links from ``base_url``."""

    base_url: str  # absolute, ends with "/"

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``: ``/`` or ``/lakeside/``."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def link(self, page: str) -> str:
        """The root-relative link to a site path such as ``stories/maria/``."""
        return self.base_path + page.lstrip("/")

    def absolute(self, page: str) -> str:
        """The absolute URL of a site path, for feeds, the sitemap and sharing."""
        return self.base_url + page.lstrip("/")


def story(ident: str) -> str:
    return f"stories/{ident}/"


def goal(ident: str) -> str:
    return f"goals/{ident}/"


def partner(ident: str) -> str:
    return f"partners/{ident}/"


def page_file(page: str) -> str:
    """The file that serves a site path: ``stories/maria/`` → ``stories/maria/index.html``."""
    return page + "index.html" if page.endswith("/") or not page else page
