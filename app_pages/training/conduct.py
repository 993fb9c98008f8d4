"""行为规范 / Code of conduct: every rule by category, with search, severity and examples. Wordings that
name a centre name the user's own."""

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from quizzes.centre import with_centre
from rules import catalog
from ui import context
from ui.context import plain, tr

actor = context.actor()
lang = context.lang()

st.title(tr("conduct.title"))
rulebook = quiz_ui.rulebook_or_stop(actor)
centre = quiz_ui.own_centre(actor)


def own(text: str, site: str | None = None) -> str:
    return plain(with_centre(rulebook, text, centre, site))


st.caption(tr("conduct.version", version=rulebook.version_label, count=len(rulebook.rules)))

SEVERITY_COLOURS = {"critical": "red", "major": "orange", "minor": "gray"}

query_col, category_col = st.columns([3, 2])
query = query_col.text_input(tr("conduct.search"), placeholder=tr("conduct.search_hint"))
category_ids = [c.id for c in rulebook.categories]
chosen = category_col.selectbox(
    tr("conduct.category"),
    ["", *category_ids],
    format_func=lambda c: tr("conduct.all_categories") if not c else catalog.category_name(c, lang),
)

matching = {r.id for r in catalog.search(rulebook, query)}
groups = [
    (category, [r for r in rules if r.id in matching])
    for category, rules in catalog.rules_by_category(rulebook)
    if not chosen or category.id == chosen
]
groups = [(c, rules) for c, rules in groups if rules]
if not groups:
    st.info(tr("conduct.none"))
    st.stop()


def source_label(source: tuple) -> str:  # type: ignore[type-arg]
    items = [tr("conduct.preamble") if s == "preamble" else tr("conduct.item", n=s) for s in source]
    return tr("conduct.source", items=("、" if lang == "zh" else ", ").join(items))


for category, rules in groups:
    st.subheader(f"{catalog.category_name(category.id, lang)} · {len(rules)}")
    for rule in rules:
        with st.container(border=True):
            head, badges = st.columns([3, 2])
            head.markdown(f"**{plain(rule.title.get(lang))}**  \n`{rule.id}`")
            with badges:
                st.badge(tr(f"conduct.severity.{rule.severity}"), color=SEVERITY_COLOURS[rule.severity])
                st.caption(
                    " · ".join(
                        [tr(f"conduct.audience.{rule.applies_to}")]
                        + [tr(f"conduct.moment.{m}") for m in rule.when]
                        + [source_label(rule.source)]
                    )
                )
            st.markdown(own(rule.text.get(lang)))
            if lang == "en":
                st.caption(own(rule.text.zh))
            if rule.check is not None:
                st.markdown(tr("conduct.check", question=plain(rule.check.get(lang))))
            if rule.speech is None:
                continue
            for forbidden in rule.speech.forbidden:
                st.markdown(
                    tr(
                        "conduct.forbidden",
                        phrase=plain("、".join(forbidden.phrasings)),
                        better=own(forbidden.better.zh),
                    )
                )
            good = [e for e in rule.speech.examples if e.ok]
            bad = [e for e in rule.speech.examples if not e.ok]
            if good or bad:
                left, right = st.columns(2)
                left.markdown(f"**{tr('conduct.good')}**")
                for example in good:
                    gloss = f"  \n{own(example.en, example.site)}" if lang == "en" else ""
                    left.success(own(example.text, example.site) + gloss)
                right.markdown(f"**{tr('conduct.bad')}**")
                for example in bad:
                    note = own(example.note.get(lang), example.site) if example.note else ""
                    gloss = f"  \n{own(example.en, example.site)}" if lang == "en" else ""
                    right.error(own(example.text, example.site) + gloss + (f"  \n{note}" if note else ""))
