"""The registers' print buttons through AppTest: a key on loan has its slip, a cash handover its sheet."""

from datetime import UTC, datetime

from services import open_services
from tests.app.conftest import PASSWORD, login
from tests.conftest import FakeClock


def download_labels(app):
    return [b.proto.label for b in app.get("download_button")]


def test_a_key_on_loan_can_be_printed_as_its_loan_slip(app, installed, app_db):
    svc = open_services(app_db)
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    key_id = svc.keys.add_key(staff, min(staff.site_ids), room="设备房", purpose="水泵检修")
    svc.keys.lend(staff, key_id, borrower="工程部老刘", id_number="110101199003071234", phone="13812345678",
                  reason="水泵检修")  # fmt: skip
    svc.engine.dispose()
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/keys.py").run()
    assert not app.exception
    assert "打印钥匙借用单" in download_labels(app)


def test_a_cash_handover_can_be_printed_as_its_sheet(app, installed, app_db):
    svc = open_services(app_db, clock=FakeClock(datetime(2026, 11, 26, 11, 30, tzinfo=UTC)))  # 19:30 local
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    boss = svc.accounts.authenticate("boss", PASSWORD)
    svc.cash.take(staff, min(staff.site_ids), payer="李先生", unit="3-2-1201", item="物业费", amount="300",
                  method="cash", receipt_no="A001")  # fmt: skip
    svc.cash.hand_over(staff, min(staff.site_ids), to_user=boss.user_id, counted_cash="300")
    svc.engine.dispose()
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/cash.py").run()
    assert not app.exception
    assert "打印现金交接单" in download_labels(app)
