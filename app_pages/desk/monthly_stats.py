"""月统计 / Monthly statistics: counts, the KPI rates against their targets, with definitions."""

import streamlit as st

from app_pages.desk import renovation_widgets as renovation_ui
from core.errors import DomainError
from desk.money import format_amount
from desk.statistics.kpi import RATE_NAMES, meets_target
from ui import context, desk_ui
from ui.context import tr

actor = context.actor()
stats_service = desk_ui.stats_or_stop()
desk = desk_ui.desk_or_stop()
sites = {s.id: s for s in context.services().sites.my_sites(actor)}

st.title(tr("desk.stats.title"))

today = context.services().clock().date()
months = []
year, month = today.year, today.month
for _ in range(24):
    months.append(f"{year:04d}-{month:02d}")
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)

left, right = st.columns([1, 2])
period = left.selectbox(tr("desk.field.month"), months, key="desk_stats_month")
chosen_sites = set(sites)
if len(sites) > 1:
    picked = right.multiselect(
        tr("desk.field.site"), list(sites), default=list(sites), format_func=lambda i: sites[i].name,
        placeholder=tr("desk.stats.all_sites"),
    )  # fmt: skip
    chosen_sites = set(picked) or set(sites)

try:
    stats = stats_service.month(actor, period, chosen_sites)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

lang = context.lang()


def report():  # type: ignore[no-untyped-def]
    return context.services().reports.build(actor, period, chosen_sites, lang=lang)


# Built on click, not on every rerun: the files hold the same figures as this page.
desk_ui.report_downloads(report, period, ("desk_stats_xlsx", "desk_stats_pdf"))

counts = stats.counts
st.subheader(tr("desk.stats.counts"))
cols = st.columns(3)
for col, kind in zip(cols, ("repair", "inquiry", "complaint"), strict=True):
    col.metric(tr(f"desk.kind.{kind}"), getattr(counts, kind))
registers = context.services().register_stats.month(actor, period, chosen_sites)
st.subheader(tr("desk.stats_registers.title"))
register_lines = [
    ("mail_received", registers.mail_received),
    ("mail_collected", registers.mail_collected),
    ("key_loans", registers.key_loans),
    ("key_loans_returned_late", registers.key_loans_returned_late),
    ("receipts", registers.receipts),
    ("receipts_total", format_amount(registers.receipts_total)),
    ("receipts_cash", format_amount(registers.receipts_cash)),
    ("handover_discrepancies", registers.handover_discrepancies),
]
columns = st.columns(4)
for index, (key, value) in enumerate(register_lines):
    columns[index % 4].metric(tr(f"desk.stats_registers.{key}"), value)
renovation_ui.month_section(actor, period, chosen_sites)

if counts.total == 0:
    st.info(tr("desk.stats.empty"))
    st.stop()


def percent(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else tr("desk.stats.no_data")


st.subheader(tr("desk.stats.rates"))
st.dataframe(
    [
        {
            tr("desk.stats.rate"): tr(f"desk.stats.names.{name}"),
            tr("desk.stats.value"): percent(stats.rates[name]),
            tr("desk.stats.target"): percent(stats.targets.get(name))
            if stats.targets.get(name) is not None
            else "",
            "": {True: "✓ " + tr("desk.stats.met"), False: "✗ " + tr("desk.stats.not_met"), None: ""}[
                meets_target(stats.rates[name], stats.targets.get(name))
            ],
        }
        for name in RATE_NAMES
    ],
    hide_index=True,
    width="stretch",
)

with st.expander(tr("desk.stats.definition")):
    for name in RATE_NAMES:
        st.markdown(f"- {tr(f'desk.stats.definitions.{name}')}")

by_category, by_department = st.columns(2)
with by_category:
    st.subheader(tr("desk.stats.by_category"))
    st.dataframe(
        [
            {
                tr("desk.field.kind"): tr(f"desk.kind.{b.key[0]}"),
                tr("desk.field.category"): desk_ui.name_of(desk, "category", b.key[1]),
                tr("desk.stats.count"): b.count,
            }
            for b in stats.by_category
        ],
        hide_index=True,
        width="stretch",
    )
with by_department:
    st.subheader(tr("desk.stats.by_department"))
    st.dataframe(
        [
            {
                tr("desk.field.department"): desk_ui.name_of(desk, "department", b.key[0]),
                tr("desk.stats.count"): b.count,
                tr("desk.stats.finished"): b.finished,
                tr("desk.stats.open_overdue"): b.open_overdue,
            }
            for b in stats.by_department
        ],
        hide_index=True,
        width="stretch",
    )
