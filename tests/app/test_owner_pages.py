"""The owners page's edit box through AppTest: the phone masked until a recorded reveal, and an edit
that keeps the number unless a new one is typed."""

import pytest

from services import open_services
from store.history import for_record
from tests.app.conftest import PASSWORD, click, login


@pytest.fixture
def owner(installed, app_db):
    svc = open_services(app_db)
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    rid = svc.owner_records.add(
        staff, min(staff.site_ids), unit="3-2-1201", name="李先生", relation="owner", phone="13812345678"
    )
    yield svc, rid
    svc.engine.dispose()


def open_record(app):
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/owners.py").run()
    app.session_state["owner_rows"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    return app.run()


def texts(app) -> str:
    return " ".join(m.value for m in app.markdown)


def phone_input(app, rid):
    return app.text_input(key=f"owner_edit_phone_{rid}")


def history(svc, rid):
    with svc.sessions() as session:
        return for_record(session, "resident", rid)


def test_the_edit_box_shows_the_phone_masked_and_the_phone_field_empty(app, owner):
    _, rid = owner
    open_record(app)
    assert not app.exception
    assert r"138\*\*\*\*5678" in texts(app)
    assert "13812345678" not in texts(app)
    assert phone_input(app, rid).value == ""
    assert "13812345678" not in [t.value for t in app.text_input]


def test_the_full_phone_shows_only_after_a_reveal_that_is_recorded(app, owner):
    svc, rid = owner
    open_record(app)
    click(app, "显示完整号码")
    assert "13812345678" in texts(app)
    assert [(h.action, h.actor_id) for h in history(svc, rid)][-1][0] == "reveal_phone"


def test_saving_with_the_phone_left_empty_keeps_the_number(app, owner):
    svc, rid = owner
    open_record(app)
    click(app, "保存修改")
    assert app.success[0].value == "已保存。"
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    assert svc.phone_reveal.resident_phone(staff, rid) == "13812345678"
    assert "update" not in [h.action for h in history(svc, rid)]


def test_a_new_number_typed_replaces_the_old_one(app, owner):
    svc, rid = owner
    open_record(app)
    phone_input(app, rid).input("13700000000")
    click(app, "保存修改")
    assert app.success[0].value == "已保存。"
    assert list(app.dataframe[0].value["联系电话"]) == ["137****0000"]
    assert phone_input(app, rid).value == ""
    update = next(h for h in history(svc, rid) if h.action == "update")
    assert update.changes == {"phone": ["13812345678", "13700000000"]}


def test_a_masked_number_typed_is_refused_and_what_was_typed_stays(app, owner):
    svc, rid = owner
    open_record(app)
    phone_input(app, rid).input("139****5678")
    click(app, "保存修改")
    assert app.error[0].value.startswith("联系电话：电话号码里有")
    assert phone_input(app, rid).value == "139****5678"
    assert "update" not in [h.action for h in history(svc, rid)]
