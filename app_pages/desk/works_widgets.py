"""The renovation tab of the move-in and renovation page: a new application, the list, a renovation's next
step, the deposit refund, and its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import streamlit as st

from accounts.sites import SiteView
from app_pages.desk import file_widgets
from app_pages.desk import renovation_widgets as renovation_ui
from app_pages.desk.renovation_widgets import day, money, refusals_shown
from core.roles import Actor, Permission
from desk.renovation.forms import RenovationForm
from desk.renovation.renovation_service import RenovationService
from desk.renovation.views import VIEWS
from desk.renovation.workflow import NEEDS_REASON, Status
from ui import desk_ui
from ui.context import plain, tr


def works_tab(
    actor: Actor,
    service: RenovationService,
    site: SiteView,
    sites: dict[int, SiteView],
    today: date,
    done: Callable[..., None],
) -> None:
    content = service.content
    with st.expander(tr("renovation.new"), expanded=False), st.form("reno_new", clear_on_submit=False):
        left, right = st.columns(2)
        unit = left.text_input(
            tr("books.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="reno_unit"
        )
        owner = right.text_input(tr("books.field.owner_name"), max_chars=50, key="reno_owner")
        company = left.text_input(tr("books.field.company") + " *", max_chars=100, key="reno_company")
        person = right.text_input(tr("books.field.person_in_charge") + " *", max_chars=50, key="reno_person")
        person_phone = left.text_input(
            tr("books.field.person_phone") + " *", max_chars=20, key="reno_person_phone"
        )
        deposit = right.text_input(
            tr("books.field.deposit") + " *", max_chars=20, placeholder="2000.00", key="reno_deposit"
        )
        start = left.date_input(
            tr("books.field.planned_start") + " *", value=today + timedelta(days=1), key="reno_start"
        )
        end = right.date_input(
            tr("books.field.planned_end") + " *", value=today + timedelta(days=60), key="reno_end"
        )
        scope = st.text_area(tr("books.field.scope") + " *", max_chars=2000, height=80, key="reno_scope")
        if st.form_submit_button(tr("renovation.apply"), type="primary"):
            form = RenovationForm(
                site_id=site.id, unit=unit, owner_name=owner, company=company, person_in_charge=person,
                person_phone=person_phone, scope=scope, planned_start=start, planned_end=end, deposit=deposit,
            )  # fmt: skip
            with refusals_shown():
                new_id = service.apply(actor, form)
                done(
                    tr("renovation.applied", number=f"ZS{new_id:06d}"),
                    *(
                        f"reno_{k}"
                        for k in (
                            "unit",
                            "owner",
                            "company",
                            "person",
                            "person_phone",
                            "deposit",
                            "start",
                            "end",
                            "scope",
                        )
                    ),
                )

    view, query = desk_ui.list_controls(VIEWS, "reno", "ZS000001 / 3-2-1201")
    works = service.list_renovations(actor, view, query=query)
    if not works:
        st.info(tr("renovation.empty"))
    else:
        chosen = desk_ui.table_and_pick(
            works,
            lambda w: {
                tr("books.field.number"): w.number,
                tr("books.field.unit"): w.unit,
                tr("books.field.status"): tr(f"renovation.status.{w.status}"),
                tr("books.field.company"): w.company,
                tr("books.field.person_in_charge"): w.person_in_charge,
                tr("books.field.person_phone"): w.person_phone,
                tr("books.field.planned_start"): day(w.planned_start),
                tr("books.field.planned_end"): day(w.planned_end),
                tr("books.field.deposit"): money(w.deposit),
            },
            tr("renovation.pick"),
            lambda w: f"{w.number} · {w.unit} · {w.company}",
            "reno_pick",
        )
        detail = service.renovation_detail(actor, chosen)
        row = detail.row
        zone = sites[row.site_id].timezone
        with desk_ui.record_box("renovation.detail", number=row.number):
            facts = [
                ("books.field.status", tr(f"renovation.status.{row.status}")),
                ("books.field.unit", plain(row.unit)),
                ("books.field.owner_name", plain(detail.owner_name or "—")),
                ("books.field.deposit", plain(money(row.deposit))),
            ]
            desk_ui.facts(facts)
            people = [
                ("books.field.company", plain(row.company)),
                ("books.field.person_in_charge", plain(row.person_in_charge)),
                ("books.field.person_phone", plain(row.person_phone)),
                ("renovation.dates", f"{day(row.planned_start)} – {day(row.planned_end)}"),
            ]
            desk_ui.facts(people)
            st.text(detail.scope)
            notes = []
            if detail.approved_by:
                notes.append(
                    tr("renovation.approved_line", name=plain(detail.approved_by),
                       at=desk_ui.local(detail.approved_at, zone))
                )  # fmt: skip
            if detail.inspections:
                notes.append(tr("renovation.inspections", n=detail.inspections))
            if detail.inspection_note:
                notes.append(
                    desk_ui.pair("renovation.inspection_note", plain(detail.inspection_note), bold=False)
                )
            if detail.refund_amount is not None:
                notes.append(
                    desk_ui.pair("books.field.refund_amount", plain(money(detail.refund_amount)), bold=False)
                )
            if detail.refund_note:
                notes.append(desk_ui.pair("books.field.refund_note", plain(detail.refund_note), bold=False))
            if detail.closing_reason:
                notes.append(desk_ui.pair("books.field.reason", plain(detail.closing_reason), bold=False))
            if notes:
                st.caption(" · ".join(notes))

            if renovation_ui.has_next_steps(detail.allowed_actions):
                with st.form(f"reno_act_{row.id}_{row.status}", clear_on_submit=False):
                    action = renovation_ui.next_step(
                        detail.allowed_actions, "renovation", f"reno_action_{row.id}_{row.status}"
                    )
                    note = st.text_input(
                        tr("books.field.note"), max_chars=500,
                        help=tr("books.reason_for", actions=", ".join(
                            tr(f"renovation.action.{a.value}") for a in sorted(NEEDS_REASON))),
                        key=f"reno_note_{row.id}_{row.status}",
                    )  # fmt: skip
                    go = st.form_submit_button(tr("books.do"), type="primary")
                if go:
                    with refusals_shown():
                        service.act(actor, row.id, action, note=note, expected_status=row.status)
                        done(f"{row.number}: {tr(f'renovation.action.{action}')} · {tr('books.done')}")
                if row.status == Status.APPLIED.value and not actor.can(Permission.APPROVE_RENOVATIONS):
                    st.caption(tr("renovation.waits_for_manager"))
            if detail.can_refund:
                with st.form(f"reno_refund_{row.id}", clear_on_submit=False):
                    st.markdown(f"**{tr('renovation.refund_title')}**")
                    left, right = st.columns(2)
                    amount = left.text_input(
                        tr("books.field.refund_amount") + " *", value=str(row.deposit), max_chars=20
                    )
                    receipt = right.text_input(tr("books.field.receipt_no"), max_chars=40)
                    refund_note = st.text_input(
                        tr("books.field.refund_note"), max_chars=500, help=tr("renovation.refund_help")
                    )
                    if st.form_submit_button(tr("renovation.refund_submit"), type="primary"):
                        with refusals_shown():
                            service.refund_deposit(
                                actor, row.id, amount=amount, note=refund_note, receipt_no=receipt
                            )
                            done(tr("renovation.refunded", number=row.number))
            with st.expander(tr("files.inspection_title")):
                file_widgets.section("renovation_inspection", row.id, zone, "reno", "reno")
            with st.expander(tr("books.history")):
                renovation_ui.history_table(detail.history, zone, "renovation", content)
