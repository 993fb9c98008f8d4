"""The coaching figures of the compliance dashboard: titled in the reader's words, a missing value as a
dash, one person's lines when the filter names one, and the training month marked."""

import re

from checklists.audits.queries import AuditPerson, AuditRule
from checklists.calls.stats import CallFigures, Line, MonthCalls
from dashboards import coaching_figures as figures
from dashboards.style import figure_title
from quizzes.training_effect import rule_effect

PEOPLE = (AuditPerson(2, "Xiaoli", 3, 2, 1, 4, 72.5), AuditPerson(3, "Laozhou", 1, 0, 1, 0, None))
RULES = (AuditRule("address.no_wei_or_ai", 2, 1),)
TITLES = {"address.no_wei_or_ai": "招呼业主不用“喂”“唉”"}
LATE = CallFigures(4, 3, 1, 2, 2 / 3, 9.0, 17.2)
NONE_ANSWERED = CallFigures(1, 0, 1, 0, None, None, None)
MONTH = MonthCalls(
    "2026-11", ("阳光花园服务中心",), 15, 1.0,
    (Line("8001", None, LATE),),
    (Line("Xiaoli", 2, LATE), Line("", None, NONE_ANSWERED)),
    CallFigures(5, 3, 2, 2, 2 / 3, 9.0, 17.2),
)  # fmt: skip
EFFECT = rule_effect("address.no_wei_or_ai", "2026-09", "2026-11", {"2026-08": 1}, {"2026-09": 2})


def test_every_coaching_chart_and_so_its_excel_sheet_is_titled_in_chinese():
    lines = figures.ring_lines(MONTH, None, "zh")
    built = [
        figures.audits_by_person(PEOPLE, "zh"),
        figures.audit_rules(RULES, TITLES, "zh"),
        figures.three_rings(lines, 1.0, "zh"),
        figures.training_effect(EFFECT, TITLES["address.no_wei_or_ai"], "zh"),
    ]
    for fig in built:
        title = figure_title(fig)
        assert title and not re.search(r"[A-Za-z]", title), title


def test_the_centre_comes_first_and_a_person_filter_leaves_their_line_only():
    assert [label for label, _ in figures.ring_lines(MONTH, None, "zh")] == [
        "全中心",
        "Xiaoli",
        "（未登记分机）",
    ]
    assert [label for label, _ in figures.ring_lines(MONTH, 2, "zh")] == ["Xiaoli"]
    assert figures.ring_headline(MONTH, 2) == LATE
    assert figures.ring_headline(MONTH, 9).calls == 0  # somebody with no calls that month


def test_a_month_with_no_answered_call_shows_a_dash_for_its_rate_and_ring_times():
    rows = figures.ring_rows(figures.ring_lines(MONTH, None, "zh"), "zh")
    assert rows[1]["三声内接起率"] == "66.7%" and rows[1]["响铃 90% 分位（秒）"] == "17.2"
    assert {rows[2][k] for k in ("三声内接起率", "响铃中位数（秒）", "响铃 90% 分位（秒）")} == {"—"}
    assert figures.audit_people_rows(PEOPLE, "zh")[1]["平均得分"] == "—"


def test_the_target_line_and_the_bars_below_it():
    fig = figures.three_rings(figures.ring_lines(MONTH, None, "zh"), 1.0, "zh")
    assert list(fig.data[0].x) == ["全中心", "Xiaoli"]  # no rate, no bar
    assert fig.layout.shapes[0].y0 == 100


def test_the_training_month_is_marked_and_the_evidence_stacked_per_month():
    fig = figures.training_effect(EFFECT, "招呼业主不用“喂”“唉”", "zh")
    assert list(fig.data[0].x) == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert (fig.data[0].y[2], fig.data[1].y[3]) == (1, 2)
    shape = fig.layout.shapes[0]
    assert (shape.x0, shape.x1) == (2.5, 3.5)  # around September, the fourth month shown
    [row] = figures.effect_rows([EFFECT], TITLES, "zh")
    assert row["培训月份"] == "2026-09" and row["培训前投诉（3 个月）"] == 1 and row["培训后已过月数"] == 2
