"""工单列表 / Requests: my open items, overdue, due soon, search; a request's detail and next steps."""

import streamlit as st

from app_pages.desk import complaint_staff_widgets as complaint_staff
from app_pages.desk import file_widgets, order_widgets
from desk.record_queries import LIST_LIMIT
from desk.requests.list_service import VIEWS
from desk.requests.workflow import NEEDS_DEPARTMENT, NEEDS_REASON, Action
from ui import context, desk_ui, row_pick
from ui.context import plain, tr

actor = context.actor()
desk = desk_ui.desk_or_stop()
lists = context.services().request_lists
workflow = context.services().request_workflow
sites = {s.id: s for s in context.services().sites.my_sites(actor)}

st.title(tr("desk.list.title"))
desk_ui.flash("desk_list")

# The search comes first and looks across every state and view; the views narrow the list without it.
query = st.text_input(tr("desk.list.search"), key="desk_query", placeholder="BX000001 / 3-2-1201 / 李 / 5678")
searching = bool(query.strip())
view = st.segmented_control(
    tr("desk.list.view"), VIEWS, default="mine", format_func=lambda v: tr(f"desk.list.views.{v}"),
    key="desk_view", required=True, disabled=searching,
)  # fmt: skip
if searching:
    st.caption(tr("desk.list.search_everywhere"))
rows = lists.search(actor, query) if searching else lists.list_requests(actor, view)
if not rows:
    st.info(tr("desk.list.no_match" if searching else "desk.list.empty"))
    st.stop()


def timing_text(row) -> str:  # type: ignore[no-untyped-def]
    parts = [desk_ui.label("desk.timing", row.timing.value if row.timing else None)]
    if row.response_overdue:
        parts.append(tr("desk.list.response_overdue"))
    return " · ".join(p for p in parts if p)


# Key columns first, so a phone shows number, unit and state without scrolling sideways.
picked = row_pick.picked_row(
    [
        {
            tr("desk.field.number"): r.number,
            tr("desk.field.unit"): r.unit,
            tr("desk.field.status"): tr(f"desk.status.{r.status}"),
            tr("desk.field.timing"): timing_text(r),
            tr("desk.field.kind"): tr(f"desk.kind.{r.kind}"),
            tr("desk.field.contact_name"): r.contact_name,
            tr("desk.field.contact_phone"): r.phone,
            tr("desk.field.category"): desk_ui.name_of(desk, "category", r.category),
            tr("desk.field.department"): desk_ui.name_of(desk, "department", r.department),
            tr("desk.field.due_at"): desk_ui.local(r.due_at, sites[r.site_id].timezone),
            tr("desk.field.content"): r.summary,
        }
        for r in rows
    ],
    key=f"desk_rows_{'search' if searching else view}",
    default=0 if len(rows) == 1 else None,
)
if len(rows) >= LIST_LIMIT:
    st.caption(tr("desk.list.limit_note", n=LIST_LIMIT))
if picked is None:
    st.caption(tr("desk.list.click_row"))
    st.stop()

detail = lists.detail(actor, rows[picked].id)
row = detail.row
zone = sites[row.site_id].timezone

with desk_ui.record_box("desk.detail.title", number=row.number):
    facts = [
        ("desk.field.status", tr(f"desk.status.{row.status}")),
        ("desk.field.kind", tr(f"desk.kind.{row.kind}")),
        ("desk.field.urgency", tr(f"desk.urgency.{row.urgency}")),
        ("desk.field.due_at", desk_ui.local(row.due_at, zone)),
    ]
    timing = f" · **{desk_ui.label('desk.timing', row.timing.value)}**" if row.timing else ""
    st.markdown(" · ".join(desk_ui.pair(k, v) for k, v in facts) + timing)
    contact = [
        ("desk.field.unit", plain(row.unit)),
        ("desk.field.contact_name", plain(row.contact_name)),
        ("desk.field.channel", tr(f"desk.channel.{detail.channel}")),
        ("desk.field.category", plain(desk_ui.name_of(desk, "category", row.category))),
    ]
    desk_ui.facts(contact)
    st.page_link(
        "app_pages/desk/unit.py", label=tr("desk.unit.open_from_request", unit=plain(row.unit)),
        icon=":material/home_work:", query_params={"unit": row.unit},
    )  # fmt: skip
    desk_ui.phone_line(
        "desk.field.contact_phone", row.phone,
        lambda: context.services().phone_reveal.request_phone(actor, row.id), key=f"request_{row.id}",
    )  # fmt: skip
    st.text(detail.content)
    notes = []
    if detail.finished_in_time is not None:
        notes.append(
            tr("desk.detail.finished_in_time" if detail.finished_in_time else "desk.detail.finished_late")
        )
    if detail.first_contact:
        notes.append(tr("desk.detail.first_contact"))
    if detail.validity:
        notes.append(desk_ui.pair("desk.detail.validity", tr(f"desk.validity.{detail.validity}"), bold=False))
    if detail.void_reason:
        notes.append(desk_ui.pair("desk.detail.void_reason", plain(detail.void_reason), bold=False))
    if notes:
        st.caption(" · ".join(notes))
    if detail.validity_reason:
        st.caption(plain(detail.validity_reason))
    if detail.rule_ids:
        st.caption(
            desk_ui.pair("desk.detail.related_rules", desk_ui.rule_titles(detail.rule_ids), bold=False)
        )

    complaint_staff.staff_picker(actor, detail, row.site_id)
    orders = context.services().work_orders.of_request(actor, row.id)
    if orders:  # the latest dispatch, as it stands when the button is pressed
        order_widgets.print_work_order(orders[-1], desk.content, sites, key=f"print_order_{row.id}")

    st.markdown(f"**{tr('desk.detail.actions')}**")
    due_callback = next((c for c in detail.callbacks if c.status == "due"), None)
    if row.status == "callback_due" and due_callback is not None:
        # Straight to this request's callback, whenever it falls due.
        st.page_link(
            "app_pages/desk/callbacks.py",
            label=tr("desk.detail.go_callback", due=desk_ui.local(due_callback.due_at, zone)),
            icon=":material/phone_callback:",
            query_params={"callback": str(due_callback.id)},
        )
    if not detail.allowed_actions:
        st.caption(tr("desk.detail.no_actions"))
    else:
        with st.form(f"act_{row.id}_{row.status}", clear_on_submit=True):
            action = st.radio(
                tr("desk.detail.actions"), detail.allowed_actions, horizontal=True,
                format_func=lambda a: tr(f"desk.action.{a}"), label_visibility="collapsed",
            )  # fmt: skip
            departments = [d.id for d in desk.content.departments]
            department = None
            if any(Action(a) in NEEDS_DEPARTMENT for a in detail.allowed_actions):
                department = st.selectbox(
                    tr("desk.field.department"), departments,
                    index=departments.index(row.department) if row.department in departments else 0,
                    format_func=lambda d: desk_ui.name_of(desk, "department", d),
                    help=", ".join(tr(f"desk.action.{a.value}") for a in NEEDS_DEPARTMENT),
                )  # fmt: skip
            note = st.text_input(
                tr("desk.field.note"), max_chars=500,
                help=", ".join(tr(f"desk.action.{a.value}") for a in NEEDS_REASON),
            )  # fmt: skip
            go = st.form_submit_button(tr("desk.detail.do"), type="primary")
        if go:
            with context.refusals_shown():
                workflow.act(
                    actor, row.id, action, note=note,
                    department=department if Action(action) in NEEDS_DEPARTMENT else None,
                    expected_status=row.status,
                )  # fmt: skip
                st.session_state["desk_list_flash"] = tr(
                    "app.pair",
                    label=row.number,
                    value=f"{tr(f'desk.action.{action}')} · {tr('desk.detail.done')}",
                )
                st.rerun()

    if orders:
        in_hand = row.status in ("dispatched", "in_progress", "handling")
        with st.expander(tr("desk.detail.work_orders"), expanded=in_hand):
            order_widgets.board_table(orders, desk.content, sites)
            order_files = file_widgets.files_of("work_order", [order.id for order in orders])
            for order in orders:
                order_widgets.notes_table(order, zone)
                file_widgets.section(
                    "work_order",
                    order.id,
                    zone,
                    f"order_{order.id}",
                    "desk_list",
                    upload=False,
                    hide_empty=True,
                    rows=order_files[order.id],
                )

    with st.expander(tr("files.title")):
        file_widgets.section("request", row.id, zone, "req", "desk_list")

    with st.expander(tr("desk.detail.history")):
        st.dataframe(
            [
                {
                    tr("history.at"): desk_ui.local(e.at, zone),
                    tr("history.actor"): e.actor_name or tr("history.system"),
                    tr("history.action"): tr(f"desk.action.{e.action}"),
                    tr("desk.field.status"): " → ".join(
                        tr(f"desk.status.{s}") for s in (e.from_status, e.to_status) if s
                    ),
                    tr("desk.field.department"): desk_ui.name_of(desk, "department", e.department),
                    tr("history.note"): e.note or "",
                }
                for e in detail.events
            ],
            hide_index=True,
            width="stretch",
        )
    if detail.callbacks:
        with st.expander(tr("desk.detail.callbacks")):
            st.dataframe(
                [
                    {
                        tr("desk.field.due_at"): desk_ui.local(c.due_at, zone),
                        tr("desk.field.status"): tr(f"desk.callback_status.{c.status}"),
                        tr("desk.field.caller"): c.caller_name or "",
                        tr("desk.field.result"): c.result or "",
                        tr("desk.field.satisfaction"): c.satisfaction or "",
                    }
                    for c in detail.callbacks
                ],
                hide_index=True,
                width="stretch",
            )
