"""Which files of the source may be published: those in media/, of a kind that runs no script.

A path written in the content (a link, an image, a photo, a logo) is read
the way a browser or a file system would read it — percent-escapes decoded,
``.`` and ``..`` folded, backslashes taken as separators — and must then
name a file inside ``media/``. Only kinds that cannot carry a script on the
site's own address are published: raster images (encoded again, see
:mod:`.images`), PDF and plain documents. SVG, HTML, XML and anything
unknown are refused; an SVG can hold a script and sanitising one safely is
hard, so a picture is exported as PNG instead.

``check`` (:mod:`.content`), the renderer (:mod:`.markup`) and the writer
(:mod:`.build`) all ask this module, so they can never disagree.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

MEDIA = "media"
IMAGES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
DOCUMENTS = (".pdf", ".txt", ".csv", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
ALLOWED = IMAGES + DOCUMENTS
KINDS = "pictures (JPEG, PNG, WebP, GIF), PDF and plain documents (TXT, CSV, DOCX, XLSX, PPTX, ODT, ODS, ODP)"
_CONTROLS = "".join(chr(c) for c in range(32)) + "\x7f"


class MediaProblem(Exception):
    """A path that cannot be published; ``rule`` and the message say why."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def is_link(target: str) -> bool:
    """Whether a link's target names a file of media/ (``media/…`` or ``/media/…``)."""
    return target.strip(" " + _CONTROLS).lstrip("/\\").startswith(MEDIA + "/")


def split_link(target: str) -> tuple[str, str]:
    """A link's target as ``(path, the ?query or #fragment that follows it)``."""
    target = target.strip(" " + _CONTROLS)
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    return target[:cut], target[cut:]


def media_path(written: str, link: bool = False) -> str:
    """The normalised ``media/…`` path that ``written`` names, or :class:`MediaProblem`.

    ``link`` marks a link's target in the text: a root-relative ``/media/…``
    is allowed there and percent-escapes are decoded, as a browser would.
    """
    path = written
    if link:
        path = unquote(split_link(written)[0])
        if path.startswith("/") and not path.startswith("//"):
            path = path[1:]
    if "\\" in path:
        raise MediaProblem("ref-media-outside", f"'{written}' contains a backslash; write the path "
                           "with forward slashes from the source folder, like media/photo.jpg")
    if any(c in _CONTROLS for c in path):
        raise MediaProblem("ref-media-outside", f"'{written}' contains an invisible character; "
                           "write the path again, like media/photo.jpg")
    folded = posixpath.normpath(path) if path else ""
    if path.startswith("/") or folded == ".." or folded.startswith("../"):
        raise MediaProblem("ref-file-outside", f"'{written}' points outside the source folder; put "
                           "the file in media/ and write its path from the source folder, like "
                           "media/photo.jpg")
    if not folded.startswith(MEDIA + "/"):
        raise MediaProblem("ref-media-outside", f"'{written}' is not inside media/; only files in "
                           "media/ are published. Put the file in media/ and write media/ and "
                           "its name, like media/photo.jpg")
    if Path(folded).suffix.lower() not in ALLOWED:
        raise MediaProblem("ref-media-type", f"'{written}' is {_kind(folded)}, which could run a "
                           f"script on the site, so it is not published; media/ may hold {KINDS}. "
                           "Export a drawing or logo as PNG, a page as PDF")
    return folded


def media_file(source: Path, relative: str) -> Path:
    """The real file behind a normalised ``media/…`` path, or :class:`MediaProblem`.

    A symbolic link inside media/ that leads out of it, or a media/ that is
    itself a link out of the source, is refused: the file it points at was
    never put in media/ to be published.
    """
    root = source.resolve()
    folder = (root / MEDIA).resolve()
    path = (root / relative).resolve()
    if root not in folder.parents or folder not in path.parents:
        raise MediaProblem("ref-media-outside", f"'{relative}' is a link to a file outside media/; "
                           "copy the file itself into media/")
    if not path.is_file():
        raise MediaProblem("ref-file-missing", f"the file '{relative}' does not exist in the "
                           "source folder")
    return path


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".svg", ".svgz"):
        return "an SVG drawing"
    if suffix in (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"):
        return "a web page"
    return f"a '{suffix}' file" if suffix else "a file without a kind (no .pdf, .png… at the end)"
