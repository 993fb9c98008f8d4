"""Managers: open accounts, edit role and sites, reset passwords, deactivate with a reason."""

import streamlit as st

from core.errors import DomainError
from core.roles import Role
from core.validation import GENDERS
from desk.content_loader import DeskContentInvalid
from i18n import LANGUAGES
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
sites = {s.id: s.name for s in svc.sites.my_sites(actor)}
ROLES = [r.value for r in Role]
# The departments a department account can belong to ("" for every other role).
try:
    DEPARTMENTS = {d.id: d for d in svc.work_orders.content.departments}
except DeskContentInvalid:  # the desk pages explain it; accounts can still be managed
    DEPARTMENTS = {}


def department_name(code: str) -> str:
    item = DEPARTMENTS.get(code)
    return svc.work_orders.content.name(item, context.lang()) if item else "—"


def site_names(ids) -> str:  # type: ignore[no-untyped-def]
    return "、".join(sites.get(i, f"#{i}") for i in sorted(ids))


st.title(tr("users.title"))

try:
    users = svc.accounts.list_users(actor)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

st.subheader(tr("users.list"))
if users:
    st.dataframe(
        [
            {
                tr("field.username"): u.username,
                tr("field.display_name"): u.display_name,
                tr("field.role"): tr(f"role.{u.role}"),
                tr("field.gender"): tr(f"gender.{u.gender}"),
                tr("field.sites"): site_names(u.site_ids),
                tr("desk.field.department"): department_name(u.department or ""),
                tr("field.active"): tr("users.status_active") if u.active else tr("users.status_inactive"),
                tr("field.locked"): tr("users.answer_yes") if u.locked else tr("users.answer_no"),
            }
            for u in users
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.info(tr("users.none"))

with st.expander(tr("users.create"), expanded=not users or len(users) < 2):
    with st.form("create_user", clear_on_submit=False):
        c1, c2 = st.columns(2)
        username = c1.text_input(
            tr("field.username"), help=tr("field.username_help"), max_chars=32, key="new_username"
        )
        display_name = c2.text_input(tr("field.display_name"), max_chars=50, key="new_display_name")
        role = c1.selectbox(
            tr("field.role"), ROLES, index=ROLES.index("trainee"), format_func=lambda r: tr(f"role.{r}")
        )
        gender = c2.radio(
            tr("field.gender"), GENDERS, format_func=lambda g: tr(f"gender.{g}"), horizontal=True
        )
        chosen_sites = c1.multiselect(
            tr("field.sites"), list(sites), default=list(sites)[:1], format_func=sites.__getitem__
        )
        language = c2.radio(
            tr("field.language"),
            LANGUAGES,
            format_func={"zh": "中文", "en": "English"}.__getitem__,
            horizontal=True,
        )
        department = c1.selectbox(
            tr("desk.field.department"), ["", *DEPARTMENTS], format_func=department_name,
            help=tr("users.department_help"), key="new_department",
        )  # fmt: skip
        password = st.text_input(
            tr("field.password"), type="password", help=tr("field.password_help"), key="new_password"
        )
        create = st.form_submit_button(tr("users.create_submit"), type="primary")
    if create:
        with context.refusals_shown():
            created = svc.accounts.create_user(
                actor,
                username=username,
                display_name=display_name,
                gender=gender,
                role=role,
                site_ids=chosen_sites,
                password=password,
                language=language,
                department=department or None,
            )
            st.session_state["users_flash"] = tr("users.created", username=context.plain(created.username))
            st.rerun()

flash = st.session_state.pop("users_flash", None)
if flash:
    st.success(flash)

if not users:
    st.stop()

st.subheader(tr("users.edit"))
by_id = {u.id: u for u in users}
picked_id = st.selectbox(
    tr("users.pick"), list(by_id), format_func=lambda i: f"{by_id[i].display_name} ({by_id[i].username})"
)
user = by_id[picked_id]

with st.form(f"edit_user_{user.id}"):
    c1, c2 = st.columns(2)
    new_name = c1.text_input(tr("field.display_name"), value=user.display_name, max_chars=50)
    new_role = c2.selectbox(
        tr("field.role"), ROLES, index=ROLES.index(user.role), format_func=lambda r: tr(f"role.{r}")
    )
    new_gender = c1.radio(
        tr("field.gender"),
        GENDERS,
        index=GENDERS.index(user.gender),
        format_func=lambda g: tr(f"gender.{g}"),
        horizontal=True,
    )
    new_sites = c2.multiselect(
        tr("field.sites"),
        list(sites),
        default=[s for s in user.site_ids if s in sites],
        format_func=sites.__getitem__,
    )
    codes = ["", *DEPARTMENTS]
    new_department = c1.selectbox(
        tr("desk.field.department"), codes, index=codes.index(user.department or "")
        if (user.department or "") in codes else 0, format_func=department_name,
        help=tr("users.department_help"),
    )  # fmt: skip
    save = st.form_submit_button(tr("users.save"))
if save:
    with context.refusals_shown():
        svc.accounts.update_user(
            actor, user.id, display_name=new_name, gender=new_gender, role=new_role, site_ids=new_sites,
            department=new_department or None,
        )  # fmt: skip
        st.session_state["users_flash"] = tr("users.saved")
        st.rerun()

left, right = st.columns(2)
with left, st.form(f"reset_{user.id}", clear_on_submit=True):
    st.markdown(f"**{tr('users.reset_title')}**")
    new_password = st.text_input(tr("field.new_password"), type="password", help=tr("field.password_help"))
    reset = st.form_submit_button(tr("users.reset_submit"))
if reset:
    with context.refusals_shown():
        svc.accounts.reset_password(actor, user.id, new_password)
        st.session_state["users_flash"] = tr("users.reset_done")
        st.rerun()

kind = "deactivate" if user.active else "activate"
with right, st.form(f"{kind}_{user.id}", clear_on_submit=True):
    st.markdown(f"**{tr(f'users.{kind}_title')}**")
    reason = st.text_input(tr("field.reason"), max_chars=200)
    toggle = st.form_submit_button(tr(f"users.{kind}_submit"))
if toggle:
    with context.refusals_shown():
        svc.accounts.set_active(actor, user.id, not user.active, reason)
        st.session_state["users_flash"] = tr("users.deactivated" if user.active else "users.activated")
        st.rerun()

with st.expander(tr("users.history")):
    entries = svc.accounts.user_history(actor, user.id)
    if not entries:
        st.caption(tr("users.history_empty"))
    else:
        st.dataframe(
            [
                {
                    tr("history.at"): e.at.strftime("%Y-%m-%d %H:%M"),
                    tr("history.actor"): e.actor_name or tr("history.system"),
                    tr("history.action"): e.action,
                    tr("history.changes"): "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in e.changes.items()),
                    tr("history.note"): e.note or "",
                }
                for e in entries
            ],
            hide_index=True,
            width="stretch",
        )
