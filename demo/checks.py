"""Shift checks in the demo: who checks when and what they answer (`plan_checks`), performed through
ShiftCheckService (`ServiceChecks`); the benchmark writes the same plan as rows (demo.bulk)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from checklists.shifts import Kind, Occurrence
from demo import plan
from demo.centre import Centre
from demo.people import MANAGER, DemoPerson


@dataclass(frozen=True)
class CheckIntent:
    """A shift check someone will do: when, which shift, what they answer (inspector: a spot check)."""

    when: datetime
    occ: Occurrence
    person: DemoPerson
    kind: Kind
    answers: dict[str, str]
    notes: dict[str, str]
    inspector: str | None
    seed: float  # what happens to the corrective actions it opens is drawn from this


def plan_checks(c: Centre, index: int, day: date) -> list[CheckIntent]:
    """The day's self-checks (some late, some missed) and perhaps a manager's spot check."""
    rng = c.rng(f"checks:{index}")
    out = []
    spot_shift = rng.choice(c.shift_ids[:2]) if rng.random() < 1 / c.volume.spot_check_every_days else None
    for shift_id, people in c.crew(index).items():
        occ = c.occurrence(day, shift_id)
        own: dict[str, dict[str, str]] = {}
        for person in people:
            for kind, anchor in ((Kind.START, occ.starts_at), (Kind.END, occ.ends_at)):
                start = kind is Kind.START
                when = plan.check_moment(
                    rng, anchor, start=start, late_rate=person.late_rate, miss_rate=person.miss_rate
                )
                answers, notes = plan.check_answers(rng, c.items[(kind, person.gender)], person.fail_rate)
                if start:
                    own[person.username] = answers
                if when is not None:
                    out.append(CheckIntent(when, occ, person, kind, answers, notes, None, rng.random()))
        if shift_id == spot_shift and people:
            person = rng.choice(people)
            items = c.items[(Kind.START, person.gender)]
            answers, notes = plan.check_answers(rng, items, person.fail_rate, spot_of=own[person.username])
            when = plan.office_hours(occ.starts_at + plan.minutes(rng, 30, 150), c.tz)
            if when < occ.ends_at:
                out.append(CheckIntent(when, occ, person, Kind.START, answers, notes, MANAGER, rng.random()))
    return out


class ServiceChecks:
    """The roster, shift checks, spot checks and corrective actions, each through ShiftCheckService."""

    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def roster(self, index: int, _when: datetime | None) -> None:
        c = self.c
        manager = c.actors[MANAGER]
        day = c.local_day(index)
        for shift_id, people in c.crew(index).items():
            for person in people:
                c.svc.roster.assign(
                    manager, c.site_id, user_id=c.user_ids[person.username], shift_date=day, shift_id=shift_id
                )

    def plan_day(self, index: int, day: date) -> None:
        for intent in plan_checks(self.c, index, day):
            self.c.timeline.at(intent.when, self._submit, intent)

    def _submit(self, intent: CheckIntent) -> None:
        c = self.c
        occ, person = intent.occ, intent.person
        if intent.inspector is None:
            view = c.svc.checks.submit(
                c.actors[person.username], c.rulebook, shift_date=occ.shift_date, shift_id=occ.shift_id,
                kind=intent.kind.value, answers=intent.answers, notes=intent.notes, site_id=c.site_id,
            )  # fmt: skip
        else:
            view = c.svc.spot_checks.spot_check(
                c.actors[intent.inspector], c.rulebook, user_id=c.user_ids[person.username],
                shift_date=occ.shift_date, shift_id=occ.shift_id, kind=intent.kind.value,
                answers=intent.answers, notes=intent.notes,
            )  # fmt: skip
        rng = random.Random(intent.seed)
        for action in view.actions:
            for move in plan.action_moves(rng, c.clock(), c.tz):
                who = c.actors[MANAGER] if move.by == "manager" else c.actors[person.username]
                c.timeline.at(move.at, c.svc.actions.move_action, who, action.id, move.target, move.note)

    def flush(self, _until: datetime, final: bool = False) -> None:
        """Nothing to write: every step went through the service when its moment came."""
