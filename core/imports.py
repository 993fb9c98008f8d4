"""What every import refuses, row by row: shared by the desk log, the owner records and the call records.

Pure: cells in, clean values or a ValidationFailed out (its `field` names the column). A row is refused
for a NUL byte, for text longer than its column holds (never cut short), for a time before 2000 or
later than now, for a satisfaction score that is not a whole number from 1 to 5; an import collects every
refused row (RowProblem) and writes nothing while there is one (ImportRefused).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.errors import ValidationFailed

EARLIEST_YEAR = 2000
# A phone system's or a desk PC's clock may run a little ahead of the server's.
FUTURE_SLACK = timedelta(minutes=10)
SHOWN_CHARS = 40  # a cell quoted in a message: enough to recognise it, never a whole 1 MB cell
_RATING = re.compile(r"^[1-5](?:\.0*)?$")


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (the header is row 1), or the file's line
    field: str | None  # None: the row or the file as a whole
    error: ValidationFailed


class ImportRefused(ValidationFailed):
    """Nothing was imported: `problems` names each refused row, its field and why."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__("import.error.rows_refused", field=None, count=len(self.problems))


def file_digest(data: bytes) -> str:
    """The file's fingerprint (40 hex digits of its SHA-256): the same bytes, the same file."""
    return hashlib.sha256(data).hexdigest()[:40]


def cell_text(value: object) -> str:
    """A cell as text: None is empty, 12.0 from Excel is 12, spaces around are dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def shown(value: object) -> str:
    """A cell as a message quotes it: cut at SHOWN_CHARS with an ellipsis."""
    text = cell_text(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def refuse_nul(cells: dict[str, object]) -> None:
    """A NUL byte never belongs in a cell: a damaged file, or one in an encoding we did not read it in."""
    for field, value in cells.items():
        if isinstance(value, str) and "\x00" in value:
            raise ValidationFailed("import.error.nul_byte", field=field)


def text_cell(value: object, field: str, max_length: int) -> str:
    """The cell's text, refused when longer than its column holds."""
    text = cell_text(value)
    if "\x00" in text:
        raise ValidationFailed("import.error.nul_byte", field=field)
    if len(text) > max_length:
        raise ValidationFailed("import.error.too_long", field=field, max=max_length, length=len(text))
    return text


def moment_in_range(moment: datetime, field: str, now: datetime) -> datetime:
    """A time that has happened: not before 2000, not later than now (give or take FUTURE_SLACK)."""
    if moment.year < EARLIEST_YEAR:
        raise ValidationFailed("import.error.before_2000", field=field, value=f"{moment:%Y-%m-%d %H:%M}")
    if moment > now + FUTURE_SLACK:
        raise ValidationFailed("import.error.in_future", field=field, value=f"{moment:%Y-%m-%d %H:%M}")
    return moment


def in_order(earlier: datetime | None, later: datetime | None, field: str, key: str) -> None:
    """`later` (the `field` refused) may not come before `earlier`; a missing one is no conflict."""
    if earlier is not None and later is not None and later < earlier:
        raise ValidationFailed(key, field=field)


def rating(value: object, field: str) -> int | None:
    """A satisfaction score: a whole number from 1 to 5 (5 or 5.0, not 4.5, 0, 6 or 'good'); None if empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationFailed("import.error.rating", field=field, value=str(value))
    if isinstance(value, int | float):
        if value == value and float(value).is_integer() and 1 <= value <= 5:
            return int(value)
        raise ValidationFailed("import.error.rating", field=field, value=shown(value))
    text = cell_text(value)
    if "\x00" in text:
        raise ValidationFailed("import.error.nul_byte", field=field)
    if not _RATING.match(text):
        raise ValidationFailed("import.error.rating", field=field, value=shown(text))
    return int(text[0])


def imported_before(at: datetime, rows: int, timezone: str) -> ValidationFailed:
    """The refusal of a file imported already (at `at`, with `rows` rows), the time in the site's zone."""
    when = at.astimezone(ZoneInfo(timezone))
    return ValidationFailed("import.error.already_imported", when=f"{when:%Y-%m-%d %H:%M}", rows=rows)
