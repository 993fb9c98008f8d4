"""First run: create the first service centre and its first manager."""

import streamlit as st

from accounts.first_run_form import first_run_problems
from core.errors import DomainError
from core.validation import GENDERS, timezone_choices
from demo import DEMO_PASSWORD, load_demo
from ui import context
from ui.context import tr

column, form = context.narrow_form("setup", tr("setup.title"), lambda: st.info(tr("setup.intro")))
with form:
    # Every problem at once, above the fields (filled in after a submit).
    problems_box = st.empty()
    st.subheader(tr("setup.site_section"))
    site_name = st.text_input(tr("setup.site_name"), max_chars=60)
    timezone = st.selectbox(tr("setup.timezone"), timezone_choices())
    st.subheader(tr("setup.manager_section"))
    username = st.text_input(tr("field.username"), help=tr("field.username_help"), max_chars=32)
    display_name = st.text_input(tr("field.display_name"), max_chars=50)
    gender = st.radio(tr("field.gender"), GENDERS, format_func=lambda g: tr(f"gender.{g}"), horizontal=True)
    password = st.text_input(tr("field.password"), type="password", help=tr("field.password_help"))
    confirm = st.text_input(tr("field.password_confirm"), type="password")
    submitted = st.form_submit_button(tr("setup.submit"), type="primary")

problems = (
    first_run_problems(
        site_name=site_name, timezone=timezone or "", username=username, display_name=display_name,
        password=password, password_confirm=confirm,
    )
    if submitted
    else []
)  # fmt: skip
if problems:
    texts = [context.error_text(p) for p in problems]
    problems_box.error(texts[0] if len(texts) == 1 else "\n".join(f"- {t}" for t in texts))
elif submitted:
    try:
        actor = context.services().accounts.setup_first_manager(
            site_name=site_name,
            timezone=timezone,
            username=username,
            display_name=display_name,
            gender=gender,
            password=password,
            password_confirm=confirm,
            language=context.lang(),
        )
    except DomainError as exc:
        problems_box.error(context.error_text(exc))
    else:
        context.sign_in(actor)
        st.toast(tr("setup.done"))
        st.rerun()

# A newcomer can fill the installation with a demo centre instead (demo/, `make demo` does the same).
with column:
    st.divider()
    st.subheader(tr("demo.title"))
    st.caption(tr("demo.intro", password=DEMO_PASSWORD))
    if st.button(tr("demo.button"), key="demo_load"):
        bar = st.progress(0.0, text=tr("demo.starting"))

        def show_progress(done: int, total: int, label: str) -> None:
            shown = tr("demo.progress_accounts") if label == "accounts" else label
            bar.progress(done / total, text=tr("demo.progress", label=shown, done=done, total=total))

        with context.refusals_shown():
            summary = load_demo(context.services().engine, progress=show_progress)
            st.success(tr("demo.done", site=context.plain(summary.site_name), seconds=round(summary.seconds)))
            if summary.quizzes_skipped:
                st.warning(tr("demo.quizzes_skipped", reason=context.plain(summary.quizzes_skipped)))
            st.write(tr("demo.logins", password=DEMO_PASSWORD))
            st.dataframe(
                [
                    {
                        tr("demo.username"): p.username,
                        tr("demo.role"): tr(f"role.{p.role}"),
                        tr("demo.name"): p.display_name,
                    }
                    for p in summary.people
                ],
                hide_index=True,
            )
            st.button(tr("demo.go_login"), type="primary", key="demo_go_login")
