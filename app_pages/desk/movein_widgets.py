"""The move-in tab of the move-in and renovation page: open a move-in, the list, a move-in's checklist to
tick, voiding, and its history."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from accounts.sites import SiteView
from app_pages.desk import renovation_widgets as renovation_ui
from app_pages.desk.renovation_widgets import refusals_shown
from core.roles import Actor
from desk.renovation.forms import MoveInForm
from desk.renovation.movein_service import MoveInService
from desk.renovation.views import VIEWS
from ui import context, desk_ui
from ui.context import plain, tr


def movein_tab(
    actor: Actor,
    service: MoveInService,
    site: SiteView,
    sites: dict[int, SiteView],
    done: Callable[..., None],
) -> None:
    content = service.content
    with st.expander(tr("movein.new"), expanded=False), st.form("movein_new", clear_on_submit=False):
        left, right = st.columns(2)
        unit = left.text_input(
            tr("books.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="movein_unit"
        )
        owner = right.text_input(tr("books.field.owner_name") + " *", max_chars=50, key="movein_owner")
        phone = left.text_input(tr("books.field.owner_phone") + " *", max_chars=20, key="movein_phone")
        note = right.text_input(tr("books.field.note"), max_chars=500, key="movein_note")
        if st.form_submit_button(tr("movein.start"), type="primary"):
            with refusals_shown():
                new_id = service.start_move_in(actor, MoveInForm(site.id, unit, owner, phone, note))
                done(
                    tr("movein.started", number=f"SF{new_id:06d}"),
                    "movein_unit",
                    "movein_owner",
                    "movein_phone",
                    "movein_note",
                )

    view, query = desk_ui.list_controls(VIEWS, "movein", "SF000001 / 3-2-1201")
    move_ins = service.list_move_ins(actor, view, query=query)
    if not move_ins:
        st.info(tr("movein.empty"))
    else:
        chosen = desk_ui.table_and_pick(
            move_ins,
            lambda m: {
                tr("books.field.number"): m.number,
                tr("books.field.unit"): m.unit,
                tr("books.field.owner_name"): m.owner_name,
                tr("books.field.owner_phone"): m.owner_phone,
                tr("books.field.status"): tr(f"movein.status.{m.status}"),
                tr("movein.progress"): f"{m.required_done}/{m.required}",
                tr("books.field.handled_by"): m.handled_by or "",
                tr("books.field.started_at"): desk_ui.local(m.started_at, sites[m.site_id].timezone),
                tr("books.field.completed_at"): desk_ui.local(m.completed_at, sites[m.site_id].timezone),
            },
            tr("movein.pick"),
            lambda m: f"{m.number} · {m.unit} {m.owner_name}",
            "movein_pick",
        )
        detail = service.move_in_detail(actor, chosen)
        zone = sites[detail.row.site_id].timezone
        with desk_ui.record_box("movein.detail", number=detail.row.number):
            desk_ui.facts(
                [
                    ("books.field.unit", plain(detail.row.unit)),
                    ("books.field.owner_name", plain(detail.row.owner_name)),
                    ("books.field.status", tr(f"movein.status.{detail.row.status}")),
                    ("movein.progress", f"{detail.row.required_done}/{detail.row.required}"),
                ]
            )
            desk_ui.phone_line(
                "books.field.owner_phone", detail.row.owner_phone,
                lambda: context.services().phone_reveal.move_in_phone(actor, detail.row.id),
                key=f"move_in_{detail.row.id}",
            )  # fmt: skip
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
                with refusals_shown():
                    status = service.tick_move_in(actor, detail.row.id, ticked["item"], ticked["document"])
                    key = "movein.completed" if status == "completed" else "movein.saved"
                    done(tr(key, number=detail.row.number))
            if detail.row.status != "voided":
                with (
                    st.expander(tr("movein.void")),
                    st.form(f"movein_void_{detail.row.id}", clear_on_submit=False),
                ):
                    why = st.text_input(tr("books.field.reason") + " *", max_chars=500)
                    if st.form_submit_button(tr("books.void")):
                        with refusals_shown():
                            service.void_move_in(actor, detail.row.id, why)
                            done(tr("books.voided", number=detail.row.number))
            with st.expander(tr("books.history")):
                renovation_ui.history_table(detail.history, zone, "movein", content)
