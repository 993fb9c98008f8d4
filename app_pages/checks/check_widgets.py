"""What the shift-check pages share: content readiness, labels for shifts, kinds and times, and the
one-tap answer widgets. Decisions stay in checklists/; this only turns values into widgets and text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

import streamlit as st

from checklists.scoring import Answer
from checklists.settings import ShiftSettings
from checklists.shifts import latest_started
from checklists.views import ActionView, CheckView
from core.errors import DomainError
from core.roles import Actor, Permission
from core.validation import DEFAULT_TIMEZONE
from rules.model import Rulebook
from ui import context
from ui.content import rulebook_state
from ui.context import plain, tr

ANSWERS = [a.value for a in Answer]
STATE_COLOURS = {"open": "red", "in_progress": "orange", "done": "blue", "verified": "green"}

L = TypeVar("L")


def ready(actor: Actor) -> tuple[Rulebook, ShiftSettings]:
    """The rulebook and the shift settings, or a clear refusal (with file:line for managers) and stop."""
    rules = rulebook_state()
    shifts = context.services().checks.settings_state()
    if rules.rulebook is not None and shifts.settings is not None:
        return rules.rulebook, shifts.settings
    st.error(tr("checks.invalid"))
    if actor.can(Permission.MANAGE_SHIFT_CHECKS):
        errors = [*rules.errors, *shifts.errors]
        st.code("\n".join(e.format(context.lang()) for e in errors), language=None)
    st.stop()
    raise AssertionError("unreachable")


def shift_name(settings: ShiftSettings, shift_id: str) -> str:
    shift = settings.shift(shift_id)
    return shift.name.get(context.lang()) if shift else shift_id  # type: ignore[arg-type]


def joined(parts: Iterable[str]) -> str:
    return ("、" if context.lang() == "zh" else ", ").join(parts)


def shift_times(settings: ShiftSettings) -> str:
    return joined(f"{shift_name(settings, s.id)} {s.start}-{s.end}" for s in settings.shifts)


def slot_label(settings: ShiftSettings, shift_date: date, shift_id: str, kind: str) -> str:
    return tr(
        "checks.slot",
        date=day_label(shift_date),
        shift=shift_name(settings, shift_id),
        kind=tr(f"checks.kind.{kind}"),
    )


def day_label(day: date) -> str:
    return f"{day.isoformat()} {tr(f'checks.weekday.{day.weekday()}')}"


def clock(moment: datetime | None, timezone: str, with_date: bool = False) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(timezone))
    return local.strftime("%m-%d %H:%M" if with_date else "%H:%M")


def score_text(score: float | None) -> str:
    return tr("checks.no_score") if score is None else f"{score:.1f}%"


def result_text(passed: bool, critical_failed: bool) -> str:
    if critical_failed:
        return tr("checks.result_critical")
    return tr("checks.result_pass") if passed else tr("checks.result_fail")


def shift_now(settings: ShiftSettings, timezone: str) -> tuple[date, str]:
    """The shift under way at the site (date, shift id): a widget default."""
    occ = latest_started(settings, context.services().clock(), timezone)
    return occ.shift_date, occ.shift_id


def site_timezones(actor: Actor) -> dict[int, tuple[str, str]]:
    """The actor's sites: id -> (name, time zone)."""
    return {s.id: (s.name, s.timezone) for s in context.services().sites.my_sites(actor)}


def timezone_of(actor: Actor) -> Callable[[int], str]:
    """site id -> its time zone, for the actor's sites (read once per page run)."""
    sites = site_timezones(actor)
    return lambda site_id: sites.get(site_id, ("", DEFAULT_TIMEZONE))[1]


def pick_site(actor: Actor, key: str) -> int:
    """A manager with several centres chooses one; with one there is nothing to choose."""
    sites = site_timezones(actor)
    if len(sites) == 1:
        return next(iter(sites))
    return st.selectbox(tr("checks.site"), list(sites), format_func=lambda i: sites[i][0], key=key)


class Question(Protocol):
    rule_id: str
    severity: str

    def question(self, lang: str) -> str: ...


def manager_check_head(actor: Actor, page: str, key: str, none_key: str) -> tuple[int, str, dict[int, str]]:
    """The head of a page where a manager checks someone: title, intro, the site, and the people there
    other than the manager (id -> name); says `none_key` and stops when there is nobody to check."""
    st.title(tr(f"{page}.title"))
    st.caption(tr(f"{page}.intro"))
    flash(f"{key}_flash")
    site_id = pick_site(actor, f"{key}_site")
    tz = timezone_of(actor)(site_id)
    people = listed_or_stop(
        lambda: {
            p.id: p.name for p in context.services().roster.people(actor, site_id) if p.id != actor.user_id
        },
        none_key,
    )
    return site_id, tz, people


def listed_or_stop(load: Callable[[], L], none_key: str) -> L:
    """What `load` lists; the page stops after the service's refusal, or after `none_key` when it is empty."""
    try:
        listed = load()
    except DomainError as exc:
        context.show_error(exc)
        st.stop()
    if not listed:
        st.info(tr(none_key))
        st.stop()
    return listed


def move_action(actor: Actor, action_id: int, move: str, note: str, flash_key: str) -> None:
    """Move a corrective action on; on success the page reruns and says so once."""
    with context.refusals_shown():
        context.services().actions.move_action(actor, action_id, move, note)
        st.session_state[flash_key] = tr("checks.actions.moved")
        st.rerun()


def answer_form(items: Iterable[Question], key: str) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """One segmented control per item (pass / fail / N/A); a note field under each failed item."""
    lang = context.lang()
    answers: dict[str, str | None] = {}
    notes: dict[str, str | None] = {}
    for n, item in enumerate(items, start=1):
        with st.container(border=True):
            mark = f" :red[{tr('checks.critical_mark')}]" if item.severity == "critical" else ""
            label = f"{n} · {plain(item.question(lang))}{mark}"
            question, choice = st.columns([3, 2], vertical_alignment="center")
            question.markdown(label)
            answers[item.rule_id] = choice.segmented_control(
                label,
                ANSWERS,
                format_func=lambda a: tr(f"checks.answer.{a}"),
                key=f"{key}_answer_{item.rule_id}",
                label_visibility="collapsed",
            )
            if answers[item.rule_id] == Answer.FAIL.value:
                notes[item.rule_id] = st.text_input(
                    tr("checks.note"),
                    key=f"{key}_note_{item.rule_id}",
                    max_chars=500,
                    placeholder=tr("checks.note_placeholder"),
                )
    return answers, notes


def clear_answers(items: Iterable[Question], key: str) -> None:
    for item in items:
        st.session_state.pop(f"{key}_answer_{item.rule_id}", None)
        st.session_state.pop(f"{key}_note_{item.rule_id}", None)


def answered_count(answers: Mapping[str, str | None]) -> int:
    return sum(1 for a in answers.values() if a)


def flash(key: str) -> None:
    message = st.session_state.pop(key, None)
    if message:
        st.success(message)


def show_check(view: CheckView, settings: ShiftSettings, timezone: str) -> None:
    """A submitted check: score, result, the answers as asked, and the actions it opened."""
    lang = context.lang()
    score_col, result_col, late_col = st.columns(3)
    score_col.metric(tr("checks.score"), score_text(view.score))
    result_col.metric(tr("checks.history.result"), result_text(view.passed, view.critical_failed))
    if view.late:
        late_col.metric(tr("checks.history.submitted_at"), clock(view.submitted_at, timezone))
        late_col.badge(tr("checks.late"), color="orange")
    details = [
        tr(f"checks.source.{view.source}"),
        tr("checks.pass_mark", mark=view.pass_mark),
        tr("checks.version", version=view.rulebook_version),
    ]
    if view.inspector_name:
        details.append(tr("checks.history.inspector", name=plain(view.inspector_name)))
    if view.amended_at:
        details.append(tr("checks.history.amended", at=clock(view.amended_at, timezone, with_date=True)))
    st.caption(" · ".join(details))
    st.dataframe(
        [
            {
                tr("checks.history.question"): f"{a.position} · {a.question(lang)}",
                tr("checks.history.answer"): tr(f"checks.answer.{a.answer}"),
                tr("checks.note"): a.note or "",
            }
            for a in view.answers
        ],
        hide_index=True,
        width="stretch",
    )
    if view.actions:
        st.markdown(f"**{tr('checks.today.actions_opened')}**")
        for action in view.actions:
            show_action_line(action, timezone)


def show_action_line(action: ActionView, timezone: str) -> None:
    due = tr("checks.today.due", due=clock(action.due_at, timezone, with_date=True))
    state = tr(f"checks.state.{action.state}")
    st.markdown(
        f"- {plain(action.question(context.lang()))} · :{STATE_COLOURS[action.state]}-badge[{state}] · {due}"
    )


def action_card(action: ActionView, settings: ShiftSettings, timezone: str, *, with_name: bool) -> None:
    """The head of a corrective-action card: what failed, where it came from, when it is due."""
    lang = context.lang()
    head, state = st.columns([4, 1])
    who = f"**{plain(action.user_name)}** · " if with_name else ""
    head.markdown(f"{who}**{plain(action.question(lang))}**")
    state.badge(tr(f"checks.state.{action.state}"), color=STATE_COLOURS[action.state])
    if action.overdue:
        state.badge(tr("checks.actions.overdue"), color="red")
    origin = tr(
        "checks.actions.from",
        date=day_label(action.shift_date),
        shift=shift_name(settings, action.shift_id),
        kind=tr(f"checks.kind.{action.kind}"),
        source=tr(f"checks.source.{action.source}"),
    )
    due = tr("checks.today.due", due=clock(action.due_at, timezone, with_date=True))
    st.caption(f"{origin} · {due}")
    if action.failure_note:
        st.markdown(tr("checks.actions.failure", note=plain(action.failure_note)))
    if action.last_note:
        st.markdown(tr("checks.actions.last_note", note=plain(action.last_note)))
