"""Per-browser-session state: services, the logged-in actor and the UI language."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from accounts.login_sessions import COOKIE_NAME
from core.errors import DomainError
from core.roles import Actor
from i18n import DEFAULT_LANGUAGE, LANGUAGES, message, t
from services import Services, shared_services
from store.db import database_url

USER_KEY = "user_id"
LOGIN_SESSION_KEY = "login_session_id"
LANG_KEY = "lang"
PENDING_JS_KEY = "pending_browser_call"


def services() -> Services:
    return shared_services(database_url())


ACTOR_KEY = "actor"


def actor() -> Actor:
    """The logged-in user for this run (the router shows logged-in pages to logged-in users only)."""
    current = st.session_state.get(ACTOR_KEY)
    if current is None:
        st.stop()
    return current


def load_actor() -> Actor | None:
    """The logged-in user, re-read each run so a deactivation or role change applies at once.

    A fresh browser session (a refresh) finds its login through the HttpOnly cookie.
    """
    svc = services()
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        found = svc.login_sessions.user_for_token(st.context.cookies.get(COOKIE_NAME))
        if found is None:
            st.session_state[ACTOR_KEY] = None
            return None
        st.session_state[LOGIN_SESSION_KEY], st.session_state[USER_KEY] = found
        user_id = found[1]
    # A login ended elsewhere (password reset, "log out everywhere") ends this open tab too.
    live = svc.login_sessions.is_live(st.session_state.get(LOGIN_SESSION_KEY) or 0)
    current = svc.accounts.actor_for_user(user_id) if live else None
    if current is None:
        forget_login()
    st.session_state[ACTOR_KEY] = current
    return current


def sign_in(actor: Actor) -> None:
    """Remember the login in this browser session and, through the cookie, across refreshes."""
    session_id, handoff = services().login_sessions.start(actor.user_id)
    st.session_state[USER_KEY] = actor.user_id
    st.session_state[LOGIN_SESSION_KEY] = session_id
    st.session_state[LANG_KEY] = actor.language
    st.session_state[PENDING_JS_KEY] = ("login", handoff)


def sign_out(everywhere: bool = False) -> None:
    """End this browser's login, or with `everywhere` every login of the account."""
    session_id, user_id = st.session_state.get(LOGIN_SESSION_KEY), st.session_state.get(USER_KEY)
    if everywhere and user_id is not None:
        services().login_sessions.revoke_all(user_id)
    elif session_id is not None:
        services().login_sessions.revoke(session_id)
    forget_login()
    st.session_state[PENDING_JS_KEY] = ("logout", "")


def login_id() -> int | None:
    """This browser's login (a password change keeps it while ending the others)."""
    return st.session_state.get(LOGIN_SESSION_KEY)


def forget_login() -> None:
    for key in (USER_KEY, LOGIN_SESSION_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, **params: Any) -> str:
    return t(key, lang(), **params)


def error_text(exc: DomainError) -> str:
    """A refusal in the user's language, naming the field it is about; as markdown (what the user typed
    and the refusal quotes, e.g. a bad value, is shown as typed)."""
    text = message(exc.key, lang(), escape=plain, **exc.params)
    for prefix in ("field", "desk.field") if exc.field else ():
        label = tr(f"{prefix}.{exc.field}")
        if label != f"{prefix}.{exc.field}":
            return tr("error.field_prefix", field=label, message=text)
    return text


def show_error(exc: DomainError) -> None:
    st.error(error_text(exc))


@contextmanager
def refusals_shown(show: Callable[[DomainError], None] = show_error) -> Iterator[None]:
    """Run the block until a refusal, then show it (by `show`): what follows the refused call in the
    block, such as a success message, runs only when nothing was refused."""
    try:
        yield
    except DomainError as exc:
        show(exc)


# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then shows as itself.
_MARKDOWN_SPECIALS = frozenset(string.punctuation)
# Streamlit's markdown also rewrites the *text* it has parsed (escapes already resolved): bare web and
# mail addresses become links (GFM's second autolink pass), :material_x: and :streamlit: become icons,
# :name: emoji, and -> <- -- >= <= ~= typographic signs. A word joiner (U+2060, invisible, no width)
# after each ':' and '@', between 'www' and its dot and inside each of those signs keeps every one of
# those patterns from matching, while the text reads (and copies, save that joiner) as typed.
_JOINER = "\u2060"
_BREAKS = re.compile(r"(?<=[:@])|(?i:(?<=www)(?=\.))|(?<=[<>=~-])(?=[<>=~-])")
_LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def plain(text: str) -> str:
    """User-entered text made inert for Streamlit's markdown: shown exactly as typed, never as emphasis,
    a heading, a list, a table, a link or an image, HTML, LaTeX, an icon, emoji or colour directive,
    nor as a bare web or mail address turned into a link (www.x.cn, https://x.cn, a@x.cn). Each line
    stays a line (a hard break), indentation is kept with no-break spaces (never a code block).
    tests/unit/test_plain_text.py holds the strings it must defuse."""
    joined = _BREAKS.sub(_JOINER, text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in joined)
    # A backslash at the end of a line is a hard line break: each line stays a line of its own.
    broken = escaped.replace("\n", "\\\n")
    return _LINE_INDENT.sub(lambda m: "\u00a0" * len(m.group().expandtabs(4)), broken)


def message_of(exc: DomainError) -> str:
    """A refusal's text in the user's language, without the field label, as plain text (for st.text)."""
    return message(exc.key, lang(), **exc.params)


def narrow_form(key: str, title: str, intro: Callable[[], object]) -> tuple[Any, Any]:
    """The column and form of a page before anyone is logged in (setup, login), under its title and
    `intro`: a box of this kind reads better narrow, even on a wide desk screen."""
    column, _ = st.columns([3, 2])
    with column:
        st.title(title)
        intro()
        return column, st.form(key)
