"""Voiding an attachment on the request detail through AppTest: the uploader voids with a reason, the
file leaves the thumbnails, and a manager sees it listed as voided with the reason."""

import io

import pytest
from PIL import Image

from services import open_services
from tests.app.conftest import PASSWORD, click, login
from tests.integration.helpers import desk_form


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def attached(installed, app_db):
    """A request with one photo uploaded by xiaoli; a second staff member, xiaowang."""
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    svc.accounts.create_user(
        manager, username="xiaowang", display_name="Xiaowang", gender="male", role="staff",
        site_ids=list(manager.site_ids), password=PASSWORD,
    )  # fmt: skip
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    rid = svc.request_intake.intake(staff, desk_form(min(staff.site_ids)))
    (attachment_id,) = svc.attachments.attach(staff, "request", rid, [("漏水.jpg", photo())])
    yield svc, rid, attachment_id
    svc.engine.dispose()


def open_list(app, username):
    """The request list on its 'all' view, where the one request opens at once."""
    login(app, username)
    app.switch_page("app_pages/desk/request_list.py").run()
    return app.segmented_control(key="desk_view").set_value("all").run()


def reason(app, attachment_id):
    return app.text_input(key=f"req_void_{attachment_id}_reason")


def test_the_uploader_voids_a_photo_with_a_reason_and_it_leaves_the_thumbnails(app, attached):
    svc, rid, attachment_id = attached
    open_list(app, "xiaoli")
    assert len(app.get("image")) == 1
    reason(app, attachment_id).input("拍错了单元")
    click(app, "确认作废")
    assert not app.exception
    assert app.success[0].value == "已作废附件“漏水.jpg”。"
    assert len(app.get("image")) == 0
    assert "还没有附件。" in [c.value for c in app.caption]
    assert "已作废的附件（仅主管可见）" not in [c.value for c in app.caption]
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    assert svc.attachments.list_for(staff, "request", rid) == []


def test_a_void_without_a_reason_is_refused_and_the_photo_stays(app, attached):
    _, _, attachment_id = attached
    open_list(app, "xiaoli")
    reason(app, attachment_id).input("   ")
    click(app, "确认作废")
    assert app.error[0].value == "原因：请填写原因。"
    assert len(app.get("image")) == 1


def test_a_colleague_who_did_not_upload_it_is_offered_no_void(app, attached):
    _, _, attachment_id = attached
    open_list(app, "xiaowang")
    assert len(app.get("image")) == 1
    assert "确认作废" not in [b.label for b in app.button]
    assert not [t for t in app.text_input if t.key == f"req_void_{attachment_id}_reason"]


def test_a_manager_sees_the_voided_photo_listed_with_its_reason(app, attached):
    svc, _, attachment_id = attached
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    svc.attachments.void(staff, attachment_id, "拍错了单元")
    open_list(app, "boss")
    assert len(app.get("image")) == 0
    assert "已作废的附件（仅主管可见）" in [c.value for c in app.caption]
    voided = next(d.value for d in app.dataframe if "作废人" in d.value.columns)
    assert list(voided["文件"]) == ["漏水.jpg"]
    assert list(voided["原因"]) == ["拍错了单元"]
    assert list(voided["作废人"]) == ["Xiaoli"]
