"""合规看板 / Compliance dashboard: shift-check completion and scores, failures by person and category,
the most failed items, missed and late checks, self vs spot checks, mystery calls and observations,
the month's calls against the three-ring target; certificates, the quiz pass rate, the rules most often
missed, questions flagged by item analysis, and per rule the evidence before and after training."""

from datetime import timedelta
from typing import Any

import streamlit as st

from app_pages.dashboards import chart_widgets as charts
from app_pages.dashboards import coaching_widgets as coaching
from core.errors import DomainError
from core.roles import Permission
from dashboards import compliance_figures as figures
from quizzes.pass_rates import pass_rate_by_week
from ui import context, tables
from ui.content import rulebook_state
from ui.context import plain, tr

actor = context.actor()
svc = context.services()
lang = context.lang()
sites = {s.id: s for s in svc.sites.my_sites(actor)}
rulebook = rulebook_state().rulebook

st.title(tr("dash.compliance.title"))
today = svc.clock().date()
# Equal columns, none narrower than a quarter of the page: a date input shows its whole date without being
# opened (at 1366 px a seventh of the row cut the day off). Below 640 px Streamlit stacks them.
filter_columns = iter(st.columns(4 if len(sites) > 1 else 3))
first = next(filter_columns).date_input(tr("dash.from_day"), value=today - timedelta(days=27), key="cmp_from")
last = next(filter_columns).date_input(tr("dash.to_day"), value=today, key="cmp_to")
# One site or all of them (0), like the service dashboard; every figure below follows the choice.
site = 0
if len(sites) > 1:
    site = next(filter_columns).selectbox(
        tr("desk.field.site"),
        [0, *sites],
        format_func=lambda i: sites[i].name if i else tr("dash.all_sites"),
        key="cmp_site",
    )
chosen = {site} if site else set(sites)
# The people of the chosen sites who do shift checks, whatever the other filters leave.
staff = {p.id: p.name for s in sorted(chosen) for p in svc.roster.people(actor, s)}
person = next(filter_columns).selectbox(
    tr("dash.person"),
    [0, *sorted(staff, key=lambda i: staff[i])],
    format_func=lambda i: staff.get(i, tr("dash.all")),
    key="cmp_person",
)
user_id = person or None
values = {
    "dates": tr("dash.filter.date_range", first=first, last=last),
    "sites": sites[site].name if site else tr("dash.all_sites"),
    "person": staff.get(person, tr("dash.all")),
}


def caption(figure: str) -> str:
    """What goes into a figure's workbook: the filters it follows, and why not the others."""
    return figures.filters_caption(figure, values, lang)


def note(figure: str) -> str:
    return figures.exception_note(figure, lang)


# Said once for the page; a figure that does not follow every filter carries its own note.
st.caption(plain(figures.scope_caption(values, lang)))

st.header(tr("dash.compliance.checks"))
try:
    data = svc.check_compliance.figures(actor, chosen, first, last, user_id)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

# The headline: of the same sites, dates and person as every chart below.
flagged = sum(d.flagged for d in data.days)
done = sum(d.done for d in data.days)
due = sum(d.due for d in data.days)
m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("dash.compliance.completion"), f"{done / due:.0%}" if due else "-")
m2.metric(tr("dash.compliance.flagged_rate"), f"{flagged / done:.0%}" if done else "-")
m3.metric(tr("dash.compliance.missed"), sum(d.missed for d in data.days))
m4.metric(tr("dash.compliance.late"), sum(d.late for d in data.days))
if not due:
    # Once for the page, with the hint for a new installation; an empty figure below just says so.
    st.info(tr("dash.empty"))
# The toggle changes only the chart under it, so it sits there rather than among the filters.
weekly = st.toggle(tr("dash.compliance.weekly"), key="cmp_weekly")


def check_counts(row: Any) -> dict[str, Any]:
    """The columns a day (or week) and a person share: checks due, done, late, missed, average score."""
    counts = {tr(f"dash.compliance.{k}"): getattr(row, k) for k in ("due", "done", "late", "missed")}
    average = None if row.average_score is None else round(row.average_score, 1)
    return counts | {tr("dash.compliance.average_score"): average}


day_rows = [
    {tr("dash.day"): d.day.isoformat()} | check_counts(d) | {tr("dash.compliance.flagged"): d.flagged}
    for d in (figures.by_week(data.days) if weekly else data.days)
]
charts.chart(
    figures.completion(data.days, lang, weekly=weekly),
    day_rows,
    "shift_completion",
    caption=caption("shift_completion"),
)

left, right = st.columns(2)
with left:
    heat_rows = figures.heat_table(data.heat, lang)
    charts.chart(
        figures.heatmap(data.heat, lang),
        heat_rows if any(data.heat.values()) else [],
        "failures_heatmap",
        caption=caption("failures_heatmap"),
    )
with right:
    item_rows = [
        {
            tr("dash.rule"): i.rule_id,
            tr("dash.question"): i.question_en if lang == "en" else i.question_zh,
            tr("dash.compliance.failed"): i.failed,
            tr("dash.compliance.answered"): i.answered,
        }
        for i in data.items
    ]
    charts.chart(
        figures.most_failed(data.items, lang),
        item_rows,
        "most_failed_items",
        caption=caption("most_failed_items"),
    )

people_rows = [{tr("dash.person"): p.user_name} | check_counts(p) for p in data.people]
st.subheader(tr("dash.compliance.people"))
tables.table_or(people_rows, "dash.empty_chart", st.info)
gap_rows = [
    {
        tr("dash.person"): g.user_name,
        tr("dash.compliance.pairs"): g.pairs,
        tr("dash.compliance.gap_points"): round(g.gap, 1) if g.gap is not None else None,
        tr("dash.compliance.kind_answers"): g.kind_answers,
    }
    for g in data.gaps
    if g.gap is not None
]
charts.chart(figures.gaps(data.gaps, lang), gap_rows, "self_vs_spot", caption=caption("self_vs_spot"))
titles = {r.id: r.title.get(lang) for r in rulebook.rules} if rulebook is not None else {}
coaching.show_audits(actor, chosen, first, last, user_id, titles, caption)
only = next(iter(chosen)) if len(chosen) == 1 else None
zone = sites[only].timezone if only else next(iter(sites.values())).timezone
coaching.show_three_rings(actor, chosen, zone, user_id, caption)

if actor.can(Permission.READ_TRAINING) and rulebook is not None:
    st.header(tr("dash.compliance.training"))
    overview = svc.quizzes.training_overview(actor, rulebook, site or None)
    left, right = st.columns(2)
    with left:
        certified = [p for p in overview.people if not user_id or p.user_id == user_id]
        cert_rows = [
            {
                tr("dash.person"): p.display_name,
                tr("field.role"): tr(f"role.{p.role}"),
                tr("dash.cert.status"): tr(f"dash.cert.{p.status}"),
                tr("dash.attempts"): p.attempts,
            }
            for p in certified
        ]
        charts.chart(
            figures.certificates(figures.certificate_counts([p.status for p in certified]), lang),
            cert_rows,
            "certificates",
            caption=caption("certificates"),
            note=note("certificates"),
        )
    with right:
        weeks = pass_rate_by_week(svc.sessions, actor, chosen, first, last, user_id)
        week_rows = [
            {
                tr("dash.week"): w.week.isoformat(),
                tr("dash.attempts"): w.attempts,
                tr("dash.passed"): w.passed,
            }
            for w in weeks
        ]
        charts.chart(
            figures.pass_rate([(w.week, w.attempts, w.passed) for w in weeks], lang),
            week_rows,
            "pass_rate",
            caption=caption("pass_rate"),
        )
    trouble_rows = [
        {
            tr("dash.rule_id"): tr_.rule_id,
            tr("dash.rule"): titles.get(tr_.rule_id, tr_.rule_id),
            tr("dash.wrong_answers"): tr_.wrong,
            tr("dash.people"): tr_.people,
        }
        for tr_ in overview.troubles
    ]
    charts.chart(
        figures.missed_rules([(x.rule_id, x.wrong, x.people) for x in overview.troubles], titles, lang),
        trouble_rows,
        "missed_rules",
        caption=caption("missed_rules"),
        note=note("missed_rules"),
    )
    flagged_rows = figures.flagged_table(overview.items, lang)
    st.subheader(tr("dash.compliance.flagged_questions"))
    st.caption(plain(note("flagged_questions")))
    tables.table_or(flagged_rows, "dash.compliance.no_flagged", st.info)
    coaching.show_training_effect(actor, only, titles, caption)
