"""Printable slips: each PDF carries its number, its facts in Chinese, and the lines to sign."""

import io
from datetime import UTC, datetime
from decimal import Decimal

from pdfminer.high_level import extract_text

from desk.registers.cash import HandoverRow
from desk.registers.handover import CarriedOver, NoteRow
from desk.registers.keys import KeyRow
from desk.requests.work_orders import Stage, WorkOrderNoteRow, WorkOrderRow
from desk.slips.cash_handover import cash_handover_slip
from desk.slips.key_loan import key_loan_slip
from desk.slips.render import slip_pdf
from desk.slips.shift_handover import shift_handover_slip
from desk.slips.work_order import work_order_slip

NOW = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
WHERE = dict(site="阳光花园服务中心", zone="Asia/Shanghai", printed_at=NOW, printed_by="小李")


def text_of(slip) -> str:
    return "".join(extract_text(io.BytesIO(slip_pdf(slip))).split())


def order(**changes) -> WorkOrderRow:
    values = dict(
        id=7, number="PG000007", request_id=42, request_number="BX000042", site_id=1,
        department="engineering", kind="repair", category="water_electric", urgency="urgent",
        unit="3-2-1201", contact_name="李先生",
        phone="138****5678", content="厨房水管漏水，<b>请带</b>角阀", dispatched_at=NOW, dispatched_by="小李",
        due_at=datetime(2026, 11, 26, 5, 30, tzinfo=UTC), stage=Stage.WAITING, accepted_at=None,
        accepted_by=None, ended_at=None, waited_minutes=0, overdue=False,
    )  # fmt: skip
    values.update(changes)
    return WorkOrderRow(**values)


def assert_shows(slip, *expected: str) -> None:  # type: ignore[no-untyped-def]
    """Each expected text is on the slip."""
    text = text_of(slip)
    for one in expected:
        assert one in text, one


def test_the_work_order_slip_carries_number_unit_owner_content_urgency_limit_department_and_signatures():
    slip = work_order_slip(order(), department="工程部", category="水电维修", lang="zh", **WHERE)
    text = text_of(slip)
    for expected in (
        "阳光花园服务中心", "派工单", "PG000007", "BX000042", "3-2-1201", "李先生138****5678", "工程部",
        "厨房水管漏水，<b>请带</b>角阀", "紧急", "2026-11-2613:30", "维修人员签名", "业主确认签名",
        "打印时间：2026-11-2609:30",
    ):  # fmt: skip
        assert expected in text, expected
    assert "13812345678" not in text  # the printed slip never carries the full phone


def test_a_finished_work_orders_slip_shows_what_the_department_did():
    done = order(
        stage=Stage.FINISHED, notes=(WorkOrderNoteRow(NOW, "老张", "finish", "更换角阀，试水无渗漏"),)
    )
    text = text_of(work_order_slip(done, department="工程部", category="水电维修", lang="zh", **WHERE))
    assert "更换角阀，试水无渗漏" in text and "已完工" in text


def test_the_work_order_slip_speaks_english_for_english_users():
    text = text_of(
        work_order_slip(order(), department="Engineering", category="Plumbing", lang="en", **WHERE)
    )
    assert "Workorder" in text and "PG000007" in text and "Worker'ssignature" in text


def test_the_key_loan_slip_names_key_borrower_and_return_time_with_the_id_masked():
    row = KeyRow(
        id=3, site_id=1, room="5-1-602", purpose="燃气表检修", copies=2, loan_id=11, borrower="王师傅",
        borrower_id_number="110***********1234", borrower_phone="139****0000", lent_at=NOW,
        expected_return_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC), overdue=False,
    )  # fmt: skip
    assert_shows(key_loan_slip(row, lang="zh", **WHERE), "钥匙借用单", "JY000011", "5-1-602", "王师傅",
                 "110***********1234", "2026-11-2617:30", "借用人签名", "收回客服签名")  # fmt: skip


def test_the_cash_handover_sheet_shows_expected_counted_and_the_difference():
    row = HandoverRow(
        id=5, site_id=1, from_name="小李", to_name="小王", created_at=NOW, expected_cash=Decimal("320.00"),
        counted_cash=Decimal("311.50"), difference=Decimal("-8.50"), other_total=Decimal("100.00"),
        status="pending", note="少一张十元", resolution=None,
    )  # fmt: skip
    assert_shows(cash_handover_slip(row, lang="zh", **WHERE), "代收款现金交接单", "JJ000005", "¥320.00",
                 "¥311.50", "-¥8.50", "少一张十元", "交出人签名", "接收人签名")  # fmt: skip


def test_the_shift_handover_sheet_lists_every_count_and_the_notes():
    carried = CarriedOver(2, 1, 3, 4, 1, 5, 2, 1, 0)
    notes = [NoteRow(1, 1, "小李", NOW, "3-2-1201 业主下午来取快递", None, None)]
    text = text_of(shift_handover_slip(carried, notes, lang="zh", **WHERE))
    assert "交接班表" in text and "3-2-1201业主下午来取快递" in text
    assert "交班人签名" in text and "接班人签名" in text
    assert "超时工单" in text and "待接收现金交接" in text
