"""What the quiz pages share: content readiness, the answer widgets of each question kind, answers and
moments as text, the review of a question, and the printable certificate. Decisions stay in quizzes/."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from core.roles import Actor, Permission
from i18n import t as translate
from quizzes.duties import DUTIES, duty_label
from quizzes.model import Question, QuizContent
from quizzes.views import CertificateView, JudgeNote, ReviewItem
from rules.model import Rulebook
from ui import context
from ui.content import rulebook_state
from ui.context import plain, tr

STATUS_COLOURS = {"valid": "green", "suspended": "orange", "due": "orange", "expired": "red", "none": "gray"}
KIND_COLOURS = {"missing": "orange", "forbidden": "red", "order": "blue", "wrong_time": "violet"}


def ready(actor: Actor) -> tuple[Rulebook, QuizContent]:
    """The rulebook and the quiz content, or a clear refusal (with file:line for managers) and stop."""
    rules = rulebook_state()
    quiz = context.services().quizzes.content_state(rules.rulebook) if rules.rulebook else None
    if rules.rulebook is not None and quiz is not None and quiz.content is not None:
        return rules.rulebook, quiz.content
    st.error(tr("quiz.invalid"))
    if actor.can(Permission.MANAGE_USERS):
        errors = [*rules.errors, *(quiz.errors if quiz else ())]
        st.code("\n".join(e.format(context.lang()) for e in errors), language=None)  # type: ignore[arg-type]
    st.stop()
    raise AssertionError("unreachable")


def text(value: Any) -> str:
    """A bilingual text (rules.model.Text) in the user's language."""
    return value.get(context.lang())


def local_time(moment: datetime | None, timezone: str, with_date: bool = True) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%Y-%m-%d %H:%M}" if with_date else f"{local:%H:%M}"


def local_date(moment: datetime | None, timezone: str) -> str:
    return "—" if moment is None else f"{moment.astimezone(ZoneInfo(timezone)):%Y-%m-%d}"


def joined(parts: Sequence[str]) -> str:
    return ("、" if context.lang() == "zh" else ", ").join(parts)


def rule_titles(rulebook: Rulebook, rule_ids: Sequence[str]) -> str:
    return joined([text(rulebook.by_id[r].title) if r in rulebook.by_id else r for r in rule_ids])


def option_text(question: Question, key: str) -> str:
    option = next((o for o in question.options if o.key == key), None)
    return text(option.text) if option else key


def answer_text(question: Question, answer: Any) -> str:
    """An answer as the user reads it (already escaped for markdown)."""
    if answer is None:
        return tr("quiz.result.no_answer")
    if question.kind == "true_false":
        return tr("quiz.attempt.true") if answer else tr("quiz.attempt.false")
    if question.kind == "single":
        return plain(option_text(question, answer))
    if question.kind == "multiple":
        return plain(joined([option_text(question, k) for k in answer]))
    if question.kind == "ordering":
        return " → ".join(plain(option_text(question, k)) for k in answer)
    return plain(str(answer))


def question_header(question: Question, number: int, total: int) -> None:
    st.markdown(
        f":blue-badge[{tr(f'quiz.kind.{question.kind}')}] "
        f"{tr('quiz.attempt.question_of', n=number, total=total)}"
    )
    st.markdown(f"#### {plain(text(question.prompt))}")


def answer_widget(question: Question, key: str, current: Any) -> Any:
    """The input for one question inside a form; returns the raw answer (None when not given)."""
    keys = [o.key for o in question.options]
    labels = {o.key: plain(text(o.text)) for o in question.options}  # radio and checkbox labels are markdown
    raw_labels = {o.key: text(o.text) for o in question.options}  # multiselect options are plain text
    if question.kind == "single":
        index = keys.index(current) if current in keys else None
        return st.radio(tr("quiz.attempt.answer"), keys, index=index, format_func=labels.__getitem__, key=key)
    if question.kind == "multiple":
        st.caption(tr("quiz.attempt.multiple_hint"))
        chosen = current or []
        return [k for k in keys if st.checkbox(labels[k], value=k in chosen, key=f"{key}_{k}")] or None
    if question.kind == "true_false":
        options = [True, False]
        index = options.index(current) if isinstance(current, bool) else None
        return st.radio(
            tr("quiz.attempt.answer"),
            options,
            index=index,
            format_func=lambda v: tr("quiz.attempt.true") if v else tr("quiz.attempt.false"),
            horizontal=True,
            key=key,
        )
    if question.kind == "ordering":
        st.caption(tr("quiz.attempt.order_hint"))
        return (
            st.multiselect(
                tr("quiz.attempt.order_pick"),
                keys,
                default=current or [],
                format_func=raw_labels.__getitem__,
                key=key,
            )
            or None
        )
    return st.text_area(
        tr("quiz.attempt.answer"), value=current or "", placeholder=tr("quiz.attempt.text_hint"), key=key
    )


def right_answer_text(question: Question) -> str | None:
    if question.kind == "true_false":
        return tr("quiz.attempt.true") if question.answer else tr("quiz.attempt.false")
    if question.kind in ("single", "multiple"):
        return plain(joined([option_text(question, k) for k in question.correct]))
    if question.kind == "ordering":
        return " → ".join(plain(option_text(question, k)) for k in question.correct)
    return None


def own_centre(actor: Actor) -> str:
    """The service centre the user works at (the first of theirs), or words for it when they have none."""
    sites = context.services().sites.my_sites(actor)
    return min(sites, key=lambda s: s.id).name if sites else tr("quiz.own_centre")


def tested(question: Question, rulebook: Rulebook) -> str:
    """What a question tests, in words: the rules' titles and the front-desk duties."""
    parts = [text(rulebook.by_id[r].title) for r in question.rules if r in rulebook.by_id]
    parts += [duty_label(d, context.lang()) for d in question.duties if d in DUTIES]
    return plain(joined(parts))


def chosen_whys(question: Question, answer: Any) -> list[str]:
    """Why each wrong option the taker chose is wrong, where the bank says so."""
    if question.kind == "single":
        chosen = [answer]
    elif question.kind == "multiple":
        chosen = list(answer or [])
    else:
        return []
    return [
        plain(text(o.why))
        for o in question.options
        if o.key in chosen and o.key not in question.correct and o.why is not None
    ]


def flag_words(flags: Sequence[str]) -> str:
    """Item-analysis flags (too_easy, low_discrimination ...) in the user's language."""
    return joined([tr(f"quiz.training.flag.{f}") for f in flags])


def discrimination_words(value: float | None) -> str:
    return tr("quiz.training.no_discrimination") if value is None else f"{value:.2f}"


def notes(items: Sequence[JudgeNote], rulebook: Rulebook) -> None:
    for note in items:
        rule = rulebook.by_id.get(note.rule)
        badge = f":{KIND_COLOURS.get(note.kind, 'gray')}-badge[{tr(f'practice.kind.{note.kind}')}]"
        title = text(rule.title) if rule else note.rule
        st.markdown(
            f"{badge} {plain(title)}  \n{plain(text(note.message))}  \n"
            f"{tr('practice.suggestion', text='**' + plain(note.suggestion) + '**')}"
        )


def review(item: ReviewItem, total: int, rulebook: Rulebook, timezone: str) -> None:
    """One question after submission (or, in practice, right after the answer): the answer given, the
    right one, why the chosen option is wrong, why the right one is right, and what it tests."""
    question = item.question
    if item.answer is None:
        mark = f":gray-badge[{tr('quiz.result.unanswered')}]"
    elif item.correct:
        mark = f":green-badge[{tr('quiz.result.right')}]"
    else:
        mark = f":red-badge[{tr('quiz.result.wrong')}]"
    with st.container(border=True):
        st.markdown(
            f"{mark} :blue-badge[{tr(f'quiz.kind.{question.kind}')}] "
            f"{tr('quiz.attempt.question_of', n=item.position + 1, total=total)}"
        )
        st.markdown(f"**{plain(text(question.prompt))}**")
        st.markdown(tr("quiz.result.your_answer", answer=answer_text(question, item.answer)))
        right = right_answer_text(question)
        if right is not None:
            st.markdown(tr("quiz.result.right_answer", answer=right))
        if item.judged_at is not None:
            st.caption(tr("quiz.result.judged_at", time=f"{item.judged_at:%Y-%m-%d %H:%M}"))
        notes(item.notes, rulebook)
        if item.model_answers:
            wordings = joined([f"“{plain(a)}”" for a in item.model_answers])
            st.markdown(tr("quiz.result.models", answers=wordings))
        if not item.correct:
            for reason in chosen_whys(question, item.answer):
                st.markdown(tr("quiz.result.option_why", text=reason))
        st.markdown(tr("quiz.result.why", text=plain(text(question.why))))
        if question.rules or question.duties:
            st.caption(tr("quiz.result.tests", items=tested(question, rulebook)))
        with st.expander(tr("quiz.result.rules")):
            for rule_id in question.rules:
                rule = rulebook.by_id.get(rule_id)
                if rule is not None:
                    critical = ""
                    if rule.severity == "critical":
                        critical = f" :red-badge[{tr('conduct.severity.critical')}]"
                    st.markdown(f"**{plain(text(rule.title))}**{critical}  \n{plain(text(rule.text))}")


def certificate_html(cert: CertificateView, quiz_title: str, lang: str) -> str:
    """A printable page on its own: every value escaped, no script, no external resource."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    e = html.escape
    rows = [
        (t("quiz.cert.holder"), cert.display_name),
        (t("quiz.cert.site"), cert.site_name),
        (t("quiz.cert.quiz"), quiz_title),
        (t("quiz.cert.score"), f"{cert.score:g}%"),
        (t("quiz.cert.issued"), local_date(cert.issued_at, cert.timezone)),
        (t("quiz.cert.expires"), local_date(cert.expires_at, cert.timezone)),
        (t("quiz.cert.version"), cert.rulebook_version),
        (t("quiz.cert.number"), f"{cert.id:06d}"),
    ]
    table = "\n".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    body = t("quiz.cert.doc_body", name=cert.display_name, quiz=quiz_title, score=f"{cert.score:g}")
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head>
<meta charset="utf-8">
<title>{e(t("quiz.cert.doc_title"))} · {e(cert.display_name)}</title>
<style>
  body {{ font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 3em; }}
  .sheet {{ border: 6px double #7a5c1e; padding: 3em 4em; max-width: 46em; margin: auto;
            text-align: center; }}
  h1 {{ letter-spacing: 0.3em; color: #7a5c1e; }}
  table {{ margin: 2em auto; border-collapse: collapse; text-align: left; }}
  th, td {{ padding: 0.4em 1.2em; border-bottom: 1px solid #ddd; }}
  .foot {{ color: #666; font-size: 0.9em; }}
  @media print {{ body {{ margin: 0; }} .sheet {{ border-width: 4px; }} }}
</style>
</head>
<body>
<div class="sheet">
<h1>{e(t("quiz.cert.doc_title"))}</h1>
<p>{e(body)}</p>
<table>
{table}
</table>
<p class="foot">{e(t("quiz.cert.doc_footer"))}</p>
</div>
</body>
</html>
"""


def rulebook_or_stop(actor: Actor) -> Rulebook:
    """The conduct rulebook; with broken rule content, a notice (the errors for those who manage users)
    and the page stops."""
    state = rulebook_state()
    if state.rulebook is None:
        st.error(tr("conduct.invalid"))
        if actor.can(Permission.MANAGE_USERS):
            st.code("\n".join(e.format(context.lang()) for e in state.errors), language=None)
        st.stop()
    return state.rulebook
