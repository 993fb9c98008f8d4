"""Work orders in a queue: the department role's narrow grants, an order's stage and its waiting time."""

from datetime import UTC, datetime, timedelta

import pytest

from core.roles import Permission, Role, can
from desk.requests.work_orders import Stage, stage_of, waited_minutes, waited_text, work_order_number

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_a_department_account_may_work_its_queue_and_nothing_else():
    assert [p for p in Permission if can(Role.DEPARTMENT, p)] == [Permission.WORK_ORDERS]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.STAFF, Role.MANAGER])
def test_only_the_department_accepts_and_finishes_its_work_orders(role):
    assert not can(role, Permission.WORK_ORDERS)


def test_managers_keep_every_other_permission():
    assert all(can(Role.MANAGER, p) for p in Permission if p is not Permission.WORK_ORDERS)


@pytest.mark.parametrize(
    ("outcome", "accepted", "stage"),
    [("open", None, Stage.WAITING), ("open", T0, Stage.ACCEPTED), ("finished", T0, Stage.FINISHED),
     ("transferred", None, Stage.TRANSFERRED)],
)  # fmt: skip
def test_an_open_order_waits_until_someone_accepts_it(outcome, accepted, stage):
    assert stage_of(outcome, accepted) is stage


def test_an_order_waits_until_it_ends_or_until_now():
    assert waited_minutes(T0, None, T0 + timedelta(minutes=95)) == 95
    assert waited_minutes(T0, T0 + timedelta(minutes=30), T0 + timedelta(hours=5)) == 30


@pytest.mark.parametrize(
    ("minutes", "zh", "en"),
    [(0, "0分钟", "0 min"), (45, "45分钟", "45 min"), (125, "2小时", "2 h"), (60 * 26, "1天2小时", "1 d 2 h"),
     (60 * 24, "1天", "1 d")],
)  # fmt: skip
def test_the_waiting_time_reads_short_on_a_phone(minutes, zh, en):
    assert waited_text(minutes, "zh") == zh
    assert waited_text(minutes, "en") == en


def test_a_work_order_is_numbered_pg():
    assert work_order_number(42) == "PG000042"
