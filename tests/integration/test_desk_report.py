"""The monthly report a centre manager signs: the workbook's cells and the PDF's text carry the month's
own figures (never the dashboard's whole range), and `desk stats --json` agrees with both."""

import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from pdfminer.high_level import extract_text

from core.roles import command_line_reader
from desk.cli import main
from desk.statistics.report import scope_text
from desk.statistics.report_pdf import report_pdf
from desk.statistics.report_xlsx import report_xlsx
from desk.statistics.reports import trend_periods
from tests.integration.helpers import desk_form, first_manager
from tests.integration.test_desk_statistics import month  # noqa: F401  (the hand-counted month fixture)


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def rate_row(sheet, label):
    for row in sheet.iter_rows():
        if row[0].value == label:
            return row
    raise AssertionError(f"no row {label!r}")


def test_the_trend_covers_the_twelve_months_up_to_the_report_month():
    assert trend_periods("2026-03") == [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
    ]  # fmt: skip


def test_the_workbook_holds_the_months_own_figures_as_percentages(month):  # noqa: F811
    services, manager, _, _ = month
    report = services.reports.build(manager, "2026-11", lang="zh")
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames == ["汇总", "按类别", "按部门", "登记簿", "趋势"]
    summary = book["汇总"]
    assert summary["A1"].value == "客服中心月度报表 2026-11"
    counts = {row[0]: row[1] for row in sheet_rows(summary) if row[0] in ("报修", "咨询", "投诉", "合计")}
    assert counts == {"报修": 4, "咨询": 2, "投诉": 3, "合计": 9}
    timely = rate_row(summary, "维修及时率")
    assert timely[1].value == pytest.approx(1 / 3)
    assert timely[1].number_format == "0.0%"
    assert timely[2].value == pytest.approx(0.95)
    assert timely[3].value == "未达标"
    assert "维修及时率 =" in timely[4].value
    handled = rate_row(summary, "有效投诉处理率")
    assert handled[1].value == pytest.approx(1 / 2)
    assert any("签字" in str(row[0]) for row in sheet_rows(summary) if row[0])
    # The breakdowns count this month only, never a dashboard's range.
    by_category = sorted(sheet_rows(book["按类别"])[1:])
    assert by_category == [["咨询", "收费", 2], ["投诉", "保洁", 3], ["报修", "水电", 4]]
    departments = {row[0]: row[1:] for row in sheet_rows(book["按部门"])[1:]}
    assert departments == {"工程部": [2, 2, 0], "保洁部": [1, 0, 1], "客服中心": [1, 1, 0]}


def test_a_rate_with_nothing_due_says_so_rather_than_zero(services, clock):
    clock.now = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    manager = first_manager(services)
    report = services.reports.build(manager, "2026-11", lang="en")
    summary = load_workbook(io.BytesIO(report_xlsx(report)))["Summary"]
    assert rate_row(summary, "Satisfaction")[1].value == "Nothing due"


def test_the_pdf_carries_the_same_figures_and_a_signature_line(month):  # noqa: F811
    services, manager, _, _ = month
    text = extract_text(io.BytesIO(report_pdf(services.reports.build(manager, "2026-11", lang="zh"))))
    compact = "".join(text.split())
    assert "客服中心月度报表2026-11" in compact
    assert "维修及时率" in compact and "33.3%" in compact
    assert "有效投诉处理率" in compact and "50.0%" in compact
    assert "服务中心经理（签字）" in compact
    assert "近12个月趋势" in compact


def test_the_report_obeys_the_category_filter_and_says_so(month):  # noqa: F811
    services, manager, _, _ = month
    report = services.reports.build(manager, "2026-11", lang="zh", category="cleaning")
    assert dict(report.counts)["合计"] == 3
    assert "类别：保洁" in report.scope
    assert [row[:2] for row in report.by_category] == [("投诉", "保洁")]
    # The dashboard's caption says the same without building the report.
    assert scope_text("zh", list(report.centres), services.desk.content, "cleaning", None) == report.scope


def same(a, b):
    return (a is None and b is None) or a == pytest.approx(b)


def test_stats_json_the_report_and_the_dashboard_trend_agree(
    month,  # noqa: F811 (the imported fixture)
    db_url,
    monkeypatch,
    capsys,
    tmp_path,
    clock,
):
    services, manager, _, site = month
    monkeypatch.setenv("DATABASE_URL", db_url)
    capsys.readouterr()
    assert main(["stats", "--month", "2026-11", "--json"], {"LANG": "en"}, clock) == 0
    from_cli = json.loads(capsys.readouterr().out)
    reader = command_line_reader(frozenset({site}))
    report = services.reports.build(reader, "2026-11", lang="en")
    from_report = {line.name: line.value for line in report.rates}
    trend = services.desk_trends.by_period(manager, ["2026-11"])
    from_dashboard = trend[0].rates
    assert set(from_report) <= set(from_cli)
    for name, value in from_report.items():
        assert same(from_cli[name], value), name
        assert same(from_dashboard[name], value), name
    out = tmp_path / "november.xlsx"
    assert main(["report", "--month", "2026-11", "--out", str(out)], {"LANG": "en"}, clock) == 0
    summary = load_workbook(out)["Summary"]
    assert rate_row(summary, "Repair timeliness")[1].value == pytest.approx(from_cli["repair_timely_rate"])


def test_the_dashboard_trend_equals_stats_json_month_by_month(request, db_url, monkeypatch, capsys, clock):
    services, manager, _, _site = request.getfixturevalue("month")
    monkeypatch.setenv("DATABASE_URL", db_url)
    periods = ["2026-10", "2026-11", "2026-12"]
    trend = {row.period: row for row in services.desk_trends.dashboard(manager, periods).by_period}
    assert set(trend) == {"2026-11", "2026-12"}  # nothing in October
    for period in periods:
        capsys.readouterr()
        assert main(["stats", "--month", period, "--json"], {"LANG": "en"}, clock) == 0
        from_cli = json.loads(capsys.readouterr().out)
        row = trend.get(period)
        counts = row.counts if row else None
        assert from_cli["counts"] == {
            kind: getattr(counts, kind) if counts else 0 for kind in ("repair", "inquiry", "complaint")
        }, period
        for name, value in (row.rates if row else {}).items():
            assert same(from_cli[name], value), (period, name)


def test_the_report_command_refuses_an_unknown_file_type(tmp_path, db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["report", "--month", "2026-11", "--out", str(tmp_path / "r.docx")], {"LANG": "en"}) == 2
    assert "must end in .xlsx or .pdf" in capsys.readouterr().err


def test_the_report_command_writes_a_pdf(tmp_path, db_url, monkeypatch, capsys, services, clock):
    monkeypatch.setenv("DATABASE_URL", db_url)
    manager = first_manager(services)
    clock.now = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    services.desk.intake(manager, desk_form(min(manager.site_ids)))
    out = tmp_path / "november.pdf"
    assert main(["report", "--month", "2026-11", "--out", str(out)], {"LANG": "zh_CN.UTF-8"}, clock) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "报修" in extract_text(str(out))
