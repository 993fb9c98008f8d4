"""A unit's page: everything the desk knows about one unit, in one timeline, at a fixed cost."""

from contextlib import contextmanager

from sqlalchemy import event

from desk.owners.unit_timeline import QUERIES
from tests.integration.helpers import add_user, desk_form, first_manager
from tests.integration.test_desk_registers import AFTER_HOURS


@contextmanager
def counted(engine):  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def fill_unit(services, staff, site, n: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    for i in range(start, start + n):
        rid = services.request_intake.intake(staff, desk_form(site, content=f"第 {i + 1} 次报修"))
        services.request_workflow.act(staff, rid, "dispatch", department="engineering")
        services.request_workflow.act(staff, rid, "accept")
        services.request_workflow.act(staff, rid, "finish")
        services.mail.receive(staff, site, unit="3-2-1201", kind="parcel", description=f"快递 {i + 1}")
        services.cash.take(
            staff, site, payer="李先生", unit="3-2-1201", item="物业费", amount="100",
            method="cash", receipt_no=f"A{i:03d}",
        )  # fmt: skip


def desk_with_one_round(services):  # type: ignore[no-untyped-def]
    """A staff member at a new centre who has put one round of every register on 3-2-1201."""
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    site = min(manager.site_ids)
    fill_unit(services, staff, site, 1)
    return staff, site


def test_a_units_timeline_gathers_every_register_newest_first(services, clock):
    clock.now = AFTER_HOURS
    staff, site = desk_with_one_round(services)
    services.request_intake.intake(staff, desk_form(site, unit="5-1-302", contact_name="王女士"))
    key = services.keys.add_key(staff, site, room="3-2-1201 大门", purpose="业主委托", unit="3-2-1201")
    services.keys.lend(
        staff, key, borrower="装修师傅", id_number="A123456", phone="13812345678", reason="装修"
    )
    view = services.unit_timeline.timeline(staff, site, "３-2-1201")  # typed with a full-width digit
    assert view is not None and view.unit == "3-2-1201"
    assert [(r.name, r.phone) for r in view.residents] == [("李先生", "138****5678")]
    kinds = {e.kind for e in view.events}
    assert {"owner", "request", "callback", "mail", "fee", "key"} <= kinds
    [loan] = [e for e in view.events if e.kind == "key"]
    assert (loan.ref, loan.status, loan.text) == ("3-2-1201 大门", "out", "装修师傅")
    assert all("王女士" not in e.ref for e in view.events)  # another unit's request stays out
    assert [e.at for e in view.events] == sorted((e.at for e in view.events), reverse=True)
    assert services.unit_timeline.timeline(staff, site, "9-9-999") is None


def test_a_units_timeline_costs_the_same_number_of_queries_however_long_its_history(services, clock):
    clock.now = AFTER_HOURS
    staff, site = desk_with_one_round(services)
    with counted(services.engine) as short:
        services.unit_timeline.timeline(staff, site, "3-2-1201")
    fill_unit(services, staff, site, 3, start=1)
    with counted(services.engine) as long:
        view = services.unit_timeline.timeline(staff, site, "3-2-1201")
    assert len(short) == len(long) == QUERIES
    assert sum(e.kind == "request" for e in view.events) == 4
