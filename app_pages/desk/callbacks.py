"""回访 / Callbacks: owners to call back today or earlier; record result and satisfaction."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from core.errors import DomainError
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
callbacks = context.services().request_callbacks
sites = {s.id: s for s in context.services().sites.my_sites(actor)}

st.title(tr("desk.callbacks.title"))
flash = st.session_state.pop("desk_callbacks_flash", None)
if flash:
    st.success(flash)

# "Today" ends at midnight in the site's zone; with several sites, the latest midnight of them.
now = context.services().clock()
end_of_today = max(
    datetime.combine(
        now.astimezone(ZoneInfo(s.timezone)).date() + timedelta(days=1), time(), ZoneInfo(s.timezone)
    )
    for s in sites.values()
)
upcoming = st.toggle(tr("desk.callbacks.include_upcoming"), key="callbacks_upcoming")
due = callbacks.callbacks(actor, due_before=None if upcoming else end_of_today)
if not upcoming:
    st.caption(tr("desk.callbacks.due_today"))
if not due:
    st.info(tr("desk.callbacks.none"))
    st.stop()

for callback in due:
    zone = sites[callback.site_id].timezone
    heading = (
        f"{callback.number} · {tr(f'desk.kind.{callback.kind}')} · {plain(callback.unit)} "
        f"{plain(callback.contact_name)} · {callback.phone} · {desk_ui.local(callback.due_at, zone)}"
    )
    with st.expander(heading), st.form(f"callback_{callback.id}", clear_on_submit=True):
        result = st.text_area(tr("desk.field.result") + " *", max_chars=500, height=80)
        rating = st.radio(
            tr("desk.field.satisfaction") + " *", [5, 4, 3, 2, 1], horizontal=True,
            help=tr("desk.callbacks.rating_help"),
        )  # fmt: skip
        if st.form_submit_button(tr("desk.callbacks.submit"), type="primary"):
            try:
                callbacks.record_callback(actor, callback.request_id, result=result, satisfaction=int(rating))
            except DomainError as exc:
                context.show_error(exc)
            else:
                st.session_state["desk_callbacks_flash"] = tr(
                    "app.pair", label=callback.number, value=tr("desk.callbacks.saved")
                )
                st.rerun()
