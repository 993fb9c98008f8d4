"""Rows of cells from a CSV (UTF-8, or GB18030 as Chinese Excel saves it) or an .xlsx workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SUFFIXES = (".csv", ".xlsx")


def read_sheet(data: bytes, suffix: str) -> list[list[object]]:
    """The first worksheet's rows (an .xlsx), or the CSV's rows."""
    if suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def read_records(path: Path) -> list[list[object]]:
    return read_sheet(path.read_bytes(), path.suffix)
