"""电话演练 / Phone drill: a call rings on screen; pick up within three rings, then the opening line.

The rings are counted by the server between "the call starts" and "pick up"; the screen only shows them.
"""

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from core.errors import DomainError
from ui import context
from ui.context import plain, tr

LAST_KEY = "drill_last"  # the drill whose result is shown once it is over

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
quizzes = context.services().quizzes

st.title(tr("quiz.drill.title"))
st.caption(tr("quiz.drill.intro", rings=content.drill.max_rings))

current = quizzes.current_drill(actor, rulebook)

if current is None:
    last = st.session_state.get(LAST_KEY)
    if last is not None:
        try:
            done = quizzes.drill_state(actor, rulebook, last)
        except DomainError:
            done = None
        if done is not None and done.status == "missed":
            st.error(tr("quiz.drill.missed"))
        elif done is not None and done.status == "answered":
            if done.passed:
                st.success(tr("quiz.drill.passed", rings=done.rings, score=done.judge_score))
            else:
                reasons = []
                if not done.in_time:
                    reasons.append(tr("quiz.drill.reason_late", rings=done.rings, max=done.max_rings))
                if done.notes:
                    reasons.append(tr("quiz.drill.reason_words", score=done.judge_score))
                st.error(tr("quiz.drill.failed", reasons=quiz_ui.joined(reasons)))
            rings = "picked_in_time" if done.in_time else "picked_late"
            st.caption(tr(f"quiz.drill.{rings}", rings=done.rings, max=done.max_rings))
            st.markdown(tr("quiz.drill.you_said", text=plain(done.text or "")))
            quiz_ui.notes(done.notes, rulebook)
    label = tr("quiz.drill.again") if last is not None else tr("quiz.drill.start")
    if st.button(label, type="primary", key="drill_start", icon=":material/ring_volume:"):
        started = quizzes.start_drill(actor, rulebook)
        st.session_state[LAST_KEY] = started.id
        st.rerun()
    st.stop()

st.session_state[LAST_KEY] = current.id

if current.status == "ringing":

    @st.fragment(run_every=1)
    def ringing() -> None:
        state = quizzes.drill_state(actor, rulebook, current.id)
        if state.status != "ringing":
            st.rerun()
        with st.container(border=True):
            st.subheader(
                f":material/ring_volume: {tr('quiz.drill.ringing', rings=state.rings_now)}", anchor=False
            )
            st.markdown(" ".join([":red-badge[:material/notifications_active:]"] * min(state.rings_now, 12)))
        if st.button(tr("quiz.drill.pick_up"), type="primary", key="drill_pick_up", icon=":material/call:"):
            quizzes.pick_up(actor, rulebook, current.id)
            st.rerun()

    ringing()
    st.stop()

# Picked up: the opening line.
if current.in_time:
    st.success(tr("quiz.drill.picked_in_time", rings=current.rings))
else:
    st.error(tr("quiz.drill.picked_late", rings=current.rings, max=current.max_rings))
with st.form("drill_line"):
    st.markdown(f"**{tr('quiz.drill.say')}**")
    choice = st.selectbox(
        tr("quiz.drill.choose"),
        current.lines,
        index=None,
        placeholder=tr("quiz.drill.choose_hint"),
        key="drill_choice",
    )
    written = st.text_area(tr("quiz.drill.or_write"), key="drill_text")
    said = st.form_submit_button(tr("quiz.drill.answer"), type="primary")
if said:
    text = (written or "").strip() or (choice or "")
    if not text:
        st.warning(tr("quiz.drill.empty"))
    else:
        with context.refusals_shown():
            quizzes.answer_drill(actor, rulebook, current.id, text)
            st.rerun()
