"""信件报刊 / Mail and newspapers: log what arrives, what waits for each unit, hand it over or return it."""

import streamlit as st

from desk.registers.mail import MAIL_STEPS, MailKind
from ui import context, desk_ui, row_pick
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
mail = context.services().mail
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="mail_site")

st.title(tr("desk.mail.title"))
desk_ui.flash("mail")

with st.form("mail_receive", clear_on_submit=True):
    st.markdown(f"**{tr('desk.mail.receive')}**")
    left, mid, right = st.columns([1, 1, 2])
    unit = left.text_input(tr("desk.field.unit") + " *", max_chars=40, key="mail_unit")
    kind = mid.selectbox(
        tr("desk.field.mail_kind"),
        [k.value for k in MailKind],
        format_func=lambda k: tr(f"desk.mail_kind.{k}"),
    )
    description = right.text_input(tr("desk.field.description") + " *", max_chars=200, key="mail_description")
    if st.form_submit_button(tr("desk.mail.receive_submit"), type="primary"):
        with context.refusals_shown():
            mail.receive(actor, site.id, unit=unit, kind=kind, description=description)
            desk_ui.flash_next("mail", tr("desk.mail.received"))
            st.rerun()

st.subheader(tr("desk.mail.waiting"))
rows = mail.waiting(actor, site_ids={site.id})
if not rows:
    st.info(tr("desk.mail.none"))
    st.stop()
days = context.services().desk.content.registers.mail.highlight_after_days
# A click on a row opens that item's next step; unit and state first for a narrow screen.
picked = row_pick.picked_row(
    [
        {
            tr("desk.field.unit"): r.unit,
            tr("desk.field.status"): tr(f"desk.mail_status.{r.status}"),
            tr("desk.field.waiting_days"): r.waiting_days,
            "": "⚠ " + tr("desk.mail.long_wait", days=days) if r.highlight else "",
            tr("desk.field.mail_kind"): tr(f"desk.mail_kind.{r.kind}"),
            tr("desk.field.description"): r.description,
            tr("desk.field.received_at"): desk_ui.local(r.received_at, site.timezone),
        }
        for r in rows
    ],
    key="mail_rows",
    default=0 if len(rows) == 1 else None,
)
if picked is None:
    st.caption(tr("desk.mail.click_row"))
    st.stop()

item = rows[picked]
chosen = item.id
by_id = {item.id: item}
st.subheader(tr("app.pair", label=tr("desk.mail.act"), value=plain(f"{item.unit} · {item.description}")))
with st.form(f"mail_step_{item.id}", clear_on_submit=True):
    action = st.radio(
        tr("desk.mail.act"),
        list(MAIL_STEPS),
        horizontal=True,
        format_func=lambda a: tr(f"desk.mail.{a}"),
        label_visibility="collapsed",
    )
    left, right = st.columns(2)
    name = left.text_input(tr("desk.field.signature"), max_chars=50)
    reason = right.text_input(tr("field.reason"), max_chars=500)
    if st.form_submit_button(tr("desk.detail.do"), type="primary"):
        with context.refusals_shown():
            mail.step(actor, chosen, action, name=name, reason=reason)
            desk_ui.flash_next(
                "mail", tr("app.pair", label=plain(by_id[chosen].unit), value=tr("desk.mail.done"))
            )
            st.rerun()
