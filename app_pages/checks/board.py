"""班检看板 / Check board: a centre's day (who checked in, who is late or missing, failed items), the
last 30 days' compliance and self-check against spot check, and amending a submitted check."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.shifts import SlotStatus
from core.errors import DomainError
from ui import context, tables
from ui.context import plain, tr

actor = context.actor()
svc = context.services()
_, settings = checks.ready(actor)
lang = context.lang()

st.title(tr("checks.board.title"))
checks.flash("board_flash")
site_id = checks.pick_site(actor, "board_site")
tz = checks.timezone_of(actor)(site_id)
# The shift under way decides the default day: at 2 a.m. that is still yesterday's night shift.
day = st.date_input(tr("checks.board.day"), value=checks.shift_now(settings, tz)[0], key="board_day")
try:
    board = svc.check_board.board(actor, site_id, day)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

count = board.tally("start")
metrics = st.columns(4)
metrics[0].metric(tr("checks.board.checked_in"), count[SlotStatus.DONE] + count[SlotStatus.LATE])
metrics[1].metric(tr("checks.board.late"), count[SlotStatus.LATE])
metrics[2].metric(tr("checks.board.missing"), count[SlotStatus.MISSING] + count[SlotStatus.MISSED])
metrics[3].metric(tr("checks.board.pending"), count[SlotStatus.DUE] + count[SlotStatus.NOT_OPEN])

tables.table_or(
    [
        {
            tr("checks.board.person"): r.user_name,
            tr("checks.history.shift"): checks.shift_name(settings, r.shift_id),
            tr("checks.history.kind"): tr(f"checks.kind.{r.kind}"),
            tr("checks.rostered"): "✓" if r.rostered else "",
            tr("checks.board.status"): tr(f"checks.status.{r.status.value}"),
            tr("checks.history.submitted_at"): checks.clock(r.submitted_at, tz),
            tr("checks.score"): checks.score_text(r.score) if r.check_id else "",
            tr("checks.board.failed_count"): str(r.failed_count) if r.check_id else "",
        }
        for r in board.rows
    ],
    "checks.board.none",
    st.info,
)

st.subheader(tr("checks.board.failed_title"))
if board.failed:
    for item in board.failed:
        where = f"{checks.shift_name(settings, item.shift_id)} · {tr(f'checks.kind.{item.kind}')}"
        severity = tr(f"conduct.severity.{item.severity}")
        line = tr(
            "checks.board.failed_line",
            who=plain(item.user_name),
            where=where,
            severity=severity,
            question=plain(item.question(lang)),
        )
        st.markdown(f"- {line}" + (f"  \n  {plain(item.note)}" if item.note else ""))
else:
    st.caption(tr("checks.board.failed_none"))

st.subheader(
    tr("checks.board.compliance_title", since=board.since.isoformat(), until=board.until.isoformat())
)
st.caption(tr("checks.board.compliance_intro"))
tables.table_or(
    [
        {
            tr("checks.board.person"): c.user_name,
            tr("checks.board.due"): c.due,
            tr("checks.board.done"): c.done,
            tr("checks.late"): c.late,
            tr("checks.board.missed"): c.missed,
            tr("checks.board.completion"): checks.score_text(c.completion),
            tr("checks.board.average"): checks.score_text(c.average_score),
        }
        for c in board.compliance
    ],
    "checks.board.compliance_none",
)

st.subheader(tr("checks.board.gap_title"))
st.caption(tr("checks.board.gap_intro"))
tables.table_or(
    [
        {
            tr("checks.board.person"): g.user_name,
            tr("checks.board.pairs"): g.pairs,
            tr("checks.board.self_average"): checks.score_text(g.self_average),
            tr("checks.board.spot_average"): checks.score_text(g.spot_average),
            tr("checks.board.gap"): None if g.gap is None else round(g.gap, 1),
            tr("checks.board.kind_answers"): g.kind_answers,
        }
        for g in board.gaps
    ],
    "checks.board.gap_none",
)

done = {r.check_id: r for r in board.rows if r.check_id is not None}
if not done:
    st.stop()
with st.expander(tr("checks.board.amend_title")):
    picked = st.selectbox(
        tr("checks.board.amend_pick"),
        list(done),
        format_func=lambda i: " · ".join(
            [
                done[i].user_name,
                checks.shift_name(settings, done[i].shift_id),
                tr(f"checks.kind.{done[i].kind}"),
                checks.score_text(done[i].score),
            ]
        ),
    )
    try:
        check = svc.checks.check(actor, picked)
    except DomainError as exc:
        context.show_error(exc)
        st.stop()
    form_key = f"amend_{check.id}"
    for answer in check.answers:
        st.session_state.setdefault(f"{form_key}_answer_{answer.rule_id}", answer.answer)
        st.session_state.setdefault(f"{form_key}_note_{answer.rule_id}", answer.note or "")
    answers, notes = checks.answer_form(check.answers, form_key)
    reason = st.text_input(tr("checks.board.amend_reason"), max_chars=200, key=f"{form_key}_reason")
    if st.button(tr("checks.board.amend_submit"), key=f"{form_key}_submit"):
        with context.refusals_shown():
            svc.spot_checks.amend(actor, check.id, answers=answers, notes=notes, reason=reason)
            checks.clear_answers(check.answers, form_key)
            st.session_state.pop(f"{form_key}_reason", None)
            st.session_state["board_flash"] = tr("checks.board.amended")
            st.rerun()
