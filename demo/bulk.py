"""The benchmark's faster path for its largest tables: the roster, shift checks with their answers and
corrective actions, written as rows in batches instead of one service call each.

The rows are what ShiftCheckService would write for the same plan (demo.checks.plan_checks): items
from `checklists.scoring.build_items`, the score from `scoring.score`, lateness from the check window,
actions due when the person's next rostered shift starts (`shifts.next_shift_start`), every move checked
by `actions.move`, and the history rows the service leaves. tests/integration/test_demo.py compares the
two paths on a small centre.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from checklists import actions, scoring
from checklists.corrective_actions import ROSTER_LOOKAHEAD_DAYS
from checklists.queries import SELF, SPOT
from checklists.scoring import build_items
from checklists.shifts import Timing, check_window, next_shift_start, timing
from checklists.tables import CheckAnswer, CorrectiveAction, RosterEntry, ShiftCheck
from demo import plan
from demo.centre import Centre
from demo.checks import CheckIntent, plan_checks
from demo.people import MANAGER
from store import history
from store.tables import HistoryRow


@dataclass
class _Pending:
    roster: list[dict[str, Any]] = field(default_factory=list)
    checks: list[CheckIntent] = field(default_factory=list)


class BulkChecks:
    """Same interface as demo.checks.ServiceChecks: roster(), plan_day(), flush()."""

    def __init__(self, centre: Centre) -> None:
        self.c = centre
        self.pending = _Pending()
        self.assigned_upto = -1  # the last day index whose roster is written
        self.written = 0

    def roster(self, index: int, when: datetime | None) -> None:
        c = self.c
        now = when or c.clock()
        day = c.local_day(index)
        for shift_id, people in c.crew(index).items():
            for person in people:
                self.pending.roster.append(
                    dict(
                        site_id=c.site_id, user_id=c.user_ids[person.username], shift_date=day,
                        shift_id=shift_id, active=True, created_by=c.user_ids[MANAGER], created_at=now,
                        updated_at=now,
                    )
                )  # fmt: skip
        self.assigned_upto = max(self.assigned_upto, index)

    def plan_day(self, index: int, day: date) -> None:
        self.pending.checks.extend(plan_checks(self.c, index, day))

    def flush(self, until: datetime, final: bool = False) -> None:
        """Write the roster planned so far and every check done by `until`."""
        due = sorted((i for i in self.pending.checks if i.when <= until), key=lambda i: i.when)
        self.pending.checks = [] if final else [i for i in self.pending.checks if i.when > until]
        roster, self.pending.roster = self.pending.roster, []
        if not roster and not due:
            return
        with self.c.svc.sessions.begin() as session:
            if roster:
                self._write_roster(session, roster)
            if due:
                self._write_checks(session, due)
        self.written += len(due)

    # --- rows ---------------------------------------------------------------------------------

    def _write_roster(self, session: Any, rows: list[dict[str, Any]]) -> None:
        ids = session.scalars(
            insert(RosterEntry).returning(RosterEntry.id, sort_by_parameter_order=True), rows
        ).all()
        session.execute(
            insert(HistoryRow),
            [
                dict(
                    at=r["created_at"],
                    actor_id=r["created_by"],
                    site_id=r["site_id"],
                    entity="roster",
                    entity_id=str(entry_id),
                    action="assign",
                    note=None,
                    changes=history.diff(
                        {"active": False},
                        {
                            "active": True,
                            "user_id": r["user_id"],
                            "shift": f"{r['shift_date']} {r['shift_id']}",
                        },
                    ),
                )
                for entry_id, r in zip(ids, rows, strict=True)
            ],
        )

    def _write_checks(self, session: Any, intents: list[CheckIntent]) -> None:
        c = self.c
        settings, rulebook = c.settings, c.rulebook
        rows, scored = [], []
        for intent in intents:
            person = intent.person
            items = build_items(rulebook, intent.kind, person.gender, settings.weights)
            responses = scoring.collect(items, intent.answers, intent.notes)
            result = scoring.score(responses, settings.pass_mark)
            source = SELF if intent.inspector is None else SPOT
            late = (
                source == SELF
                and timing(check_window(intent.occ, intent.kind, settings), intent.when) is Timing.LATE
            )
            rows.append(
                dict(
                    site_id=c.site_id, user_id=c.user_ids[person.username], source=source,
                    inspector_id=c.user_ids[intent.inspector] if intent.inspector else None,
                    shift_date=intent.occ.shift_date, shift_id=intent.occ.shift_id, kind=intent.kind.value,
                    rulebook_version=rulebook.version_label, pass_mark=settings.pass_mark,
                    submitted_at=intent.when, late=late, score=result.percent, passed=result.passed,
                    critical_failed=result.critical_failed, failed_count=len(result.failed),
                )
            )  # fmt: skip
            scored.append(responses)
        ids = session.scalars(
            insert(ShiftCheck).returning(ShiftCheck.id, sort_by_parameter_order=True), rows
        ).all()
        answers, histories, opened = [], [], []
        for check_id, row, responses, intent in zip(ids, rows, scored, intents, strict=True):
            for n, r in enumerate(responses, start=1):
                answers.append(
                    dict(
                        check_id=check_id, position=n, rule_id=r.item.rule_id, severity=r.item.severity,
                        weight=r.item.weight, question_zh=r.item.question_zh, question_en=r.item.question_en,
                        answer=r.answer.value, note=r.note,
                    )
                )  # fmt: skip
            score = round(row["score"], 1) if row["score"] is not None else None
            shift = f"{row['shift_date']} {row['shift_id']}"
            fields = {
                "user_id": row["user_id"], "shift": shift, "kind": row["kind"], "late": row["late"],
                "rulebook_version": row["rulebook_version"], "score": score,
                "passed": row["passed"], "critical_failed": row["critical_failed"],
            }  # fmt: skip
            actor = row["inspector_id"] or row["user_id"]
            histories.append(
                dict(
                    at=row["submitted_at"], actor_id=actor, site_id=c.site_id, entity="shift_check",
                    entity_id=str(check_id), action="submit" if row["source"] == SELF else "spot_check",
                    changes=history.diff({}, fields), note=None,
                )
            )  # fmt: skip
            failed = [r for r in responses if r.answer is scoring.Answer.FAIL]
            if failed:
                due_at = self._next_shift(intent)
                rng = random.Random(intent.seed)
                for r in failed:
                    opened.append(
                        (check_id, row, r.item.rule_id, due_at, plan.action_moves(rng, intent.when, c.tz))
                    )
        if answers:
            session.execute(insert(CheckAnswer), answers)
        self._write_actions(session, opened, histories)
        session.execute(insert(HistoryRow), histories)

    def _write_actions(self, session: Any, opened: list[Any], histories: list[dict[str, Any]]) -> None:
        if not opened:
            return
        c = self.c
        rows, trails = [], []
        for check_id, check, rule_id, due_at, moves in opened:
            state, updated, note, verified_by, verified_at = (
                actions.State.OPEN,
                check["submitted_at"],
                None,
                None,
                None,
            )
            trail = []
            for move in moves:
                if move.at > c.end:
                    break
                is_manager = move.by == "manager"
                target = actions.move(
                    state, actions.State(move.target), is_owner=not is_manager, is_manager=is_manager
                )
                before = {"state": state.value, "note": note}
                state, updated, note = target, move.at, move.note or note
                if target is actions.State.VERIFIED:
                    verified_by, verified_at = c.user_ids[MANAGER], move.at
                actor = c.user_ids[MANAGER] if is_manager else check["user_id"]
                changes = history.diff(before, {"state": state.value, "note": note})
                trail.append((move.at, actor, target.value, changes, move.note or None))
            rows.append(
                dict(
                    site_id=c.site_id, user_id=check["user_id"], check_id=check_id, rule_id=rule_id,
                    state=state.value, due_at=due_at, created_at=check["submitted_at"], updated_at=updated,
                    last_note=note, verified_by=verified_by, verified_at=verified_at,
                )
            )  # fmt: skip
            trails.append((check, rule_id, due_at, trail))
        ids = session.scalars(
            insert(CorrectiveAction).returning(CorrectiveAction.id, sort_by_parameter_order=True), rows
        ).all()
        for action_id, (check, rule_id, due_at, trail) in zip(ids, trails, strict=True):
            opener = check["inspector_id"] or check["user_id"]
            histories.append(
                dict(
                    at=check["submitted_at"], actor_id=opener, site_id=c.site_id, entity="corrective_action",
                    entity_id=str(action_id), action="open", note=None,
                    changes=history.diff({}, {"state": "open", "rule": rule_id, "due_at": due_at}),
                )
            )  # fmt: skip
            for at, actor, target, changes, note in trail:
                histories.append(
                    dict(
                        at=at, actor_id=actor, site_id=c.site_id, entity="corrective_action",
                        entity_id=str(action_id), action=target, changes=changes, note=note,
                    )
                )  # fmt: skip

    def _next_shift(self, intent: CheckIntent) -> datetime:
        """When the person's next rostered shift starts, from the roster written by then."""
        c = self.c
        first = intent.occ.shift_date - timedelta(days=1)
        rostered = []
        for offset in range(ROSTER_LOOKAHEAD_DAYS + 2):
            day = first + timedelta(days=offset)
            index = (day - c.first_day).days
            if index > self.assigned_upto:
                break
            for shift_id, people in c.crew(index).items():
                if intent.person in people:
                    rostered.append(c.occurrence(day, shift_id))
        return next_shift_start(intent.occ, rostered, c.settings, c.tz)


__all__ = ["BulkChecks"]
