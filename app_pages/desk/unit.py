"""房号档案 / Unit record: everything the desk knows about one unit, residents first, then one timeline."""

import streamlit as st

from ui import context, desk_ui, tables
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="unit_site")

st.title(tr("desk.unit.title"))
# A link from a request or a register opens the page on its unit (?unit=3-2-1201).
if "unit_code" not in st.session_state and st.query_params.get("unit"):
    st.session_state["unit_code"] = st.query_params["unit"]
code = st.text_input(tr("desk.unit.code"), key="unit_code", placeholder="3-2-1201")
if not code.strip():
    st.caption(tr("desk.unit.hint"))
    st.stop()
view = context.services().unit_timeline.timeline(actor, site.id, code)
if view is None:
    st.info(tr("desk.unit.none", unit=plain(code.strip())))
    st.stop()

# Each register's own state names, where the catalogue has them; else the code itself.
STATUS_KEYS = {
    "request": "desk.status", "callback": "desk.callback_status", "mail": "desk.mail_status",
    "owner": "desk.relation", "move_in": "movein.status", "renovation": "renovation.status",
}  # fmt: skip


def status_text(kind: str, status: str) -> str:
    key = f"{STATUS_KEYS.get(kind, 'desk.unit.state')}.{status}"
    text = tr(key)
    return status if text == key else text


st.subheader(tr("desk.unit.residents"))
tables.table_or(
    [
        {
            tr("desk.field.contact_name"): r.name,
            tr("desk.field.relation"): tr(f"desk.relation.{r.relation}"),
            tr("desk.field.contact_phone"): r.phone,
        }
        for r in view.residents
    ],
    "desk.unit.no_residents",
)

st.subheader(tr("desk.unit.timeline"))
if not view.events:
    st.info(tr("desk.unit.empty"))
    st.stop()
# When, what and its state first: a phone shows the story without scrolling sideways.
st.dataframe(
    [
        {
            tr("desk.unit.at"): desk_ui.local(e.at, site.timezone),
            tr("desk.unit.kind"): tr(f"desk.unit.kinds.{e.kind}"),
            tr("desk.unit.status"): status_text(e.kind, e.status),
            tr("desk.unit.ref"): e.ref,
            tr("desk.unit.text"): e.text,
        }
        for e in view.events
    ],
    hide_index=True,
    width="stretch",
)
