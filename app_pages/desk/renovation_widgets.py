"""Shared bits of the move-in, renovation, pass and special-service pages: the services (or their content
errors), refusals in the user's language, history tables, money and dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import streamlit as st

from core.errors import DomainError
from core.roles import Actor, Permission
from desk.money import format_amount
from desk.renovation.content import RegistersContent
from desk.renovation.content_loader import RegistersContentInvalid
from desk.renovation.movein_service import MoveInService
from desk.renovation.pass_service import PassService
from desk.renovation.renovation_service import RenovationService
from desk.renovation.views import HistoryEntry
from desk.special.service import SpecialServicesService
from i18n import message
from services import Services
from ui import context, desk_ui
from ui.context import tr

# Where a refused field's label is looked up, first match wins.
FIELD_PREFIXES = ("books.field", "field", "desk.field")


T = TypeVar("T")


def _or_stop(build: Callable[[Services], T]) -> T:
    """The service; with broken move-in / special-service content, a notice (details for managers)."""
    try:
        return build(context.services())
    except RegistersContentInvalid as exc:
        _content_error(exc)
        st.stop()
        raise


def move_ins_or_stop() -> MoveInService:
    return _or_stop(lambda s: s.move_ins)


def renovation_or_stop() -> RenovationService:
    return _or_stop(lambda s: s.renovation)


def passes_or_stop() -> PassService:
    return _or_stop(lambda s: s.worker_passes)


def special_or_stop() -> SpecialServicesService:
    return _or_stop(lambda s: s.special_services)


def _content_error(exc: RegistersContentInvalid) -> None:
    st.error(tr("books.content_invalid"))
    if context.actor().can(Permission.MANAGE_SITES):
        st.code("\n".join(e.format(context.lang()) for e in exc.errors), language=None)


def _join(codes: Iterable[str]) -> str:
    return ("、" if context.lang() == "zh" else ", ").join(codes)


def show_error(exc: DomainError) -> None:
    """A refusal in the user's language, naming its field; states and steps by their labels."""
    params = dict(exc.params)
    machine = params.pop("machine", None)
    if machine:
        if "state" in params:
            params["state"] = tr(f"{machine}.status.{params['state']}")
        if "step" in params:
            params["step"] = tr(f"{machine}.action.{params['step']}")
        if "steps" in params:
            params["steps"] = _join(tr(f"{machine}.action.{s}") for s in params["steps"].split(",") if s)
    text = message(exc.key, context.lang(), escape=context.plain, **params)
    for prefix in FIELD_PREFIXES if exc.field else ():
        label = tr(f"{prefix}.{exc.field}")
        if label != f"{prefix}.{exc.field}":
            text = tr("error.field_prefix", field=label, message=text)
            break
    st.error(text)


def refusals_shown() -> AbstractContextManager[None]:
    """`context.refusals_shown`, with states and steps named by their labels."""
    return context.refusals_shown(show_error)


def has_next_steps(actions: Sequence[str]) -> bool:
    """The "next step" heading of a record's detail; False, after saying there is none, when none is left."""
    st.markdown(f"**{tr('books.next_step')}**")
    if not actions:
        st.caption(tr("books.no_actions"))
    return bool(actions)


def next_step(actions: Sequence[str], machine: str, key: str) -> str:
    """The step chosen among `actions`, in a row, each named as `{machine}.action.<step>` names it."""
    return st.radio(
        tr("books.next_step"), actions, horizontal=True, format_func=lambda a: tr(f"{machine}.action.{a}"),
        label_visibility="collapsed", key=key,
    )  # fmt: skip


def money(amount: Decimal | None) -> str:
    return format_amount(amount) if amount is not None else ""


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def field_label(name: str) -> str:
    label = tr(f"books.field.{name}")
    return name if label == f"books.field.{name}" else label


def entry_name(content: RegistersContent, kind: str, code: str) -> str:
    """A move-in item or document by its name (its code if the checklist no longer has it)."""
    entry = content.entry(kind, code)
    return content.name(entry, context.lang()) if entry else code


def service_name(content: RegistersContent, code: str | None) -> str:
    if not code:
        return ""
    service = content.service(code)
    return content.name(service, context.lang()) if service else code


def history_table(
    entries: Iterable[HistoryEntry], timezone: str, machine: str, content: RegistersContent | None = None
) -> None:
    """Who did what when, old -> new for each field, in the site's time zone."""

    def value(field: str, raw: Any) -> str:
        if raw is None:
            return "—"
        if field == "status":
            return tr(f"{machine}.status.{raw}")
        if isinstance(raw, bool):
            return "✓" if raw else "✗"
        if field == "method":
            return tr(f"special.method.{raw}")
        if field == "service_type" and content is not None:
            return service_name(content, raw)
        return str(raw)

    def describe(field: str, old: Any, new: Any) -> str:
        kind, _, code = field.partition(".")
        if content is not None and kind in ("item", "document") and code:
            label = entry_name(content, kind, code)
        else:
            label = field_label(field)
        return tr("app.pair", label=label, value=f"{value(field, old)} → {value(field, new)}")

    separator = "；" if context.lang() == "zh" else "; "
    st.dataframe(
        [
            {
                tr("history.at"): desk_ui.local(e.at, timezone),
                tr("history.actor"): e.actor_name or tr("history.system"),
                tr("history.action"): tr(f"{machine}.action.{e.action}"),
                tr("history.changes"): separator.join(describe(k, *v) for k, v in e.changes.items()),
                tr("history.note"): e.note or "",
            }
            for e in entries
        ],
        hide_index=True,
        width="stretch",
    )


def done(flash_key: str, text: str, clear: Iterable[str] = ()) -> None:
    """After a successful save: empty the form's fields (a refused form keeps what was typed, so only
    the mistake needs fixing), leave a message for the next run, and run again."""
    for key in clear:
        st.session_state.pop(key, None)
    st.session_state[flash_key] = text
    st.rerun()


def flash(key: str) -> None:
    """A message left by the previous run (after st.rerun)."""
    text = st.session_state.pop(key, None)
    if text:
        st.success(text)


def month_section(actor: Actor, period: str, site_ids: set[int]) -> None:
    """The month's move-in, renovation, pass and special-service counts, for the monthly statistics page
    (managers); a content error in these registers hides this section only."""
    try:
        service = context.services().registers_month
    except RegistersContentInvalid:
        st.caption(tr("books.content_invalid"))
        return
    try:
        month = service.month_registers(actor, period, site_ids)
    except DomainError as exc:
        show_error(exc)
        return
    st.subheader(tr("books.month.title"))
    lines = [
        ("move_ins_completed", month.move_ins_completed),
        ("renovations_applied", month.renovations_applied),
        ("renovations_approved", month.renovations_approved),
        ("renovations_accepted", month.renovations_accepted),
        ("deposits_refunded", money(month.deposits_refunded)),
        ("passes_issued", month.passes_issued),
        ("passes_revoked", month.passes_revoked),
        ("special_requested", month.special_requested),
        ("special_done", month.special_done),
        ("special_cancelled", month.special_cancelled),
        ("special_revenue", money(month.special_revenue)),
        ("special_satisfaction", str(month.special_satisfaction) if month.special_satisfaction else "—"),
    ]
    columns = st.columns(4)
    for index, (key, value) in enumerate(lines):
        columns[index % 4].metric(tr(f"books.month.{key}"), value)
    if month.by_service:
        content = service.content
        st.dataframe(
            [
                {
                    tr("books.field.service_type"): service_name(content, t.service_type),
                    tr("books.month.special_done"): t.done,
                    tr("books.month.special_revenue"): money(t.revenue),
                }
                for t in month.by_service
            ],
            hide_index=True,
            width="stretch",
        )
    st.caption(tr("books.month.note"))
