"""Managers: their service centres' names (used in phone scripts) and time zones."""

import streamlit as st

from core.validation import timezone_choices
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
sites = svc.sites.my_sites(actor)
zones = timezone_choices()

st.title(tr("sites.title"))
flash = st.session_state.pop("sites_flash", None)
if flash:
    st.success(flash)

for site in sites:
    with st.expander(context.plain(site.name), expanded=len(sites) == 1), st.form(f"site_{site.id}"):
        name = st.text_input(tr("setup.site_name"), value=site.name, max_chars=60)
        tz = st.selectbox(
            tr("setup.timezone"), zones, index=zones.index(site.timezone) if site.timezone in zones else 0
        )
        if st.form_submit_button(tr("sites.save")):
            with context.refusals_shown():
                svc.sites.update_site(actor, site.id, name=name, timezone=tz)
                st.session_state["sites_flash"] = tr("sites.saved")
                st.rerun()

st.subheader(tr("sites.create"))
with st.form("create_site", clear_on_submit=True):
    new_name = st.text_input(tr("setup.site_name"), max_chars=60)
    new_tz = st.selectbox(tr("setup.timezone"), zones)
    create = st.form_submit_button(tr("sites.create_submit"))
if create:
    with context.refusals_shown():
        created = svc.sites.create_site(actor, name=new_name, timezone=new_tz)
        st.session_state["sites_flash"] = tr("sites.created", name=context.plain(created.name))
        st.rerun()
