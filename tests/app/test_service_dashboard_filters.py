"""Every chart and the report on the service dashboard obey its category and department filters."""

import json

import pytest

from tests.app.conftest import log_repair_and_complaint, login


@pytest.fixture
def two_kinds(installed, app_db):
    log_repair_and_complaint(app_db)


def charts(app):
    """Each chart's traces as (name, x values, y values), read from the figure the page sent."""
    out = {}
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        key = element.proto.id
        out[key] = [(t.get("name"), t.get("x"), t.get("y")) for t in spec["data"]]
    return out


def flat_values(traces):
    return [v for _, xs, ys in traces for v in [*(xs or []), *(ys or [])]]


def test_the_category_filter_narrows_every_chart_and_the_report(app, two_kinds):
    login(app, "boss")
    app.switch_page("app_pages/dashboards/service.py").run()
    before = charts(app)
    before_values = [str(v) for traces in before.values() for v in flat_values(traces)]
    assert "工程部" in before_values and any("水电" in v for v in before_values)
    app.selectbox(key="svc_category").set_value("cleaning").run()
    assert not app.exception
    after = charts(app)
    values = [v for traces in after.values() for v in flat_values(traces)]
    assert "工程部" not in values  # the department chart no longer counts the repair
    assert any("保洁" in str(v) for v in values)  # the category chart keeps the cleaning complaint
    assert not any("水电" in str(v) for v in values)  # and drops the repair's category
    assert any("类别：保洁" in c.value for c in app.caption)  # the report says what it counts
    assert any("本页每个图表" in c.value for c in app.caption)


def test_the_monthly_statistics_page_offers_the_report_as_excel_and_pdf(app, two_kinds):
    login(app, "boss")
    app.switch_page("app_pages/desk/monthly_stats.py").run()
    assert not app.exception
    labels = [d.label for d in app.get("download_button")]
    assert "下载 Excel 报表" in labels
    assert "下载 PDF 报表（A4，可打印签字）" in labels
