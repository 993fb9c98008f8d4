"""Cells that are safe to hand to a spreadsheet: text that Excel would run as a formula is quoted.

Every CSV and workbook the app writes (the dashboards' exports, the monthly report, the guards' list of
valid passes) goes through here: `csv_text` writes CSV, `safe_row` is what a worksheet row is appended
as, `neutralise` what a single cell is set to. tests/unit/test_exports.py keeps every writer on them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

# A cell starting with one of these is taken for a formula (CSV injection); a tab or CR likewise.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A string a spreadsheet could run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells, each neutralised."""
    return [neutralise(v) for v in values]


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    """CSV with every text cell neutralised (None is an empty cell). A byte-order mark, by default, lets
    Excel on a Chinese Windows desk PC open the file as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row("" if v is None else v for v in row))
    return ("\ufeff" if bom else "") + buffer.getvalue()
