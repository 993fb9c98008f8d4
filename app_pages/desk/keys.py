"""钥匙 / Keys: the key register, lending with the borrower's ID, returns, keys overdue."""

from datetime import timedelta

import streamlit as st

from app_pages.desk import slip_widgets
from ui import context, desk_ui, row_pick
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


if not rows:
    # Say what is empty: no key at all, none lent out, or none overdue.
    st.info(
        tr({"all": "desk.keys.none", "out": "desk.keys.none_out", "overdue": "desk.keys.none_overdue"}[only])
    )
    picked = None
else:
    # Room and where the key is first: what a phone shows without scrolling sideways.
    picked = row_pick.picked_row(
        [
            {
                tr("desk.field.room"): r.room,
                tr("desk.field.holder"): where(r),
                tr("desk.field.expected_return_at"): desk_ui.local(r.expected_return_at, site.timezone),
                tr("desk.field.purpose"): r.purpose,
                tr("desk.field.copies"): r.copies,
                tr("desk.field.id_number"): r.borrower_id_number or "",
                tr("desk.field.contact_phone"): r.borrower_phone or "",
                tr("desk.field.lent_at"): desk_ui.local(r.lent_at, site.timezone),
            }
            for r in rows
        ],
        key=f"key_rows_{only}",
        default=0 if len(rows) == 1 else None,
    )
    if picked is None:
        st.caption(tr("desk.keys.click_row"))


def lend_form(key) -> None:  # type: ignore[no-untyped-def]
    with st.form(f"key_lend_{key.id}", clear_on_submit=True):
        st.markdown(f"**{tr('desk.keys.lend')}**")
        borrower = st.text_input(tr("desk.field.borrower") + " *", max_chars=50)
        id_number = st.text_input(tr("desk.field.id_number") + " *", max_chars=32)
        phone = st.text_input(tr("desk.field.contact_phone") + " *", max_chars=20)
        reason = st.text_input(tr("field.reason") + " *", max_chars=500)
        hours = st.number_input(tr("desk.keys.hours"), min_value=1, max_value=720, value=default_hours)
        if st.form_submit_button(tr("desk.keys.lend_submit"), type="primary"):
            with context.refusals_shown():
                due = context.services().clock() + timedelta(hours=int(hours))
                keys.lend(
                    actor, key.id, borrower=borrower, id_number=id_number, phone=phone, reason=reason,
                    expected_return_at=due,
                )  # fmt: skip
                desk_ui.flash_next("keys", tr("app.pair", label=plain(key.room), value=tr("desk.keys.lent")))
                st.rerun()


def history_table(loans) -> None:  # type: ignore[no-untyped-def]
    if not loans:
        st.caption(tr("desk.keys.never_lent"))
        return
    st.dataframe(
        [
            {
                tr("desk.field.lent_at"): desk_ui.local(h.lent_at, site.timezone),
                tr("desk.field.borrower"): h.borrower,
                tr("desk.keys.returned_at"): desk_ui.local(h.returned_at, site.timezone)
                or tr("desk.keys.not_back"),
                tr("desk.keys.lent_by"): h.lent_by or "",
                tr("desk.keys.returned_to"): h.returned_to or "",
                tr("desk.field.contact_phone"): h.borrower_phone,
                tr("field.reason"): h.reason,
                tr("desk.keys.late"): tr("desk.keys.late") if h.late else "",
            }
            for h in loans
        ],
        hide_index=True,
        width="stretch",
    )


slip_widgets.print_key_loans([r for r in rows if r.loan_id is not None], site)

if picked is not None:
    chosen = rows[picked]
    with desk_ui.record_box("desk.keys.detail", room=plain(chosen.room)):
        if chosen.loan_id is None:
            lend_form(chosen)
        else:
            st.markdown(desk_ui.pair("desk.field.holder", plain(where(chosen))))
            if st.button(tr("desk.keys.return_submit"), type="primary", key=f"key_return_{chosen.loan_id}"):
                with context.refusals_shown():
                    keys.return_key(actor, chosen.id)
                    desk_ui.flash_next(
                        "keys", tr("app.pair", label=plain(chosen.room), value=tr("desk.keys.returned"))
                    )
                    st.rerun()
        st.markdown(f"**{tr('desk.keys.history')}**")
        history_table(keys.loan_history(actor, key_id=chosen.id))

with st.expander(tr("desk.keys.add")), st.form("key_add", clear_on_submit=True):
    room = st.text_input(tr("desk.field.room") + " *", max_chars=60, placeholder="3-2-1201 / 设备房")
    purpose = st.text_input(tr("desk.field.purpose") + " *", max_chars=200)
    # A resident's key names its unit, so its loans show on the unit's record too.
    key_unit = st.text_input(tr("desk.keys.unit"), max_chars=40, placeholder="3-2-1201")
    copies = st.number_input(tr("desk.field.copies"), min_value=1, max_value=99, value=1)
    if st.form_submit_button(tr("desk.keys.add_submit")):
        with context.refusals_shown():
            keys.add_key(actor, site.id, room=room, purpose=purpose, copies=int(copies), unit=key_unit)
            desk_ui.flash_next("keys", tr("desk.keys.added"))
            st.rerun()
