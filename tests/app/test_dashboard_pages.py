"""The dashboards through AppTest: data appears, filters narrow it, empty ranges say so."""

import pytest

from services import open_services
from tests.app.conftest import login
from tests.integration.helpers import PASSWORD, desk_form


@pytest.fixture
def with_requests(installed, app_db):
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    site = min(manager.site_ids)
    repair = svc.desk.intake(manager, desk_form(site, department="engineering"))
    svc.desk.act(manager, repair, "finish")
    svc.desk.record_callback(manager, repair, result="满意", satisfaction=5)
    svc.desk.intake(manager, desk_form(site, kind="complaint", category="cleaning", content="楼道没人打扫"))
    svc.engine.dispose()


def open_dashboard(app, page):
    login(app, "boss")
    return app.switch_page(f"app_pages/dashboards/{page}.py").run()


def test_the_service_dashboard_shows_this_years_requests(app, with_requests):
    open_dashboard(app, "service")
    assert not app.exception
    assert app.title[0].value == "服务看板"
    assert len(app.get("plotly_chart")) >= 4
    downloads = [d.label for d in app.get("download_button")]
    assert "Excel" in downloads and any(label.startswith("下载") for label in downloads)


def test_a_category_filter_with_no_requests_says_so(app, with_requests):
    open_dashboard(app, "service")
    app.selectbox(key="svc_category").set_value("parking").run()
    assert app.info[0].value.startswith("所选范围内没有数据")
    assert len(app.get("plotly_chart")) == 0


def test_switching_the_kpi_redraws_its_trend(app, with_requests):
    open_dashboard(app, "service")
    app.selectbox(key="svc_rate").set_value("satisfaction_rate").run()
    assert any("满意率 =" in c.value for c in app.caption)


def test_the_compliance_dashboard_opens_with_an_empty_range_message(app, installed):
    open_dashboard(app, "compliance")
    assert not app.exception
    assert app.title[0].value == "合规看板"
    assert any(i.value.startswith("所选范围内没有数据") for i in app.info)


def test_staff_have_no_dashboards(app, installed):
    login(app, "xiaoli")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/dashboards/service.py")
