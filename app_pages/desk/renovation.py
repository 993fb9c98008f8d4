"""收房与装修 / Move-in and renovation: move-in checklists, renovation applications from approval to the
deposit refund, and worker passes (procedure duty 1.4)."""

from datetime import timedelta

import streamlit as st

from app_pages.desk import renovation_widgets as renovation_ui
from app_pages.desk.renovation_widgets import day, money, show_error
from core.errors import DomainError
from core.roles import Permission
from desk.renovation.forms import MoveInForm, PassForm, RenovationForm
from desk.renovation.passes import local_today
from desk.renovation.service import VIEWS
from desk.renovation.workflow import NEEDS_REASON, Status, passes_allowed
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
reno = renovation_ui.renovation_or_stop()
content = reno.content
lang = context.lang()
site_list = context.services().sites.my_sites(actor)
sites = {s.id: s for s in site_list}
now = context.services().clock()

st.title(tr("renovation.page.title"))
st.caption(tr("renovation.page.intro"))
renovation_ui.flash("reno_flash")
site = desk_ui.pick_site(site_list, key="reno_site")
today = local_today(now, site.timezone)

tab_movein, tab_works, tab_passes = st.tabs([tr("movein.tab"), tr("renovation.tab"), tr("passes.tab")])


def done(message: str, *clear: str) -> None:
    renovation_ui.done("reno_flash", message, clear)


# --- 收房 / move-in --------------------------------------------------------------------------------

with tab_movein:
    with st.expander(tr("movein.new"), expanded=False), st.form("movein_new", clear_on_submit=False):
        left, right = st.columns(2)
        unit = left.text_input(
            tr("books.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="movein_unit"
        )
        owner = right.text_input(tr("books.field.owner_name") + " *", max_chars=50, key="movein_owner")
        phone = left.text_input(tr("books.field.owner_phone") + " *", max_chars=20, key="movein_phone")
        note = right.text_input(tr("books.field.note"), max_chars=500, key="movein_note")
        if st.form_submit_button(tr("movein.start"), type="primary"):
            try:
                new_id = reno.start_move_in(actor, MoveInForm(site.id, unit, owner, phone, note))
            except DomainError as exc:
                show_error(exc)
            else:
                done(
                    tr("movein.started", number=f"SF{new_id:06d}"),
                    "movein_unit",
                    "movein_owner",
                    "movein_phone",
                    "movein_note",
                )

    top_left, top_right = st.columns([2, 3])
    view = top_left.segmented_control(
        tr("books.view"), VIEWS, default="open", format_func=lambda v: tr(f"books.views.{v}"),
        key="movein_view", required=True,
    )  # fmt: skip
    query = top_right.text_input(tr("books.search"), key="movein_query", placeholder="SF000001 / 3-2-1201")
    move_ins = reno.list_move_ins(actor, view, query=query)
    if not move_ins:
        st.info(tr("movein.empty"))
    else:
        st.dataframe(
            [
                {
                    tr("books.field.number"): m.number,
                    tr("books.field.unit"): m.unit,
                    tr("books.field.owner_name"): m.owner_name,
                    tr("books.field.owner_phone"): m.owner_phone,
                    tr("books.field.status"): tr(f"movein.status.{m.status}"),
                    tr("movein.progress"): f"{m.required_done}/{m.required}",
                    tr("books.field.handled_by"): m.handled_by or "",
                    tr("books.field.started_at"): desk_ui.local(m.started_at, sites[m.site_id].timezone),
                    tr("books.field.completed_at"): desk_ui.local(m.completed_at, sites[m.site_id].timezone),
                }
                for m in move_ins
            ],
            hide_index=True,
            width="stretch",
        )
        by_id = {m.id: m for m in move_ins}
        chosen = st.selectbox(
            tr("movein.pick"), list(by_id),
            format_func=lambda i: f"{by_id[i].number} · {by_id[i].unit} {by_id[i].owner_name}",
            key="movein_pick",
        )  # fmt: skip
        detail = reno.move_in_detail(actor, chosen)
        zone = sites[detail.row.site_id].timezone
        with st.container(border=True):
            st.subheader(tr("movein.detail", number=detail.row.number))
            st.markdown(
                " · ".join(
                    desk_ui.pair(k, v)
                    for k, v in (
                        ("books.field.unit", plain(detail.row.unit)),
                        ("books.field.owner_name", plain(detail.row.owner_name)),
                        ("books.field.status", tr(f"movein.status.{detail.row.status}")),
                        ("movein.progress", f"{detail.row.required_done}/{detail.row.required}"),
                    )
                )
            )
            if detail.note:
                st.caption(desk_ui.pair("books.field.note", plain(detail.note), bold=False))
            if detail.void_reason:
                st.caption(desk_ui.pair("books.field.void_reason", plain(detail.void_reason), bold=False))
            is_open = detail.row.status == "open"
            if is_open:
                st.caption(tr("movein.tick_help"))
            with st.form(f"movein_ticks_{detail.row.id}"):
                ticked: dict[str, list[str]] = {"item": [], "document": []}
                columns = st.columns(2)
                for column, kind in zip(columns, ("item", "document"), strict=True):
                    column.markdown(f"**{tr(f'movein.kind.{kind}')}**")
                    for tick in (t for t in detail.ticks if t.kind == kind):
                        label = renovation_ui.entry_name(content, kind, tick.code) + (
                            " *" if tick.required else ""
                        )
                        if column.checkbox(
                            label, value=tick.done, disabled=not is_open,
                            key=f"movein_{detail.row.id}_{kind}_{tick.code}",
                        ):  # fmt: skip
                            ticked[kind].append(tick.code)
                saved = st.form_submit_button(tr("movein.save"), type="primary", disabled=not is_open)
            if saved:
                try:
                    status = reno.tick_move_in(actor, detail.row.id, ticked["item"], ticked["document"])
                except DomainError as exc:
                    show_error(exc)
                else:
                    key = "movein.completed" if status == "completed" else "movein.saved"
                    done(tr(key, number=detail.row.number))
            if detail.row.status != "voided":
                with (
                    st.expander(tr("movein.void")),
                    st.form(f"movein_void_{detail.row.id}", clear_on_submit=False),
                ):
                    why = st.text_input(tr("books.field.reason") + " *", max_chars=500)
                    if st.form_submit_button(tr("books.void")):
                        try:
                            reno.void_move_in(actor, detail.row.id, why)
                        except DomainError as exc:
                            show_error(exc)
                        else:
                            done(tr("books.voided", number=detail.row.number))
            with st.expander(tr("books.history")):
                renovation_ui.history_table(detail.history, zone, "movein", content)


# --- 装修 / renovation applications ----------------------------------------------------------------

with tab_works:
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
            try:
                new_id = reno.apply(actor, form)
            except DomainError as exc:
                show_error(exc)
            else:
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

    top_left, top_right = st.columns([2, 3])
    view = top_left.segmented_control(
        tr("books.view"), VIEWS, default="open", format_func=lambda v: tr(f"books.views.{v}"),
        key="reno_view", required=True,
    )  # fmt: skip
    query = top_right.text_input(tr("books.search"), key="reno_query", placeholder="ZS000001 / 3-2-1201")
    works = reno.list_renovations(actor, view, query=query)
    if not works:
        st.info(tr("renovation.empty"))
    else:
        st.dataframe(
            [
                {
                    tr("books.field.number"): w.number,
                    tr("books.field.unit"): w.unit,
                    tr("books.field.status"): tr(f"renovation.status.{w.status}"),
                    tr("books.field.company"): w.company,
                    tr("books.field.person_in_charge"): w.person_in_charge,
                    tr("books.field.person_phone"): w.person_phone,
                    tr("books.field.planned_start"): day(w.planned_start),
                    tr("books.field.planned_end"): day(w.planned_end),
                    tr("books.field.deposit"): money(w.deposit),
                }
                for w in works
            ],
            hide_index=True,
            width="stretch",
        )
        by_id = {w.id: w for w in works}
        chosen = st.selectbox(
            tr("renovation.pick"), list(by_id),
            format_func=lambda i: f"{by_id[i].number} · {by_id[i].unit} · {by_id[i].company}",
            key="reno_pick",
        )  # fmt: skip
        detail = reno.renovation_detail(actor, chosen)
        row = detail.row
        zone = sites[row.site_id].timezone
        with st.container(border=True):
            st.subheader(tr("renovation.detail", number=row.number))
            facts = [
                ("books.field.status", tr(f"renovation.status.{row.status}")),
                ("books.field.unit", plain(row.unit)),
                ("books.field.owner_name", plain(detail.owner_name or "—")),
                ("books.field.deposit", plain(money(row.deposit))),
            ]
            st.markdown(" · ".join(desk_ui.pair(k, v) for k, v in facts))
            people = [
                ("books.field.company", plain(row.company)),
                ("books.field.person_in_charge", plain(row.person_in_charge)),
                ("books.field.person_phone", plain(row.person_phone)),
                ("renovation.dates", f"{day(row.planned_start)} – {day(row.planned_end)}"),
            ]
            st.markdown(" · ".join(desk_ui.pair(k, v) for k, v in people))
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

            st.markdown(f"**{tr('books.next_step')}**")
            if not detail.allowed_actions:
                st.caption(tr("books.no_actions"))
            else:
                with st.form(f"reno_act_{row.id}_{row.status}", clear_on_submit=False):
                    action = st.radio(
                        tr("books.next_step"), detail.allowed_actions, horizontal=True,
                        format_func=lambda a: tr(f"renovation.action.{a}"), label_visibility="collapsed",
                        key=f"reno_action_{row.id}_{row.status}",
                    )  # fmt: skip
                    note = st.text_input(
                        tr("books.field.note"), max_chars=500,
                        help=tr("books.reason_for", actions=", ".join(
                            tr(f"renovation.action.{a.value}") for a in sorted(NEEDS_REASON))),
                        key=f"reno_note_{row.id}_{row.status}",
                    )  # fmt: skip
                    go = st.form_submit_button(tr("books.do"), type="primary")
                if go:
                    try:
                        reno.act(actor, row.id, action, note=note, expected_status=row.status)
                    except DomainError as exc:
                        show_error(exc)
                    else:
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
                        try:
                            reno.refund_deposit(
                                actor, row.id, amount=amount, note=refund_note, receipt_no=receipt
                            )
                        except DomainError as exc:
                            show_error(exc)
                        else:
                            done(tr("renovation.refunded", number=row.number))
            with st.expander(tr("books.history")):
                renovation_ui.history_table(detail.history, zone, "renovation", content)


# --- 出入证 / worker passes -------------------------------------------------------------------------

with tab_passes:
    st.page_link("app_pages/desk/passes.py", label=tr("passes.to_guard_list"), icon=":material/badge:")
    open_works = [w for w in reno.list_renovations(actor, "open") if passes_allowed(Status(w.status))]
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
        detail = reno.renovation_detail(actor, chosen)
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
                try:
                    new_id = reno.issue_pass(actor, form)
                except DomainError as exc:
                    show_error(exc)
                else:
                    done(
                        tr("passes.issued", number=f"CR{new_id:06d}", name=worker.strip()),
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
                    try:
                        reno.revoke_pass(actor, pass_id, why)
                    except DomainError as exc:
                        show_error(exc)
                    else:
                        done(tr("passes.revoked", number=passes_by_id[pass_id].number), "pass_revoke_reason")
