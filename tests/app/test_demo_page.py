"""The first-run page's demo button: it loads the demo centre with a progress bar and shows the logins."""

import demo
from demo import DEMO_PASSWORD


def test_the_first_run_page_loads_the_demo_and_shows_the_logins(app, monkeypatch):
    real = demo.load_demo
    # The page loads 90 days; two are enough to see the wiring.
    monkeypatch.setattr(demo, "load_demo", lambda engine, **options: real(engine, days=2, staff=2, **options))
    app.run()
    assert app.button(key="demo_load").label == "载入演示数据"
    app.button(key="demo_load").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已载入演示服务中心“阳光花园服务中心”")
    logins = app.dataframe[0].value
    assert list(logins["用户名"])[:3] == ["demo.manager", "demo.staff1", "demo.staff2"]
    assert any(DEMO_PASSWORD in m.value for m in app.markdown)
    app.button(key="demo_go_login").click().run()
    assert app.title[0].value == "客服礼仪通"  # set up now: the login page


def test_the_setup_form_still_comes_first(app):
    app.run()
    assert app.button[0].label == "创建并登录"
