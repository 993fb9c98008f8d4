"""Frame and router: page config, the database, who is logged in, and the pages for that role."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.errors import DomainError
from core.roles import Actor
from i18n import LANGUAGES
from store import unit_of_work
from store.db import database_url, safe_url
from ui import browser, context, incidents, navigation
from ui.context import tr

# An emoji icon: the browser draws it itself, where a material icon's favicon comes from an online font
# service (the app makes no request to the internet).
st.set_page_config(page_title="客服礼仪通 · Front Desk Coach", page_icon="🛎️", layout="wide")

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def _database_error(exc: Exception) -> None:
    st.title(tr("db.error_title"))
    st.error(tr("db.error_what", url=safe_url(database_url())))
    st.caption(tr("db.error_detail", detail=str(exc).splitlines()[0][:300]))
    st.info(tr("db.error_todo"))


def _language_switch(actor: Actor | None) -> None:
    def changed() -> None:
        new = st.session_state["lang_switch"]
        st.session_state[context.LANG_KEY] = new
        if actor is not None:
            context.services().accounts.set_language(actor, new)

    st.session_state["lang_switch"] = context.lang()
    st.sidebar.segmented_control(
        tr("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang_switch",
        on_change=changed,
        required=True,
    )


def _pages(actor: Actor | None, needs_setup: bool) -> dict[str, list[st.Page]] | list[st.Page]:
    if needs_setup:
        return [
            st.Page("app_pages/setup.py", title=tr("nav.setup"), icon=":material/build:", url_path="setup")
        ]
    if actor is None:
        # Every page's address shows the login while logged out; after the login the rerun finds the page
        # behind the same address (a page is known by its url path), so a deep link lands where it pointed.
        login = st.Page(
            "app_pages/login.py", title=tr("nav.login"), icon=":material/login:", url_path="login"
        )
        return [login] + [
            st.Page("app_pages/login.py", title=tr("nav.login"), url_path=p.url_path)
            for p in navigation.PAGES
            if not p.default and p.url_path != "logout"
        ]
    return {
        tr(section): [
            st.Page(p.path, title=tr(p.title_key), icon=p.icon, url_path=p.url_path, default=p.default)
            for p in specs
        ]
        for section, specs in navigation.sections_for(actor).items()
    }


try:
    svc = context.services()
    needs_setup = svc.accounts.needs_setup()
    actor = None if needs_setup else context.load_actor()
except DomainError as exc:  # the database is busy: a message, and the next reload tries again
    context.show_error(exc)
    st.stop()
except (SQLAlchemyError, OSError) as exc:
    _database_error(exc)
    st.stop()

if actor is not None:
    st.session_state[context.LANG_KEY] = actor.language
_language_switch(actor)
browser.flush_pending_call()
if actor is not None:
    st.sidebar.caption(
        tr("app.logged_in_as", name=context.plain(actor.display_name), role=tr(f"role.{actor.role}"))
    )
# Expanded: a manager has many pages, and a collapsed menu would hide some of them (logout too).
pages = _pages(actor, needs_setup)
# Logged out, the menu would list the login once per address: it is hidden.
hidden = actor is None and not needs_setup
try:
    st.navigation(pages, expanded=True, position="hidden" if hidden else "sidebar").run()
except DomainError as exc:  # a refusal a page did not catch (the database busy ...): its message
    context.show_error(exc)
except Exception as exc:
    outcome = unit_of_work.classify(exc)  # a page's own query, outside any service, found it busy
    if outcome is not None:
        st.error(tr(outcome.value))
    else:  # a bug, not a user's mistake: the log keeps the trace, the page an incident id
        st.error(tr("app.incident", incident=incidents.report(exc)))
