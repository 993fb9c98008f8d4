"""Thumbnails: an uploaded image is decoded and re-encoded small, which also proves it is a real image
(a file that only starts like a JPEG is refused here)."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from core.errors import ValidationFailed

SIZE = (320, 320)


def thumbnail(name: str, data: bytes, media_type: str) -> bytes | None:
    """A small JPEG of an image; None for a PDF (shown as a file to download)."""
    if not media_type.startswith("image/"):
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            small = image.convert("RGB")
            small.thumbnail(SIZE)
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationFailed("files.error.broken_image", field="files", name=name) from exc
