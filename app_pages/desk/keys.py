"""钥匙 / Keys: the key register, lending with the borrower's ID, returns, keys overdue."""

from datetime import timedelta

import streamlit as st

from app_pages.desk import slip_widgets
from core.errors import DomainError
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
keys = context.services().keys
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="keys_site")
default_hours = context.services().desk.content.registers.keys.default_loan_hours

st.title(tr("desk.keys.title"))
desk_ui.flash("keys")

only = st.segmented_control(
    tr("desk.keys.register"),
    ["all", "out", "overdue"],
    default="all",
    key="keys_only",
    required=True,
    format_func=lambda v: {
        "all": tr("desk.list.views.all"),
        "out": tr("desk.keys.out"),
        "overdue": tr("desk.keys.overdue"),
    }[v],
)
rows = keys.register(actor, site_ids={site.id}, only=only)


def where(row) -> str:  # type: ignore[no-untyped-def]
    if row.loan_id is None:
        return tr("desk.keys.in_desk")
    state = tr("desk.keys.overdue") if row.overdue else tr("desk.keys.out")
    return f"{state}: {row.borrower}"


if rows:
    st.dataframe(
        [
            {
                tr("desk.field.room"): r.room,
                tr("desk.field.purpose"): r.purpose,
                tr("desk.field.copies"): r.copies,
                tr("desk.field.holder"): where(r),
                tr("desk.field.id_number"): r.borrower_id_number or "",
                tr("desk.field.contact_phone"): r.borrower_phone or "",
                tr("desk.field.lent_at"): desk_ui.local(r.lent_at, site.timezone),
                tr("desk.field.expected_return_at"): desk_ui.local(r.expected_return_at, site.timezone),
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.info(tr("desk.keys.none"))

everything = keys.register(actor, site_ids={site.id})
at_desk = {r.id: r for r in everything if r.loan_id is None}
lent = {r.id: r for r in everything if r.loan_id is not None}
slip_widgets.print_key_loans(list(lent.values()), site)
lend_col, return_col = st.columns(2)
with lend_col, st.form("key_lend", clear_on_submit=True):
    st.markdown(f"**{tr('desk.keys.lend')}**")
    key = st.selectbox(
        tr("desk.keys.pick"),
        list(at_desk),
        format_func=lambda i: at_desk[i].room,
        key=f"lend_key_{sorted(at_desk)}",
    )
    borrower = st.text_input(tr("desk.field.borrower") + " *", max_chars=50)
    id_number = st.text_input(tr("desk.field.id_number") + " *", max_chars=32)
    phone = st.text_input(tr("desk.field.contact_phone") + " *", max_chars=20)
    reason = st.text_input(tr("field.reason") + " *", max_chars=500)
    hours = st.number_input(tr("desk.keys.hours"), min_value=1, max_value=720, value=default_hours)
    if st.form_submit_button(tr("desk.keys.lend_submit"), type="primary"):
        try:
            if key is None:
                raise DomainError("desk.error.nothing_chosen", field="key")
            due = context.services().clock() + timedelta(hours=int(hours))
            keys.lend(
                actor,
                key,
                borrower=borrower,
                id_number=id_number,
                phone=phone,
                reason=reason,
                expected_return_at=due,
            )
        except DomainError as exc:
            context.show_error(exc)
        else:
            desk_ui.flash_next(
                "keys", tr("app.pair", label=plain(at_desk[key].room), value=tr("desk.keys.lent"))
            )
            st.rerun()
with return_col, st.form("key_return", clear_on_submit=True):
    st.markdown(f"**{tr('desk.keys.return_submit')}**")
    back = st.selectbox(
        tr("desk.keys.pick"),
        list(lent),
        format_func=lambda i: f"{lent[i].room} · {lent[i].borrower}",
        key=f"return_key_{sorted(lent)}",
    )
    if st.form_submit_button(tr("desk.keys.return_submit")):
        try:
            if back is None:
                raise DomainError("desk.error.nothing_chosen", field="key")
            keys.return_key(actor, back)
        except DomainError as exc:
            context.show_error(exc)
        else:
            desk_ui.flash_next(
                "keys", tr("app.pair", label=plain(lent[back].room), value=tr("desk.keys.returned"))
            )
            st.rerun()

with st.expander(tr("desk.keys.add")), st.form("key_add", clear_on_submit=True):
    room = st.text_input(tr("desk.field.room") + " *", max_chars=60, placeholder="3-2-1201 / 设备房")
    purpose = st.text_input(tr("desk.field.purpose") + " *", max_chars=200)
    copies = st.number_input(tr("desk.field.copies"), min_value=1, max_value=99, value=1)
    if st.form_submit_button(tr("desk.keys.add_submit")):
        try:
            keys.add_key(actor, site.id, room=room, purpose=purpose, copies=int(copies))
        except DomainError as exc:
            context.show_error(exc)
        else:
            desk_ui.flash_next("keys", tr("desk.keys.added"))
            st.rerun()
