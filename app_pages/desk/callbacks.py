"""回访 / Callbacks: every callback still to make, with its due time (a request finished today shows at
once, though its callback falls due later); a row, or the link from its request, opens it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from ui import context, desk_ui, row_pick
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
callbacks = context.services().request_callbacks
sites = {s.id: s for s in context.services().sites.my_sites(actor)}

st.title(tr("desk.callbacks.title"))
desk_ui.flash("desk_callbacks")

due = callbacks.callbacks(actor)
if not due:
    st.info(tr("desk.callbacks.none"))
    st.stop()

now = context.services().clock()


def when(due_at: datetime, timezone: str) -> str:
    """Overdue, due today (by the site's midnight) or later."""
    zone = ZoneInfo(timezone)
    end_of_today = datetime.combine(now.astimezone(zone).date() + timedelta(days=1), time(), zone)
    if due_at <= now:
        return tr("desk.callbacks.overdue")
    return tr("desk.callbacks.today" if due_at < end_of_today else "desk.callbacks.later")


st.caption(tr("desk.callbacks.all_due", n=len(due)))
# Number, unit and due time first: what a phone shows without scrolling sideways.
picked = row_pick.picked_row(
    [
        {
            tr("desk.field.number"): c.number,
            tr("desk.field.unit"): c.unit,
            tr("desk.field.due_at"): desk_ui.local(c.due_at, sites[c.site_id].timezone),
            tr("desk.callbacks.when"): when(c.due_at, sites[c.site_id].timezone),
            tr("desk.field.contact_name"): c.contact_name,
            tr("desk.field.contact_phone"): c.phone,
            tr("desk.field.kind"): tr(f"desk.kind.{c.kind}"),
        }
        for c in due
    ],
    key="callback_rows",
)
# The link from a request names its callback; a click on a row overrides it.
linked = st.query_params.get("callback")
if picked is None and linked is not None:
    picked = next((i for i, c in enumerate(due) if str(c.id) == linked), None)
if picked is None:
    picked = 0 if len(due) == 1 else None
if picked is None:
    st.caption(tr("desk.callbacks.click_row"))
    st.stop()

callback = due[picked]
zone = sites[callback.site_id].timezone
with desk_ui.record_box("desk.callbacks.record_for", number=callback.number):
    st.markdown(
        " · ".join(
            [
                desk_ui.pair("desk.field.unit", plain(callback.unit)),
                desk_ui.pair("desk.field.contact_name", plain(callback.contact_name)),
                desk_ui.pair("desk.field.due_at", desk_ui.local(callback.due_at, zone)),
            ]
        )
    )
    desk_ui.phone_line(
        "desk.field.contact_phone", callback.phone,
        lambda: context.services().phone_reveal.callback_phone(actor, callback.id),
        key=f"callback_{callback.id}",
    )  # fmt: skip
    with st.form(f"callback_{callback.id}", clear_on_submit=True):
        result = st.text_area(tr("desk.field.result") + " *", max_chars=500, height=80)
        rating = st.radio(
            tr("desk.field.satisfaction") + " *", [5, 4, 3, 2, 1], horizontal=True,
            help=tr("desk.callbacks.rating_help"),
        )  # fmt: skip
        if st.form_submit_button(tr("desk.callbacks.submit"), type="primary"):
            with context.refusals_shown():
                callbacks.record_callback(actor, callback.request_id, result=result, satisfaction=int(rating))
                st.session_state["desk_callbacks_flash"] = tr(
                    "app.pair", label=callback.number, value=tr("desk.callbacks.saved")
                )
                st.query_params.pop("callback", None)
                st.rerun()
