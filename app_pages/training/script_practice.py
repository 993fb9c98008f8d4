"""话术练习 / Script practice: write what you would say, see the judge's findings rule by rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from rules import judge as script_judge
from ui import context
from ui.context import plain, tr

DEFAULT_TIMEZONE = "Asia/Shanghai"
KIND_COLOURS = {"missing": "orange", "forbidden": "red", "order": "blue", "wrong_time": "violet"}
LAST_KEY = "practice_last"  # the last submitted answer: shown again on reruns (e.g. a language switch)

actor = context.actor()
lang = context.lang()

st.title(tr("practice.title"))
rulebook = quiz_ui.rulebook_or_stop(actor)
st.caption(tr("practice.intro"))

sites = context.services().sites.my_sites(actor)
if len(sites) > 1:
    site = st.selectbox(tr("practice.site"), sites, format_func=lambda s: s.name, key="practice_site")
else:
    site = sites[0] if sites else None
if site is None:
    site_name, zone = rulebook.settings.example_site, ZoneInfo(DEFAULT_TIMEZONE)
    st.info(tr("practice.no_site", site=plain(site_name)))
else:
    site_name, zone = site.name, ZoneInfo(site.timezone)

scenarios = {s.id: s for s in rulebook.settings.scenarios}
scenario_id = st.selectbox(
    tr("practice.scenario"),
    list(scenarios),
    format_func=lambda s: scenarios[s].name.get(lang),
    key="practice_scenario",
)
scenario = scenarios[scenario_id]
st.markdown(f"**{plain(scenario.prompt.get(lang))}**")

now = datetime.now(zone).replace(tzinfo=None, second=0, microsecond=0)
if scenario_id == "greet":
    st.session_state.setdefault("practice_day", now.date())
    st.session_state.setdefault("practice_time", now.time())
    day_col, time_col = st.columns(2)
    day = day_col.date_input(tr("practice.date"), key="practice_day")
    clock = time_col.time_input(tr("practice.time"), key="practice_time", step=60)
    st.caption(tr("practice.moment_hint"))
    at = datetime.combine(day, clock)
else:
    at = now  # phone calls and farewells happen now: a greeting must still suit the hour

with st.form("practice_form"):
    text = st.text_area(tr("practice.answer"), placeholder=tr("practice.answer_hint"), key="practice_text")
    submitted = st.form_submit_button(tr("practice.check"), type="primary")
if submitted:
    if text.strip():
        st.session_state[LAST_KEY] = (scenario_id, text, at, site_name)
    else:
        st.session_state.pop(LAST_KEY, None)
        st.warning(tr("practice.empty"))

last = st.session_state.get(LAST_KEY)
if last is not None and last[0] == scenario_id:
    _, said, said_at, said_site = last
    verdict = script_judge.judge(rulebook, scenario_id, said, at=said_at, site=said_site)
    if verdict.ok:
        st.success(tr("practice.passed", score=verdict.score))
    else:
        st.error(tr("practice.failed", count=len(verdict.findings), score=verdict.score))
    st.markdown(tr("practice.you_said", text=plain(said)))
    for finding in verdict.findings:
        rule = rulebook.by_id.get(finding.rule)
        title = rule.title.get(lang) if rule else finding.rule
        badge = f":{KIND_COLOURS[finding.kind]}-badge[{tr(f'practice.kind.{finding.kind}')}]"
        with st.container(border=True):
            st.markdown(
                f"{badge} {tr('practice.rule', title=plain(title), rule_id=f'`{finding.rule}`')}  \n"
                f"{plain(finding.message.get(lang))}  \n"
                f"{tr('practice.suggestion', text='**' + plain(finding.suggestion) + '**')}"
            )

answers = script_judge.model_answers(rulebook, scenario_id, at=at, site=site_name)
if answers:
    with st.expander(tr("practice.models"), expanded=last is not None and last[0] == scenario_id):
        st.caption(tr("practice.models_hint"))
        for answer in answers:
            gloss = f" — {plain(answer.en)}" if lang == "en" and answer.en else ""
            st.markdown(f"- {plain(answer.text)}{gloss}")
