"""收房与装修 / Move-in and renovation: move-in checklists, renovation applications from approval to the
deposit refund, and worker passes (procedure duty 1.4)."""

import streamlit as st

from app_pages.desk import renovation_widgets as renovation_ui
from app_pages.desk.movein_widgets import movein_tab
from app_pages.desk.pass_widgets import passes_tab
from app_pages.desk.works_widgets import works_tab
from desk.renovation.passes import local_today
from ui import context, desk_ui
from ui.context import tr

actor = context.actor()
move_ins = renovation_ui.move_ins_or_stop()
renovations = renovation_ui.renovation_or_stop()
passes = renovation_ui.passes_or_stop()
site_list = context.services().sites.my_sites(actor)
sites = {s.id: s for s in site_list}
now = context.services().clock()

st.title(tr("renovation.page.title"))
st.caption(tr("renovation.page.intro"))
renovation_ui.flash("reno_flash")
site = desk_ui.pick_site(site_list, key="reno_site")
today = local_today(now, site.timezone)

tab_movein, tab_works, tab_passes = st.tabs([tr("movein.tab"), tr("renovation.tab"), tr("passes.tab")])


def done(message: str, *clear: str) -> None:
    renovation_ui.done("reno_flash", message, clear)


with tab_movein:
    movein_tab(actor, move_ins, site, sites, done)

with tab_works:
    works_tab(actor, renovations, site, sites, today, done)

with tab_passes:
    passes_tab(actor, renovations, passes, today, done)
