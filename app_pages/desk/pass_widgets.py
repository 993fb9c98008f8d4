"""The worker-pass tab of the move-in and renovation page: the passes of an approved renovation, issuing
one, revoking one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from app_pages.desk.renovation_widgets import day, refusals_shown
from core.roles import Actor
from desk.renovation.forms import PassForm
from desk.renovation.pass_service import PassService
from desk.renovation.renovation_service import RenovationService
from desk.renovation.workflow import Status, passes_allowed
from ui.context import plain, tr


def passes_tab(
    actor: Actor,
    renovations: RenovationService,
    passes: PassService,
    today: date,
    done: Callable[..., None],
) -> None:
    st.page_link("app_pages/desk/passes.py", label=tr("passes.to_guard_list"), icon=":material/badge:")
    open_works = [w for w in renovations.list_renovations(actor, "open") if passes_allowed(Status(w.status))]
    if not open_works:
        st.info(tr("passes.no_works"))
    else:
        works_by_id = {w.id: w for w in open_works}
        chosen = st.selectbox(
            tr("passes.pick_works"), list(works_by_id),
            format_func=lambda i: (
                f"{works_by_id[i].number} · {works_by_id[i].unit} · {works_by_id[i].company} · "
                f"{day(works_by_id[i].planned_start)} – {day(works_by_id[i].planned_end)}"
            ),
            key="pass_works",
        )  # fmt: skip
        detail = renovations.renovation_detail(actor, chosen)
        works_row = detail.row
        if detail.passes:
            st.dataframe(
                [
                    {
                        tr("books.field.number"): p.number,
                        tr("books.field.worker_name"): p.worker_name,
                        tr("books.field.id_number"): p.id_number,
                        tr("books.field.photo_ref"): p.photo_ref,
                        tr("books.field.valid_from"): day(p.valid_from),
                        tr("books.field.valid_to"): day(p.valid_to),
                        tr("books.field.status"): tr(f"passes.state.{p.state}"),
                        tr("books.field.reason"): p.revoke_reason or "",
                    }
                    for p in detail.passes
                ],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption(tr("passes.none_yet"))

        with st.form(f"pass_new_{works_row.id}", clear_on_submit=False):
            st.markdown(f"**{tr('passes.issue_title')}**")
            left, right = st.columns(2)
            worker = left.text_input(tr("books.field.worker_name") + " *", max_chars=50, key="pass_worker")
            id_number = right.text_input(
                tr("books.field.id_number") + " *", max_chars=20, key="pass_id_number"
            )
            photo = left.text_input(
                tr("books.field.photo_ref") + " *", max_chars=100, help=tr("passes.photo_help"),
                key="pass_photo",
            )  # fmt: skip
            first_day = max(today, works_row.planned_start)
            valid_from = right.date_input(
                tr("books.field.valid_from") + " *", value=min(first_day, works_row.planned_end),
                min_value=works_row.planned_start, max_value=works_row.planned_end, key="pass_from",
            )  # fmt: skip
            valid_to = left.date_input(
                tr("books.field.valid_to") + " *", value=works_row.planned_end,
                min_value=works_row.planned_start, max_value=works_row.planned_end, key="pass_to",
            )  # fmt: skip
            if st.form_submit_button(tr("passes.issue"), type="primary"):
                form = PassForm(works_row.id, worker, id_number, photo, valid_from, valid_to)
                with refusals_shown():
                    new_id = passes.issue_pass(actor, form)
                    done(
                        tr("passes.issued", number=f"CR{new_id:06d}", name=plain(worker.strip())),
                        "pass_worker",
                        "pass_id_number",
                        "pass_photo",
                        "pass_from",
                        "pass_to",
                    )

        revocable = [p for p in detail.passes if p.state in ("valid", "not_yet_valid")]
        if revocable:
            passes_by_id = {p.id: p for p in revocable}
            with (
                st.expander(tr("passes.revoke_title")),
                st.form(f"pass_revoke_{works_row.id}", clear_on_submit=False),
            ):
                pass_id = st.selectbox(
                    tr("passes.pick_pass"), list(passes_by_id),
                    format_func=lambda i: f"{passes_by_id[i].number} · {passes_by_id[i].worker_name}",
                )  # fmt: skip
                why = st.text_input(tr("books.field.reason") + " *", max_chars=500, key="pass_revoke_reason")
                if st.form_submit_button(tr("passes.revoke")):
                    with refusals_shown():
                        passes.revoke_pass(actor, pass_id, why)
                        done(tr("passes.revoked", number=passes_by_id[pass_id].number), "pass_revoke_reason")
