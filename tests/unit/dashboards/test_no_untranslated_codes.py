"""No code reaches a reader: categories, item-analysis flags, a missing value or an English sheet name
in the Chinese compliance dashboard and its downloads fail these tests."""

import re
from datetime import date

import pytest

from checklists.analytics import DayFigures, ItemFailures
from checklists.views import Gap
from dashboards import compliance_figures as figures
from dashboards.style import figure_title
from quizzes.views import ItemRow
from rules.model import CATEGORIES, Text

FLAGS = ("too_hard", "too_easy", "low_discrimination", "negative_discrimination")
CODES = {*FLAGS, *(c.id for c in CATEGORIES), "None"}
HEAT = {("Xiaoli", "before_shift"): 2, ("Xiaoli", "end_of_shift"): 0, ("Laozhou", "dress"): 1}
ITEMS = (
    ItemRow("q1", "single", Text(zh="题一", en="Q1"), 12, 0.95, None, ("too_easy", "low_discrimination")),
    ItemRow("q2", "single", Text(zh="题二", en="Q2"), 12, 0.5, 0.4, ()),
)


def codes_in(rows) -> set[str]:
    words = {str(x) for row in rows for pair in row.items() for x in pair}
    return {code for code in CODES for word in words if re.search(rf"(^|[^.\w]){code}($|[^.\w])", word)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_heat_map_data_names_categories_in_words(lang):
    rows = figures.heat_table(HEAT, lang)
    assert codes_in(rows) == set()
    if lang == "zh":
        assert {"班前准备", "班后清理"} <= {r["类别"] for r in rows}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flagged_questions_show_their_flags_in_words_and_a_dash_for_no_discrimination(lang):
    [row] = figures.flagged_table(ITEMS, lang)
    assert codes_in([row]) == set()
    if lang == "zh":
        assert row["标记"] == "偏易、区分度低，需改写"
        assert row["区分度"] == "—"


def test_the_heat_map_axis_names_categories_in_words():
    fig = figures.heatmap(HEAT, "zh")
    assert not CODES & set(fig.data[0].x)


def test_every_chart_and_so_its_excel_sheet_is_titled_in_chinese():
    day = DayFigures(date(2026, 11, 24), 2, 1, 0, 1, 90.0, 1)
    built = [
        figures.completion([day], "zh"),
        figures.completion([day], "zh", weekly=True),
        figures.heatmap(HEAT, "zh"),
        figures.most_failed([ItemFailures("dress.badge_on_left_chest", "戴工牌", "Badge", 1, 2)], "zh"),
        figures.gaps([Gap(1, "Xiaoli", 1, 90.0, 80.0, 10.0, 1)], "zh"),
        figures.certificates({"valid": 1}, "zh"),
        figures.pass_rate([(date(2026, 11, 23), 2, 1)], "zh"),
        figures.missed_rules([("dress.badge_on_left_chest", 3, 2)], {}, "zh"),
    ]
    for fig in built:
        title = figure_title(fig)
        assert title and not re.search(r"[A-Za-z]", title), title
