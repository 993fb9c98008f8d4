"""Attachments on a real database: kept with their record, seen only by those who may see the record."""

import io

import pytest
from PIL import Image
from sqlalchemy import event

from core.errors import NotFound, PermissionDenied, ValidationFailed
from desk.renovation.forms import RenovationForm
from store.history import for_record
from tests.integration.helpers import PASSWORD, add_user, desk_form, first_manager


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 140, 200)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def desk(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    services.accounts.create_user(
        manager, username="laozhang", display_name="老张", gender="male", role="department",
        site_ids=[min(manager.site_ids)], password=PASSWORD, department="engineering",
    )  # fmt: skip
    plumber = services.accounts.authenticate("laozhang", PASSWORD)
    site = min(manager.site_ids)
    rid = services.request_intake.intake(staff, desk_form(site, department="engineering"))
    return services, manager, staff, plumber, site, rid


def test_a_photo_on_a_request_is_kept_with_a_thumbnail_and_downloads_as_it_was(desk):
    services, _, staff, _, _, rid = desk
    data = photo()
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("C:\\相机\\漏水.JPG", data)])
    (row,) = services.attachments.list_for(staff, "request", rid)
    assert (row.file_name, row.media_type, row.size, row.uploaded_by) == (
        "漏水.jpg",
        "image/jpeg",
        len(data),
        "Xiaoli",
    )
    assert row.thumbnail is not None and len(row.thumbnail) < len(data)
    assert services.attachments.download(staff, attachment_id) == ("漏水.jpg", "image/jpeg", data)


def test_the_department_finishes_with_photos_on_its_work_order(desk):
    services, _, staff, plumber, _, rid = desk
    (order,) = services.work_orders.my_queue(plumber)
    services.work_orders.finish(plumber, order.id, "更换角阀", photos=[("after.jpg", photo())])
    (row,) = services.attachments.list_for(staff, "work_order", order.id)
    assert row.uploaded_by == "老张"
    assert services.request_lists.detail(staff, rid).row.status == "callback_due"


def test_a_refused_photo_refuses_the_finish_and_nothing_moves(desk):
    services, _, staff, plumber, _, rid = desk
    (order,) = services.work_orders.my_queue(plumber)
    with pytest.raises(ValidationFailed) as refused:
        services.work_orders.finish(plumber, order.id, "更换角阀", photos=[("after.jpg", b"MZ\x90\x00")])
    assert refused.value.key == "files.error.type_refused"
    assert services.request_lists.detail(staff, rid).row.status == "dispatched"
    assert services.attachments.list_for(staff, "work_order", order.id) == []


def test_an_inspection_photo_goes_on_the_renovation(desk, clock):
    services, _, staff, _, site, _ = desk
    form = RenovationForm(
        site_id=site, unit="3-2-1201", owner_name="李先生", company="美家装饰", person_in_charge="王工",
        person_phone="13900001111", scope="厨卫改造", planned_start=clock.now.date(),
        planned_end=clock.now.date(), deposit="2000",
    )  # fmt: skip
    reno = services.renovation.apply(staff, form)
    services.attachments.attach(staff, "renovation_inspection", reno, [("验收.png", photo())])
    assert [r.media_type for r in services.attachments.list_for(staff, "renovation_inspection", reno)] == [
        "image/jpeg"  # a JPEG's bytes, whatever the name said
    ]


def test_a_department_sees_only_its_own_orders_files_and_no_request_files(desk):
    services, manager, staff, plumber, _, rid = desk
    services.attachments.attach(staff, "request", rid, [("a.pdf", b"%PDF-1.4 test")])
    with pytest.raises(PermissionDenied):
        services.attachments.list_for(plumber, "request", rid)
    services.accounts.create_user(
        manager, username="xiaozhao", display_name="小赵", gender="male", role="department",
        site_ids=list(manager.site_ids), password=PASSWORD, department="cleaning",
    )  # fmt: skip
    cleaner = services.accounts.authenticate("xiaozhao", PASSWORD)
    (order,) = services.work_orders.my_queue(plumber)
    with pytest.raises(NotFound):
        services.attachments.attach(cleaner, "work_order", order.id, [("a.pdf", b"%PDF-1.4")])


def test_trainees_attach_nothing(desk):
    services, manager, _, _, _, rid = desk
    trainee = add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.attachments.attach(trainee, "request", rid, [("a.pdf", b"%PDF-1.4")])


# --- voiding -------------------------------------------------------------------------------------


def test_the_uploader_voids_a_photo_with_a_reason_it_leaves_the_thumbnails_and_stays_on_record(desk):
    services, manager, staff, _, _, rid = desk
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("错拍.jpg", photo())])
    services.attachments.void(staff, attachment_id, "拍错了单元")
    assert services.attachments.list_for(staff, "request", rid) == []
    (row,) = services.attachments.list_for(manager, "request", rid, include_voided=True)
    assert (row.file_name, row.voided, row.voided_by, row.void_reason) == (
        "错拍.jpg",
        True,
        "Xiaoli",
        "拍错了单元",
    )
    with services.sessions() as session:
        rows = for_record(session, "attachment", attachment_id)
    assert [(h.action, h.actor_id, h.note) for h in rows] == [
        ("create", staff.user_id, None),
        ("void", staff.user_id, "拍错了单元"),
    ]


def test_a_void_without_a_reason_is_refused_and_the_file_stays(desk):
    services, _, staff, _, _, rid = desk
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("a.pdf", b"%PDF-1.4 test")])
    with pytest.raises(ValidationFailed) as refused:
        services.attachments.void(staff, attachment_id, "  ")
    assert refused.value.key == "error.reason_required"
    assert [r.id for r in services.attachments.list_for(staff, "request", rid)] == [attachment_id]


def test_a_colleague_cannot_void_someone_elses_file_but_a_manager_can(desk):
    services, manager, staff, _, _, rid = desk
    colleague = add_user(services, manager, "xiaowang", "staff")
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("a.pdf", b"%PDF-1.4 test")])
    with pytest.raises(PermissionDenied) as refused:
        services.attachments.void(colleague, attachment_id, "重复")
    assert refused.value.key == "files.error.void_not_yours"
    assert len(services.attachments.list_for(staff, "request", rid)) == 1
    services.attachments.void(manager, attachment_id, "重复上传")
    assert services.attachments.list_for(staff, "request", rid) == []


def test_a_file_is_voided_once(desk):
    services, manager, staff, _, _, rid = desk
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("a.pdf", b"%PDF-1.4 test")])
    services.attachments.void(staff, attachment_id, "传错了")
    with pytest.raises(ValidationFailed) as refused:
        services.attachments.void(manager, attachment_id, "传错了")
    assert refused.value.key == "files.error.already_voided"
    with services.sessions() as session:
        assert [h.action for h in for_record(session, "attachment", attachment_id)] == ["create", "void"]


def test_only_managers_see_and_download_voided_files(desk):
    services, manager, staff, _, _, rid = desk
    data = b"%PDF-1.4 test"
    (attachment_id,) = services.attachments.attach(staff, "request", rid, [("a.pdf", data)])
    services.attachments.void(staff, attachment_id, "传错了")
    with pytest.raises(PermissionDenied):
        services.attachments.list_for(staff, "request", rid, include_voided=True)
    with pytest.raises(NotFound):
        services.attachments.download(staff, attachment_id)
    assert services.attachments.download(manager, attachment_id)[2] == data


def test_a_department_voids_its_own_work_order_photo_and_the_desk_may_not(desk):
    services, _, staff, plumber, _, _ = desk
    (order,) = services.work_orders.my_queue(plumber)
    (first, second) = services.attachments.attach(
        plumber, "work_order", order.id, [("before.jpg", photo()), ("after.jpg", photo())]
    )
    with pytest.raises(PermissionDenied):
        services.attachments.void(staff, first, "不清楚")
    services.attachments.void(plumber, first, "拍糊了，已重拍")
    assert [r.id for r in services.attachments.list_for(staff, "work_order", order.id)] == [second]


def test_the_files_of_several_records_are_read_in_the_same_few_statements_however_many(desk):
    services, _, staff, _, site, first = desk
    more = [services.request_intake.intake(staff, desk_form(site, unit=f"5-1-{n}01")) for n in (1, 2, 3)]
    for rid in (first, *more):
        services.attachments.attach(staff, "request", rid, [(f"{rid}.jpg", photo())])
    statements: list[str] = []

    def keep(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(services.engine, "before_cursor_execute", keep)
    try:
        one = services.attachments.list_for_records(staff, "request", [first])
        statements_for_one, statements[:] = len(statements), []
        four = services.attachments.list_for_records(staff, "request", [first, *more])
    finally:
        event.remove(services.engine, "before_cursor_execute", keep)
    assert len(statements) == statements_for_one
    assert [r.file_name for r in one[first]] == [f"{first}.jpg"]
    assert {rid: [r.file_name for r in rows] for rid, rows in four.items()} == {
        rid: [f"{rid}.jpg"] for rid in (first, *more)
    }


def test_the_files_of_several_records_are_refused_if_one_record_is_not_the_readers(desk):
    services, _, staff, plumber, _, rid = desk
    (order,) = services.work_orders.my_queue(plumber)
    with pytest.raises(PermissionDenied):
        services.attachments.list_for_records(plumber, "request", [rid])
    with pytest.raises(NotFound):
        services.attachments.list_for_records(staff, "request", [rid, 999_999])
    assert services.attachments.list_for_records(plumber, "work_order", [order.id]) == {order.id: []}
