"""Chart data as CSV or Excel, and the monthly report workbook. Text that a spreadsheet would take
for a formula (starting with = + - @, or a tab or carriage return) is neutralised with a quote."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheet import csv_text, safe_row

Row = Mapping[str, Any]


def _cell(value: Any) -> Any:
    """A value as a workbook keeps it (the row is neutralised as a whole when appended)."""
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    return value


def to_csv(rows: Sequence[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on a Chinese desk PC opens it right."""
    if not rows:
        return "\ufeff".encode()
    headers = list(rows[0])
    return csv_text(headers, ([row.get(h) for h in headers] for row in rows)).encode("utf-8")


def to_xlsx(sheets: Mapping[str, Sequence[Row]]) -> bytes:
    """One worksheet per entry; the header row in bold."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=_sheet_title(title))
        if not rows:
            continue
        headers = list(rows[0])
        sheet.append(safe_row(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(_cell(row.get(h)) for h in headers))
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header))] + [len(str(r.get(header, ""))) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width * 1.6 + 2)
    if not book.worksheets:
        book.create_sheet("-")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel forbids []:*?/\\ in sheet names and cuts them at 31 characters."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip() or "-"
    return cleaned[:31]
