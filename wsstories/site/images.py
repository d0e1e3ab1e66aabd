"""Photos: checked, stripped of every piece of metadata, and sized for phones.

A photo can reveal where someone lives: a GPS position, a camera serial, a
date. Every image that a page shows is decoded and encoded again with Pillow,
with its orientation applied to the pixels first and nothing else carried
over (no EXIF, GPS, XMP, IPTC, comments or thumbnails); the original file is
never copied to the site. Story photos get several widths in WebP and JPEG
for ``srcset``. Results are cached by the original's bytes, so an unchanged
photo is not processed again.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from PIL import Image, ImageOps

from ..reading.photos import FORMATS

WIDTHS = (480, 960, 1600)
JPEG_QUALITY, WEBP_QUALITY = 82, 80


@dataclass(frozen=True)
class Variant:
    path: str  # site path, under media/
    width: int
    height: int
    mime: str


def _oriented(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)  # orientation into the pixels
    return upright


def _encode(image: Image.Image, kind: str) -> bytes:
    """Encode ``image`` with no metadata at all."""
    out = io.BytesIO()
    if kind == "jpg":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif kind == "gif":
        image.save(out, "GIF")
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _clean(image: Image.Image) -> Image.Image:
    """A copy that holds pixels only: no info dictionary, no EXIF, no ICC profile."""
    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
    pixels = image.convert(mode)
    fresh = Image.new(pixels.mode, pixels.size)
    if pixels.mode == "P":
        fresh.putpalette(pixels.getpalette())
    fresh.paste(pixels)
    return fresh


class Cache(Protocol):
    """Where processed images are kept between builds (the output's image cache)."""

    def get(self, key: str, make: Callable[[], bytes]) -> bytes: ...


class NoCache:
    """No cache: every image is made each time it is asked for."""

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        return make()


def photo_variants(source: Path, relative: str, cache: Cache) -> tuple[list[Variant], dict]:
    """Responsive WebP and JPEG widths of a story photo: ``(variants, files to write)``."""
    original = (source / relative).read_bytes()
    digest = hashlib.sha256(original).hexdigest()[:16]
    stem = Path(relative).stem
    image = None
    variants, files = [], {}
    with Image.open(io.BytesIO(original)) as probe:
        width, height = _upright_size(probe)
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    for target in dict.fromkeys(widths):
        scaled_height = round(height * target / width)
        for kind, mime in (("webp", "image/webp"), ("jpg", "image/jpeg")):
            key = f"{digest}-{target}.{kind}"

            def make(target=target, scaled_height=scaled_height, kind=kind):
                nonlocal image
                if image is None:
                    image = _clean(_oriented(source / relative))
                return _encode(image.resize((target, scaled_height), Image.LANCZOS), kind)

            path = f"media/photos/{stem}-{digest[:8]}-{target}.{kind}"
            files[path] = cache.get(key, make)
            variants.append(Variant(path, target, scaled_height, mime))
    return variants, files


def plain_copy(source: Path, relative: str, cache: Cache) -> tuple[bytes, int, int]:
    """An image from the text (``![…](media/…)``) encoded again, same format, no metadata."""
    original = (source / relative).read_bytes()
    digest = hashlib.sha256(original).hexdigest()[:16]
    with Image.open(io.BytesIO(original)) as probe:
        kind = FORMATS.get(probe.format, "png")
        width, height = _upright_size(probe)
    data = cache.get(f"{digest}-full.{kind}",
                     lambda: _encode(_clean(_oriented(source / relative)), kind))
    return data, width, height


def plain_picture(path: Path, kind: str, max_side: int | None = None) -> tuple[bytes, int, int]:
    """``path`` upright, at most ``max_side`` pixels a side, encoded as ``kind`` with no metadata."""
    picture = _clean(_oriented(path))
    if max_side is not None and max(picture.size) > max_side:
        picture.thumbnail((max_side, max_side), Image.LANCZOS)
    return _encode(picture, kind), *picture.size


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The size once the EXIF orientation is applied (5–8 turn the picture a quarter)."""
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)
