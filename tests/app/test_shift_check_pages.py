"""Shift-check pages through AppTest: staff check themselves, managers run the board, roster, spot
checks and verification; trainees have no such pages; broken content stops checks with a clear message.

The app runs on the real clock; some start-of-shift check is open at every hour (the current shift's).
The tests put the staff member on every shift open now and take whichever check the page offers first."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from checklists import loader
from checklists.attribution import attribute
from checklists.loader import default_shift_settings
from services import open_services
from store.clock import utcnow
from tests.app.conftest import APP, login, open_page, page_links
from ui import content

CHECK_PAGES = {"shift-check", "my-checks", "my-actions"}  # url paths of the home page's links
MANAGER_PAGES = {"check-board", "roster", "spot-check", "verify-actions"}


@pytest.fixture(autouse=True)
def fresh_content_caches():
    content.rulebook_state.clear()
    yield
    content.rulebook_state.clear()


@pytest.fixture
def on_the_roster(installed):
    """Xiaoli is rostered on every shift whose checks are open now."""
    svc = open_services(os.environ["DATABASE_URL"])
    manager = svc.accounts.authenticate("boss", "correct-horse-1")
    staff = svc.accounts.authenticate("xiaoli", "correct-horse-1")
    site = svc.sites.my_sites(manager)[0]
    found = attribute(default_shift_settings(), set(), utcnow(), site.timezone)
    for occ in {c.occurrence for c in found.off_roster}:
        svc.roster.assign(
            manager, site.id, user_id=staff.user_id, shift_date=occ.shift_date, shift_id=occ.shift_id
        )
    svc.engine.dispose()


def item_controls(app):
    return [c for c in app.main.segmented_control if "_answer_" in (c.key or "")]


def answer_all(app, fail_index: int | None = None, note: str | None = None):
    for i, control in enumerate(item_controls(app)):
        control.set_value("fail" if i == fail_index else "pass")
    app.run()
    if note is not None:
        app.text_input[0].input(note)
        app.run()
    return app


def press(app, label: str):
    next(b for b in app.button if b.label == label).click()
    return app.run()


def test_staff_and_managers_have_the_check_pages_and_trainees_none(app, installed):
    login(app, "xiaoli")
    assert set(page_links(app)) >= CHECK_PAGES
    assert not MANAGER_PAGES & set(page_links(app))

    trainee = AppTest.from_file(str(APP), default_timeout=30)
    login(trainee, "newbie")
    assert not (CHECK_PAGES | MANAGER_PAGES) & set(page_links(trainee))


def test_manager_home_links_every_check_page(app, installed):
    login(app, "boss")
    assert set(page_links(app)) >= CHECK_PAGES | MANAGER_PAGES


def test_staff_member_submits_a_check_with_one_failure_and_sees_the_action_it_opened(
    app, installed, on_the_roster
):
    open_page(app, "xiaoli", "checks/shift_check")
    assert not app.exception
    assert app.title[0].value == "今日班检"
    question = item_controls(app)[1].label
    answer_all(app, fail_index=1, note="工作牌忘带")
    assert app.text_input[0].label == "不合格原因"
    press(app, "提交")
    assert not app.exception
    assert app.success[0].value.startswith("已提交，得分")
    assert app.info[0].value == "这一班次的检查已提交。提交后只有主管可以修改。"
    assert any("待整改" in m.value for m in app.markdown)

    app.switch_page("app_pages/checks/my_actions.py").run()
    bare = question.split(" · ", 1)[1].split(" :red", 1)[0]  # "2 · question" without the number
    assert any(bare in m.value for m in app.markdown)
    assert any("工作牌忘带" in m.value for m in app.markdown)
    assert [b.label for b in app.button][:2] == ["开始整改", "整改完成"]
    press(app, "整改完成")
    assert app.success[0].value == "已更新。"

    app.switch_page("app_pages/checks/my_checks.py").run()
    assert not app.exception
    assert app.dataframe[0].value.shape[0] == 1


def test_a_failed_item_without_a_note_is_refused_on_the_page(app, installed, on_the_roster):
    open_page(app, "xiaoli", "checks/shift_check")
    answer_all(app, fail_index=0)
    press(app, "提交")
    assert app.error[0].value == "第 1 项不合格，请写明原因。"
    assert not app.success


def test_an_unanswered_item_is_refused_on_the_page(app, installed, on_the_roster):
    open_page(app, "xiaoli", "checks/shift_check")
    item_controls(app)[0].set_value("pass").run()
    press(app, "提交")
    assert app.error[0].value == "第 2 项还没有作答。"


def test_off_the_roster_the_page_says_no_check_is_due_and_offers_one_only_on_request(app, installed):
    open_page(app, "xiaoli", "checks/shift_check")
    assert not app.exception
    assert app.info[0].value == "您现在没有排班，没有要做的班检。"
    assert item_controls(app) == []
    app.toggle(key="shift_check_cover").set_value(True).run()
    assert all(o.endswith("未排班") for o in app.selectbox(key="shift_check_slot").options)
    assert item_controls(app)


def test_the_check_page_reads_in_english(app, installed, on_the_roster):
    svc = open_services(os.environ["DATABASE_URL"])
    staff = svc.accounts.authenticate("xiaoli", "correct-horse-1")
    svc.accounts.set_language(staff, "en")
    svc.engine.dispose()
    open_page(app, "xiaoli", "checks/shift_check")
    assert app.title[0].value == "Shift check"
    assert item_controls(app)[0].options == ["Pass", "Fail", "N/A"]
    assert app.button[-1].label == "Submit"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("checks/board", "班检看板"),
        ("checks/roster", "排班"),
        ("checks/spot_check", "主管抽查"),
        ("checks/verify_actions", "整改核验"),
        ("checks/my_checks", "我的班检记录"),
        ("checks/my_actions", "我的整改"),
    ],
)
def test_every_manager_page_opens_without_errors(app, installed, page, title):
    open_page(app, "boss", page)
    assert not app.exception
    assert app.title[0].value == title
    assert not app.error


def test_manager_puts_a_staff_member_on_a_shift_and_the_board_lists_them(app, installed):
    open_page(app, "boss", "checks/roster")
    form = app.get("form")[0]
    assert form is not None
    people = app.selectbox[0]
    people.set_value(next(o for o in people.options if o == "Xiaoli"))
    press(app, "安排")
    assert not app.exception
    assert app.success[0].value == "已安排。"
    grid = app.dataframe[0].value
    assert "早班" in set(grid.iloc[list(grid["员工"]).index("Xiaoli")])

    rostered_day = app.date_input(key="roster_first").value
    app.switch_page("app_pages/checks/board.py").run()
    app.date_input(key="board_day").set_value(rostered_day).run()
    assert not app.exception
    assert "Xiaoli" in list(app.dataframe[0].value["员工"])


def test_manager_spot_checks_a_staff_member_and_verifies_the_action(app, installed):
    open_page(app, "boss", "checks/spot_check")
    assert app.selectbox[0].options == ["Xiaoli"]  # the manager does not spot-check themselves
    answer_all(app, fail_index=0, note="未佩戴工作牌")
    press(app, "提交抽查")
    assert not app.exception
    assert app.success[0].value.startswith("抽查已提交")

    app.switch_page("app_pages/checks/verify_actions.py").run()
    assert any("Xiaoli" in m.value for m in app.markdown)

    staff = AppTest.from_file(str(APP), default_timeout=30)
    open_page(staff, "xiaoli", "checks/my_actions")
    press(staff, "整改完成")

    app.switch_page("app_pages/checks/verify_actions.py").run()
    press(app, "核验通过")
    assert app.success[0].value == "已更新。"
    assert app.info[0].value == "没有待核验或进行中的整改。"


def test_broken_shift_settings_stop_checks_and_show_managers_file_and_line(
    app, installed, tmp_path, monkeypatch
):
    broken = tmp_path / "shifts.yaml"
    broken.write_text("grace_minutes: soon\n", encoding="utf-8")
    monkeypatch.setattr(loader, "default_shifts_path", lambda: broken)
    open_page(app, "boss", "checks/shift_check")
    assert not app.exception
    assert "班检暂停使用" in app.error[0].value
    assert f"{broken}:1:16" in app.code[0].value


def test_broken_rulebook_stops_checks_without_details_for_staff(app, installed, broken_content):
    open_page(app, "xiaoli", "checks/shift_check")
    assert not app.exception
    assert "班检暂停使用" in app.error[0].value
    assert len(app.code) == 0
    assert item_controls(app) == []


def test_manager_copies_last_weeks_roster_in_one_press(app, installed):
    from datetime import timedelta

    manager = installed.accounts.authenticate("boss", "correct-horse-1")
    site = min(manager.site_ids)
    xiaoli = next(p for p in installed.roster.people(manager, site) if p.name == "Xiaoli")
    first = installed.roster.roster(manager, site).dates[0]
    installed.roster.assign(
        manager, site, user_id=xiaoli.id, shift_date=first - timedelta(days=7), shift_id="morning"
    )
    open_page(app, "boss", "checks/roster")
    press(app, "复制上周排班")
    assert app.success[0].value == "已从上周复制 1 个班次（已排的保留不变）。"
    grid = app.dataframe[0].value
    assert "早班" in set(grid.iloc[list(grid["员工"]).index("Xiaoli")])
