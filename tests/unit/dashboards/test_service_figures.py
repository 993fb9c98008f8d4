"""Service dashboard figures on fixed data: the values drawn, the target line, the labels' language."""

import io

import pytest
from openpyxl import load_workbook

from core.spreadsheet import neutralise
from dashboards import service_figures as figures
from dashboards.export import to_csv, to_xlsx
from desk.statistics.kpi import MonthCounts

PERIODS = ["2026-09", "2026-10", "2026-11"]
SEPT = MonthCounts(repair=4, repair_due=4, repair_timely=3, ratings_given=2, ratings_satisfied=2)
OCT = MonthCounts(repair=2, inquiry=1, repair_due=2, repair_timely=2)


def test_a_kpi_trend_draws_percentages_with_gaps_and_a_dashed_target():
    fig = figures.rate_trend(
        PERIODS, {"合计": {"2026-09": SEPT, "2026-10": OCT}}, "repair_timely_rate", 0.95, "zh"
    )
    [line] = fig.data
    assert list(line.y) == [75.0, 100.0, None]  # November has nothing due: a gap, not a zero
    assert fig.layout.title.text == "维修及时率"
    [target] = fig.layout.shapes
    assert (target.y0, target.line.dash) == (95.0, "dash")
    assert fig.layout.annotations[0].text == "目标 95%"


def test_several_sites_get_a_line_each():
    fig = figures.rate_trend(
        PERIODS, {"A": {"2026-09": SEPT}, "B": {"2026-10": OCT}}, "repair_timely_rate", None, "en"
    )
    assert [trace.name for trace in fig.data] == ["A", "B"]
    assert fig.layout.shapes == ()
    assert fig.layout.title.text == "Repair timeliness"


def test_an_unknown_rate_is_refused():
    with pytest.raises(ValueError):
        figures.rate_trend(PERIODS, {}, "happiness", None, "en")


def test_requests_by_kind_stack_per_month():
    fig = figures.requests_by_kind(PERIODS, {"2026-09": SEPT, "2026-10": OCT}, "en")
    assert [t.name for t in fig.data] == ["Repair", "Inquiry", "Complaint"]
    assert list(fig.data[0].y) == [4, 2, 0]
    assert list(fig.data[1].y) == [0, 1, 0]
    assert fig.layout.barmode == "stack"


def test_categories_are_sorted_with_the_largest_on_top():
    fig = figures.requests_by_category(
        [("repair", "water_electric", 5), ("complaint", "cleaning", 9)],
        {"water_electric": "水电", "cleaning": "保洁"},
        "zh",
    )
    [bars] = fig.data
    assert list(bars.y) == ["水电 · 报修", "保洁 · 投诉"]
    assert list(bars.x) == [5, 9]


def test_departments_show_requests_finished_and_overdue():
    fig = figures.departments([("engineering", 10, 2, 7)], {"engineering": "工程部"}, "zh")
    assert [(t.name, list(t.y)) for t in fig.data] == [("数量", [10]), ("已完成", [7]), ("超时未完成", [2])]


def test_the_satisfaction_distribution_has_all_five_ratings():
    fig = figures.satisfaction({5: 3, 2: 1}, "en")
    assert list(fig.data[0].x) == ["1", "2", "3", "4", "5"]
    assert list(fig.data[0].y) == [0, 1, 0, 0, 3]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx"])
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text
    assert neutralise(-2) == -2


def test_csv_is_excel_friendly_and_safe():
    data = to_csv([{"单号": "BX000001", "内容": '=HYPERLINK("x")'}])
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in data.decode("utf-8-sig")


def test_excel_sheets_hold_the_rows_with_formulas_neutralised():
    book = load_workbook(io.BytesIO(to_xlsx({"指标/KPI": [{"a": "=1+1", "b": 2}]})))
    sheet = book["指标 KPI"]
    assert [c.value for c in sheet[1]] == ["a", "b"]
    assert [c.value for c in sheet[2]] == ["'=1+1", 2]
