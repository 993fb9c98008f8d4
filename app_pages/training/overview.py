"""培训概况 / Training overview (managers): who is certified, due or expired; attempts per person;
per-question facility and discrimination with the questions to rewrite; the rules people keep failing."""

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from ui import context
from ui.context import plain, tr

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
quizzes = context.services().quizzes

st.title(tr("quiz.training.title"))
sites = context.services().sites.my_sites(actor)
site_id = None
site_names = {s.id: s.name for s in sites}
if len(sites) > 1:
    choice = st.selectbox(
        tr("quiz.training.site"),
        [None, *(s.id for s in sites)],
        format_func=lambda i: tr("quiz.training.all_sites") if i is None else site_names[i],
        key="training_site",
    )
    site_id = choice
overview = quizzes.training_overview(actor, rulebook, site_id)
tz = overview.timezone

columns = st.columns(4)
for column, status in zip(columns, ("valid", "due", "expired", "none"), strict=True):
    column.metric(tr(f"quiz.cert.status.{status}"), overview.counts[status])

st.subheader(tr("quiz.training.people"))
if overview.people:
    st.dataframe(
        {
            tr("quiz.training.col.name"): [p.display_name for p in overview.people],
            tr("quiz.training.col.role"): [tr(f"role.{p.role}") for p in overview.people],
            tr("quiz.training.col.status"): [tr(f"quiz.cert.status.{p.status}") for p in overview.people],
            tr("quiz.training.col.issued"): [quiz_ui.local_date(p.issued_at, tz) for p in overview.people],
            tr("quiz.training.col.expires"): [quiz_ui.local_date(p.expires_at, tz) for p in overview.people],
            tr("quiz.training.col.attempts"): [p.attempts for p in overview.people],
            tr("quiz.training.col.last_score"): [
                "—" if p.last_score is None else f"{p.last_score:g}%" for p in overview.people
            ],
            tr("quiz.training.col.recertify"): [
                quiz_ui.rule_titles(rulebook, p.recertify_rules) for p in overview.people
            ],
            tr("quiz.training.col.leeches"): [
                quiz_ui.rule_titles(rulebook, p.leeches) for p in overview.people
            ],
        },
        hide_index=True,
    )
else:
    st.info(tr("quiz.training.no_people"))

if overview.blueprint_id is not None and overview.people:
    with st.expander(tr("quiz.training.grant_title")):
        with st.form("training_grant", clear_on_submit=True):
            people = {p.user_id: p.display_name for p in overview.people}
            person = st.selectbox(tr("quiz.training.person"), list(people), format_func=people.__getitem__)
            reason = st.text_input(tr("field.reason"))
            granted = st.form_submit_button(tr("quiz.training.grant"))
        if granted:
            with context.refusals_shown():
                quizzes.grant_round(actor, person, overview.blueprint_id, reason)
                st.success(tr("quiz.training.granted", name=plain(people[person])))

st.subheader(tr("quiz.training.troubles"))
if overview.troubles:
    st.dataframe(
        {
            tr("quiz.training.col.rule"): [
                quiz_ui.text(rulebook.by_id[t.rule_id].title) if t.rule_id in rulebook.by_id else t.rule_id
                for t in overview.troubles
            ],
            tr("quiz.training.col.wrong"): [t.wrong for t in overview.troubles],
            tr("quiz.training.col.people_wrong"): [t.people for t in overview.troubles],
            tr("quiz.training.col.leech_people"): [quiz_ui.joined(t.leeches) for t in overview.troubles],
        },
        hide_index=True,
    )
else:
    st.info(tr("quiz.training.no_troubles"))

st.subheader(tr("quiz.training.items"))
st.caption(
    tr(
        "quiz.training.items_hint",
        low=f"{content.analysis.facility_low:g}",
        high=f"{content.analysis.facility_high:g}",
        disc=f"{content.analysis.discrimination_low:g}",
        min=content.analysis.min_responses,
    )
)
if overview.items:
    st.dataframe(
        {
            tr("quiz.training.col.question"): [quiz_ui.text(i.prompt) for i in overview.items],
            tr("quiz.training.col.kind"): [tr(f"quiz.kind.{i.kind}") for i in overview.items],
            tr("quiz.training.col.responses"): [i.responses for i in overview.items],
            tr("quiz.training.col.facility"): [f"{i.facility:.2f}" for i in overview.items],
            tr("quiz.training.col.discrimination"): [
                quiz_ui.discrimination_words(i.discrimination) for i in overview.items
            ],
            tr("quiz.training.col.flags"): [quiz_ui.flag_words(i.flags) for i in overview.items],
            tr("quiz.training.col.id"): [i.question_id for i in overview.items],
        },
        hide_index=True,
    )
else:
    st.info(tr("quiz.training.no_items"))
