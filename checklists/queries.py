"""The aggregate questions a manager asks, answered by the database (GROUP BY), not by Python loops.

Shift times live in shifts.yaml, not in the database, so the shift occurrences of a period are handed to
the database as a small derived table (`windows`: one row per shift and date). Everything else is joins.

Who worked a shift (date + shift) at a site:
  - anyone rostered on it, or anyone who submitted a check for it (a start check with no end check is
    still a missed end check);
  - a staff member who logged in during the shift's active window (shifts.active_window), unless they
    were rostered on, or checked, another shift that date: their login belongs to that shift.
A worked shift owes two self-checks (start, end); one with no self-check after its window closed is missed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    String,
    and_,
    case,
    exists,
    func,
    literal,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import CTE, Subquery

from accounts.tables import LoginSession, User, UserSite
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, active_window, check_window
from checklists.tables import CheckAnswer, RosterEntry, ShiftCheck
from checklists.views import Compliance, FailedItem, Gap
from core.roles import Role
from store.coltypes import UTCDateTime

SELF, SPOT = "self", "spot"


def windows(occurrences: Sequence[Occurrence], settings: ShiftSettings) -> CTE:
    """The shift occurrences of a period as rows: shift_date, shift_id, active_from/until, closes_at."""
    rows = []
    for occ in occurrences:
        active_from, active_until = active_window(occ, settings)
        closes_at = check_window(occ, Kind.END, settings).closes_at
        rows.append(
            select(
                literal(occ.shift_date, Date()).label("shift_date"),
                literal(occ.shift_id, String()).label("shift_id"),
                literal(active_from, UTCDateTime()).label("active_from"),
                literal(active_until, UTCDateTime()).label("active_until"),
                literal(closes_at, UTCDateTime()).label("closes_at"),
            )
        )
    return union_all(*rows).cte("windows")


def kinds() -> Subquery:
    return union_all(*(select(literal(k.value, String()).label("kind")) for k in Kind)).subquery("kinds")


def worked(site_id: int, w: CTE) -> Subquery:
    """(user_id, shift_date, shift_id) for every shift of the period someone worked at the site."""
    on_shift = and_(RosterEntry.shift_date == w.c.shift_date, RosterEntry.shift_id == w.c.shift_id)
    rostered = (
        select(RosterEntry.user_id, RosterEntry.shift_date, RosterEntry.shift_id)
        .join(w, on_shift)
        .where(RosterEntry.site_id == site_id, RosterEntry.active.is_(True))
    )
    checked = (
        select(ShiftCheck.user_id, ShiftCheck.shift_date, ShiftCheck.shift_id)
        .join(w, and_(ShiftCheck.shift_date == w.c.shift_date, ShiftCheck.shift_id == w.c.shift_id))
        .where(ShiftCheck.site_id == site_id)
    )
    other_roster = aliased(RosterEntry)
    other_check = aliased(ShiftCheck)
    # The period's bounds first, so the logins are found by time (index), not per person's history.
    first = select(func.min(w.c.active_from)).scalar_subquery()
    last = select(func.max(w.c.active_until)).scalar_subquery()
    logged_in = (
        select(LoginSession.user_id, w.c.shift_date, w.c.shift_id)
        .join(w, and_(LoginSession.created_at >= w.c.active_from, LoginSession.created_at < w.c.active_until))
        .join(UserSite, and_(UserSite.user_id == LoginSession.user_id, UserSite.site_id == site_id))
        .join(User, User.id == LoginSession.user_id)
        .where(
            LoginSession.created_at >= first,
            LoginSession.created_at < last,
            User.role == Role.STAFF.value,
            ~exists().where(
                other_roster.user_id == LoginSession.user_id,
                other_roster.shift_date == w.c.shift_date,
                other_roster.shift_id != w.c.shift_id,
                other_roster.active.is_(True),
            ),
            ~exists().where(
                other_check.user_id == LoginSession.user_id,
                other_check.shift_date == w.c.shift_date,
                other_check.shift_id != w.c.shift_id,
            ),
        )
    )
    return union(rostered, checked, logged_in).subquery("worked")


def _self_check_on(done: Any, shift: Any, kind_column: Any) -> Any:
    return and_(
        done.user_id == shift.c.user_id,
        done.shift_date == shift.c.shift_date,
        done.shift_id == shift.c.shift_id,
        done.kind == kind_column,
        done.source == SELF,
    )


def tallies(session: Session, site_id: int, w: CTE, now: datetime) -> list[Any]:
    """Per person and shift date, over the windows closed by `now`: self-checks due, missed, late, the
    sum and count of their scores, flagged checks. One GROUP BY ("who worked" built once); the figures
    per person and per day are sums of these rows (`compliance_of`, `days_of`)."""
    shift = worked(site_id, w)
    k = kinds()
    done = aliased(ShiftCheck)
    stmt = (
        select(
            shift.c.user_id,
            User.display_name,
            shift.c.shift_date,
            func.count().label("due"),
            func.sum(case((done.id.is_(None), 1), else_=0)).label("missed"),
            func.sum(case((done.late.is_(True), 1), else_=0)).label("late"),
            func.sum(done.score).label("score_sum"),
            func.count(done.score).label("scored"),
            func.sum(case((done.failed_count > 0, 1), else_=0)).label("flagged"),
        )
        .select_from(shift)
        .join(w, and_(w.c.shift_date == shift.c.shift_date, w.c.shift_id == shift.c.shift_id))
        .join(k, true())
        .join(User, User.id == shift.c.user_id)
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .where(w.c.closes_at < now)
        .group_by(shift.c.user_id, User.display_name, shift.c.shift_date)
        .order_by(User.display_name, shift.c.user_id, shift.c.shift_date)
    )
    return list(session.execute(stmt))


@dataclass
class _Sum:
    due: int = 0
    missed: int = 0
    late: int = 0
    score_sum: float = 0.0
    scored: int = 0
    flagged: int = 0

    def add(self, row: Any) -> None:
        self.due += int(row.due)
        self.missed += int(row.missed or 0)
        self.late += int(row.late or 0)
        self.score_sum += float(row.score_sum or 0)
        self.scored += int(row.scored or 0)
        self.flagged += int(row.flagged or 0)

    @property
    def average(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None


def compliance_of(rows: Sequence[Any]) -> list[Compliance]:
    """Per person from `tallies`: most missed first, then by name (the database's name order)."""
    people: dict[int, tuple[str, _Sum]] = {}
    for row in rows:
        people.setdefault(row.user_id, (row.display_name, _Sum()))[1].add(row)
    found = [
        Compliance(
            user_id=user_id,
            user_name=name,
            due=t.due,
            done=t.due - t.missed,
            late=t.late,
            missed=t.missed,
            average_score=t.average,
        )
        for user_id, (name, t) in people.items()
    ]
    return sorted(found, key=lambda c: -c.missed)  # stable: name order kept among equals


def days_of(rows: Sequence[Any]) -> list[tuple[date, _Sum]]:
    """Per shift date from `tallies`, earliest first."""
    by_day: dict[date, _Sum] = defaultdict(_Sum)
    for row in rows:
        by_day[row.shift_date].add(row)
    return sorted(by_day.items())


def compliance(session: Session, site_id: int, w: CTE, now: datetime) -> list[Compliance]:
    """Per person: self-checks due in windows closed by `now`, done, late, missed, average score."""
    return compliance_of(tallies(session, site_id, w, now))


def board_slots(session: Session, site_id: int, w: CTE) -> list[Any]:
    """One row per person, shift and kind of the period: rostered or not, the self-check if any."""
    shift = worked(site_id, w)
    k = kinds()
    done = aliased(ShiftCheck)
    roster = aliased(RosterEntry)
    stmt = (
        select(
            shift.c.user_id,
            User.display_name,
            shift.c.shift_date,
            shift.c.shift_id,
            k.c.kind,
            roster.id.label("roster_id"),
            done.id.label("check_id"),
            done.late,
            done.score,
            done.passed,
            done.failed_count,
            done.submitted_at,
        )
        .select_from(shift)
        .join(k, true())
        .join(User, User.id == shift.c.user_id)
        .outerjoin(
            roster,
            and_(
                roster.user_id == shift.c.user_id,
                roster.shift_date == shift.c.shift_date,
                roster.shift_id == shift.c.shift_id,
                roster.active.is_(True),
            ),
        )
        .outerjoin(done, _self_check_on(done, shift, k.c.kind))
        .order_by(shift.c.shift_date, shift.c.shift_id, User.display_name, k.c.kind.desc())
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


def gaps(session: Session, site_id: int, since: date, until: date) -> list[Gap]:
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
        own.source == SELF, own.site_id == site_id, own.shift_date >= since, own.shift_date <= until
    )
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


def failures_by_person_and_rule(session: Session, site_id: int, since: date, until: date) -> list[Any]:
    """(user, rule, failed, answered) over self-checks of the period: the heat map and most-failed items."""
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
            ShiftCheck.site_id == site_id,
            ShiftCheck.source == SELF,
            ShiftCheck.shift_date >= since,
            ShiftCheck.shift_date <= until,
            CheckAnswer.answer != "na",
        )
        .group_by(ShiftCheck.user_id, User.display_name, CheckAnswer.rule_id)
    )
    return list(session.execute(stmt))
