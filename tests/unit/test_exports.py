"""Every CSV and workbook the app writes neutralises formula-like text (a cell starting with = + - @, a
tab or a carriage return), through the one helper in core/spreadsheet.py.

Two halves: a scan of the source finds every module that writes CSV or workbooks and checks that each
row it writes goes through the helper; then each writer found is fed formula-like text and its file read
back. A new writer is caught by the scan, and must join WRITERS below to be fed too.
"""

from __future__ import annotations

import ast
import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from core.spreadsheet import FORMULA_STARTS
from tests.unit.test_architecture import ROOT, source_files

EVIL = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]
HELPER = "core/spreadsheet.py"


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return found


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == name
    ]


def _is_call_to(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in names)
        or (isinstance(node.func, ast.Attribute) and node.func.attr in names)
    )


def export_writers() -> dict[str, ast.AST]:
    """Every module (tests aside) that writes CSV (csv.writer / DictWriter) or builds a workbook."""
    writers = {}
    for path in source_files():
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        names = _imports(tree)
        writes_csv = any(
            isinstance(n, ast.Attribute) and n.attr in ("writer", "DictWriter") for n in ast.walk(tree)
        ) and ("csv" in names)
        if writes_csv or "openpyxl.Workbook" in names:
            writers[path] = tree
    return writers


def test_the_scan_finds_the_writers_we_know():
    assert set(export_writers()) == {
        HELPER,
        "dashboards/export.py",
        "desk/statistics/report_xlsx.py",
    }


def test_only_the_helper_writes_csv():
    for path, tree in export_writers().items():
        if path != HELPER:
            assert not _calls(tree, "writer") and not _calls(tree, "DictWriter"), path


def test_every_workbook_row_and_cell_goes_through_the_helper():
    offenders = []
    for path, tree in export_writers().items():
        if path == HELPER:
            continue
        for call in _calls(tree, "append"):
            arg = call.args[0] if call.args else None
            empty = isinstance(arg, ast.List) and not arg.elts
            if not (empty or _is_call_to(arg, {"safe_row"})):  # type: ignore[arg-type]
                offenders.append(f"{path}:{call.lineno} appends a row without safe_row")
        for call in _calls(tree, "cell"):
            value = (
                call.args[2]
                if len(call.args) > 2
                else next((k.value for k in call.keywords if k.arg == "value"), None)
            )
            if value is not None and not _is_call_to(value, {"neutralise"}):
                offenders.append(f"{path}:{call.lineno} sets a cell without neutralise")
    assert offenders == []


def test_the_csv_helper_is_used_by_every_csv_download():
    """The pages' CSV downloads are written by modules that call csv_text (the guards' passes, the charts)."""
    users = {
        path
        for path in source_files()
        if "csv_text" in (ROOT / path).read_text(encoding="utf-8") and path != HELPER
    }
    assert {"desk/renovation/views.py", "dashboards/export.py"} <= users


# --- each writer, fed formula-like text -----------------------------------------------------------


def _csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]


def _book_cells(data: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(data))
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def _passes() -> list[object]:
    from desk.renovation.views import PassRow, passes_csv

    rows = [
        PassRow(
            id=i, number=f"CR{i:06d}", site_id=1, renovation_id=2, renovation_number="ZS000002",
            unit=text, company=text, worker_name=text, id_number="1101**********002X", photo_ref=text,
            valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 15), state="valid", revoke_reason=None,
        )
        for i, text in enumerate(EVIL, start=1)
    ]  # fmt: skip
    return _csv_cells(passes_csv(rows, EVIL[:1] * 9, {"valid": EVIL[0]}))


def _chart_csv() -> list[object]:
    from dashboards.export import to_csv

    return _csv_cells(to_csv([{text: text for text in EVIL}, {text: -3 for text in EVIL}]).decode("utf-8"))


def _chart_xlsx() -> list[object]:
    from dashboards.export import to_xlsx

    return _book_cells(to_xlsx({"KPI": [{text: text for text in EVIL}]}))


def _report_xlsx() -> list[object]:
    from desk.statistics.report import MonthlyReport, RateLine, TrendLine
    from desk.statistics.report_xlsx import report_xlsx

    e = EVIL
    report = MonthlyReport(
        lang="en", title=e[0], period="2026-11", centres=(e[1],), scope=e[2],
        generated_at=datetime(2026, 12, 1, tzinfo=UTC), counts=((e[3], 2),),
        rates=(RateLine("callback_rate", e[4], None, 0.9, None, e[5]),),
        by_category=((e[0], e[1], 1),), by_department=((e[2], 1, 1, 0),), registers=((e[3], e[4]),),
        trend_periods=(e[5],), trends=(TrendLine("callback_rate", e[0], 0.9, (None,)),),
    )  # fmt: skip
    return _book_cells(report_xlsx(report))


WRITERS = {
    "desk/renovation/views.py": _passes,
    "dashboards/export.py to_csv": _chart_csv,
    "dashboards/export.py to_xlsx": _chart_xlsx,
    "desk/statistics/report_xlsx.py": _report_xlsx,
}


def test_every_writer_the_scan_finds_is_fed_below():
    fed = {name.split()[0] for name in WRITERS}
    assert set(export_writers()) - {HELPER} <= fed


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("writer", list(WRITERS))
def test_no_cell_a_writer_writes_starts_like_a_formula(writer):
    cells = WRITERS[writer]()
    texts = [c for c in cells if isinstance(c, str)]
    assert any(t.startswith("'=") for t in texts), "the formula-like text did not reach the file"
    # A negative number in a CSV is a number to Excel, not a formula: it stays as written.
    assert [t for t in texts if t.startswith(FORMULA_STARTS) and not _number(t)] == []


def test_a_neutralised_cell_keeps_its_text_after_the_quote_and_numbers_stay_numbers():
    from core.spreadsheet import csv_text

    assert _csv_cells(csv_text(["h"], [[text] for text in EVIL]))[1:] == ["'" + t for t in EVIL]
    assert _csv_cells(csv_text(["h"], [[-3], [None]]))[1:] == ["-3", ""]
