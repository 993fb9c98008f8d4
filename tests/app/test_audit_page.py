"""The audit form through AppTest: a manager records a mystery call, sees the failed items with their
rules at once, and the staff member finds it in their own record. Staff have no audit page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from services import open_services
from tests.app.conftest import APP, login, page_links
from ui import content


@pytest.fixture(autouse=True)
def fresh_content_caches():
    content.rulebook_state.clear()
    yield
    content.rulebook_state.clear()


def open_audit(app):
    login(app, "boss")
    return app.switch_page("app_pages/checks/audit.py").run()


def markdown(app) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_a_manager_records_a_mystery_call_and_sees_its_failed_items(app, installed):
    open_audit(app)
    assert not app.exception
    app.text_area(key="audit_said").input("喂，找谁？")
    app.number_input(key="audit_rings").set_value(5)
    app.button(key="audit_submit").click()
    app.run()
    assert not app.exception
    assert any("Xiaoli" in s.value for s in app.success)
    shown = markdown(app)
    assert "喂" in shown and "找谁" in shown
    assert "电话铃响三声内接起" in shown  # the rings are a failed item of their own rule
    assert app.text_area(key="audit_said").value == ""  # recorded: the form is empty for the next one
    assigned = app.dataframe[-1].value  # the practice the audit assigned, per person and rule
    assert set(assigned.iloc[:, 0]) == {"Xiaoli"} and len(assigned) >= 3

    staff = AppTest.from_file(str(APP), default_timeout=30)
    login(staff, "xiaoli")
    assert "audit" not in page_links(staff)
    staff.switch_page("app_pages/checks/my_checks.py").run()
    assert not staff.exception
    assert any("神秘电话" in e.label for e in staff.expander)


def test_a_refused_audit_keeps_every_word_typed(app, installed):
    open_audit(app)
    said = "\n".join(f"您好，第 {i} 句" for i in range(21))
    app.text_area(key="audit_said").input(said)
    app.text_input(key="audit_note").input("前台 2 号位")
    app.button(key="audit_submit").click()
    app.run()
    assert any("最多记录 20 句" in e.value for e in app.error)
    assert (app.text_area(key="audit_said").value, app.text_input(key="audit_note").value) == (
        said,
        "前台 2 号位",
    )


def test_an_observation_needs_what_was_said(app, installed):
    open_audit(app)
    app.segmented_control(key="audit_channel").set_value("face").run()
    assert not app.number_input  # rings are for phone calls only
    app.button(key="audit_submit").click()
    app.run()
    assert any("至少记录一句话" in e.value for e in app.error)


def after_a_rude_mystery_call(app, page):
    """The manager records a rude mystery call to Xiaoli; then Xiaoli, in her own browser, opens `page`."""
    open_audit(app)
    app.text_area(key="audit_said").input("喂，找谁？")
    app.button(key="audit_submit").click()
    app.run()
    staff = AppTest.from_file(str(APP), default_timeout=30)
    login(staff, "xiaoli")
    return staff.switch_page(f"app_pages/training/{page}.py").run()


def test_the_staff_member_sees_the_practice_a_mystery_call_assigned_and_why(app, installed):
    staff = after_a_rude_mystery_call(app, "spaced_practice")
    assert not staff.exception
    assert any("主管为您安排的练习" in e.label for e in staff.expander)
    shown = markdown(staff)
    assert "神秘电话中：喂、找谁" in shown
    assert any("待练习" in m.value for m in staff.markdown)


def test_the_journey_from_a_mystery_call_to_a_whole_certificate(app, installed, app_db):
    from tests.integration.helpers import certify, right

    svc = open_services(app_db)
    staff_id = svc.accounts.authenticate("xiaoli", "correct-horse-1").user_id
    certify(svc, staff_id, svc.sites.my_sites(svc.accounts.authenticate("boss", "correct-horse-1"))[0].id)
    svc.engine.dispose()
    staff = after_a_rude_mystery_call(app, "certificate")
    assert any("暂停" in w.value for w in staff.warning)
    # Suspended on a rule, the certificate is not shown as plainly valid.
    assert ":orange-badge[有效（部分规范暂停）]" in [m.value for m in staff.markdown]
    next(b for b in staff.button if (b.key or "").startswith("retest_start_")).click()
    staff.run()
    retest = staff.session_state["retest_current"]
    for q in retest.questions:
        key, answer = f"retest_{retest.id}_{q.id}", right(q)
        if q.kind == "multiple":
            for k in answer:
                staff.checkbox(key=f"{key}_{k}").check()
        elif q.kind == "ordering":
            staff.multiselect(key=key).set_value(answer)
        else:
            staff.radio(key=key).set_value(answer)
    next(b for b in staff.button if b.label == "提交复测").click()
    staff.run()
    assert not staff.exception
    assert any("证书已恢复" in s.value for s in staff.success)
    assert not any("暂停" in w.value for w in staff.warning)
    assert ":green-badge[有效]" in [m.value for m in staff.markdown]
