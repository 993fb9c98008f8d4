"""Attachments on a real database: kept with their record, seen only by those who may see the record."""

import io

import pytest
from PIL import Image

from core.errors import NotFound, PermissionDenied, ValidationFailed
from desk.renovation.forms import RenovationForm
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
