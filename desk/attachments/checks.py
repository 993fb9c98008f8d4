"""What may be attached: JPEG, PNG or PDF, recognised by their first bytes (a file's name and the type the
browser claims are both the sender's word), and no bigger than the limit. Nothing attached is ever
executed or rendered as markup: images are shown from a re-encoded thumbnail, every file downloads as
the type its bytes prove."""

from __future__ import annotations

import re
import unicodedata

from core.errors import ValidationFailed
from core.roles import Actor, Permission

MAX_BYTES = 5 * 1024 * 1024  # a phone photo is 2-4 MB; a scanned form a few hundred KB
MAX_FILES = 6  # per upload
ENTITIES = ("request", "work_order", "renovation_inspection")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


def sniff(data: bytes) -> str | None:
    """The media type the bytes themselves show, or None for anything else."""
    return next((media for magic, media in _SIGNATURES if data.startswith(magic)), None)


def safe_name(name: str, media_type: str) -> str:
    """A display name without folders or control characters, ending in the extension of its real type."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    stem = base.rsplit(".", 1)[0].strip(" .") or "file"
    return stem[:80] + EXTENSIONS[media_type]


def checked(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(safe name, media type) of an acceptable file; otherwise a refusal naming the file and the rule."""
    shown = (name or "").strip()[:80] or "file"
    if not data:
        raise ValidationFailed("files.error.empty", field="files", name=shown)
    if len(data) > max_bytes:
        raise ValidationFailed(
            "files.error.too_large", field="files", name=shown,
            size=f"{len(data) / 1024 / 1024:.1f}", limit=f"{max_bytes // 1024 // 1024}",
        )  # fmt: skip
    media_type = sniff(data)
    if media_type is None:
        raise ValidationFailed("files.error.type_refused", field="files", name=shown)
    return safe_name(name, media_type), media_type


def checked_all(files: list[tuple[str, bytes]]) -> list[tuple[str, str, bytes]]:
    """Every file checked before any is kept: one bad file refuses the upload, so nothing half-saves."""
    if len(files) > MAX_FILES:
        raise ValidationFailed("files.error.too_many", field="files", max=MAX_FILES)
    return [(*checked(name, data), data) for name, data in files]


def may_void(actor: Actor, uploaded_by: int | None) -> bool:
    """Who may void a file: whoever uploaded it, or a manager (any file of their centres)."""
    if actor.can(Permission.SUPERVISE_DESK):
        return True
    return uploaded_by is not None and uploaded_by == actor.user_id
