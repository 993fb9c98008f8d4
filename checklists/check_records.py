"""Writing and reading one check, for self-checks and spot checks alike: the check with its raw answers
and score, a history row, the corrective actions its failed items open; and the check as shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import User
from checklists import scoring
from checklists.corrective_actions import action_views, open_actions
from checklists.queries import SELF, SPOT
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence
from checklists.tables import CheckAnswer, CorrectiveAction, ShiftCheck
from checklists.views import ActionView, AnswerView, CheckView
from core.errors import ValidationFailed
from core.roles import Actor
from core.views import view_of
from rules.model import Rulebook
from store import history
from store.clock import Clock
from store.db import SessionFactory


def store_check(
    sessions: SessionFactory,
    clock: Clock,
    actor: Actor,
    settings: ShiftSettings,
    occ: Occurrence,
    rulebook: Rulebook,
    *,
    site_id: int,
    user_id: int,
    gender: str,
    kind: Kind,
    source: str,
    answers: Mapping[str, str | None],
    notes: Mapping[str, str | None],
    late: bool,
) -> CheckView:
    """The person's items of this kind (as their gender asks them), answered, scored and stored."""
    items = scoring.build_items(rulebook, kind, gender, settings.weights)
    responses = scoring.collect(items, answers, notes)
    rulebook_version = rulebook.version_label
    refusal = "checks.error.already_submitted" if source == SELF else "checks.error.already_spot_checked"
    if existing_check(sessions, user_id, occ, kind, source) is not None:
        raise ValidationFailed(refusal)
    result = scoring.score(responses, settings.pass_mark)
    now = clock()
    try:
        with sessions.begin() as session:
            found = ShiftCheck(
                site_id=site_id,
                user_id=user_id,
                source=source,
                inspector_id=actor.user_id if source == SPOT else None,
                shift_date=occ.shift_date,
                shift_id=occ.shift_id,
                kind=kind.value,
                rulebook_version=rulebook_version,
                pass_mark=settings.pass_mark,
                submitted_at=now,
                late=late,
            )
            apply_score(found, result)
            session.add(found)
            session.flush()  # the unique constraint speaks here if another submission won
            session.add_all(
                CheckAnswer(
                    check_id=found.id,
                    position=n,
                    rule_id=r.item.rule_id,
                    severity=r.item.severity,
                    weight=r.item.weight,
                    question_zh=r.item.question_zh,
                    question_en=r.item.question_en,
                    answer=r.answer.value,
                    note=r.note,
                )
                for n, r in enumerate(responses, start=1)
            )
            history.Recorder(session, actor.user_id, now).of(
                found,
                "shift_check",
                "submit" if source == SELF else "spot_check",
                history.diff(
                    {},
                    {
                        "user_id": user_id,
                        "shift": f"{occ.shift_date} {occ.shift_id}",
                        "kind": kind.value,
                        "rulebook_version": rulebook_version,
                        "late": late,
                    }
                    | score_fields(found),
                ),
            )
            open_actions(session, actor, settings, occ, found, responses, now)
            session.flush()
            return check_view(session, found, actor, clock)
    except IntegrityError as exc:
        # Two submissions for the same shift at once: the unique constraint let one through.
        raise ValidationFailed(refusal) from exc


def existing_check(
    sessions: SessionFactory, user_id: int, occ: Occurrence, kind: Kind, source: str
) -> int | None:
    with sessions() as session:
        return session.scalar(
            select(ShiftCheck.id).where(
                ShiftCheck.user_id == user_id,
                ShiftCheck.shift_date == occ.shift_date,
                ShiftCheck.shift_id == occ.shift_id,
                ShiftCheck.kind == kind.value,
                ShiftCheck.source == source,
            )
        )


def check_view(session: Session, found: ShiftCheck, actor: Actor, clock: Clock) -> CheckView:
    return check_views(session, [found], actor, clock)[0]


def check_views(
    session: Session, checks: Sequence[ShiftCheck], actor: Actor, clock: Clock
) -> list[CheckView]:
    """The checks as shown, in their order: three queries for the whole page, not three per check."""
    if not checks:
        return []
    ids = [c.id for c in checks]
    people = {c.user_id for c in checks} | {c.inspector_id for c in checks if c.inspector_id is not None}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(people))).all())
    answers: dict[int, list[AnswerView]] = defaultdict(list)
    in_page = CheckAnswer.check_id.in_(ids)
    for a in session.scalars(select(CheckAnswer).where(in_page).order_by(CheckAnswer.position)):
        answers[a.check_id].append(_answer_view(a))
    actions: dict[int, list[ActionView]] = defaultdict(list)
    for action in action_views(session, actor, (CorrectiveAction.check_id.in_(ids),), clock):
        actions[action.check_id].append(action)
    return [
        view_of(
            CheckView,
            found,
            user_name=names[found.user_id],
            inspector_name=names.get(found.inspector_id) if found.inspector_id is not None else None,
            answers=tuple(answers[found.id]),
            actions=tuple(actions[found.id]),
        )
        for found in checks
    ]


def _answer_view(a: CheckAnswer) -> AnswerView:
    return AnswerView(
        a.position, a.rule_id, a.severity, a.weight, a.question_zh, a.question_en, a.answer, a.note
    )


def apply_score(found: ShiftCheck, result: scoring.Score) -> None:
    found.score = result.percent
    found.passed = result.passed
    found.critical_failed = result.critical_failed
    found.failed_count = len(result.failed)


def score_fields(found: ShiftCheck) -> dict[str, Any]:
    score = round(found.score, 1) if found.score is not None else None
    return {"score": score, "passed": found.passed, "critical_failed": found.critical_failed}


def answer_fields(rows: Iterable[CheckAnswer]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for row in rows:
        fields[f"answer.{row.rule_id}"] = row.answer
        fields[f"note.{row.rule_id}"] = row.note
    return fields
