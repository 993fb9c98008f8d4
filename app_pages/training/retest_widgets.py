"""My certificate's suspended rules and the short re-test that makes it whole again."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from core.errors import DomainError
from core.roles import Actor
from quizzes.retests import SuspensionView
from rules.model import Rulebook
from ui import context
from ui.context import plain, tr

RETEST_KEY = "retest_current"  # the re-test in progress (a RetestView)
FLASH_KEY = "retest_flash"


def show_suspensions(actor: Actor, rulebook: Rulebook, suspended: Sequence[SuspensionView]) -> None:
    """`suspended`: the actor's suspensions now (read once by the page, which shows them in its badge)."""
    svc = context.services()
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash is not None:
        (st.success if flash[0] else st.error)(flash[1])
    if not suspended:
        return
    st.warning(
        tr("coaching.retest.suspended", rules=quiz_ui.rule_titles(rulebook, [s.rule_id for s in suspended]))
    )
    current = st.session_state.get(RETEST_KEY)
    if current is None:
        for s in suspended:
            title = quiz_ui.rule_titles(rulebook, [s.rule_id])
            if st.button(tr("coaching.retest.start", rule=title), key=f"retest_start_{s.id}"):
                with context.refusals_shown():
                    st.session_state[RETEST_KEY] = svc.retests.start(actor, rulebook, s.id)
                    st.rerun()
        return
    with st.form(f"retest_form_{current.id}"):
        st.markdown(
            f"**{tr('coaching.retest.title', rule=quiz_ui.rule_titles(rulebook, [current.rule_id]))}**"
        )
        raw = {}
        for q in current.questions:
            st.markdown(plain(quiz_ui.text(q.prompt)))
            raw[q.id] = quiz_ui.answer_widget(q, f"retest_{current.id}_{q.id}", None)
        submitted = st.form_submit_button(tr("coaching.retest.submit"), type="primary")
    if submitted:
        try:
            result = svc.retests.submit(actor, rulebook, current.id, raw)
        except DomainError as exc:
            context.show_error(exc)
            return
        st.session_state.pop(RETEST_KEY, None)
        key = "coaching.retest.passed" if result.passed else "coaching.retest.failed"
        st.session_state[FLASH_KEY] = (result.passed, tr(key, correct=result.correct, total=result.total))
        st.rerun()
