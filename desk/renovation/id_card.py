"""PRC resident ID numbers (公民身份号码, GB 11643-1999): format, birth date and check digit; masking.

An 18-character number is 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence and a check
character (0-9 or X) computed from the first 17 with the ISO 7064 MOD 11-2 weights.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from core.errors import ValidationFailed

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
# Province-level codes: the mainland, Taiwan (71), Hong Kong (81), Macao (82), Taiwan residence permits (83).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)  # fmt: skip
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_SPACES = re.compile(r"[\s\-]")
FIELD = "id_number"


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def clean_id_number(value: str, today: date, field: str = FIELD) -> str:
    """The number as stored: 18 characters, upper-case X. Full-width digits and spaces are forgiven."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).upper()
    if not text:
        raise ValidationFailed("id_card.error.required", field=field)
    if not _SHAPE.match(text):
        raise ValidationFailed("id_card.error.format", field=field, value=(value or "").strip())
    if int(text[:2]) not in PROVINCES:
        raise ValidationFailed("id_card.error.region", field=field, value=text)
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > today:
        raise ValidationFailed("id_card.error.birth_date", field=field, value=text)
    if check_char(text[:17]) != text[17]:
        raise ValidationFailed("id_card.error.check_digit", field=field, value=text)
    return text


def mask_id_number(number: str) -> str:
    """1101**********002X: the first four and last four characters stay, enough to match a card."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
