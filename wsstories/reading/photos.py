"""Photos as the source holds them: checked before anything is built.

A photo that cannot be read, is too large to decode safely or is of a kind
the site does not publish is reported on the file that links it, with the
reason in plain words.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 50_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ImageProblem(Exception):
    """An image that cannot be published; ``rule`` and the message say why."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def inspect(path: Path) -> tuple[int, int]:
    """The size of a publishable image, or :class:`ImageProblem` with a clear reason."""
    try:
        with Image.open(path) as image:
            if image.format not in FORMATS:
                raise ImageProblem("photo-format", f"'{path.name}' is a {image.format} image; use "
                                   "JPEG, PNG, WebP or GIF")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageProblem("photo-too-large", f"'{path.name}' is {width}×{height} pixels "
                                   f"({width * height / 1e6:.0f} megapixels); the limit is 50. "
                                   "Export a smaller copy")
            image.load()  # decodes every pixel: finds a truncated file
    except ImageProblem:
        raise
    except Image.DecompressionBombError:
        raise ImageProblem("photo-too-large", f"'{path.name}' is over 50 megapixels; export a "
                           "smaller copy") from None
    except UnidentifiedImageError:
        raise ImageProblem("photo-not-image", f"'{path.name}' is not an image that can be read "
                           "(is it a document renamed?); use a JPEG, PNG, WebP or GIF") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem("photo-truncated", f"'{path.name}' is damaged or incomplete ({exc}); "
                           "copy the photo again from the original") from None
    return width, height


def is_image(relative: str) -> bool:
    return Path(relative).suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif")
