"""Each role's home: who is logged in, what the role does, links to the pages that exist."""

import streamlit as st

from core.roles import Role
from ui import context
from ui.context import tr

actor = context.actor()
sites = context.services().sites.my_sites(actor)

st.title(tr("home.title", name=context.plain(actor.display_name)))
st.write(
    tr("home.role_line", role=tr(f"role.{actor.role}"), sites="、".join(context.plain(s.name) for s in sites))
)
st.info(tr(f"home.{actor.role}_intro"))

st.subheader(tr("home.can_do"))
if actor.role is Role.MANAGER:
    st.page_link("app_pages/users.py", label=tr("nav.users"), icon=":material/group:")
    st.caption(tr("home.link_users"))
    st.page_link("app_pages/sites.py", label=tr("nav.sites"), icon=":material/apartment:")
    st.caption(tr("home.link_sites"))
st.page_link("app_pages/account.py", label=tr("nav.account"), icon=":material/settings:")
st.caption(tr("home.link_account"))
