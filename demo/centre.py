"""The demo centre every story plays in: its people, households and keys, the simulated clock with the
timeline of steps, and who is on duty when.

The story modules (checks, training, requests, registers, renovation, special services) and the loader
all import this module; it imports none of them, so the demo's imports stay a tree.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from checklists.loader import default_shift_settings
from checklists.scoring import build_items
from checklists.shifts import Kind, Occurrence, occurrence
from core.roles import Actor
from demo import plan
from demo.people import MANAGER, DemoPerson, demo_people
from rules.loader import default_rulebook
from services import Services

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Volume:
    """How much happens at the centre per day (the demo's defaults; the benchmark's differ)."""

    requests_base: float = 3
    requests_per_staff: float = 0.6
    mail_base: float = 1
    mail_per_staff: float = 0.3
    key_loans_per_day: float = 1.5
    households_base: int = 30
    households_per_staff: int = 6
    spot_check_every_days: float = 2
    practice_every_days_trainee: int = 2
    practice_every_days_staff: int = 7
    practice_questions: tuple[int, int] = (3, 7)
    drill_every_days: int = 7
    renovation_every_days: int = 12
    move_in_every_days: int = 10
    special_every_days: int = 3
    bulk_checks: bool = False  # the benchmark writes the roster and shift checks as rows (demo.bulk)


DEMO = Volume()


class SimClock:
    """The services' clock during a load: moved forward step by step, never back."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, moment: datetime) -> None:
        self.now = max(self.now, moment)


class Timeline:
    """Steps to perform at given moments, in time order (ties in the order they were planned)."""

    def __init__(self, clock: SimClock) -> None:
        self._clock = clock
        self._heap: list[tuple[datetime, int, Callable[..., None], tuple[Any, ...]]] = []
        self._seq = 0
        self.performed = 0

    def at(self, when: datetime, step: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self._heap, (when, self._seq, step, args))
        self._seq += 1

    def run_until(self, limit: datetime) -> None:
        while self._heap and self._heap[0][0] <= limit:
            when, _, step, args = heapq.heappop(self._heap)
            self._clock.move_to(when)
            step(*args)
            self.performed += 1

    @property
    def pending(self) -> int:
        return len(self._heap)


class Centre:
    """The demo centre: its people, households and keys, and the timeline of everything they do."""

    def __init__(
        self,
        services: Services,
        clock: SimClock,
        seed: int,
        staff: int,
        volume: Volume,
        first_day: date,
        days: int,
        end: datetime,
        site_name: str,
    ) -> None:
        self.svc = services
        self.clock = clock
        self.seed = seed
        self.volume = volume
        self.first_day = first_day
        self.days = days
        self.end = end
        self.site_name = site_name
        self.site_id = 0  # set when the accounts are opened (demo.opening)
        self.tz = TIMEZONE
        self.people = demo_people(staff, self.rng("people"))
        self.staff = [p for p in self.people if p.role == "staff"]
        self.actors: dict[str, Actor] = {}
        self.user_ids: dict[str, int] = {}
        self.timeline = Timeline(clock)
        self.rulebook = default_rulebook()
        self.settings = default_shift_settings()
        self.shift_ids = tuple(self.settings.shift_ids)
        self.departments = {c.id: c.department for c in services.desk.content.categories}
        self.households: list[plan.Household] = []
        self.keys: list[int] = []
        self.key_free_at: dict[int, datetime] = {}
        self.items = {
            (kind, gender): tuple(
                plan.CheckItem(i.rule_id, i.severity)
                for i in build_items(self.rulebook, kind, gender, self.settings.weights)
            )
            for kind in Kind
            for gender in ("male", "female")
        }

    def rng(self, topic: str) -> random.Random:
        """One stream per topic, so a change to how mail is planned does not reshuffle the requests."""
        return random.Random(f"{self.seed}:{topic}")

    # --- who is where ----------------------------------------------------------------------------

    def crew(self, index: int) -> dict[str, tuple[DemoPerson, ...]]:
        """Who works which shift on day `index` of the period (negative: before it)."""
        crews = plan.roster(index, len(self.staff), self.shift_ids)
        return {s: tuple(self.staff[p] for p in people) for s, people in crews.items()}

    def occurrence(self, day: date, shift_id: str) -> Occurrence:
        shift = self.settings.shift(shift_id)
        assert shift is not None
        return occurrence(shift, day, self.tz)

    def on_duty(self, moment: datetime) -> list[DemoPerson]:
        local = moment.astimezone(ZoneInfo(self.tz)).date()
        found = []
        for day in (local - timedelta(days=1), local):
            index = (day - self.first_day).days
            for shift_id, people in self.crew(index).items():
                occ = self.occurrence(day, shift_id)
                if occ.starts_at <= moment < occ.ends_at:
                    found.extend(people)
        return found

    def desk_actor(self, moment: datetime, rng: random.Random) -> Actor:
        """Whoever is on duty then (the manager covers an empty desk)."""
        people = self.on_duty(moment)
        return self.actors[rng.choice(people).username if people else MANAGER]

    def by(self, who: str, moment: datetime, rng: random.Random) -> Actor:
        return self.actors[MANAGER] if who == "manager" else self.desk_actor(moment, rng)

    def local_day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def weekend(self, day: date) -> bool:
        return day.weekday() >= 5
