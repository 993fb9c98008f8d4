"""我的班检记录 / My checks: my own checks and the spot checks of me, newest first."""

import streamlit as st

from app_pages.checks import audit_widgets as audits
from app_pages.checks import check_widgets as checks
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
rulebook, settings = checks.ready(actor)
tz_of = checks.timezone_of(actor)

st.title(tr("checks.history.title"))
# Mystery calls and observations of me: part of my record, beside my checks.
for audit in svc.audits.my_audits(actor):
    with st.expander(f"{tr('checks.audit.mine')} · {audits.summary(audit, tz_of(audit.site_id))}"):
        audits.show_audit(audit, rulebook, tz_of(audit.site_id))
try:
    history = svc.checks.my_checks(actor)
except DomainError as exc:
    context.show_error(exc)
    st.stop()
if not history:
    st.info(tr("checks.history.none"))
    st.stop()


st.dataframe(
    [
        {
            tr("checks.history.date"): checks.day_label(c.shift_date),
            tr("checks.history.shift"): checks.shift_name(settings, c.shift_id),
            tr("checks.history.kind"): tr(f"checks.kind.{c.kind}"),
            tr("checks.history.source"): tr(f"checks.source.{c.source}"),
            tr("checks.score"): checks.score_text(c.score),
            tr("checks.history.result"): checks.result_text(c.passed, c.critical_failed),
            tr("checks.late"): "✓" if c.late else "",
            tr("checks.history.submitted_at"): checks.clock(c.submitted_at, tz_of(c.site_id), with_date=True),
        }
        for c in history
    ],
    hide_index=True,
    width="stretch",
)

by_id = {c.id: c for c in history}
picked = st.selectbox(
    tr("checks.history.pick"),
    list(by_id),
    format_func=lambda i: " · ".join(
        [
            checks.slot_label(settings, by_id[i].shift_date, by_id[i].shift_id, by_id[i].kind),
            tr(f"checks.source.{by_id[i].source}"),
        ]
    ),
)
check = by_id[picked]
checks.show_check(check, settings, tz_of(check.site_id))
