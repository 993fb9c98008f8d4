"""Load a demo service centre through the real services, with a simulated clock moved day by day.

Every record goes through the same validation, state machines and history as real use: the loader
plans each day with one seeded `random.Random` (demo.plan), puts every step on a timeline, moves the
clock to each step's moment and calls the service a page would call. The same seed, size and end
moment give the same data.
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, func, select

from accounts.tables import User
from checklists.loader import default_shift_settings
from checklists.scoring import build_items
from checklists.shifts import Kind, Occurrence, occurrence
from core.errors import DomainError
from core.roles import Actor
from demo import plan, texts
from demo.bulk import BulkChecks
from demo.checks import ServiceChecks
from demo.people import DEMO_PASSWORD, MANAGER, USER_PREFIX, DemoPerson, demo_people
from demo.training import Training
from desk.renovation.forms import MoveInForm, PassForm, RenovationForm, SpecialForm
from desk.requests.intake import IntakeForm
from rules.loader import default_rulebook
from services import Services, build_services
from store.clock import Clock
from store.db import make_engine
from store.migrations.registry import metadata

DEFAULT_SITE_NAME = "阳光花园服务中心"
TIMEZONE = "Asia/Shanghai"
Progress = Callable[[int, int, str], None]


class DemoRefused(DomainError):
    """The database already holds demo users, or real data the demo must not mix with."""


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


@dataclass(frozen=True)
class DemoSummary:
    site_id: int
    site_name: str
    people: tuple[DemoPerson, ...]
    password: str
    first_day: date
    last_day: date
    seed: int
    counts: dict[str, int]
    quizzes_skipped: str | None  # why the quiz part was left out, if it was
    seconds: float


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


def refusal(services: Services) -> DemoRefused | None:
    """Why the demo may not load here: it loads into a fresh database or one with only a first manager."""
    with services.sessions() as session:
        demo = session.scalar(select(func.count()).where(User.username.like(f"{USER_PREFIX}%")))
        users = session.execute(select(User.role)).scalars().all()
    if demo:
        return DemoRefused("demo.error.already_loaded", count=demo)
    if len(users) > 1 or (users and users[0] != "manager"):
        return DemoRefused("demo.error.not_fresh", count=len(users))
    return None


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, for the summary and the tests."""
    with engine.connect() as conn:
        return {
            t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in metadata.sorted_tables
        }


def _fast_sqlite(engine: Engine) -> Engine:
    """For SQLite, a dedicated engine that does not fsync every commit (WAL with synchronous=NORMAL keeps
    the file consistent; a power cut can lose only the last steps of a load, which is started again)."""
    if engine.url.get_backend_name() != "sqlite":
        return engine
    fast = make_engine(engine.url.render_as_string(hide_password=False))

    @event.listens_for(fast, "connect")
    def _normal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return fast


def load_demo(
    target: Engine | Callable[[Clock], Services],
    *,
    days: int = 90,
    staff: int = 8,
    seed: int = 2026,
    site_name: str = DEFAULT_SITE_NAME,
    progress: Progress | None = None,
    end: datetime | None = None,
    volume: Volume = DEMO,
) -> DemoSummary:
    """Create the demo centre (or use the existing one of a first manager) with `staff` staff and their
    trainees, and `days` days of work ending at `end` (default: now). Refused (DemoRefused) when the
    database already has demo users or more than a first manager."""
    if days < 1 or staff < 1:
        raise ValueError("days and staff must be at least 1")
    started = time.perf_counter()
    end = (end or datetime.now(UTC)).astimezone(UTC)
    last_day = end.astimezone(ZoneInfo(TIMEZONE)).date()
    first_day = last_day - timedelta(days=days - 1)
    clock = SimClock(plan.at_local(first_day - timedelta(days=1), 9, TIMEZONE))
    engine = None
    if isinstance(target, Engine):
        engine = _fast_sqlite(target)
        services = build_services(engine, clock)
    else:
        services = target(clock)
    try:
        centre = Centre(services, clock, seed, staff, volume, first_day, days, end, site_name)
        centre.load(progress)
        counts = row_counts(services.engine)
    finally:
        if engine is not None and engine is not target:
            engine.dispose()
    return DemoSummary(
        site_id=centre.site_id,
        site_name=centre.site_name,
        people=centre.people,
        password=DEMO_PASSWORD,
        first_day=first_day,
        last_day=last_day,
        seed=seed,
        counts=counts,
        quizzes_skipped=centre.training.skipped,
        seconds=time.perf_counter() - started,
    )


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
        self.site_id = 0
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
        self.receipt_seq = 0
        self.handovers = 0
        self._handover_planned: set[tuple[int, datetime]] = set()
        self.training: Training
        self.checks: ServiceChecks | BulkChecks

    def rng(self, topic: str) -> random.Random:
        """One stream per topic, so a change to how mail is planned does not reshuffle the requests."""
        return random.Random(f"{self.seed}:{topic}")

    # --- the load --------------------------------------------------------------------------------

    def load(self, progress: Progress | None) -> None:
        refused = refusal(self.svc)
        if refused is not None:
            raise refused
        total = self.days + 1
        self._accounts()
        self._households()
        self.checks = self._check_writer()
        self.training = Training(self)
        if progress:
            progress(1, total, "accounts")
        for index in range(self.days):
            day = self.first_day + timedelta(days=index)
            self._plan_day(index, day)
            day_end = plan.at_local(day + timedelta(days=1), 0, self.tz)
            self.timeline.run_until(min(day_end, self.end))
            self.checks.flush(min(day_end, self.end))
            if progress:
                progress(index + 2, total, day.isoformat())
        self.checks.flush(self.end, final=True)

    def _check_writer(self) -> ServiceChecks | BulkChecks:
        return BulkChecks(self) if self.volume.bulk_checks else ServiceChecks(self)

    # --- accounts, owners, keys ------------------------------------------------------------------

    def _accounts(self) -> None:
        accounts = self.svc.accounts
        with self.svc.sessions() as session:
            first = session.scalar(select(User.id).order_by(User.id))
        manager_person = self.people[0]
        if first is None:
            actor = accounts.setup_first_manager(
                site_name=self.site_name, timezone=self.tz, username=MANAGER,
                display_name=manager_person.display_name, gender=manager_person.gender,
                password=DEMO_PASSWORD, password_confirm=DEMO_PASSWORD,
            )  # fmt: skip
        else:
            opener = accounts.actor_for_user(first)
            if opener is None:
                raise DemoRefused("demo.error.not_fresh", count=1)
            sites = self.svc.sites.my_sites(opener)
            self.site_name, self.tz = sites[0].name, sites[0].timezone
            view = accounts.create_user(
                opener, username=MANAGER, display_name=manager_person.display_name,
                gender=manager_person.gender, role="manager", site_ids=[sites[0].id], password=DEMO_PASSWORD,
            )  # fmt: skip
            actor = accounts.actor_for_user(view.id)
            assert actor is not None
        self.site_id = min(actor.site_ids)
        self.actors[MANAGER] = actor
        self.user_ids[MANAGER] = actor.user_id
        for person in self.people[1:]:
            view = accounts.create_user(
                actor, username=person.username, display_name=person.display_name, gender=person.gender,
                role=person.role, site_ids=[self.site_id], password=DEMO_PASSWORD,
            )  # fmt: skip
            found = accounts.actor_for_user(view.id)
            assert found is not None
            self.actors[person.username] = found
            self.user_ids[person.username] = view.id

    def _households(self) -> None:
        rng = self.rng("households")
        count = self.volume.households_base + self.volume.households_per_staff * len(self.staff)
        self.households = plan.households(rng, count)
        clerk = self.actors[self.staff[0].username]
        records = self.svc.owner_records
        for home in self.households:
            records.add(
                clerk, self.site_id, unit=home.unit, name=home.owner, relation="owner", phone=home.phone
            )
            if home.family:
                records.add(
                    clerk, self.site_id, unit=home.unit, name=home.family, relation=home.relation,
                    phone=home.family_phone, note="租期一年" if home.relation == "tenant" else "",
                )  # fmt: skip
        for room, purpose in texts.KEYS:
            self.keys.append(self.svc.keys.add_key(clerk, self.site_id, room=room, purpose=purpose, copies=2))
        for home in rng.sample(self.households, 4):
            self.keys.append(
                self.svc.keys.add_key(
                    clerk, self.site_id, room=home.unit, purpose=texts.UNIT_KEY_PURPOSE, unit=home.unit
                )
            )
        self.key_free_at = dict.fromkeys(self.keys, self.clock())

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

    # --- a day -----------------------------------------------------------------------------------

    def _plan_day(self, index: int, day: date) -> None:
        if index == 0:
            for ahead in range(7):
                self.checks.roster(ahead, self.clock())
        self.timeline.at(plan.at_local(day, 10, self.tz), self.checks.roster, index + 7, None)
        self.checks.plan_day(index, day)
        self._requests(index, day)
        self._mail(index, day)
        self._keys(index, day)
        self._cash(index, day)
        self._handover_notes(index, day)
        self._renovations(index, day)
        self._move_ins(index, day)
        self._special(index, day)
        self.training.plan_day(index, day)

    # --- desk requests ---------------------------------------------------------------------------

    def _requests(self, index: int, day: date) -> None:
        rng = self.rng(f"requests:{index}")
        rate = self.volume.requests_base + self.volume.requests_per_staff * len(self.staff)
        if self.weekend(day):
            rate *= 0.8
        count = max(1, round(rng.gauss(rate, rate * 0.3)))
        for _ in range(count):
            received = plan.at_local(day, plan.request_hour(rng), self.tz)
            home = rng.choice(self.households)
            story = plan.plan_request(rng, received, home, self.departments, self.tz)
            self.timeline.at(received, self._intake, story, random.Random(rng.random()))

    def _intake(self, story: plan.RequestStory, rng: random.Random) -> None:
        home = story.household
        contact, phone = home.owner, home.phone
        if home.family and rng.random() < 0.3:
            contact, phone = home.family, home.family_phone
        form = IntakeForm(
            site_id=self.site_id, kind=story.kind, unit=home.unit, contact_name=contact, contact_phone=phone,
            channel=story.channel, category=story.category, urgency=story.urgency, content=story.content,
            answered_on_spot=story.answered_on_spot, department=story.department,
        )  # fmt: skip
        request_id = self.svc.desk.intake(self.desk_actor(self.clock(), rng), form)
        for step in story.steps:
            self.timeline.at(step.at, self._request_step, request_id, step, rng)

    def _request_step(self, request_id: int, step: plan.Step, rng: random.Random) -> None:
        actor = self.by(step.by, self.clock(), rng)
        if step.action == "callback":
            assert step.satisfaction is not None
            self.svc.desk.record_callback(actor, request_id, result=step.note, satisfaction=step.satisfaction)
        else:
            self.svc.desk.act(actor, request_id, step.action, note=step.note, department=step.department)

    # --- mail ------------------------------------------------------------------------------------

    def _mail(self, index: int, day: date) -> None:
        rng = self.rng(f"mail:{index}")
        rate = self.volume.mail_base + self.volume.mail_per_staff * len(self.staff)
        for _ in range(max(0, round(rng.gauss(rate, rate * 0.4)))):
            received = plan.at_local(day, rng.uniform(9, 18), self.tz)
            home = rng.choice(self.households)
            kind = plan.weighted(rng, texts.MAIL_KIND_WEIGHTS)
            self.timeline.at(
                received,
                self._mail_received,
                home,
                kind,
                rng.choice(texts.MAIL[kind]),
                random.Random(rng.random()),
            )

    def _mail_received(self, home: plan.Household, kind: str, description: str, rng: random.Random) -> None:
        mail = self.svc.mail
        item = mail.receive(self.desk_actor(self.clock(), rng), self.site_id, unit=home.unit, kind=kind,
                            description=description)  # fmt: skip
        t = self.clock()
        if kind not in ("newspaper", "magazine") or rng.random() < 0.5:
            t += plan.minutes(rng, 5, 60)
            self.timeline.at(t, self._mail_step, item, "notify", "", "", rng)
        roll = rng.random()
        if roll < 0.04:
            return  # still waiting: the list highlights it after a few days
        if roll < 0.09:
            at = t + timedelta(days=rng.uniform(7, 10))
            self.timeline.at(
                at, self._mail_step, item, "return", "", rng.choice(texts.MAIL_RETURN_REASONS), rng
            )
            return
        signer = home.family if home.family and rng.random() < 0.3 else home.owner
        at = t + timedelta(hours=rng.uniform(1, 96))
        self.timeline.at(at, self._mail_step, item, "collect", signer, "", rng)

    def _mail_step(self, item: int, action: str, name: str, reason: str, rng: random.Random) -> None:
        self.svc.mail.step(self.desk_actor(self.clock(), rng), item, action, name=name, reason=reason)

    # --- keys ------------------------------------------------------------------------------------

    def _keys(self, index: int, day: date) -> None:
        rng = self.rng(f"keys:{index}")
        for _ in range(max(0, round(rng.gauss(self.volume.key_loans_per_day, 1)))):
            lent = plan.at_local(day, rng.uniform(8, 19), self.tz)
            free = [k for k in self.keys if self.key_free_at[k] < lent]
            if not free:
                continue
            key = rng.choice(free)
            hours = rng.uniform(1, 3.8) if rng.random() < 0.9 else rng.uniform(4.5, 9)
            back: datetime | None = lent + timedelta(hours=hours)
            if index >= self.days - 2 and rng.random() < 0.3:
                back = None  # still out at the end of the period
            self.key_free_at[key] = back or datetime.max.replace(tzinfo=UTC)
            borrower = f"{rng.choice(texts.KEY_BORROWERS)} {plan.person_name(rng)}"
            details = (borrower, plan.id_number(rng), plan.phone_number(rng), rng.choice(texts.KEY_REASONS))
            self.timeline.at(lent, self._lend, key, details, back, random.Random(rng.random()))

    def _lend(
        self, key: int, details: tuple[str, str, str, str], back: datetime | None, rng: random.Random
    ) -> None:
        borrower, identity, phone, reason = details
        self.svc.keys.lend(
            self.desk_actor(self.clock(), rng), key, borrower=borrower, id_number=identity, phone=phone,
            reason=reason,
        )  # fmt: skip
        if back is not None:
            self.timeline.at(back, self._return_key, key, rng)

    def _return_key(self, key: int, rng: random.Random) -> None:
        self.svc.keys.return_key(self.desk_actor(self.clock(), rng), key)

    # --- off-hours receipts and cash handovers ---------------------------------------------------

    def _cash(self, index: int, day: date) -> None:
        """Fees taken at lunch time, after hours and at weekends; handed over at the end of the shift."""
        rng = self.rng(f"cash:{index}")
        holiday = self.weekend(day)
        count = rng.choice((1, 2, 3)) if holiday else rng.choice((0, 0, 1, 2))
        for _ in range(count):
            hour = (
                rng.uniform(9, 20)
                if holiday
                else rng.choice((rng.uniform(12.05, 13.4), rng.uniform(17.6, 21)))
            )
            taken = plan.at_local(day, hour, self.tz)
            item, low, high = rng.choice(texts.RECEIPT_ITEMS)
            amount = f"{rng.uniform(float(low), float(high)):.2f}" if low != high else low
            self.receipt_seq += 1
            receipt = f"SJ{day:%Y%m%d}{self.receipt_seq:04d}"
            method = plan.weighted(rng, texts.RECEIPT_METHOD_WEIGHTS)
            self.timeline.at(
                taken, self._take, rng.choice(self.households), item, amount, method, receipt, rng.random()
            )

    def _take(
        self, home: plan.Household, item: str, amount: str, method: str, receipt: str, pick: float
    ) -> None:
        people = self.on_duty(self.clock())
        taker = people[int(pick * len(people))] if people else None
        actor = self.actors[taker.username if taker else MANAGER]
        self.svc.cash.take(actor, self.site_id, payer=home.owner, unit=home.unit, item=item, amount=amount,
                           method=method, receipt_no=receipt)  # fmt: skip
        # Handed over at the end of the taker's shift (the manager hands over at 18:00).
        shift_end = self._shift_end(taker, self.clock())
        if (actor.user_id, shift_end) not in self._handover_planned:
            self._handover_planned.add((actor.user_id, shift_end))
            self.timeline.at(shift_end - timedelta(minutes=5), self._hand_over, actor)

    def _shift_end(self, person: DemoPerson | None, moment: datetime) -> datetime:
        local = moment.astimezone(ZoneInfo(self.tz)).date()
        if person is not None:
            for day in (local - timedelta(days=1), local):
                for shift_id, people in self.crew((day - self.first_day).days).items():
                    occ = self.occurrence(day, shift_id)
                    if person in people and occ.starts_at <= moment < occ.ends_at:
                        return occ.ends_at
        evening = plan.at_local(local, 18, self.tz)
        return evening if evening > moment else plan.at_local(local, 21.5, self.tz)

    def _hand_over(self, giver: Actor) -> None:
        cash = self.svc.cash
        if not cash.open_takings(giver, self.site_id).receipts:
            return
        later = self.clock() + timedelta(minutes=10)
        takers = [p for p in self.on_duty(later) if self.actors[p.username].user_id != giver.user_id]
        receiver = self.actors[takers[0].username] if takers else self.actors[MANAGER]
        if receiver.user_id == giver.user_id:
            receiver = self.actors[self.staff[0].username]
        if receiver.user_id == giver.user_id:
            return
        expected = cash.open_takings(giver, self.site_id).cash
        self.handovers += 1
        short = self.handovers % 25 == 7 and expected >= 50
        counted = expected - 50 if short else expected
        handover = cash.hand_over(giver, self.site_id, to_user=receiver.user_id, counted_cash=str(counted))
        self.timeline.at(self.clock() + timedelta(minutes=15), self._accept, receiver, handover, short)

    def _accept(self, receiver: Actor, handover: int, short: bool) -> None:
        status = self.svc.cash.accept(receiver, handover, dispute=texts.DISPUTE_NOTE if short else "")
        if status == "discrepancy":
            when = plan.office_hours(self.clock() + timedelta(hours=14), self.tz)
            self.timeline.at(when, self._resolve, handover)

    def _resolve(self, handover: int) -> None:
        self.svc.cash.resolve(self.actors[MANAGER], handover, texts.RESOLUTION)

    # --- handover notes --------------------------------------------------------------------------

    def _handover_notes(self, index: int, day: date) -> None:
        rng = self.rng(f"notes:{index}")
        crews = self.crew(index)
        for shift_id, people in crews.items():
            if not people or rng.random() > 0.6:
                continue
            occ = self.occurrence(day, shift_id)
            author = rng.choice(people)
            self.timeline.at(
                occ.ends_at - plan.minutes(rng, 5, 20),
                self._write_note,
                author,
                rng.choice(texts.HANDOVER_NOTES),
                rng.random(),
            )

    def _write_note(self, author: DemoPerson, body: str, pick: float) -> None:
        note = self.svc.handover.write_note(self.actors[author.username], self.site_id, body)
        later = self.clock() + timedelta(minutes=40)
        readers = [p for p in self.on_duty(later) if p != author]
        if readers and pick < 0.9:
            reader = readers[int(pick * len(readers)) % len(readers)]
            self.timeline.at(later, self.svc.handover.mark_read, self.actors[reader.username], note)

    # --- move-ins, renovations with worker passes, special services -------------------------------

    def _new_unit(self, rng: random.Random) -> plan.Household:
        taken = {h.unit for h in self.households}
        code = plan.unit_codes(rng, 1, taken)[0]
        home = plan.Household(code, plan.person_name(rng), plan.phone_number(rng))
        return home

    def _move_ins(self, index: int, day: date) -> None:
        rng = self.rng(f"movein:{index}")
        if index != 1 and rng.random() > 1 / self.volume.move_in_every_days:
            return
        home = self._new_unit(rng)
        self.households.append(home)
        self.timeline.at(plan.at_local(day, rng.uniform(9, 17), self.tz), self._move_in, home, rng)

    def _move_in(self, home: plan.Household, rng: random.Random) -> None:
        actor = self.desk_actor(self.clock(), rng)
        service = self.svc.move_ins
        record = service.start_move_in(actor, MoveInForm(self.site_id, home.unit, home.owner, home.phone))
        content = service.content.movein
        items = [e.id for e in content.items]
        documents = [e.id for e in content.documents]
        if rng.random() < 0.8:
            service.tick_move_in(actor, record, items, documents)
        else:
            service.tick_move_in(actor, record, items[: len(items) // 2], documents[:2])

    def _renovations(self, index: int, day: date) -> None:
        rng = self.rng(f"renovation:{index}")
        if index != 0 and rng.random() > 1 / self.volume.renovation_every_days:
            return
        home = rng.choice(self.households)
        start = day + timedelta(days=rng.randint(2, 5))
        works = RenovationForm(
            site_id=self.site_id, unit=home.unit, owner_name=home.owner,
            company=rng.choice(texts.RENOVATION_COMPANIES), person_in_charge=plan.person_name(rng, "male"),
            person_phone=plan.phone_number(rng), scope=rng.choice(texts.RENOVATION_SCOPES),
            planned_start=start, planned_end=start + timedelta(days=rng.randint(20, 45)),
            deposit=rng.choice(("2000.00", "3000.00", "5000.00")),
        )  # fmt: skip
        rejected = index > 0 and rng.random() < 0.1  # the first one goes ahead, so passes show
        self.timeline.at(plan.at_local(day, rng.uniform(9, 17), self.tz), self._apply, works, rejected, rng)

    def _apply(self, works: RenovationForm, rejected: bool, rng: random.Random) -> None:
        service = self.svc.renovation
        renovation = service.apply(self.desk_actor(self.clock(), rng), works)
        approve = plan.office_hours(self.clock() + timedelta(hours=rng.uniform(3, 20)), self.tz)
        if rejected:
            self.timeline.at(
                approve,
                self._renovation_step,
                renovation,
                "reject",
                "manager",
                "施工方案未附图纸，请补充后重新申请",
                rng,
            )
            return
        self.timeline.at(approve, self._renovation_step, renovation, "approve", "manager", "", rng)
        assert works.planned_start is not None and works.planned_end is not None
        for n in range(rng.choice((1, 2, 3))):
            when = approve + timedelta(hours=1 + n)
            self.timeline.at(when, self._issue_pass, renovation, works, n, rng)
        begin = plan.at_local(works.planned_start, 8.5, self.tz)
        self.timeline.at(begin, self._renovation_step, renovation, "start", "desk", "", rng)
        finish = plan.at_local(works.planned_end, 10, self.tz)
        self.timeline.at(finish, self._renovation_step, renovation, "request_inspection", "desk", "", rng)
        inspect = finish + timedelta(hours=rng.uniform(4, 30))
        if rng.random() < 0.2:
            self.timeline.at(
                inspect, self._renovation_step, renovation, "fail", "desk", "卫生间闭水试验渗漏，需整改", rng
            )
            inspect += timedelta(days=rng.uniform(2, 4))
            self.timeline.at(inspect, self._renovation_step, renovation, "reinspect", "desk", "", rng)
            inspect += timedelta(hours=2)
        self.timeline.at(inspect, self._renovation_step, renovation, "accept", "desk", "", rng)
        refund = inspect + timedelta(days=rng.uniform(1, 5))
        self.timeline.at(refund, self._refund, renovation, works.deposit, rng)

    def _renovation_step(self, renovation: int, action: str, who: str, note: str, rng: random.Random) -> None:
        self.svc.renovation.act(self.by(who, self.clock(), rng), renovation, action, note=note)

    def _issue_pass(self, renovation: int, works: RenovationForm, n: int, rng: random.Random) -> None:
        assert works.planned_start is not None and works.planned_end is not None
        form = PassForm(
            renovation_id=renovation, worker_name=plan.person_name(rng, "male"),
            id_number=plan.id_number(rng), photo_ref=texts.WORKER_PHOTO.format(n=renovation * 10 + n),
            valid_from=works.planned_start, valid_to=works.planned_end,
        )  # fmt: skip
        self.svc.worker_passes.issue_pass(self.desk_actor(self.clock(), rng), form)

    def _refund(self, renovation: int, deposit: Any, rng: random.Random) -> None:
        kept = rng.random() < 0.2
        amount = f"{float(deposit) - 500:.2f}" if kept else str(deposit)
        self.svc.renovation.refund_deposit(
            self.desk_actor(self.clock(), rng), renovation, amount=amount,
            note="扣除公共区域墙面损坏修复费500元" if kept else "", receipt_no=f"TK{renovation:05d}",
        )  # fmt: skip

    def _special(self, index: int, day: date) -> None:
        rng = self.rng(f"special:{index}")
        if index != 0 and rng.random() > 1 / self.volume.special_every_days:
            return
        service_type = rng.choice(sorted(texts.SPECIAL_DESCRIPTIONS))
        home = rng.choice(self.households)
        form = SpecialForm(
            site_id=self.site_id, unit=home.unit, contact_name=home.owner, contact_phone=home.phone,
            service_type=service_type, description=texts.SPECIAL_DESCRIPTIONS[service_type],
            quoted_price=texts.SPECIAL_PRICES.get(service_type),
        )  # fmt: skip
        self.timeline.at(plan.at_local(day, rng.uniform(9, 18), self.tz), self._special_request, form, rng)

    def _special_request(self, form: SpecialForm, rng: random.Random) -> None:
        service = self.svc.special_services
        record = service.request(self.desk_actor(self.clock(), rng), form)
        if rng.random() < 0.08:
            when = self.clock() + timedelta(hours=rng.uniform(1, 20))
            self.timeline.at(when, self._special_step, record, "cancel", rng)
            return
        local = self.clock().astimezone(ZoneInfo(self.tz)).date() + timedelta(days=rng.randint(1, 3))
        at = plan.at_local(local, rng.choice((9, 10, 14, 15)), self.tz)
        self.timeline.at(self.clock() + timedelta(minutes=20), self._schedule, record, at, rng)
        self.timeline.at(at + timedelta(hours=rng.uniform(1, 3)), self._special_step, record, "finish", rng)
        price = form.quoted_price or service.content.service(form.service_type).price  # type: ignore[union-attr]
        paid = at + timedelta(hours=rng.uniform(3, 8))
        self.timeline.at(paid, self._pay, record, str(price or "100.00"), rng)
        self.timeline.at(
            paid + timedelta(hours=rng.uniform(20, 48)), self._special_step, record, "callback", rng
        )

    def _schedule(self, record: int, at: datetime, rng: random.Random) -> None:
        local = at.astimezone(ZoneInfo(self.tz))
        self.svc.special_services.schedule(
            self.desk_actor(self.clock(), rng), record, day=local.date(), at=local.time(),
            assignee=rng.choice(texts.SPECIAL_ASSIGNEES),
        )  # fmt: skip

    def _pay(self, record: int, amount: str, rng: random.Random) -> None:
        method = plan.weighted(rng, texts.RECEIPT_METHOD_WEIGHTS)
        self.svc.special_services.pay(
            self.desk_actor(self.clock(), rng),
            record,
            amount=amount,
            method=method,
            receipt_no=f"TY{record:05d}",
        )

    def _special_step(self, record: int, action: str, rng: random.Random) -> None:
        service = self.svc.special_services
        actor = self.desk_actor(self.clock(), rng)
        if action == "finish":
            service.finish(actor, record, note="已按约定完成，业主验收")
        elif action == "cancel":
            service.cancel(actor, record, "业主临时有事，取消预约")
        else:
            rating = 5 if rng.random() < 0.7 else 4
            service.record_callback(
                actor, record, satisfaction=rating, result=rng.choice(texts.CALLBACK_GOOD)
            )
