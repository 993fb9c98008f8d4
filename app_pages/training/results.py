"""测验结果 / Quiz results: score, pass or fail (and the critical rule that failed it), the review."""

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
quizzes = context.services().quizzes

st.title(tr("quiz.result.title"))
training = quizzes.my_training(actor, rulebook)
finished = list(training.recent)
if not finished:
    st.info(tr("quiz.result.none"))
    st.page_link("app_pages/training/quiz.py", label=tr("nav.quiz_take"), icon=":material/quiz:")
    st.stop()


def title_of(blueprint_id: str) -> str:
    blueprint = content.blueprint(blueprint_id)
    return quiz_ui.text(blueprint.title) if blueprint else blueprint_id


wanted = st.query_params.get("attempt", "")
ids = [a.id for a in finished]
default = int(wanted) if wanted.isdigit() and int(wanted) in ids else ids[0]
by_id = {a.id: a for a in finished}
chosen = st.selectbox(
    tr("quiz.result.choose"),
    ids,
    index=ids.index(default),
    format_func=lambda i: tr(
        "quiz.result.attempt_label",
        title=title_of(by_id[i].blueprint_id),
        date=quiz_ui.local_time(by_id[i].finished_at, training.timezone),
        score=f"{by_id[i].score or 0:g}",
    ),
    key="quiz_result_choice",
)
if str(chosen) != wanted:
    st.query_params["attempt"] = str(chosen)

try:
    result = quizzes.result(actor, rulebook, chosen)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

summary = result.summary
st.subheader(title_of(summary.blueprint_id))
numbers = dict(
    score=f"{summary.score or 0:g}", correct=summary.correct_count or 0, total=summary.question_count,
    mark=summary.pass_mark,
)  # fmt: skip
if summary.passed:
    st.success(tr("quiz.result.passed", **numbers))
else:
    st.error(tr("quiz.result.failed", **numbers))
if summary.critical_failed:
    st.error(tr("quiz.result.critical_failed", rules=quiz_ui.rule_titles(rulebook, summary.critical_failed)))
if summary.status == "timed_out":
    st.warning(tr("quiz.result.timed_out"))
if result.certificate is not None:
    expires = quiz_ui.local_date(result.certificate.expires_at, result.timezone)
    st.success(tr("quiz.result.certificate_issued", date=expires))
    st.page_link(
        "app_pages/training/certificate.py",
        label=tr("nav.quiz_certificate"),
        icon=":material/workspace_premium:",
    )

st.subheader(tr("quiz.result.review"))
for item in result.items:
    quiz_ui.review(item, summary.question_count, rulebook, result.timezone)
