"""A manager names the staff member a complaint concerns (optional; changes leave a history row)."""

from __future__ import annotations

import streamlit as st

from core.roles import Actor, Permission
from desk.requests.views import RequestDetail
from ui import context
from ui.context import tr


def staff_picker(actor: Actor, detail: RequestDetail, site_id: int) -> None:
    if detail.row.kind != "complaint" or not actor.can(Permission.JUDGE_COMPLAINTS):
        return
    svc = context.services()
    people = {p.id: p.name for p in svc.roster.people(actor, site_id)}
    options: list[int | None] = [None, *people]
    current = detail.staff_id if detail.staff_id in people else None
    key = f"complaint_staff_{detail.row.id}"
    picked = st.selectbox(tr("coaching.complaint_staff.label"), options, index=options.index(current),
                          format_func=lambda i: people[i] if i else tr("coaching.complaint_staff.nobody"),
                          key=key)  # fmt: skip
    if picked != current and st.button(tr("coaching.complaint_staff.save"), key=f"{key}_save"):
        with context.refusals_shown():
            svc.complaint_staff.name_staff(actor, detail.row.id, picked)
            st.toast(tr("coaching.complaint_staff.saved"))
            st.rerun()
