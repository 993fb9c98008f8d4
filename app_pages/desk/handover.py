"""交接班 / Shift handover: the note for the next shift, open items carried over, departments' loads."""

import streamlit as st

from app_pages.desk import slip_widgets
from core.roles import Permission
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
desk = desk_ui.desk_or_stop()
handover = context.services().handover
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="handover_site")

st.title(tr("desk.handover.title"))
desk_ui.flash("handover")
slip_widgets.print_shift_handover(site)

st.subheader(tr("desk.handover.carried"))
carried = handover.carried_over(actor, site.id)
# Each count sits with its own register (mail waiting too long under mail), linked to that register's
# page; a register with nothing carried over says what is empty.
GROUPS = (
    ("requests", "app_pages/desk/request_list.py",
     (("overdue_requests", carried.overdue_requests), ("due_soon_requests", carried.due_soon_requests),
      ("callbacks_due", carried.callbacks_due))),
    ("keys", "app_pages/desk/keys.py",
     (("keys_out", carried.keys_out), ("keys_overdue", carried.keys_overdue))),
    ("mail", "app_pages/desk/mail.py",
     (("mail_waiting", carried.mail_waiting), ("mail_waiting_long", carried.mail_waiting_long))),
    ("cash", "app_pages/desk/cash.py",
     (("cash_pending", carried.cash_pending), ("cash_discrepancies", carried.cash_discrepancies))),
)  # fmt: skip
for group, page, counts in GROUPS:
    with st.container(border=True):
        st.page_link(page, label=tr(f"desk.handover.groups.{group}"))
        if not any(count for _, count in counts):
            st.caption(tr(f"desk.handover.empty.{group}"))
            continue
        columns = st.columns(len(counts))
        for column, (key, count) in zip(columns, counts, strict=True):
            column.metric(tr(f"desk.handover.items.{key}"), count)

with st.form("handover_note", clear_on_submit=True):
    st.markdown(f"**{tr('desk.handover.write')}**")
    body = st.text_area(tr("desk.field.body") + " *", max_chars=2000, height=100, key="handover_body")
    if st.form_submit_button(tr("desk.handover.write_submit"), type="primary"):
        with context.refusals_shown():
            handover.write_note(actor, site.id, body)
            desk_ui.flash_next("handover", tr("desk.handover.written"))
            st.rerun()

st.subheader(tr("desk.handover.notes"))
notes = handover.notes(actor, site.id)
if not notes:
    st.info(tr("desk.handover.none"))
for note in notes:
    with st.container(border=True):
        st.caption(f"{plain(note.author)} · {desk_ui.local(note.created_at, site.timezone)}")
        st.text(note.body)
        if note.read_at is not None:
            st.caption(
                tr(
                    "desk.handover.read_by",
                    name=plain(note.read_by or ""),
                    at=desk_ui.local(note.read_at, site.timezone),
                )
            )
        elif note.author != actor.display_name and st.button(
            tr("desk.handover.mark_read"), key=f"read_{note.id}"
        ):
            handover.mark_read(actor, note.id)
            st.rerun()
        else:
            st.caption(tr("desk.handover.unread"))

if actor.can(Permission.READ_DESK_STATS):
    st.subheader(tr("desk.handover.departments"))
    loads = handover.departments(actor, site_ids={site.id})
    if not loads:
        st.info(tr("desk.handover.no_departments"))
    else:
        st.dataframe(
            [
                {
                    tr("desk.field.department"): desk_ui.name_of(desk, "department", d.department),
                    tr("desk.handover.open_orders"): d.open_orders,
                    tr("desk.handover.overdue_orders"): d.overdue_orders,
                    tr("desk.handover.finished_orders"): d.finished_orders,
                    tr("desk.handover.average_hours"): (
                        f"{d.average_hours_to_finish:.1f}" if d.average_hours_to_finish is not None else ""
                    ),
                }
                for d in loads
            ],
            hide_index=True,
            width="stretch",
        )
