"""Work orders on the pages: the queue's cards, the desk's board, a request's orders, their notes."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from accounts.sites import SiteView
from core.roles import Permission
from desk.content_loader import DeskContentInvalid
from desk.content_model import DeskContent
from desk.requests.queue_service import DepartmentQueues
from desk.requests.work_orders import WorkOrderRow, waited_text
from desk.slips.render import slip_pdf
from desk.slips.work_order import work_order_slip
from ui import context, desk_ui
from ui.context import plain, tr


def queues_or_stop() -> DepartmentQueues:
    """The work-order service; with broken desk content, a notice (details for managers) instead."""
    try:
        return context.services().work_orders
    except DeskContentInvalid as exc:
        st.error(tr("desk.content_invalid"))
        if context.actor().can(Permission.MANAGE_SITES):
            st.code("\n".join(e.format(context.lang()) for e in exc.errors), language=None)
        st.stop()
        raise


def department_name(content: DeskContent, code: str | None) -> str:
    if not code:
        return ""
    item = content.department(code)
    return content.name(item, context.lang()) if item else code


def waited(row: WorkOrderRow) -> str:
    return waited_text(row.waited_minutes, context.lang())


def stage_label(row: WorkOrderRow) -> str:
    text = tr(f"orders.stage.{row.stage}")
    return f"{text} · {tr('orders.overdue')}" if row.overdue else text


def facts_line(row: WorkOrderRow, zone: str) -> str:
    """Two short lines (where it stands; its times), so a phone screen does not run them together."""
    stand = [
        ("orders.field.stage", stage_label(row)),
        ("orders.field.urgency", tr(f"desk.urgency.{row.urgency}")),
        ("orders.field.waited", waited(row)),
    ]
    times = [
        ("orders.field.due_at", desk_ui.local(row.due_at, zone)),
        ("orders.field.dispatched_at", desk_ui.local(row.dispatched_at, zone)),
    ]
    return "  \n".join(" · ".join(desk_ui.pair(k, v) for k, v in line) for line in (stand, times))


def contact_line(row: WorkOrderRow) -> str:
    facts = [
        ("orders.field.contact", plain(row.contact_name)),
        ("orders.field.phone", plain(row.phone)),
    ]
    if row.accepted_by:
        facts.append(("orders.field.accepted_by", plain(row.accepted_by)))
    return " · ".join(desk_ui.pair(k, v, bold=False) for k, v in facts)


def notes_table(row: WorkOrderRow, zone: str) -> None:
    if not row.notes:
        return
    st.dataframe(
        [
            {
                tr("orders.field.at"): desk_ui.local(n.at, zone),
                tr("orders.field.kind"): tr(f"orders.note_kind.{n.kind}"),
                tr("orders.field.note"): n.note or "",
                tr("orders.field.actor"): n.actor_name or "",
            }
            for n in row.notes
        ],
        hide_index=True,
        width="stretch",
    )


def board_table(rows: Iterable[WorkOrderRow], content: DeskContent, sites: dict[int, SiteView]) -> None:
    """Key columns first (number, department, stage, waited), so a phone screen shows them."""
    st.dataframe(
        [
            {
                tr("orders.field.request"): r.request_number,
                tr("orders.field.department"): department_name(content, r.department),
                tr("orders.field.stage"): stage_label(r),
                tr("orders.field.waited"): waited(r),
                tr("orders.field.unit"): r.unit,
                tr("orders.field.last_note"): r.last_note,
                tr("orders.field.accepted_by"): r.accepted_by or "",
                tr("orders.field.due_at"): desk_ui.local(r.due_at, sites[r.site_id].timezone),
                tr("orders.field.number"): r.number,
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )


def print_work_order(order: WorkOrderRow, content: DeskContent, sites: dict[int, SiteView], key: str) -> None:
    """打印派工单: the PDF is built when the button is pressed, from the order as it stands then."""
    actor, lang, queues = context.actor(), context.lang(), context.services().work_orders
    site = sites[order.site_id]
    category = content.category(order.category)

    def build() -> bytes:
        row = queues.slip(actor, order.id)
        return slip_pdf(
            work_order_slip(
                row, site=site.name, zone=site.timezone, lang=lang, printed_by=actor.display_name,
                printed_at=context.services().clock(), department=department_name(content, row.department),
                category=content.name(category, lang) if category else row.category,
            )
        )  # fmt: skip

    st.download_button(
        tr("slips.print_work_order"), data=build, file_name=f"{order.number}-{order.request_number}.pdf",
        mime="application/pdf", icon=":material/print:", on_click="ignore", key=key,
    )  # fmt: skip
