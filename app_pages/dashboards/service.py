"""服务看板 / Service dashboard: the monthly KPIs against their targets over 12 months, requests by
kind, category and department, the satisfaction distribution; click a bar to see its requests."""

import streamlit as st

from app_pages.dashboards import chart_widgets as charts
from core.errors import DomainError
from dashboards import service_figures as figures
from desk.statistics.kpi import RATE_NAMES, MonthCounts, rates
from desk.statistics.monthly import months_between, records_behind
from desk.statistics.report import scope_text
from ui import context, desk_ui
from ui.context import tr

actor = context.actor()
desk = desk_ui.desk_or_stop()
svc = context.services()
lang = context.lang()
sites = {s.id: s for s in svc.sites.my_sites(actor)}
trends = svc.desk_trends

st.title(tr("dash.service.title"))

today = svc.clock().date()
all_months = months_between(f"{today.year - 2:04d}-{today.month:02d}", f"{today.year:04d}-{today.month:02d}")
many = len(sites) > 1
# One centre: months, category and department share one row; an empty column would leave a gap where
# the columns stack on a phone.
f1, f2, f3, f4 = st.columns([1, 1, 2, 2] if many else 4)
first = f1.selectbox(tr("dash.from"), all_months, index=len(all_months) - 12, key="svc_from")
last = f2.selectbox(tr("dash.to"), all_months, index=len(all_months) - 1, key="svc_to")
chosen = set(sites)
if many:
    picked = f3.multiselect(
        tr("desk.field.site"),
        list(sites),
        default=list(sites),
        format_func=lambda i: sites[i].name,
        key="svc_sites",
    )
    chosen = set(picked) or set(sites)
side_by_side = len(chosen) > 1 and f4.toggle(tr("dash.side_by_side"), key="svc_side")
categories = {c.id: desk.content.name(c, lang) for c in desk.content.categories}
departments = {d.id: desk.content.name(d, lang) for d in desk.content.departments}
g1, g2 = st.columns(2) if many else (f3, f4)
category = g1.selectbox(
    tr("desk.field.category"),
    ["", *categories],
    format_func=lambda c: categories.get(c, tr("dash.all")),
    key="svc_category",
)
department = g2.selectbox(
    tr("desk.field.department"),
    ["", *departments],
    format_func=lambda d: departments.get(d, tr("dash.all")),
    key="svc_department",
)

st.caption(tr("dash.service.obeys"))
filters = {"category": category or None, "department": department or None}
try:
    periods = months_between(first, last)
    figures_of_scope = trends.dashboard(actor, periods, chosen, **filters)  # each table scanned once
except DomainError as exc:
    context.show_error(exc)
    st.stop()
rows = figures_of_scope.by_period

totals: dict[str, MonthCounts] = {}
per_site: dict[str, dict[str, MonthCounts]] = {}
for row in rows:
    totals[row.period] = totals.get(row.period, MonthCounts()) + row.counts
    per_site.setdefault(sites[row.site_id].name, {})[row.period] = row.counts
series = per_site if side_by_side else {tr("dash.together"): totals}

if not rows:
    st.info(tr("dash.empty"))
    st.stop()

st.subheader(tr("dash.service.kpis"))
# Open on the first KPI that has something due in the range, rather than an empty chart.
with_data = [r for r in RATE_NAMES if any(rates(c)[r] is not None for c in totals.values())]
rate = st.selectbox(
    tr("desk.stats.rate"),
    RATE_NAMES,
    index=RATE_NAMES.index(with_data[0]) if with_data else 0,
    format_func=lambda r: tr(f"desk.stats.names.{r}"),
    key="svc_rate",
)
trend_rows = [
    {
        tr("desk.field.month"): p,
        tr("dash.series"): name,
        tr(f"desk.stats.names.{rate}"): rates(by_period[p])[rate],
    }
    for name, by_period in series.items()
    for p in periods
    if p in by_period and rates(by_period[p])[rate] is not None
]
charts.chart(
    figures.rate_trend(periods, series, rate, desk.content.targets.get(rate), lang), trend_rows, f"kpi_{rate}"
)
st.caption(tr(f"desk.stats.definitions.{rate}"))

st.subheader(tr("dash.service.volume"))
kind_rows = [
    {tr("desk.field.month"): p}
    | {
        tr(f"desk.kind.{k}"): getattr(totals.get(p, MonthCounts()), k)
        for k in ("repair", "inquiry", "complaint")
    }
    for p in periods
]
event = charts.chart(
    figures.requests_by_kind(periods, totals, lang), kind_rows, "requests_by_kind", select=True
)
points = charts.selected_points(event)
if points:
    point = points[0]
    kind = point.get("customdata") if isinstance(point.get("customdata"), str) else None
    month = point.get("x")
    st.markdown(f"**{tr('dash.records_behind', month=month, kind=tr(f'desk.kind.{kind}') if kind else '')}**")
    behind = records_behind(
        svc.sessions,
        actor,
        [month],
        chosen,
        kind=kind,
        category=category or None,
        department=department or None,
        now=svc.clock(),
    )
    st.dataframe(
        [
            {
                tr("desk.field.number"): r.number,
                tr("desk.field.status"): tr(f"desk.status.{r.status}"),
                tr("desk.field.unit"): r.unit,
                tr("desk.field.category"): categories.get(r.category, r.category),
                tr("desk.field.content"): r.summary,
            }
            for r in behind
        ],
        hide_index=True,
        width="stretch",
    )

by_category, by_department = figures_of_scope.by_category, figures_of_scope.by_department
left, right = st.columns(2)
with left:
    category_rows = [
        {
            tr("desk.field.kind"): tr(f"desk.kind.{b.key[0]}"),
            tr("desk.field.category"): categories.get(b.key[1], b.key[1]),
            tr("desk.stats.count"): b.count,
        }
        for b in by_category
    ]
    charts.chart(
        figures.requests_by_category([(b.key[0], b.key[1], b.count) for b in by_category], categories, lang),
        category_rows,
        "requests_by_category",
    )
with right:
    department_rows = [
        {
            tr("desk.field.department"): departments.get(b.key[0], b.key[0]),
            tr("desk.stats.count"): b.count,
            tr("desk.stats.finished"): b.finished,
            tr("desk.stats.open_overdue"): b.open_overdue,
        }
        for b in by_department
    ]
    charts.chart(
        figures.departments(
            [(b.key[0], b.count, b.open_overdue, b.finished) for b in by_department], departments, lang
        ),
        department_rows,
        "departments",
    )

distribution = figures_of_scope.satisfaction
satisfaction_rows = [
    {tr("desk.field.satisfaction"): k, tr("desk.stats.count"): v} for k, v in distribution.items()
]
charts.chart(
    figures.satisfaction(distribution, lang),
    satisfaction_rows if any(distribution.values()) else [],
    "satisfaction",
)

st.subheader(tr("dash.report"))
report_month = st.selectbox(tr("desk.field.month"), periods, index=len(periods) - 1, key="svc_report_month")


def report():  # type: ignore[no-untyped-def]
    return svc.reports.build(actor, report_month, chosen, lang=lang, **filters)


# The scope in words without building the report: it is built only when a download is asked for.
scope = scope_text(lang, [sites[s].name for s in sorted(chosen)], desk.content, **filters)
st.caption(tr("desk.report.obeys", scope=context.plain(scope)))
desk_ui.report_downloads(report, report_month, ("svc_report", "svc_report_pdf"))
