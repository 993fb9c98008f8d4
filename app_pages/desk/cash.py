"""代收费用 / Off-hours fees: receipts at lunch time, after hours, weekends and holidays, and the
end-of-shift cash handover (expected vs counted, accepted by the next person or flagged)."""

from zoneinfo import ZoneInfo

import streamlit as st

from app_pages.desk import slip_widgets
from core.errors import DomainError
from core.roles import Permission
from desk.money import format_amount
from desk.registers.off_hours import classify, desk_opens_at
from ui import context, desk_ui
from ui.context import tr

actor = context.actor()
content = desk_ui.desk_or_stop().content
cash = context.services().cash
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="cash_site")
zone = ZoneInfo(site.timezone)

st.title(tr("desk.cash.title"))
desk_ui.flash("cash")
now_local = context.services().clock().astimezone(zone)
period = classify(now_local, content.registers.cash)
st.caption(tr("desk.cash.now_period", period=tr(f"desk.off_hours.{period.value}")))
# Said before anything is typed: in business hours the finance office takes fees, not the desk.
opens_at = desk_opens_at(now_local, content.registers.cash)
if opens_at is not None:
    st.warning(tr("desk.cash.closed_now", time=now_local.strftime("%H:%M"), opens=opens_at))

with st.form("cash_take", clear_on_submit=True):
    st.markdown(f"**{tr('desk.cash.take')}**")
    a, b, c = st.columns(3)
    payer = a.text_input(tr("desk.field.payer") + " *", max_chars=50, key="cash_payer")
    unit = b.text_input(tr("desk.field.unit") + " *", max_chars=40, key="cash_unit")
    item = c.text_input(tr("desk.field.item") + " *", max_chars=100, key="cash_item")
    amount = a.text_input(tr("desk.field.amount") + " *", placeholder="88.00", key="cash_amount")
    method = b.selectbox(
        tr("desk.field.method"),
        content.registers.cash.methods,
        format_func=lambda m: tr(f"desk.method.{m}"),
        key="cash_method",
    )
    receipt_no = c.text_input(tr("desk.field.receipt_no") + " *", max_chars=40, key="cash_receipt_no")
    if st.form_submit_button(tr("desk.cash.take_submit"), type="primary", disabled=opens_at is not None):
        with context.refusals_shown():
            cash.take(
                actor,
                site.id,
                payer=payer,
                unit=unit,
                item=item,
                amount=amount,
                method=method,
                receipt_no=receipt_no,
            )
            desk_ui.flash_next("cash", tr("desk.cash.taken"))
            st.rerun()

st.subheader(tr("desk.cash.mine"))
takings = cash.open_takings(actor, site.id)
if not takings.receipts:
    st.info(tr("desk.cash.none"))
else:
    st.dataframe(
        [
            {
                tr("desk.field.receipt_no"): r.receipt_no,
                tr("desk.field.taken_at"): desk_ui.local(r.taken_at, site.timezone),
                tr("desk.field.payer"): r.payer,
                tr("desk.field.unit"): r.unit,
                tr("desk.field.item"): r.item,
                tr("desk.field.amount"): format_amount(r.amount),
                tr("desk.field.method"): tr(f"desk.method.{r.method}"),
                "": tr(f"desk.off_hours.{r.off_hours}"),
            }
            for r in takings.receipts
        ],
        hide_index=True,
        width="stretch",
    )
    st.markdown(tr("desk.cash.totals", cash=format_amount(takings.cash), other=format_amount(takings.other)))
    people = dict(cash.colleagues(actor, site.id))
    with st.form("cash_handover", clear_on_submit=True):
        st.markdown(f"**{tr('desk.cash.handover')}**")
        left, right = st.columns(2)
        receiver = left.selectbox(
            tr("desk.field.receiver") + " *",
            list(people),
            format_func=people.__getitem__,
            key="cash_receiver",
        )
        counted = right.text_input(tr("desk.field.counted_cash") + " *", key="cash_counted")
        note = st.text_input(tr("desk.field.note"), max_chars=500)
        if st.form_submit_button(tr("desk.cash.handover_submit"), type="primary"):
            with context.refusals_shown():
                if receiver is None:
                    raise DomainError("desk.error.receiver_invalid", field="receiver")
                cash.hand_over(actor, site.id, to_user=receiver, counted_cash=counted, note=note)
                desk_ui.flash_next("cash", tr("desk.cash.handed_over"))
                st.rerun()


def handover_table(rows) -> None:  # type: ignore[no-untyped-def]
    st.dataframe(
        [
            {
                tr("desk.field.created_at"): desk_ui.local(h.created_at, site.timezone),
                tr("desk.field.from"): h.from_name,
                tr("desk.field.to"): h.to_name,
                tr("desk.field.expected_cash"): format_amount(h.expected_cash),
                tr("desk.field.counted_cash"): format_amount(h.counted_cash),
                tr("desk.field.difference"): format_amount(h.difference),
                tr("desk.field.other_total"): format_amount(h.other_total),
                tr("desk.field.status"): tr(f"desk.handover_status.{h.status}"),
                tr("desk.field.note"): h.note or "",
                tr("desk.field.resolution"): h.resolution or "",
            }
            for h in rows
        ],
        hide_index=True,
        width="stretch",
    )


for handover in cash.handovers(actor, site_ids={site.id}, status="pending", to_me=True):
    with st.container(border=True):
        st.markdown(f"**{tr('desk.cash.to_me')}**")
        handover_table([handover])
        with st.form(f"accept_{handover.id}"):
            dispute = st.text_input(tr("desk.cash.dispute"), max_chars=500)
            if st.form_submit_button(tr("desk.cash.accept"), type="primary"):
                with context.refusals_shown():
                    status = cash.accept(actor, handover.id, dispute=dispute)
                    desk_ui.flash_next(
                        "cash", tr("desk.cash.accepted" if status == "accepted" else "desk.cash.flagged")
                    )
                    st.rerun()

if actor.can(Permission.SUPERVISE_DESK):
    open_issues = cash.handovers(actor, site_ids={site.id}, status="discrepancy")
    if open_issues:
        st.subheader(tr("desk.cash.discrepancies"))
        handover_table(open_issues)
        by_id = {h.id: h for h in open_issues}
        with st.form("cash_resolve", clear_on_submit=True):
            chosen = st.selectbox(
                tr("desk.cash.history"),
                list(by_id),
                format_func=lambda i: (
                    f"{by_id[i].from_name} → {by_id[i].to_name} {format_amount(by_id[i].difference)}"
                ),
            )
            resolution = st.text_input(tr("desk.field.resolution") + " *", max_chars=500)
            if st.form_submit_button(tr("desk.cash.resolve_submit"), type="primary"):
                with context.refusals_shown():
                    cash.resolve(actor, chosen, resolution)
                    desk_ui.flash_next("cash", tr("desk.cash.resolved"))
                    st.rerun()

with st.expander(tr("desk.cash.history")):
    recent = cash.handovers(actor, site_ids={site.id}, limit=50)
    handover_table(recent)
    slip_widgets.print_cash_handovers(recent, site)
