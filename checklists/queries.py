"""The aggregate questions a manager asks, answered by the database (GROUP BY), not by Python loops.

Shift times live in shifts.yaml, not in the database, so the shift occurrences of a period are handed to
the database as conditions (`windows`: per shift the range of dates, and of dates whose windows have
closed, for the sites sharing it; each site in its own time zone). Everything else is joins.

A person owes the two self-checks (start, end) of every shift they are rostered on at a site, and nothing
else (`checklists.attribution`): a check done off the roster is kept and shown, but is never due, so it
never leaves a missed check. A rostered shift with no self-check of a kind once its window closed is
missed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, case, false, func, literal, or_, select, true, union, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Subquery

from accounts.tables import User
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, check_window
from checklists.tables import CheckAnswer, RosterEntry, ShiftCheck
from checklists.views import Compliance, FailedItem, Gap

SELF, SPOT = "self", "spot"


@dataclass(frozen=True)
class Windows:
    """The shift occurrences of a period: per (site, shift) its dates, each with the moment its checks'
    windows close. The queries ask for them as conditions on (site, date, shift) columns: a date range
    per shift for the sites that share it, a few terms whatever the number of centres and days (a
    derived table of one row per occurrence cost more to build and compile than the query to answer)."""

    runs: Mapping[tuple[int, str], tuple[tuple[date, datetime], ...]]

    def matching(self, site: Any, day: Any, shift: Any, closed_by: datetime | None = None) -> Any:
        """(site, day, shift) is an occurrence of the period (whose windows closed before `closed_by`)."""
        sites_of: dict[tuple[str, tuple[date, ...]], list[int]] = {}
        for (site_id, shift_id), run in self.runs.items():
            dates = tuple(d for d, closes_at in run if closed_by is None or closes_at < closed_by)
            if dates:
                sites_of.setdefault((shift_id, dates), []).append(site_id)
        if not sites_of:
            return false()
        return or_(
            *(
                and_(site.in_(sorted(site_ids)), shift == shift_id, _on_dates(day, dates))
                for (shift_id, dates), site_ids in sites_of.items()
            )
        )


def _on_dates(day: Any, dates: tuple[date, ...]) -> Any:
    """A run of consecutive dates as a range (the usual case), any other set as a list."""
    if (dates[-1] - dates[0]).days + 1 == len(dates):
        return day.between(dates[0], dates[-1])
    return day.in_(dates)


def windows(period: Sequence[tuple[int, Occurrence]], settings: ShiftSettings) -> Windows:
    """The period's (site, shift occurrence) pairs, with the moment each one's check windows close."""
    runs: dict[tuple[int, str], list[tuple[date, datetime]]] = {}
    for site_id, occ in period:
        closes_at = check_window(occ, Kind.END, settings).closes_at
        runs.setdefault((site_id, occ.shift_id), []).append((occ.shift_date, closes_at))
    return Windows({key: tuple(sorted(run)) for key, run in runs.items()})


def kinds() -> Subquery:
    return union_all(*(select(literal(k.value, String()).label("kind")) for k in Kind)).subquery("kinds")


def rostered(w: Windows, user_id: int | None = None) -> Subquery:
    """(site_id, user_id, shift_date, shift_id) of every shift of the period someone is rostered on."""
    stmt = select(
        RosterEntry.site_id, RosterEntry.user_id, RosterEntry.shift_date, RosterEntry.shift_id
    ).where(
        w.matching(RosterEntry.site_id, RosterEntry.shift_date, RosterEntry.shift_id),
        RosterEntry.active.is_(True),
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


def _closed(w: Windows, shift: Subquery, now: datetime) -> Any:
    return w.matching(shift.c.site_id, shift.c.shift_date, shift.c.shift_id, closed_by=now)


def compliance(session: Session, w: Windows, now: datetime, user_id: int | None = None) -> list[Compliance]:
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
        .join(k, true())
        .join(User, User.id == shift.c.user_id)
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(_closed(w, shift, now))
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


def board_slots(session: Session, w: Windows) -> list[Any]:
    """One row per person, shift and kind of the period that is rostered or has a self-check: rostered
    or not, the self-check if any. An off-roster check shows alone: it owes no other kind."""
    on_roster = rostered(w)
    k = kinds()
    owed = select(on_roster.c.user_id, on_roster.c.shift_date, on_roster.c.shift_id, k.c.kind).join(k, true())
    checked = select(ShiftCheck.user_id, ShiftCheck.shift_date, ShiftCheck.shift_id, ShiftCheck.kind).where(
        w.matching(ShiftCheck.site_id, ShiftCheck.shift_date, ShiftCheck.shift_id), ShiftCheck.source == SELF
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


def completion_by_day(session: Session, w: Windows, now: datetime, user_id: int | None = None) -> list[Any]:
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
        .join(k, true())
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(_closed(w, shift, now))
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
