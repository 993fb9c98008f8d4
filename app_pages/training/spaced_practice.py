"""练习 / Practice: spaced practice per rule (FSRS). The rules that are due come first, then new ones;
each answer tells the scheduler when to ask about the rule again."""

import streamlit as st

from app_pages.training import assignment_widgets as assigned
from app_pages.training import quiz_widgets as quiz_ui
from ui import context
from ui.context import plain, tr

FEEDBACK_KEY = "spaced_feedback"  # the last answer's feedback (plain values), shown above the next one

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
quizzes = context.services().quizzes

st.title(tr("quiz.practice.title"))
st.caption(tr("quiz.practice.intro"))
my_sites = context.services().sites.my_sites(actor)
assigned.show_mine(context.services().assignments.mine(actor), rulebook,
                   my_sites[0].timezone if my_sites else "Asia/Shanghai")  # fmt: skip

feedback = st.session_state.get(FEEDBACK_KEY)
if feedback is not None:
    question = feedback.question
    if feedback.correct:
        st.success(tr("quiz.practice.correct"))
    else:
        st.error(tr("quiz.practice.wrong"))
    with st.container(border=True):
        st.markdown(f"**{plain(quiz_ui.text(question.prompt))}**")
        st.markdown(tr("quiz.result.your_answer", answer=quiz_ui.answer_text(question, feedback.answer)))
        right = quiz_ui.right_answer_text(question)
        if right is not None:
            st.markdown(tr("quiz.result.right_answer", answer=right))
        if not feedback.correct:
            for reason in quiz_ui.chosen_whys(question, feedback.answer):
                st.markdown(tr("quiz.result.option_why", text=reason))
        st.markdown(tr("quiz.result.why", text=plain(quiz_ui.text(question.why))))
        if question.rules or question.duties:
            st.caption(tr("quiz.result.tests", items=quiz_ui.tested(question, rulebook)))
        for rule_id, due in feedback.next_due.items():
            rule = rulebook.by_id.get(rule_id)
            if rule is not None:
                st.caption(
                    tr("quiz.practice.next_due", rule=plain(quiz_ui.text(rule.title)),
                       date=quiz_ui.local_time(due, feedback.timezone))
                )  # fmt: skip

item = quizzes.practice_next(actor, rulebook)
if item is None:
    st.info(tr("quiz.practice.none"))
    st.stop()

due_col, new_col, later_col = st.columns(3)
due_col.metric(tr("quiz.practice.due_count"), item.counts.due)
new_col.metric(tr("quiz.practice.new_count"), item.counts.new)
later_col.metric(tr("quiz.practice.later_count"), item.counts.later)

rule = rulebook.by_id[item.rule_id]
colour = {"due": "orange", "new": "blue", "later": "green"}[item.status]
with st.container(border=True):
    st.markdown(
        f":{colour}-badge[{tr(f'quiz.practice.status.{item.status}')}] "
        + tr("quiz.practice.rule", title=plain(quiz_ui.text(rule.title)))
    )
    question = item.question
    st.markdown(f"#### {plain(quiz_ui.text(question.prompt))}")
    with st.form(f"spaced_form_{question.id}", clear_on_submit=True):
        raw = quiz_ui.answer_widget(question, f"spaced_answer_{question.id}", None)
        submitted = st.form_submit_button(tr("quiz.practice.submit"), type="primary")
if submitted:
    with context.refusals_shown():
        result = quizzes.practice_answer(actor, rulebook, question.id, raw)
        st.session_state[FEEDBACK_KEY] = result
        st.rerun()
