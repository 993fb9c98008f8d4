"""Owner phone numbers: validation and masking for those who do not need the full number."""

from __future__ import annotations

import re

from core.errors import ValidationFailed

_MOBILE = re.compile(r"^1[3-9]\d{9}$")  # mainland mobile numbers
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")  # area code + number
_SEPARATORS = re.compile(r"[\s\-()（）]")


def clean_phone(value: str, field: str = "phone", required: bool = True) -> str:
    """Digits only; a mainland mobile (11 digits from 1) or a landline with its area code."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits:
        if required:
            raise ValidationFailed("desk.error.phone_required", field=field)
        return ""
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValidationFailed("desk.error.phone_invalid", field=field, value=value.strip())
    return digits


def mask_phone(digits: str) -> str:
    """138****5678: the first three and last four digits stay, enough to confirm with the owner."""
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def shown_phone(digits: str, full: bool) -> str:
    """A phone as lists show it: whole only to a viewer who may see it, otherwise masked."""
    return digits if full else mask_phone(digits)


def phone_after_edit(current: str, typed: str, *, clear: bool = False, field: str = "phone") -> str:
    """The phone a record keeps after an edit made without seeing the full number.

    Nothing typed keeps the number; a new number replaces it; `clear` removes it. What is typed is never
    the masked number saved by accident: the number's own mask keeps it, any other masked text is refused.
    """
    text = (typed or "").strip()
    if "*" in text:
        if current and text.replace(" ", "") == mask_phone(current):
            text = ""
        else:
            raise ValidationFailed("desk.error.phone_masked", field=field)
    if not text:
        return "" if clear else current
    if clear:
        raise ValidationFailed("desk.error.phone_clear_or_new", field=field)
    return clean_phone(text, field=field, required=False)
