"""The aggregate questions a manager asks, answered by the database (GROUP BY), not by Python loops.

Shift times live in shifts.yaml, not in the database, so the shift occurrences of a period are handed to
the database as conditions (`checklists.occurrence_windows`: per shift the range of dates, and of dates
whose windows have closed, for the sites sharing it; each site in its own time zone). Everything else is
joins.

A person owes the two self-checks (start, end) of every shift they are rostered on at a site, and nothing
else (`checklists.attribution`): a check done off the roster is kept and shown, but is never due, so it
never leaves a missed check. A rostered shift with no self-check of a kind once its window closed is
missed.

Each statement is built once per shape (how many occurrence terms, whether one person is asked about)
with bound parameters for the sites, dates and person, and run with their values: building a statement
costs several times what the database takes to answer it, and the same structure also lets SQLAlchemy
reuse its compiled form.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, case, func, literal, select, true, union, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Subquery

from accounts.tables import User
from checklists.occurrence_windows import Shape, Windows, matching
from checklists.shifts import Kind
from checklists.tables import CheckAnswer, RosterEntry, ShiftCheck
from checklists.views import Compliance, FailedItem, Gap

SELF, SPOT = "self", "spot"


def _person(user_id: int | None) -> dict[str, Any]:
    return {} if user_id is None else {"user_id": user_id}


def kinds() -> Subquery:
    return union_all(*(select(literal(k.value, String()).label("kind")) for k in Kind)).subquery("kinds")


def rostered(due: Shape, by_user: bool) -> Subquery:
    """(site_id, user_id, shift_date, shift_id) of every shift of the period someone (the person
    `user_id`, if `by_user`) is rostered on; the occurrences are the terms named "due"."""
    stmt = select(
        RosterEntry.site_id, RosterEntry.user_id, RosterEntry.shift_date, RosterEntry.shift_id
    ).where(
        matching("due", due, RosterEntry.site_id, RosterEntry.shift_date, RosterEntry.shift_id),
        RosterEntry.active.is_(True),
    )
    if by_user:
        stmt = stmt.where(RosterEntry.user_id == bindparam("user_id"))
    return stmt.subquery("rostered")


def _self_check_on(done: Any, shift: Any, kind_column: Any) -> Any:
    return and_(
        done.user_id == shift.c.user_id,
        done.shift_date == shift.c.shift_date,
        done.shift_id == shift.c.shift_id,
        done.kind == kind_column,
        done.source == SELF,
    )


def _closed(closed: Shape, shift: Subquery) -> Any:
    """The shift's check windows had closed: the terms named "closed"."""
    return matching("closed", closed, shift.c.site_id, shift.c.shift_date, shift.c.shift_id)


def _due_and_closed(w: Windows, now: datetime) -> tuple[Shape, Shape, dict[str, Any]]:
    due, due_params = w.terms("due")
    closed, closed_params = w.terms("closed", closed_by=now)
    return due, closed, {**due_params, **closed_params}


@lru_cache(maxsize=64)
def _compliance_statement(due: Shape, closed: Shape, by_user: bool) -> Select[Any]:
    shift = rostered(due, by_user)
    k = kinds()
    done = aliased(ShiftCheck)
    missing = case((done.id.is_(None), 1), else_=0)
    late = case((done.late.is_(True), 1), else_=0)
    return (
        select(
            shift.c.user_id,
            User.display_name,
            func.count().label("due"),
            func.sum(missing).label("missed"),
            func.sum(late).label("late"),
            func.avg(done.score).label("average"),
        )
        .select_from(shift)
        .join(k, true())
        .join(User, User.id == shift.c.user_id)
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(_closed(closed, shift))
        .group_by(shift.c.user_id, User.display_name)
        .order_by(func.sum(missing).desc(), User.display_name)
    )


def compliance(session: Session, w: Windows, now: datetime, user_id: int | None = None) -> list[Compliance]:
    """Per person: self-checks due (rostered) in windows closed by `now`, done, late, missed, average."""
    due, closed, params = _due_and_closed(w, now)
    stmt = _compliance_statement(due, closed, user_id is not None)
    return [
        Compliance(
            user_id=row.user_id,
            user_name=row.display_name,
            due=int(row.due),
            done=int(row.due) - int(row.missed or 0),
            late=int(row.late or 0),
            missed=int(row.missed or 0),
            average_score=float(row.average) if row.average is not None else None,
        )
        for row in session.execute(stmt, {**params, **_person(user_id)})
    ]


@lru_cache(maxsize=64)
def _board_slots_statement(due: Shape, checked_shape: Shape) -> Select[Any]:
    on_roster = rostered(due, by_user=False)
    k = kinds()
    owed = select(on_roster.c.user_id, on_roster.c.shift_date, on_roster.c.shift_id, k.c.kind).join(k, true())
    checked = select(ShiftCheck.user_id, ShiftCheck.shift_date, ShiftCheck.shift_id, ShiftCheck.kind).where(
        matching("checked", checked_shape, ShiftCheck.site_id, ShiftCheck.shift_date, ShiftCheck.shift_id),
        ShiftCheck.source == SELF,
    )
    slot = union(owed, checked).subquery("slots")
    done = aliased(ShiftCheck)
    roster = aliased(RosterEntry)
    return (
        select(
            slot.c.user_id,
            User.display_name,
            slot.c.shift_date,
            slot.c.shift_id,
            slot.c.kind,
            roster.id.label("roster_id"),
            done.id.label("check_id"),
            done.late,
            done.score,
            done.passed,
            done.failed_count,
            done.submitted_at,
        )
        .select_from(slot)
        .join(User, User.id == slot.c.user_id)
        .outerjoin(
            roster,
            and_(
                roster.user_id == slot.c.user_id,
                roster.shift_date == slot.c.shift_date,
                roster.shift_id == slot.c.shift_id,
                roster.active.is_(True),
            ),
        )
        .outerjoin(done, _self_check_on(done, slot, slot.c.kind))
        .order_by(slot.c.shift_date, slot.c.shift_id, User.display_name, slot.c.kind.desc())
    )


def board_slots(session: Session, w: Windows) -> list[Any]:
    """One row per person, shift and kind of the period that is rostered or has a self-check: rostered
    or not, the self-check if any. An off-roster check shows alone: it owes no other kind."""
    due, due_params = w.terms("due")
    checked, checked_params = w.terms("checked")
    stmt = _board_slots_statement(due, checked)
    return list(session.execute(stmt, {**due_params, **checked_params}))


@cache
def _failed_items_statement() -> Select[Any]:
    return (
        select(
            ShiftCheck.id,
            User.display_name,
            ShiftCheck.shift_id,
            ShiftCheck.kind,
            CheckAnswer.severity,
            CheckAnswer.question_zh,
            CheckAnswer.question_en,
            CheckAnswer.note,
        )
        .join(CheckAnswer, CheckAnswer.check_id == ShiftCheck.id)
        .join(User, User.id == ShiftCheck.user_id)
        .where(
            ShiftCheck.site_id == bindparam("site_id"),
            ShiftCheck.shift_date == bindparam("day"),
            ShiftCheck.source == SELF,
            CheckAnswer.answer == "fail",
        )
        .order_by(ShiftCheck.submitted_at, CheckAnswer.position)
    )


def failed_items(session: Session, site_id: int, day: date) -> list[FailedItem]:
    stmt = _failed_items_statement()
    return [FailedItem(*row) for row in session.execute(stmt, {"site_id": site_id, "day": day})]


def _period(site_ids: Collection[int], since: date, until: date, user_id: int | None) -> dict[str, Any]:
    """The values of the parameters of a statement over the self-checks of sites and dates."""
    return {"site_ids": sorted(site_ids), "since": since, "until": until, **_person(user_id)}


@cache
def _gaps_statement(by_user: bool) -> Select[Any]:
    own, spot = aliased(ShiftCheck), aliased(ShiftCheck)
    same_shift = and_(
        spot.user_id == own.user_id,
        spot.shift_date == own.shift_date,
        spot.shift_id == own.shift_id,
        spot.kind == own.kind,
        spot.source == SPOT,
    )
    in_period = and_(
        own.source == SELF,
        own.site_id.in_(bindparam("site_ids", expanding=True)),
        own.shift_date >= bindparam("since"),
        own.shift_date <= bindparam("until"),
    )
    if by_user:
        in_period = and_(in_period, own.user_id == bindparam("user_id"))
    own_answer, spot_answer = aliased(CheckAnswer), aliased(CheckAnswer)
    kind_answers = (
        select(own.user_id, func.count().label("kind_answers"))
        .join(spot, same_shift)
        .join(own_answer, own_answer.check_id == own.id)
        .join(spot_answer, and_(spot_answer.check_id == spot.id, spot_answer.rule_id == own_answer.rule_id))
        .where(in_period, own_answer.answer == "pass", spot_answer.answer == "fail")
        .group_by(own.user_id)
        .subquery("kind_answers")
    )
    gap = func.avg(own.score - spot.score)
    return (
        select(
            own.user_id,
            User.display_name,
            func.count().label("pairs"),
            func.avg(own.score).label("self_average"),
            func.avg(spot.score).label("spot_average"),
            gap.label("gap"),
            func.max(kind_answers.c.kind_answers).label("kind_answers"),
        )
        .join(spot, same_shift)
        .join(User, User.id == own.user_id)
        .outerjoin(kind_answers, kind_answers.c.user_id == own.user_id)
        .where(in_period)
        .group_by(own.user_id, User.display_name)
        .order_by(gap.desc().nulls_last(), User.display_name)
    )


def gaps(
    session: Session, site_ids: Collection[int], since: date, until: date, user_id: int | None = None
) -> list[Gap]:
    """Per person: self-check and spot check of the same shift and kind side by side, averaged."""
    stmt = _gaps_statement(user_id is not None)

    def number(value: Any) -> float | None:
        return float(value) if value is not None else None

    return [
        Gap(
            user_id=row.user_id,
            user_name=row.display_name,
            pairs=int(row.pairs),
            self_average=number(row.self_average),
            spot_average=number(row.spot_average),
            gap=number(row.gap),
            kind_answers=int(row.kind_answers or 0),
        )
        for row in session.execute(stmt, _period(site_ids, since, until, user_id))
    ]


@lru_cache(maxsize=64)
def _completion_by_day_statement(due: Shape, closed: Shape, by_user: bool) -> Select[Any]:
    shift = rostered(due, by_user)
    k = kinds()
    done = aliased(ShiftCheck)
    return (
        select(
            shift.c.shift_date,
            func.count().label("due"),
            func.sum(case((done.id.is_(None), 1), else_=0)).label("missed"),
            func.sum(case((done.late.is_(True), 1), else_=0)).label("late"),
            func.avg(done.score).label("average"),
            func.sum(case((done.failed_count > 0, 1), else_=0)).label("flagged"),
        )
        .select_from(shift)
        .join(k, true())
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(_closed(closed, shift))
        .group_by(shift.c.shift_date)
        .order_by(shift.c.shift_date)
    )


def completion_by_day(session: Session, w: Windows, now: datetime, user_id: int | None = None) -> list[Any]:
    """Per shift date: self-checks due (rostered, windows closed), missed, late, average score, flagged."""
    due, closed, params = _due_and_closed(w, now)
    stmt = _completion_by_day_statement(due, closed, user_id is not None)
    return list(session.execute(stmt, {**params, **_person(user_id)}))


@cache
def _failures_statement(by_user: bool) -> Select[Any]:
    answered = func.count()
    failed = func.sum(case((CheckAnswer.answer == "fail", 1), else_=0))
    return (
        select(
            ShiftCheck.user_id,
            User.display_name,
            CheckAnswer.rule_id,
            func.min(CheckAnswer.question_zh).label("question_zh"),
            func.min(CheckAnswer.question_en).label("question_en"),
            failed.label("failed"),
            answered.label("answered"),
        )
        .join(CheckAnswer, CheckAnswer.check_id == ShiftCheck.id)
        .join(User, User.id == ShiftCheck.user_id)
        .where(
            ShiftCheck.site_id.in_(bindparam("site_ids", expanding=True)),
            ShiftCheck.source == SELF,
            ShiftCheck.shift_date >= bindparam("since"),
            ShiftCheck.shift_date <= bindparam("until"),
            CheckAnswer.answer != "na",
            ShiftCheck.user_id == bindparam("user_id") if by_user else true(),
        )
        .group_by(ShiftCheck.user_id, User.display_name, CheckAnswer.rule_id)
    )


def failures_by_person_and_rule(
    session: Session, site_ids: Collection[int], since: date, until: date, user_id: int | None = None
) -> list[Any]:
    """(user, rule, failed, answered) over self-checks of the period: the heat map and most-failed items.
    Every self-check counts here, off the roster too: a failed item is a failed item."""
    stmt = _failures_statement(user_id is not None)
    return list(session.execute(stmt, _period(site_ids, since, until, user_id)))
