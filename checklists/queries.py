"""The aggregate questions a manager asks, answered by the database (GROUP BY), not by Python loops.

Shift times live in shifts.yaml, not in the database, so the shift occurrences of a period are handed to
the database as a small derived table (`windows`: one row per site, shift and date; each site in its own
time zone). Everything else is joins.

A person owes the two self-checks (start, end) of every shift they are rostered on at a site, and nothing
else (`checklists.attribution`): a check done off the roster is kept and shown, but is never due, so it
never leaves a missed check. A rostered shift with no self-check of a kind once its window closed is
missed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Integer, String, and_, case, func, literal, select, true, union, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import CTE, Subquery

from accounts.tables import User
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, check_window
from checklists.tables import CheckAnswer, RosterEntry, ShiftCheck
from checklists.views import Compliance, FailedItem, Gap
from store.coltypes import UTCDateTime

SELF, SPOT = "self", "spot"


def windows(period: Sequence[tuple[int, Occurrence]], settings: ShiftSettings) -> CTE:
    """(site, shift occurrence) pairs as rows: site_id, shift_date, shift_id, closes_at."""
    rows = []
    for site_id, occ in period:
        closes_at = check_window(occ, Kind.END, settings).closes_at
        rows.append(
            select(
                literal(site_id, Integer()).label("site_id"),
                literal(occ.shift_date, Date()).label("shift_date"),
                literal(occ.shift_id, String()).label("shift_id"),
                literal(closes_at, UTCDateTime()).label("closes_at"),
            )
        )
    return union_all(*rows).cte("windows")


def kinds() -> Subquery:
    return union_all(*(select(literal(k.value, String()).label("kind")) for k in Kind)).subquery("kinds")


def in_window(table: Any, w: CTE):  # type: ignore[no-untyped-def]
    """The join of a row of `table` (a roster entry, a check) to its shift in the period's window `w`."""
    return and_(
        table.site_id == w.c.site_id, table.shift_date == w.c.shift_date, table.shift_id == w.c.shift_id
    )


def rostered(w: CTE, user_id: int | None = None) -> Subquery:
    """(site_id, user_id, shift_date, shift_id) of every shift of the period someone is rostered on."""
    stmt = (
        select(RosterEntry.site_id, RosterEntry.user_id, RosterEntry.shift_date, RosterEntry.shift_id)
        .join(w, in_window(RosterEntry, w))
        .where(RosterEntry.active.is_(True))
    )
    if user_id is not None:
        stmt = stmt.where(RosterEntry.user_id == user_id)
    return stmt.subquery("rostered")


def _self_check_on(done: Any, shift: Any, kind_column: Any) -> Any:
    return and_(
        done.user_id == shift.c.user_id,
        done.shift_date == shift.c.shift_date,
        done.shift_id == shift.c.shift_id,
        done.kind == kind_column,
        done.source == SELF,
    )


def _on_window(w: CTE, shift: Subquery) -> Any:
    return and_(
        w.c.site_id == shift.c.site_id, w.c.shift_date == shift.c.shift_date, w.c.shift_id == shift.c.shift_id
    )


def compliance(session: Session, w: CTE, now: datetime, user_id: int | None = None) -> list[Compliance]:
    """Per person: self-checks due (rostered) in windows closed by `now`, done, late, missed, average."""
    shift = rostered(w, user_id)
    k = kinds()
    done = aliased(ShiftCheck)
    missing = case((done.id.is_(None), 1), else_=0)
    late = case((done.late.is_(True), 1), else_=0)
    stmt = (
        select(
            shift.c.user_id,
            User.display_name,
            func.count().label("due"),
            func.sum(missing).label("missed"),
            func.sum(late).label("late"),
            func.avg(done.score).label("average"),
        )
        .select_from(shift)
        .join(w, _on_window(w, shift))
        .join(k, true())
        .join(User, User.id == shift.c.user_id)
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(w.c.closes_at < now)
        .group_by(shift.c.user_id, User.display_name)
        .order_by(func.sum(missing).desc(), User.display_name)
    )
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
        for row in session.execute(stmt)
    ]


def board_slots(session: Session, w: CTE) -> list[Any]:
    """One row per person, shift and kind of the period that is rostered or has a self-check: rostered
    or not, the self-check if any. An off-roster check shows alone: it owes no other kind."""
    on_roster = rostered(w)
    k = kinds()
    owed = select(on_roster.c.user_id, on_roster.c.shift_date, on_roster.c.shift_id, k.c.kind).join(k, true())
    checked = (
        select(ShiftCheck.user_id, ShiftCheck.shift_date, ShiftCheck.shift_id, ShiftCheck.kind)
        .join(w, in_window(ShiftCheck, w))
        .where(ShiftCheck.source == SELF)
    )
    slot = union(owed, checked).subquery("slots")
    done = aliased(ShiftCheck)
    roster = aliased(RosterEntry)
    stmt = (
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
    return list(session.execute(stmt))


def failed_items(session: Session, site_id: int, day: date) -> list[FailedItem]:
    stmt = (
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
            ShiftCheck.site_id == site_id,
            ShiftCheck.shift_date == day,
            ShiftCheck.source == SELF,
            CheckAnswer.answer == "fail",
        )
        .order_by(ShiftCheck.submitted_at, CheckAnswer.position)
    )
    return [FailedItem(*row) for row in session.execute(stmt)]


def gaps(
    session: Session, site_ids: Collection[int], since: date, until: date, user_id: int | None = None
) -> list[Gap]:
    """Per person: self-check and spot check of the same shift and kind side by side, averaged."""
    own, spot = aliased(ShiftCheck), aliased(ShiftCheck)
    same_shift = and_(
        spot.user_id == own.user_id,
        spot.shift_date == own.shift_date,
        spot.shift_id == own.shift_id,
        spot.kind == own.kind,
        spot.source == SPOT,
    )
    in_period = and_(
        own.source == SELF, own.site_id.in_(site_ids), own.shift_date >= since, own.shift_date <= until
    )
    if user_id is not None:
        in_period = and_(in_period, own.user_id == user_id)
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
    stmt = (
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
        for row in session.execute(stmt)
    ]


def completion_by_day(session: Session, w: CTE, now: datetime, user_id: int | None = None) -> list[Any]:
    """Per shift date: self-checks due (rostered, windows closed), missed, late, average score, flagged."""
    shift = rostered(w, user_id)
    k = kinds()
    done = aliased(ShiftCheck)
    stmt = (
        select(
            shift.c.shift_date,
            func.count().label("due"),
            func.sum(case((done.id.is_(None), 1), else_=0)).label("missed"),
            func.sum(case((done.late.is_(True), 1), else_=0)).label("late"),
            func.avg(done.score).label("average"),
            func.sum(case((done.failed_count > 0, 1), else_=0)).label("flagged"),
        )
        .select_from(shift)
        .join(w, _on_window(w, shift))
        .join(k, true())
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(w.c.closes_at < now)
        .group_by(shift.c.shift_date)
        .order_by(shift.c.shift_date)
    )
    return list(session.execute(stmt))


def failures_by_person_and_rule(
    session: Session, site_ids: Collection[int], since: date, until: date, user_id: int | None = None
) -> list[Any]:
    """(user, rule, failed, answered) over self-checks of the period: the heat map and most-failed items.
    Every self-check counts here, off the roster too: a failed item is a failed item."""
    answered = func.count()
    failed = func.sum(case((CheckAnswer.answer == "fail", 1), else_=0))
    stmt = (
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
            ShiftCheck.site_id.in_(site_ids),
            ShiftCheck.source == SELF,
            ShiftCheck.shift_date >= since,
            ShiftCheck.shift_date <= until,
            CheckAnswer.answer != "na",
            true() if user_id is None else ShiftCheck.user_id == user_id,
        )
        .group_by(ShiftCheck.user_id, User.display_name, CheckAnswer.rule_id)
    )
    return list(session.execute(stmt))
