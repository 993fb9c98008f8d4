"""The roster page's weekly templates through AppTest: a manager saves a person's usual week and puts it
on the chosen week in one press; a shift that would overlap one already given is left off and named."""

from __future__ import annotations

from datetime import date

import pytest

from checklists import loader
from services import open_services
from tests.app.conftest import PASSWORD, login


@pytest.fixture
def xiaoli(installed, app_db) -> int:
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    person = next(p.id for p in svc.roster.people(manager, min(manager.site_ids)) if p.name == "Xiaoli")
    svc.engine.dispose()
    return person


@pytest.fixture
def with_day_shift(tmp_path, monkeypatch):
    """The centre's shifts plus a day shift, 09:00-18:00, that overlaps the morning shift."""
    shifts = tmp_path / "shifts.yaml"
    text = loader.default_shifts_path().read_text(encoding="utf-8")
    day = '  - id: day\n    name: {zh: 白班, en: Day shift}\n    start: "09:00"\n    end: "18:00"\n'
    shifts.write_text(text.rstrip("\n") + "\n" + day, encoding="utf-8")
    monkeypatch.setattr(loader, "default_shifts_path", lambda: shifts)


MONDAY = date(2026, 11, 30)  # the week shown: chosen on the page, so no test depends on today


def open_roster(app):
    login(app, "boss")
    app.session_state["roster_first"] = MONDAY
    return app.switch_page("app_pages/checks/roster.py").run()


def press(app, label):
    next(b for b in app.button if b.label == label).click()
    return app.run()


def row_of(app, name):
    grid = app.dataframe[0].value
    return list(grid.iloc[list(grid["员工"]).index(name)])


def save_template(app, person: int, shift: str, days: list[int]):
    app.multiselect(key=f"tpl_{person}_{shift}").set_value(days)
    return press(app, "保存模板")


def test_a_manager_saves_a_weekly_template_and_fills_the_week_from_it(app, installed, xiaoli):
    open_roster(app)
    assert "还没有保存任何每周模板。" in [c.value for c in app.caption]
    save_template(app, xiaoli, "morning", [0, 1, 2, 3, 4])
    assert not app.exception
    assert app.success[0].value == "已保存 Xiaoli 的每周模板。"
    templates = next(d.value for d in app.dataframe if "每周模板" in d.value.columns)
    assert list(templates["每周模板"]) == ["早班：周一、周二、周三、周四、周五"]
    press(app, "按模板排这一周")
    assert app.success[0].value == "已按模板排入 5 个班次（已排的 0 个保留不变）。"
    assert row_of(app, "Xiaoli")[1:] == ["早班"] * 5 + ["", ""]  # Monday to Friday, the weekend free
    assert not app.warning


def test_a_template_shift_overlapping_one_already_given_is_left_off_and_named(
    app, installed, app_db, xiaoli, with_day_shift
):
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    site = min(manager.site_ids)
    svc.roster.assign(manager, site, user_id=xiaoli, shift_date=MONDAY, shift_id="day")
    svc.engine.dispose()
    open_roster(app)
    save_template(app, xiaoli, "morning", list(range(7)))
    press(app, "按模板排这一周")
    assert app.success[0].value == "已按模板排入 6 个班次（已排的 0 个保留不变）。"
    [warning] = [w.value for w in app.warning if "未排入" in w.value]
    assert warning == "Xiaoli 的 2026-11-30 周一 早班 未排入：与已排的 2026-11-30 周一 白班 时间重叠。"
    assert row_of(app, "Xiaoli")[1:] == ["白班"] + ["早班"] * 6  # Monday keeps only its day shift


def test_a_template_whose_shifts_overlap_is_refused_on_the_page(app, installed, xiaoli, with_day_shift):
    open_roster(app)
    app.multiselect(key=f"tpl_{xiaoli}_day").set_value([2])
    save_template(app, xiaoli, "morning", [2])
    assert app.error[0].value.startswith("这份模板中有两个班次时间重叠")
    assert app.multiselect(key=f"tpl_{xiaoli}_morning").value == [2]  # what was chosen stays
    assert "还没有保存任何每周模板。" in [c.value for c in app.caption]
