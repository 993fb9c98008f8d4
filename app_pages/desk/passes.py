"""今日有效出入证 / Valid passes today: the renovation workers the guards may let in today, with a CSV for
the guard house. ID numbers are masked: the guards match the name, the photo and the pass number."""

import streamlit as st

from app_pages.desk import renovation_widgets as renovation_ui
from desk.renovation.passes import PassState, local_today
from desk.renovation.views import PASS_COLUMNS, pass_cells, passes_csv
from ui import context, desk_ui
from ui.context import tr

actor = context.actor()
passes = renovation_ui.passes_or_stop()
site = desk_ui.pick_site(context.services().sites.my_sites(actor), key="passes_site")
today = local_today(context.services().clock(), site.timezone)

st.title(tr("passes.page.title"))
st.caption(tr("passes.page.intro", date=today.isoformat(), site=context.plain(site.name)))

rows = passes.valid_passes(actor, site.id)
columns = [tr(f"books.field.{c}") for c in PASS_COLUMNS]
labels = {s.value: tr(f"passes.state.{s.value}") for s in PassState}
if not rows:
    st.info(tr("passes.page.none"))
else:
    st.metric(tr("passes.page.count"), len(rows))
    st.dataframe(
        [dict(zip(columns, pass_cells(r, labels), strict=True)) for r in rows],
        hide_index=True,
        width="stretch",
    )
st.download_button(
    tr("passes.page.download"),
    data=passes_csv(rows, columns, labels).encode("utf-8"),
    file_name=f"passes-{today.isoformat()}.csv",
    mime="text/csv",
    disabled=not rows,
    key="passes_csv",
)
