"""The monthly report as an Excel workbook: a summary sheet and one sheet per breakdown.

Rates are numbers with a percent format (Excel shows 66.7 %, and a manager can still compute with
them); a rate with nothing due is the words "no data", never 0. Text is neutralised against formulas.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import neutralise, safe_row
from desk.statistics.report import MonthlyReport

RATE_FORMAT = "0.0%"
TARGET_FORMAT = "0%"


def _header(sheet: Worksheet, *titles: str) -> None:
    sheet.append(safe_row(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _rate_cell(sheet: Worksheet, row: int, column: int, value: float | None, fmt: str, empty: str) -> None:
    cell = sheet.cell(row, column, neutralise(value if value is not None else empty))
    if value is not None:
        cell.number_format = fmt


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width


def _summary(book: Workbook, report: MonthlyReport) -> None:
    sheet = book.create_sheet(report.label("sheet_summary"))
    sheet.append(safe_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    for key, value in (
        ("month", report.period),
        ("scope", report.scope),
        ("generated", report.generated_at.strftime("%Y-%m-%d %H:%M")),
    ):
        sheet.append(safe_row([report.label(key), value]))
    sheet.append([])
    _header(sheet, report.label("kind"), report.label("count"))
    for label, count in report.counts:
        sheet.append(safe_row([label, count]))
    sheet.append([])
    _header(
        sheet,
        report.label("rate"),
        report.label("value"),
        report.label("target"),
        report.label("met"),
        report.label("definition"),
    )
    empty = report.label("no_data")
    for line in report.rates:
        sheet.append(
            safe_row([line.label, None, None, report.label(f"met_{line.met}".lower()), line.definition])
        )
        row = sheet.max_row
        _rate_cell(sheet, row, 2, line.value, RATE_FORMAT, empty)
        _rate_cell(sheet, row, 3, line.target, TARGET_FORMAT, "—")
        sheet.cell(row, 5).alignment = Alignment(wrap_text=True)
    sheet.append([])
    sheet.append(safe_row([report.label("signature")]))
    _widths(sheet, [22, 14, 10, 10, 70])


def _table(book: Workbook, title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet = book.create_sheet(title)
    _header(sheet, *headers)
    for row in rows:
        sheet.append(safe_row(row))
    _widths(sheet, widths)


def _trend(book: Workbook, report: MonthlyReport) -> None:
    sheet = book.create_sheet(report.label("sheet_trend"))
    _header(sheet, report.label("month"), *(line.label for line in report.trends))
    for index, period in enumerate(report.trend_periods):
        sheet.append(safe_row([period]))
        row = sheet.max_row
        for column, line in enumerate(report.trends, start=2):
            _rate_cell(sheet, row, column, line.values[index], RATE_FORMAT, "")
    sheet.append(safe_row([report.label("target"), *(line.target for line in report.trends)]))
    for column in range(2, len(report.trends) + 2):
        sheet.cell(sheet.max_row, column).number_format = TARGET_FORMAT
    _widths(sheet, [12] + [16] * len(report.trends))


def report_xlsx(report: MonthlyReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _summary(book, report)
    _table(
        book,
        report.label("sheet_category"),
        [report.label("kind"), report.label("category"), report.label("count")],
        [list(row) for row in report.by_category],
        [12, 24, 10],
    )
    _table(
        book,
        report.label("sheet_department"),
        [
            report.label("department"),
            report.label("count"),
            report.label("finished"),
            report.label("overdue"),
        ],
        [list(row) for row in report.by_department],
        [20, 10, 10, 14],
    )
    _table(
        book,
        report.label("sheet_registers"),
        [report.label("item"), report.label("count")],
        [list(row) for row in report.registers],
        [24, 14],
    )
    _trend(book, report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
