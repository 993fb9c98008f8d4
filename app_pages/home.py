"""Each role's home: who is logged in, what the role does, links to the pages that exist."""

import streamlit as st

from ui import context, navigation
from ui.context import tr

actor = context.actor()
sites = context.services().sites.my_sites(actor)

st.title(tr("home.title", name=context.plain(actor.display_name)))
st.write(
    tr("home.role_line", role=tr(f"role.{actor.role}"), sites="、".join(context.plain(s.name) for s in sites))
)
st.info(tr(f"home.{actor.role}_intro"))

st.subheader(tr("home.can_do"))
for page in navigation.pages_for(actor):
    if page.blurb_key:
        st.page_link(page.path, label=tr(page.title_key), icon=page.icon)
        st.caption(tr(page.blurb_key))
