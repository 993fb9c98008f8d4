"""派工进度 / Work orders: what every department has in hand, where it stands, how long it has waited
(duty 1.9, coordinating and supervising the departments)."""

import streamlit as st

from app_pages.desk import order_widgets as orders_ui
from ui import context
from ui.context import tr

actor = context.actor()
queues = orders_ui.queues_or_stop()
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
content = queues.content

st.title(tr("orders.board_title"))
st.caption(tr("orders.board_caption"))
codes = ["", *(d.id for d in content.departments)]
chosen = st.selectbox(
    tr("orders.field.department"), codes, key="board_department",
    format_func=lambda c: orders_ui.department_name(content, c) or tr("orders.all_departments"),
)  # fmt: skip
rows = queues.board(actor, department=chosen or None)
if not rows:
    st.info(tr("orders.board_empty"))
else:
    orders_ui.board_table(rows, content, sites)
