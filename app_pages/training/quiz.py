"""测验 / Quizzes: start the onboarding certification or a practice quiz; take the attempt in progress.
A practice quiz shows right or wrong, why and the rule after each answer; a certification at the end.

The attempt lives in the database: every answer is saved when given, so a refresh (a new browser
session) resumes the same attempt with its answers. The time limit is the server's.
"""

import math

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from core.errors import DomainError
from ui import context
from ui.context import plain, tr

RESULTS_PAGE = "app_pages/training/results.py"
ACTIVE_KEY = "quiz_active"  # the attempt this browser session was taking, to tell when time ran out

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
quizzes = context.services().quizzes

st.title(tr("quiz.take.title"))


def start(blueprint_id: str) -> None:
    with context.refusals_shown():
        quizzes.start(actor, rulebook, blueprint_id)
        st.rerun()


view = quizzes.current_attempt(actor, rulebook)
if view is None:
    st.caption(tr("quiz.take.intro"))
    was_taking = st.session_state.pop(ACTIVE_KEY, None)
    if was_taking is not None:
        ended = quizzes.result(actor, rulebook, was_taking).summary
        if ended.status == "timed_out":
            st.warning(tr("quiz.take.timed_out"))
            st.page_link(RESULTS_PAGE, label=tr("nav.quiz_results"), icon=":material/grading:",
                         query_params={"attempt": str(was_taking)})  # fmt: skip
    training = quizzes.my_training(actor, rulebook)
    certificates = {c.blueprint_id: c for c in training.certificates}
    for option in (o for o in training.options if o.blueprint.purpose == "certification"):
        blueprint = option.blueprint
        with st.container(border=True):
            st.subheader(quiz_ui.text(blueprint.title))
            if blueprint.intro:
                st.write(quiz_ui.text(blueprint.intro))
            facts = [
                tr("quiz.take.questions", count=blueprint.size),
                tr("quiz.take.pass_mark", mark=blueprint.pass_mark),
                tr("quiz.take.time_limit", minutes=blueprint.time_limit_minutes)
                if blueprint.time_limit_minutes
                else tr("quiz.take.no_limit"),
            ]
            if option.decision.attempts_left is not None:
                facts.append(tr("quiz.take.attempts_left", left=option.decision.attempts_left))
            if option.best_score is not None:
                facts.append(tr("quiz.take.best", score=f"{option.best_score:g}"))
            st.caption(" · ".join(facts))
            cert = certificates.get(blueprint.id)
            if cert is not None:
                expires = quiz_ui.local_date(cert.expires_at, cert.timezone)
                st.markdown(
                    f":{quiz_ui.STATUS_COLOURS[cert.status]}-badge[{tr(f'quiz.cert.status.{cert.status}')}] "
                    + tr("quiz.take.cert_until", date=expires)
                )
            decision = option.decision
            if decision.allowed:
                if st.button(tr("quiz.take.start"), key=f"quiz_start_{blueprint.id}", type="primary"):
                    start(blueprint.id)
            elif decision.reason == "wait" and decision.wait_until is not None:
                st.info(tr("quiz.take.wait", time=quiz_ui.local_time(decision.wait_until, training.timezone)))
            elif decision.reason == "no_attempts_left":
                st.warning(tr("quiz.take.no_attempts_left", max=blueprint.max_attempts))
            elif decision.reason == "certified":
                st.success(tr("quiz.take.certified"))

    st.subheader(tr("quiz.take.practice_heading"))
    st.caption(tr("quiz.take.practice_intro"))
    practice = [o for o in training.options if o.blueprint.purpose == "practice"]
    columns = st.columns(3)
    for index, option in enumerate(practice):
        blueprint = option.blueprint
        with columns[index % 3].container(border=True):
            st.markdown(f"**{plain(quiz_ui.text(blueprint.title))}**")
            line = tr("quiz.take.questions", count=blueprint.size)
            if option.best_score is not None:
                line += " · " + tr("quiz.take.best", score=f"{option.best_score:g}")
            st.caption(line)
            if st.button(tr("quiz.take.start_practice"), key=f"quiz_start_{blueprint.id}"):
                start(blueprint.id)
    st.stop()

# --- the attempt in progress -----------------------------------------------------------------------
summary = view.summary
total = summary.question_count
st.session_state[ACTIVE_KEY] = summary.id
blueprint = content.blueprint(summary.blueprint_id)
st.subheader(quiz_ui.text(blueprint.title) if blueprint else summary.blueprint_id)
resumed_key = f"quiz_seen_{summary.id}"
if resumed_key not in st.session_state and summary.answered:
    st.info(tr("quiz.attempt.resumed"))
st.session_state[resumed_key] = True

progress = tr("quiz.attempt.progress", answered=summary.answered, total=total)
st.progress(summary.answered / total, text=progress)
if view.remaining is not None and summary.deadline_at is not None:
    minutes = math.ceil(view.remaining.total_seconds() / 60)
    deadline = quiz_ui.local_time(summary.deadline_at, view.timezone, with_date=False)
    st.caption(tr("quiz.attempt.remaining", minutes=minutes, deadline=deadline))
else:
    st.caption(tr("quiz.attempt.no_limit"))

position_key = f"quiz_pos_{summary.id}"
position = min(st.session_state.get(position_key, view.first_unanswered), total - 1)
answered = {q.position for q in view.questions if q.answer is not None}
jump = st.selectbox(
    tr("quiz.attempt.jump"),
    range(total),
    index=position,
    format_func=lambda p: f"{p + 1}" + (f" · {tr('quiz.attempt.answered_mark')}" if p in answered else ""),
)
if jump != position:
    st.session_state[position_key] = jump
    st.rerun()

shown = view.questions[position]
practising = summary.purpose == "practice"
saved, raw = False, None
if practising and shown.answer is not None:
    # Practice: right or wrong, why and the rule right after the answer (a certification waits for the end).
    feedback = quizzes.answer_feedback(actor, rulebook, summary.id, position)
    if feedback.correct:
        st.success(tr("quiz.practice.correct"))
    else:
        st.error(tr("quiz.practice.wrong"))
    quiz_ui.review(feedback, total, rulebook, view.timezone)
else:
    with st.container(border=True):
        quiz_ui.question_header(shown.question, position + 1, total)
        with st.form(f"quiz_form_{summary.id}_{position}"):
            raw = quiz_ui.answer_widget(shown.question, f"quiz_answer_{summary.id}_{position}", shown.answer)
            saved = st.form_submit_button(
                tr("quiz.attempt.check" if practising else "quiz.attempt.save"), type="primary"
            )
if saved:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        st.warning(tr("quiz.error.answer_missing"))
    else:
        try:
            quizzes.save_answer(actor, rulebook, summary.id, position, raw)
        except DomainError as exc:
            if exc.key == "quiz.error.time_up":
                st.session_state.pop(ACTIVE_KEY, None)
                st.switch_page(RESULTS_PAGE, query_params={"attempt": str(summary.id)})
            context.show_error(exc)
        else:
            done = answered | {position}
            later = [p for p in range(position + 1, total) if p not in done]
            earlier = [p for p in range(total) if p not in done]
            # Practice stays on the question to show its feedback; a certification moves on.
            st.session_state[position_key] = position if practising else (later or earlier or [position])[0]
            st.rerun()

back, forward = st.columns(2)
if back.button(tr("quiz.attempt.previous"), disabled=position == 0, key="quiz_prev", width="stretch"):
    st.session_state[position_key] = position - 1
    st.rerun()
if forward.button(tr("quiz.attempt.next"), disabled=position >= total - 1, key="quiz_next", width="stretch"):
    st.session_state[position_key] = position + 1
    st.rerun()

st.divider()
missing = total - summary.answered
confirmed = True
if missing:
    st.warning(tr("quiz.attempt.unanswered", count=missing))
    confirmed = st.checkbox(tr("quiz.attempt.confirm"), key=f"quiz_confirm_{summary.id}")
if st.button(tr("quiz.attempt.submit"), key="quiz_submit", type="primary" if not missing else "secondary"):
    if not confirmed:
        st.error(tr("quiz.attempt.confirm_needed"))
    else:
        with context.refusals_shown():
            quizzes.submit(actor, rulebook, summary.id)
            st.session_state.pop(ACTIVE_KEY, None)
            st.switch_page(RESULTS_PAGE, query_params={"attempt": str(summary.id)})
