"""Shared bits of the desk pages: the desk service (or its content errors), labels, local times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import streamlit as st

from accounts.sites import SiteView
from core.roles import Permission
from desk.content_loader import DeskContentInvalid
from desk.requests.desk_service import DeskService
from desk.statistics.monthly import DeskStatistics
from desk.statistics.report import MonthlyReport
from desk.statistics.report_pdf import report_pdf
from desk.statistics.report_xlsx import report_xlsx
from services import Services
from ui import context
from ui.content import rulebook_state
from ui.context import plain, tr

R = TypeVar("R")
T = TypeVar("T")


def _or_stop(build: Callable[[Services], T]) -> T:
    """A service built on the desk content; with broken content, a notice (details for managers) instead."""
    try:
        return build(context.services())
    except DeskContentInvalid as exc:
        _content_error(exc)
        st.stop()
        raise


def desk_or_stop() -> DeskService:
    return _or_stop(lambda services: services.desk)


def stats_or_stop() -> DeskStatistics:
    return _or_stop(lambda services: services.desk_stats)


def _content_error(exc: DeskContentInvalid) -> None:
    st.error(tr("desk.content_invalid"))
    if context.actor().can(Permission.MANAGE_SITES):
        st.code("\n".join(e.format(context.lang()) for e in exc.errors), language=None)


def pick_site(sites: list[SiteView], key: str) -> SiteView:
    """The actor's site; a manager of several picks one."""
    if len(sites) == 1:
        return sites[0]
    by_id = {s.id: s for s in sites}
    chosen = st.selectbox(tr("desk.field.site"), list(by_id), format_func=lambda i: by_id[i].name, key=key)
    return by_id[chosen]


def local(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def label(prefix: str, code: str | None) -> str:
    return tr(f"{prefix}.{code}") if code else ""


def name_of(desk: DeskService, kind: str, code: str | None) -> str:
    """Display name of a category or department from the desk content."""
    if not code:
        return ""
    content = desk.content
    item = content.category(code) if kind == "category" else content.department(code)
    return content.name(item, context.lang()) if item else code


def pair(label_key: str, value: str, *, bold: bool = True) -> str:
    """ "Label: value" with the colon of the user's language; the value must already be safe markdown."""
    label = f"**{tr(label_key)}**" if bold else tr(label_key)
    return tr("app.pair", label=label, value=value)


def rule_titles(rule_ids: tuple[str, ...]) -> str:
    """Conduct rules by their titles in the user's language (ids where the rulebook is unavailable)."""
    rulebook = rulebook_state().rulebook
    lang = context.lang()
    names = [
        rulebook.by_id[r].title.get(lang) if rulebook and r in rulebook.by_id else r  # type: ignore[arg-type]
        for r in rule_ids
    ]
    return ("；" if lang == "zh" else "; ").join(plain(n) for n in names)


def flash_next(page: str, message: str) -> None:
    """A success message shown once, after the rerun that follows a saved form."""
    st.session_state[f"{page}_flash"] = message


def flash(page: str) -> None:
    message = st.session_state.pop(f"{page}_flash", None)
    if message:
        st.success(message)


def phone_line(label_key: str, masked: str, reveal: Callable[[], str], key: str) -> None:
    """A masked phone with a button that shows it in full; the reveal is recorded by the service."""
    shown = st.session_state.get(f"phone_{key}")
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.markdown(pair(label_key, plain(shown or masked)))
    if shown is None and button.button(tr("desk.phone_reveal"), key=f"reveal_{key}", icon=":material/call:"):
        st.session_state[f"phone_{key}"] = reveal()
        st.rerun()


def list_controls(
    views: Sequence[str], key: str, placeholder: str, labels: str = "books.views"
) -> tuple[str, str]:
    """A register list's view (open, all...) and search box, side by side; returns (view, query)."""
    left, right = st.columns([2, 3])
    view = left.segmented_control(
        tr("books.view"), views, default="open", format_func=lambda v: tr(f"{labels}.{v}"),
        key=f"{key}_view", required=True,
    )  # fmt: skip
    query = right.text_input(tr("books.search"), key=f"{key}_query", placeholder=placeholder)
    return str(view), query


def table_and_pick(
    rows: Sequence[R], columns: Callable[[R], dict[str, Any]], pick_label: str, describe: Callable[[R], str],
    key: str,
) -> int:  # fmt: skip
    """The rows as a table, then a picker of one of them (by id) for its detail below."""
    st.dataframe([columns(r) for r in rows], hide_index=True, width="stretch")
    by_id = {r.id: r for r in rows}  # type: ignore[attr-defined]
    chosen: int = st.selectbox(pick_label, list(by_id), format_func=lambda i: describe(by_id[i]), key=key)
    return chosen


def facts(items: Sequence[tuple[str, str]]) -> None:
    """One line of "label: value" pairs; the values must already be safe markdown."""
    st.markdown(" · ".join(pair(k, v) for k, v in items))


# The report's files: (extension, builder, media type, icon).
REPORT_FILES = (
    (
        "xlsx",
        report_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/table_view:",
    ),
    ("pdf", report_pdf, "application/pdf", ":material/picture_as_pdf:"),
)


def report_downloads(report: Callable[[], MonthlyReport], period: str, keys: tuple[str, str]) -> None:
    """The month's report as Excel and as PDF side by side, each built only when its download is asked
    for; nothing on the page changes, so a download does not rerun it. `keys`: (Excel's, PDF's)."""
    for column, (extension, build, mime, icon), key in zip(st.columns(2), REPORT_FILES, keys, strict=True):
        column.download_button(
            tr(f"desk.report.download_{extension}"),
            data=lambda build=build: build(report()),
            file_name=f"monthly-report-{period}.{extension}",
            key=key,
            mime=mime,
            icon=icon,
            on_click="ignore",
        )


def record_box(title_key: str, **params: str) -> Any:
    """The bordered box of the record picked in a list, headed by its title (its number): its detail
    goes inside."""
    box = st.container(border=True)
    box.subheader(tr(title_key, **params))
    return box
