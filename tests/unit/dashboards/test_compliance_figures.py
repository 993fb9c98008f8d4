"""The compliance dashboard's figures say which filters they follow, and why not the others."""

import pytest

from dashboards.compliance_figures import (
    FILTERS,
    OBEYS,
    certificate_counts,
    exception_note,
    filters_caption,
    scope_caption,
)
from i18n import catalogue

VALUES = {"dates": "2026-11-01 至 2026-11-28", "sites": "全部服务中心", "person": "Xiaoli"}


def test_a_figure_that_follows_every_filter_names_each_with_its_value():
    assert filters_caption("headline", VALUES, "zh") == (
        "本图及其下载随筛选：日期（2026-11-01 至 2026-11-28）、服务中心（全部服务中心）、员工（Xiaoli）。"
    )


def test_a_figure_that_cannot_follow_a_filter_says_so_and_why():
    text = filters_caption("certificates", VALUES, "zh")
    assert "日期（" not in text and "员工（Xiaoli）" in text
    assert text.endswith("不随日期：证书状态以今天为准，与日期无关。")


def test_the_page_names_every_filter_once_and_notes_only_what_a_figure_ignores():
    assert scope_caption(VALUES, "zh").startswith(
        "本页每个图表、数字和下载都随筛选："
        "日期（2026-11-01 至 2026-11-28）、服务中心（全部服务中心）、员工（Xiaoli）。"
    )
    assert exception_note("headline", "zh") == ""
    assert exception_note("certificates", "zh") == "不随日期：证书状态以今天为准，与日期无关。"
    assert exception_note("missed_rules", "en").startswith("Does not follow the dates, staff member: ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_that_ignores_a_filter_has_its_reason_written(lang):
    for figure, obeyed in OBEYS.items():
        if set(FILTERS) - set(obeyed):
            assert f"dash.filter.why.{figure}" in catalogue(lang)


def test_certificates_are_counted_for_whoever_the_filters_leave():
    assert certificate_counts(["valid", "none", "valid"]) == {"valid": 2, "due": 0, "expired": 0, "none": 1}
